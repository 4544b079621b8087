/*
 * Scale host: liblitellm's asynchronous ABI, N streams in flight from one thread.
 *
 *   host_async BASE_URL N [TIMEOUT_S]
 *
 * The main thread calls litellm_generate_async N times on one client, back to back,
 * with an on_event callback that collects the deltas (first-delta time, count, content)
 * and an on_done callback that verifies the call and counts it; the last on_done wakes
 * main through a condition variable. No thread is created per call: every callback runs
 * on the library's own threads. Prints one kind=scale line (scale_common.h) with
 * submit_s (how long the N litellm_generate_async calls took to return) added. If the
 * calls have not all ended after TIMEOUT_S (default 110) it prints the line with
 * timed_out=1 and exits 1. Exits 0 if every call was answered, else 1.
 */
#include "scale_common.h"

#include "litellm.h"

static scale_call *g_calls;
static int g_n;
static atomic_int g_finished;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;
static int g_all_done;

static void count_finished(void)
{
    if (atomic_fetch_add(&g_finished, 1) + 1 == g_n) {
        pthread_mutex_lock(&g_mu);
        g_all_done = 1;
        pthread_cond_signal(&g_cv);
        pthread_mutex_unlock(&g_mu);
    }
}

static int on_event(void *user_data, const char *event_json)
{
    scale_on_event(user_data, event_json);
    return 0;
}

static void on_done(void *user_data, int status, const char *json)
{
    scale_call *c = user_data;
    if (!scale_verify(c, status, json)) scale_note_failure(c, json);
    count_finished();
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: host_async BASE_URL N [TIMEOUT_S]\n");
        return 64;
    }
    const char *base = argv[1];
    g_n = atoi(argv[2]);
    int timeout_s = argc > 3 ? atoi(argv[3]) : 110;
    if (g_n < 1) { fprintf(stderr, "host_async: N must be positive\n"); return 64; }
    scale_raise_nofile();
    scale_init_expected();
    scale_start_monitor();
    int threads_main = scale_thread_count();

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cv, &ca);

    char options[512];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"timeout_ms\":60000,\"max_retries\":0}", base);
    litellm_client *client = NULL;
    char *err = NULL;
    if (litellm_client_new(options, &client, &err) != LITELLM_OK) {
        fprintf(stderr, "host_async: litellm_client_new: %s\n", err ? err : "(null)");
        return 1;
    }
    g_calls = calloc((size_t)g_n, sizeof *g_calls);
    if (!g_calls) { fprintf(stderr, "host_async: out of memory\n"); return 1; }

    int threads_start = scale_thread_count();
    int start_failed = 0;
    int64_t t_start = scale_now_ns();
    for (int i = 0; i < g_n; i++) {
        scale_call *c = &g_calls[i];
        c->t0 = scale_now_ns();
        int rc = litellm_generate_async(client, SCALE_REQUEST, on_event, on_done, c, NULL);
        if (rc != LITELLM_OK) {
            /* not started: on_done will not run for it */
            c->status = rc;
            if (start_failed++ == 0) scale_note_failure(c, "litellm_generate_async did not start the call");
            count_finished();
        }
    }
    int64_t submit = scale_now_ns() - t_start;

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_s;
    int timed_out = 0;
    pthread_mutex_lock(&g_mu);
    while (!g_all_done) {
        if (pthread_cond_timedwait(&g_cv, &g_mu, &deadline) == ETIMEDOUT && !g_all_done) { timed_out = 1; break; }
    }
    pthread_mutex_unlock(&g_mu);
    int64_t wall = scale_now_ns() - t_start;
    atomic_store(&g_monitor_stop, 1);

    char extra[96];
    snprintf(extra, sizeof extra, "submit_s=%.3f start_failed=%d", (double)submit / 1e9, start_failed);
    scale_print_result("async", g_n, g_calls, wall, threads_main, threads_start, timed_out, extra);
    if (timed_out) {
        fprintf(stderr, "host_async: %d of %d calls had not ended after %d s\n", g_n - atomic_load(&g_finished), g_n, timeout_s);
        fflush(stderr);
        _exit(1); /* callbacks may still run: do not tear the process down under them */
    }
    int all = 1;
    for (int i = 0; i < g_n; i++) all &= g_calls[i].ok;
    litellm_client_free(client);
    return all ? 0 : 1;
}
