/*
 * The check macros shared by the native host tests. A test is a function returning 1 when
 * it passes; a failed check prints where and what, and returns 0 from that function.
 */
#ifndef LITELLM_TESTS_CHECK_H
#define LITELLM_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "    %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            return 0;                                                                \
        }                                                                            \
    } while (0)

/* Fails unless the document contains the fragment; prints the document when it does not. */
#define CHECK_HAS(doc, fragment)                                                     \
    do {                                                                             \
        if ((doc) == NULL || strstr((doc), (fragment)) == NULL) {                    \
            fprintf(stderr, "    %s:%d: %s lacks %s\n", __FILE__, __LINE__,         \
                    (doc) ? (doc) : "(NULL)", (fragment));                           \
            return 0;                                                                \
        }                                                                            \
    } while (0)

#endif
