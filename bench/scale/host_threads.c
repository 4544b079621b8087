/*
 * Scale host: liblitellm's blocking stream API, one thread per call.
 *
 *   host_threads BASE_URL N
 *   host_threads version        (prints litellm_version())
 *
 * Starts N pthreads with default attributes (what a new user writes: no stack size
 * chosen, so glibc's default, 8 MiB of address space each, little of it touched), each
 * calling litellm_generate_stream once on one shared client and verifying its answer;
 * main joins them all. Prints one kind=scale line (scale_common.h). A thread that cannot
 * be created counts as a failed call. Exits 0 if every call was answered, else 1.
 */
#include "scale_common.h"

#include "litellm.h"

static litellm_client *g_client;
static scale_call *g_calls;

static int on_event(void *user_data, const char *event_json)
{
    scale_on_event(user_data, event_json);
    return 0;
}

static void *worker(void *arg)
{
    scale_call *c = arg;
    char *out = NULL;
    c->t0 = scale_now_ns();
    int rc = litellm_generate_stream(g_client, SCALE_REQUEST, on_event, c, &out);
    if (!scale_verify(c, rc, out)) scale_note_failure(c, out);
    litellm_free(out);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "version") == 0) { printf("%s\n", litellm_version()); return 0; }
    if (argc < 3) {
        fprintf(stderr, "usage: host_threads BASE_URL N | version\n");
        return 64;
    }
    const char *base = argv[1];
    int n = atoi(argv[2]);
    scale_raise_nofile();
    scale_init_expected();
    scale_start_monitor();
    int threads_main = scale_thread_count();

    char options[512];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"timeout_ms\":60000,\"max_retries\":0}", base);
    char *err = NULL;
    if (litellm_client_new(options, &g_client, &err) != LITELLM_OK) {
        fprintf(stderr, "host_threads: litellm_client_new: %s\n", err ? err : "(null)");
        return 1;
    }
    g_calls = calloc((size_t)n, sizeof *g_calls);
    pthread_t *tids = calloc((size_t)n, sizeof *tids);
    char *started = calloc((size_t)n, 1);
    if (!g_calls || !tids || !started) { fprintf(stderr, "host_threads: out of memory\n"); return 1; }

    int threads_start = scale_thread_count();
    int create_failed = 0, create_errno = 0;
    int64_t t_start = scale_now_ns();
    for (int i = 0; i < n; i++) {
        int e = pthread_create(&tids[i], NULL, worker, &g_calls[i]);
        if (e == 0) started[i] = 1;
        else { create_failed++; create_errno = e; }
    }
    for (int i = 0; i < n; i++)
        if (started[i]) pthread_join(tids[i], NULL);
    int64_t wall = scale_now_ns() - t_start;
    atomic_store(&g_monitor_stop, 1);
    if (create_failed) fprintf(stderr, "host_threads: %d pthread_create calls failed (last: %s)\n", create_failed, strerror(create_errno));
    char extra[64];
    snprintf(extra, sizeof extra, "create_failed=%d", create_failed);
    scale_print_result("threads", n, g_calls, wall, threads_main, threads_start, 0, extra);
    int all = 1;
    for (int i = 0; i < n; i++) all &= g_calls[i].ok;
    litellm_client_free(g_client);
    return all ? 0 : 1;
}
