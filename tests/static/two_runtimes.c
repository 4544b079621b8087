/*
 * Two NativeAOT runtimes in one process: liblitellm (linked shared or static) and
 * tests/static/other-runtime (loaded with dlopen), called in turn, each collecting garbage
 * while the other's threads exist.
 *
 * Usage: two_runtimes BASE_URL PATH_OF_OTHER_RUNTIME_SO
 * Prints "ok"/"FAILED" lines and "N passed, M failed" last; exits non-zero on any failure.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "litellm.h"

static int passed, failed;
static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok    " : "FAILED", what);
    if (ok) passed++; else failed++;
}

static int generate(litellm_client *client, const char *text)
{
    char request[256], *out = NULL;
    snprintf(request, sizeof request,
             "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", text);
    int ok = litellm_generate(client, request, &out) == LITELLM_OK && out && strstr(out, text) != NULL;
    litellm_free(out);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s BASE_URL OTHER_RUNTIME_SO\n", argv[0]); return 2; }
    char options[256], *error = NULL;
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"api_key\":\"\"}", argv[1]);
    litellm_client *client = NULL;
    check(litellm_client_new(options, &client, &error) == LITELLM_OK, "liblitellm_client_starts_its_runtime");
    litellm_free(error);
    check(generate(client, "first runtime"), "liblitellm_answers_before_the_other_runtime_loads");

    void *other = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    check(other != NULL, "other_nativeaot_library_loads");
    if (other == NULL) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    int (*collect)(int) = (int (*)(int))dlsym(other, "other_runtime_collect");
    check(collect != NULL && collect(100000) == 100000, "other_runtime_allocates_and_collects");
    check(generate(client, "after the other runtime"), "liblitellm_answers_after_the_other_runtime_ran");
    for (int i = 0; i < 20; i++) {
        if (!generate(client, "interleaved") || collect(20000) != 20000) { check(0, "interleaved_calls"); goto done; }
    }
    check(1, "twenty_interleaved_calls_of_both_runtimes");
done:
    litellm_client_free(client);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
