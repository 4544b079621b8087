/*
 * Helpers shared by the native host tests that make calls: a client for a base URL, and a
 * monotonic clock and sleep in milliseconds.
 */
#ifndef LITELLM_TESTS_HOST_UTIL_H
#define LITELLM_TESTS_HOST_UTIL_H

#include <stdio.h>
#include <time.h>

#include "litellm.h"

/* A client on url with no key; extra (may be NULL) is appended to the options object. */
static inline litellm_client *client_for(const char *url, const char *extra)
{
    char options[512];
    snprintf(options, sizeof options, "{\"base_url\": \"%s\", \"api_key\": \"\"%s}", url, extra ? extra : "");
    litellm_client *client = NULL;
    char *error = NULL;
    int status = litellm_client_new(options, &client, &error);
    if (status != LITELLM_OK) fprintf(stderr, "    client_new failed: %s\n", error ? error : "(no document)");
    litellm_free(error);
    return client;
}

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static inline void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0) { /* resume after a signal */ }
}

#endif
