/*
 * Negative control for the ASan builds in run.sh: this program deliberately reads a string
 * after litellm_free() released it. Built with -fsanitize=address, it must die with an
 * AddressSanitizer "heap-use-after-free" report, which shows that ASan sees the strings the
 * library returns (NativeMemory.Alloc/Free are malloc/free, which ASan intercepts) and would
 * catch the same mistake in the soak or the host tests. It is NOT part of run.sh: it is meant
 * to fail. Run it by hand:
 *
 *   cc -std=c11 -g -fsanitize=address -fno-omit-frame-pointer -Iartifacts/include \
 *      tests/native/asan_negative_control.c -o /tmp/asan_control \
 *      -Lartifacts/lib -llitellm -Wl,-rpath,"$PWD/artifacts/lib"
 *   ASAN_OPTIONS=detect_leaks=0 /tmp/asan_control      # expect: heap-use-after-free, exit 1
 *
 * No server is needed: the string is the error document of a NULL request.
 */
#include <stdio.h>
#include <string.h>

#include "litellm.h"

int main(void)
{
    char *out = NULL;
    int status = litellm_generate(NULL, NULL, &out);
    printf("status %d, document of %zu bytes at %p\n", status, out ? strlen(out) : 0, (void *)out);
    fflush(stdout);
    litellm_free(out);
    /* The mistake: out has been released. */
    printf("first byte after free: %c\n", out[0]);
    return 0;
}
