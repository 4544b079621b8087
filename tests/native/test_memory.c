/*
 * The memory a call needs for a large answer, as a host sees it: the peak resident set of
 * this process (VmHWM) across one call whose answer is close to max_response_bytes, minus
 * the peak before it. The answer must come back whole (nothing lost to save memory), and
 * the growth must stay within a bound given in multiples of the cap.
 *
 * Usage: test_memory BASE_URL KIND CONTENT_BYTES CAP_BYTES MAX_RATIO
 *   KIND: generate       litellm_generate, a JSON answer
 *         stream         litellm_generate_stream, an SSE answer in 1000-character deltas
 *         stream_json    litellm_generate_stream answered with one JSON completion
 *         async          litellm_generate_async, a JSON answer
 *         run            litellm_run, a result object whose output is that much text
 * The fake server's model "big-N" (SSE when streamed) or "bigjson-N" (JSON always) answers
 * N characters of prose. One call per process: the high-water mark is per process.
 * Prints "ok"/"FAILED" with the growth in MiB and as a multiple of the cap.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litellm.h"
#include "host_util.h"

static long peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return kib;
}

struct stream_count { size_t deltas; size_t done_bytes; };

/* Counts delta events and remembers the size of the done event (the whole answer again). */
static int on_event(void *user_data, const char *event_json)
{
    struct stream_count *count = user_data;
    if (strncmp(event_json, "{\"type\":\"delta\"", 15) == 0) count->deltas++;
    else if (strncmp(event_json, "{\"type\":\"done\"", 14) == 0) count->done_bytes = strlen(event_json);
    return 0;
}

struct async_result {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int finished, status;
    size_t length;
    int whole;
};

static void on_done(void *user_data, int status, const char *json)
{
    struct async_result *r = user_data;
    pthread_mutex_lock(&r->lock);
    r->status = status;
    /* Looked at where it lies (borrowed until this returns): a copy would count against us. */
    r->length = json ? strlen(json) : 0;
    r->whole = json != NULL && strstr(json, "\"content\":\"The quick brown fox") != NULL;
    r->finished = 1;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: test_memory BASE_URL KIND CONTENT_BYTES CAP_BYTES MAX_RATIO\n");
        return 64;
    }
    const char *base = argv[1], *kind = argv[2];
    long content_bytes = strtol(argv[3], NULL, 10), cap = strtol(argv[4], NULL, 10);
    double max_ratio = strtod(argv[5], NULL);

    char extra[96];
    snprintf(extra, sizeof extra, ", \"max_response_bytes\": %ld, \"max_retries\": 0", cap);
    litellm_client *client = client_for(base, extra);
    if (client == NULL) return 1;

    /* A small call first: the runtime, the connection and the code paths are warm, so what
       is measured is the large answer alone. */
    char *out = NULL;
    int status = litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"warm\"}]}", &out);
    litellm_free(out);
    out = NULL;
    if (status != LITELLM_OK) {
        printf("FAILED memory_%s (warm-up call: status %d)\n", kind, status);
        return 1;
    }

    char request[160];
    int json_only = strcmp(kind, "stream_json") == 0, run = strcmp(kind, "run") == 0;
    if (run) snprintf(request, sizeof request, "{\"model\":\"bigresult-%ld\",\"task_prompt\":\"big\"}", content_bytes);
    else snprintf(request, sizeof request, "{\"model\":\"%s-%ld\",\"messages\":[{\"role\":\"user\",\"content\":\"big\"}]}",
                  json_only ? "bigjson" : "big", content_bytes);

    long before = peak_kib();
    struct stream_count count = {0, 0};
    size_t async_length = 0;
    int async_whole = 0;
    if (strcmp(kind, "generate") == 0) {
        status = litellm_generate(client, request, &out);
    } else if (run) {
        status = litellm_run(client, request, &out);
    } else if (strcmp(kind, "stream") == 0 || json_only) {
        status = litellm_generate_stream(client, request, on_event, &count, &out);
    } else if (strcmp(kind, "async") == 0) {
        struct async_result r = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0 };
        litellm_call *call = NULL;
        status = litellm_generate_async(client, request, NULL, on_done, &r, &call);
        if (status == LITELLM_OK) {
            pthread_mutex_lock(&r.lock);
            while (!r.finished) pthread_cond_wait(&r.cond, &r.lock);
            pthread_mutex_unlock(&r.lock);
            status = r.status;
            async_length = r.length;
            async_whole = r.whole;
        }
        litellm_call_free(call);
    } else {
        fprintf(stderr, "unknown KIND %s\n", kind);
        return 64;
    }
    long after = peak_kib();

    int ok = 1;
    char why[200] = "";
    int is_async = strcmp(kind, "async") == 0;
    size_t length = is_async ? async_length : out ? strlen(out) : 0;
    const char *start = run ? "\"echo\":\"The quick brown fox" : "\"content\":\"The quick brown fox";
    int whole = is_async ? async_whole : out != NULL && strstr(out, start) != NULL;
    if (status != LITELLM_OK) {
        ok = 0;
        snprintf(why, sizeof why, "status %d: %.120s", status, out ? out : "(no document)");
    } else if (length < (size_t)content_bytes || !whole) {
        ok = 0;
        snprintf(why, sizeof why, "the answer is not whole (%zu bytes)", length);
    } else if (strcmp(kind, "stream") == 0 && (count.deltas < (size_t)(content_bytes / 1000) || count.done_bytes < (size_t)content_bytes)) {
        ok = 0;
        snprintf(why, sizeof why, "%zu deltas, a done event of %zu bytes", count.deltas, count.done_bytes);
    }
    double growth_mib = (double)(after - before) / 1024.0;
    double ratio = (double)(after - before) * 1024.0 / (double)cap;
    if (ok && ratio > max_ratio) {
        ok = 0;
        snprintf(why, sizeof why, "over the bound of %.2fx the cap", max_ratio);
    }
    printf("%s memory_%s (answer %zu bytes, cap %.1f MiB: peak grew %.1f MiB = %.2fx the cap%s%s)\n",
           ok ? "ok    " : "FAILED", kind, length, (double)cap / 1048576.0, growth_mib, ratio,
           why[0] ? "; " : "", why);
    litellm_free(out);
    litellm_client_free(client);
    return ok ? 0 : 1;
}
