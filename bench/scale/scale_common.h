/*
 * Shared helpers of the C scale hosts (host_async.c, host_threads.c): RLIMIT_NOFILE,
 * the thread-count monitor, per-call verification state, and the result line.
 *
 * Result line (one, on stdout; run.sh reads it):
 *   kind=scale client=NAME n=N answered=A failed=F wall_s=W ttfd_p50_ms=.. ttfd_p99_ms=..
 *   ttfd_max_ms=.. threads_main=.. threads_start=.. threads_peak=.. timed_out=0|1
 * answered = calls that ended OK with exactly CHUNKS deltas whose contents concatenate to
 * "t0 t1 ... t19 " and finish_reason "stop"; failed = N - answered. threads_main is the
 * count at the top of main (main + monitor), threads_start the count just before the first
 * call, threads_peak the highest count the monitor saw (sampled every 10 ms).
 */
#ifndef SCALE_COMMON_H
#define SCALE_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define SCALE_CHUNKS 20
#define SCALE_CONTENT_CAP 256
#define SCALE_REQUEST "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"

static inline int64_t scale_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Raises the soft RLIMIT_NOFILE to the hard limit; returns the limit now in force. */
static inline long scale_raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return (long)rl.rlim_cur;
}

/* "Threads:" of /proc/self/status; -1 if unreadable. */
static inline int scale_thread_count(void)
{
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    const char *p = strstr(buf, "\nThreads:");
    return p ? atoi(p + 9) : -1;
}

static atomic_int g_threads_peak;
static atomic_int g_monitor_stop;

static void scale_note_threads(void)
{
    int t = scale_thread_count();
    int peak = atomic_load(&g_threads_peak);
    while (t > peak && !atomic_compare_exchange_weak(&g_threads_peak, &peak, t)) {
    }
}

static void *scale_monitor(void *arg)
{
    (void)arg;
    struct timespec d = {0, 10 * 1000 * 1000};
    while (!atomic_load(&g_monitor_stop)) {
        scale_note_threads();
        nanosleep(&d, NULL);
    }
    return NULL;
}

/* Starts the monitor thread (a small stack: it only reads one file). */
static inline void scale_start_monitor(void)
{
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 64 * 1024);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, scale_monitor, NULL) != 0) {
        fprintf(stderr, "scale: cannot start the thread monitor\n");
        exit(1);
    }
    pthread_attr_destroy(&a);
    /* wait until it runs, so threads_main counts it */
    for (int i = 0; i < 1000 && scale_thread_count() < 2; i++) usleep(1000);
}

/* One call's verification state. */
typedef struct {
    int64_t t0;      /* just before the call was issued */
    int64_t t_first; /* first delta, 0 if none */
    int deltas;
    int saw_done;
    int done_stop;   /* the "done" event's response said finish_reason "stop" */
    int ok;          /* set at the end: everything verified */
    int status;
    size_t clen;
    int overflow;
    char content[SCALE_CONTENT_CAP];
} scale_call;

static char g_expected[SCALE_CONTENT_CAP];
static size_t g_expected_len;

static inline void scale_init_expected(void)
{
    g_expected_len = 0;
    for (int k = 0; k < SCALE_CHUNKS; k++)
        g_expected_len += (size_t)snprintf(g_expected + g_expected_len, sizeof g_expected - g_expected_len, "t%d ", k);
}

/* The value of the first "key":"..." string in json, raw (escapes kept); NULL if absent. */
static inline const char *scale_json_str(const char *json, const char *key_quoted, size_t *len)
{
    const char *p = strstr(json, key_quoted);
    if (!p) return NULL;
    p += strlen(key_quoted);
    while (*p == ' ') p++;
    if (*p != ':') return NULL;
    p++;
    while (*p == ' ') p++;
    if (*p != '"') return NULL;
    p++;
    const char *e = p;
    while (*e && *e != '"') {
        if (*e == '\\' && e[1]) e++;
        e++;
    }
    *len = (size_t)(e - p);
    return p;
}

/* Handles one liblitellm stream event for call c. */
static inline void scale_on_event(scale_call *c, const char *ev)
{
    size_t tl = 0;
    const char *type = scale_json_str(ev, "\"type\"", &tl);
    if (!type) return;
    if (tl == 5 && memcmp(type, "delta", 5) == 0) {
        size_t cl = 0;
        const char *content = scale_json_str(ev, "\"content\"", &cl);
        if (c->deltas++ == 0) c->t_first = scale_now_ns();
        if (!content) return;
        if (c->clen + cl >= sizeof c->content) { c->overflow = 1; return; }
        memcpy(c->content + c->clen, content, cl);
        c->clen += cl;
        c->content[c->clen] = 0;
    } else if (tl == 4 && memcmp(type, "done", 4) == 0) {
        c->saw_done = 1;
        c->done_stop = strstr(ev, "\"finish_reason\":\"stop\"") != NULL;
    }
}

/* Checks a finished call: status OK, CHUNKS deltas, exact content, finish "stop" in the
 * done event, and the final response document with the same content and finish "stop".
 * Sets c->ok. */
static inline int scale_verify(scale_call *c, int status, const char *response_json)
{
    c->status = status;
    size_t dl = 0;
    const char *doc_content = response_json ? scale_json_str(response_json, "\"content\"", &dl) : NULL;
    c->ok = status == 0 && c->deltas == SCALE_CHUNKS && !c->overflow && c->clen == g_expected_len &&
            memcmp(c->content, g_expected, g_expected_len) == 0 && c->saw_done && c->done_stop && doc_content &&
            dl == g_expected_len && memcmp(doc_content, g_expected, dl) == 0 &&
            strstr(response_json, "\"finish_reason\":\"stop\"") != NULL;
    return c->ok;
}

/* The first failure's description, kept for stderr. */
static pthread_mutex_t g_err_mu = PTHREAD_MUTEX_INITIALIZER;
static char g_first_error[512];
static atomic_int g_error_count;

static inline void scale_note_failure(const scale_call *c, const char *json)
{
    if (atomic_fetch_add(&g_error_count, 1) != 0) return;
    pthread_mutex_lock(&g_err_mu);
    snprintf(g_first_error, sizeof g_first_error, "status=%d deltas=%d content=\"%.80s\" saw_done=%d done_stop=%d doc=%.300s",
             c->status, c->deltas, c->content, c->saw_done, c->done_stop, json ? json : "(null)");
    pthread_mutex_unlock(&g_err_mu);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted ns values, in ms; -1 if none. */
static inline double scale_pct_ms(const int64_t *s, size_t n, double p)
{
    if (n == 0) return -1;
    size_t rank = (size_t)(p * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)s[rank - 1] / 1e6;
}

static inline void scale_print_result(const char *client, int n, scale_call *calls, int64_t wall_ns, int threads_main,
                                      int threads_start, int timed_out, const char *extra)
{
    scale_note_threads();
    int answered = 0;
    int64_t *ttfd = malloc(sizeof *ttfd * (size_t)(n > 0 ? n : 1));
    size_t nt = 0;
    for (int i = 0; i < n; i++) {
        if (calls[i].ok) answered++;
        if (calls[i].t_first) ttfd[nt++] = calls[i].t_first - calls[i].t0;
    }
    qsort(ttfd, nt, sizeof *ttfd, cmp_i64);
    printf("kind=scale client=%s n=%d answered=%d failed=%d wall_s=%.3f ttfd_p50_ms=%.1f ttfd_p99_ms=%.1f ttfd_max_ms=%.1f "
           "threads_main=%d threads_start=%d threads_peak=%d timed_out=%d%s%s\n",
           client, n, answered, n - answered, (double)wall_ns / 1e9, scale_pct_ms(ttfd, nt, 0.50), scale_pct_ms(ttfd, nt, 0.99),
           scale_pct_ms(ttfd, nt, 1.0), threads_main, threads_start, atomic_load(&g_threads_peak), timed_out,
           extra && *extra ? " " : "", extra ? extra : "");
    fflush(stdout);
    if (answered < n) {
        pthread_mutex_lock(&g_err_mu);
        fprintf(stderr, "%s: %d of %d calls failed; first: %s\n", client, n - answered, n,
                g_first_error[0] ? g_first_error : "(not finished)");
        pthread_mutex_unlock(&g_err_mu);
    }
    free(ttfd);
}

#endif
