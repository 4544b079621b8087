/*
 * Native host tests for the asynchronous calls (ABI 2): litellm_generate_async,
 * litellm_run_async, litellm_call_cancel, litellm_call_free, and litellm_client_free with
 * asynchronous calls in flight. The published liblitellm.so is called exactly as a C program
 * calls it, against the loopback fake server (tests/FakeServer), whose answer is chosen by the
 * model name: "echo" echoes the last user message (SSE in 3-character deltas when streamed),
 * "status-NNN" answers NNN, "garbage" a non-JSON 200, "reset" resets the connection,
 * "flaky-NNN" answers NNN to the first attempt and echoes on the retry, "slow-MS" waits first.
 *
 * What every call is held to, whatever the test: on_done runs exactly once, with the
 * user_data it was given, a non-NULL JSON object whose error "kind" is
 * litellm_status_str(status); never on the host thread that started it and never inside a
 * starting function on its own thread; never while one of the call's events runs; no event
 * after it; for a streamed call that succeeded, the "done" event came before it.
 *
 * Usage: test_async BASE_URL CLOSED_PORT_URL
 * Prints one line per test (with its measurements, where it has any) and
 * "N passed, M failed" last; exits non-zero on any failure.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "litellm.h"
#include "check.h"
#include "host_util.h"

static int passed, failed;
static const char *base_url;
static const char *closed_url;
static char note[512]; /* measurements a test reports on its output line */
static int threads_at_start; /* /proc/self/status Threads before the first library call */

/* CHECK and CHECK_HAS come from check.h. */

static void run_test(const char *name, int (*fn)(void))
{
    note[0] = '\0';
    int ok = fn();
    printf("%s %s%s%s%s\n", ok ? "ok    " : "FAILED", name, note[0] ? " (" : "", note, note[0] ? ")" : "");
    fflush(stdout);
    if (ok) passed++; else failed++;
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int thread_count(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return -1;
    char line[256];
    int n = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1) break;
    fclose(f);
    return n;
}

/* The process's threads by name with their counts ("5 .NET TP Worker, 1 .NET Sockets, ..."),
   from /proc/self/task/ * /comm. */
static char max_thread_names[512]; /* the names at the last new maximum seen by wait_for */

static void thread_names(char *out, size_t cap)
{
    char names[64][17];
    int counts[64], kinds = 0;
    DIR *dir = opendir("/proc/self/task");
    out[0] = '\0';
    if (dir == NULL) return;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[64], name[17] = "";
        snprintf(path, sizeof path, "/proc/self/task/%.20s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL) continue;
        if (fgets(name, sizeof name, f)) name[strcspn(name, "\n")] = '\0';
        fclose(f);
        int k = 0;
        while (k < kinds && strcmp(names[k], name) != 0) k++;
        if (k == kinds && kinds < 64) { strcpy(names[kinds], name); counts[kinds++] = 0; }
        if (k < kinds) counts[k]++;
    }
    closedir(dir);
    size_t n = 0;
    for (int k = 0; k < kinds && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%d %s", k ? ", " : "", counts[k], names[k]);
}

/* ---- waiting for callbacks ------------------------------------------------------------
 * Callbacks update atomics, then notify(); the host waits on one condition variable
 * (CLOCK_MONOTONIC) until a counter reaches a value. No sleep-polling. */

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond;

static void notify(void)
{
    pthread_mutex_lock(&wake_lock);
    pthread_cond_broadcast(&wake_cond);
    pthread_mutex_unlock(&wake_lock);
}

/* Waits until *value >= at_least or timeout_ms pass; while waiting, samples the process's
   thread count every 20 ms into *max_threads when that is not NULL. Returns 1 if reached. */
static int wait_for(atomic_int *value, int at_least, double timeout_ms, int *max_threads)
{
    double deadline = now_ms() + timeout_ms;
    pthread_mutex_lock(&wake_lock);
    while (atomic_load(value) < at_least) {
        double now = now_ms();
        if (now >= deadline) break;
        if (max_threads) {
            int n = thread_count();
            if (n > *max_threads) {
                *max_threads = n;
                thread_names(max_thread_names, sizeof max_thread_names);
            }
        }
        double slice = deadline - now;
        if (max_threads && slice > 20.0) slice = 20.0;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        long long ns = (long long)ts.tv_nsec + (long long)(slice * 1e6);
        ts.tv_sec += (time_t)(ns / 1000000000LL);
        ts.tv_nsec = (long)(ns % 1000000000LL);
        pthread_cond_timedwait(&wake_cond, &wake_lock, &ts);
    }
    int reached = atomic_load(value) >= at_least;
    pthread_mutex_unlock(&wake_lock);
    return reached;
}

/* ---- one asynchronous call, as the callbacks saw it ------------------------------------ */

static atomic_long started_total; /* starts that returned LITELLM_OK, over the whole run */
static atomic_long done_total;    /* on_done invocations, over the whole run */
/* Set on a thread while it is inside litellm_generate_async / litellm_run_async. */
static _Thread_local int inside_start;

struct call {
    struct call *self;        /* what user_data must be in every callback */
    atomic_int *group_done;   /* incremented when on_done has run (the test waits on it) */
    pthread_t starter;        /* the host thread that started the call */
    int started_by_host;      /* 0 when started from a callback (a library thread) */
    int keep_json;            /* copy the document into json */
    int stop_at_event;        /* on_event returns non-zero on this event (1-based); 0: never */
    int cancel_at_event;      /* on_event calls litellm_call_cancel on this event or the next */
    void (*event_hook)(struct call *c, int n); /* runs inside on_event, n = event number */
    void (*done_hook)(struct call *c);         /* runs inside on_done before it reports */
    void *hook_arg;
    _Atomic(litellm_call *) handle; /* for cancels from callbacks; set after the start */
    atomic_int done;          /* on_done invocations */
    atomic_int in_event;      /* 1 while one of this call's on_event runs */
    atomic_int events, deltas, done_events;
    atomic_int events_after_done, overlaps;
    int cancel_rc, cancel_sent, cancel_event; /* cancel_event: the event the cancel was made in */
    double cancel_at;
    int status, doc_ok, bad_user_data, on_starter, in_start, done_event_first;
    char *json;               /* the on_done document, when keep_json */
    char *content;            /* the deltas concatenated, when content_cap > 0 */
    size_t content_len, content_cap;
    double done_at;
};

static struct call *calls_new(int n, atomic_int *group_done)
{
    struct call *c = calloc((size_t)n, sizeof *c);
    if (c == NULL) { perror("calloc"); exit(2); }
    for (int i = 0; i < n; i++) { c[i].self = &c[i]; c[i].group_done = group_done; }
    return c;
}

static void calls_delete(struct call *c, int n)
{
    for (int i = 0; i < n; i++) { free(c[i].json); free(c[i].content); }
    free(c);
}

/* A document fit for its status: a JSON object; an error document's kind names the status. */
static int doc_fits(int status, const char *json)
{
    if (json == NULL) return 0;
    size_t n = strlen(json);
    if (n < 2 || json[0] != '{' || json[n - 1] != '}') return 0;
    if (status == LITELLM_OK) return !starts_with(json, "{\"error\":");
    char kind[64];
    snprintf(kind, sizeof kind, "\"kind\":\"%s\"", litellm_status_str(status));
    return starts_with(json, "{\"error\":") && strstr(json, kind) != NULL;
}

static int on_event(void *user_data, const char *event_json)
{
    struct call *c = user_data;
    if (c->self != c) c->bad_user_data = 1;
    if (atomic_exchange(&c->in_event, 1)) atomic_fetch_add(&c->overlaps, 1);
    if (atomic_load(&c->done)) atomic_fetch_add(&c->events_after_done, 1);
    int n = atomic_fetch_add(&c->events, 1) + 1;
    if (starts_with(event_json, "{\"type\":\"done\",")) {
        atomic_fetch_add(&c->done_events, 1);
    } else if (starts_with(event_json, "{\"type\":\"delta\",\"content\":\"")) {
        atomic_fetch_add(&c->deltas, 1);
        if (c->content_cap) { /* the echo's text is plain ASCII: no escapes to undo */
            const char *p = event_json + strlen("{\"type\":\"delta\",\"content\":\"");
            while (*p && *p != '"' && c->content_len + 1 < c->content_cap) c->content[c->content_len++] = *p++;
            c->content[c->content_len] = '\0';
        }
    }
    if (c->cancel_at_event && n >= c->cancel_at_event && !c->cancel_sent) {
        litellm_call *h = atomic_load(&c->handle);
        if (h) {
            c->cancel_rc = litellm_call_cancel(h);
            c->cancel_sent = 1;
            c->cancel_event = n;
            c->cancel_at = now_ms();
        }
    }
    if (c->event_hook) c->event_hook(c, n);
    int stop = c->stop_at_event != 0 && n == c->stop_at_event;
    atomic_store(&c->in_event, 0);
    if (n == 1) notify(); /* a test may wait for the stream to have begun */
    return stop;
}

static void on_done(void *user_data, int status, const char *json)
{
    struct call *c = user_data;
    if (c->self != c) c->bad_user_data = 1;
    if (atomic_load(&c->in_event)) atomic_fetch_add(&c->overlaps, 1);
    int before = atomic_fetch_add(&c->done, 1);
    atomic_fetch_add(&done_total, 1);
    if (before == 0) {
        c->status = status;
        c->doc_ok = doc_fits(status, json);
        c->on_starter = c->started_by_host && pthread_equal(pthread_self(), c->starter);
        c->in_start = inside_start;
        c->done_event_first = atomic_load(&c->done_events) == 1;
        if (c->keep_json && json) c->json = strdup(json);
        c->done_at = now_ms();
    }
    if (c->done_hook) c->done_hook(c);
    if (atomic_load(&c->in_event)) atomic_fetch_add(&c->overlaps, 1);
    atomic_fetch_add(c->group_done, 1); /* the record may be released once this is seen */
    notify();
}

static int start_generate(litellm_client *client, const char *request, int stream, struct call *c, litellm_call **out)
{
    c->starter = pthread_self();
    c->started_by_host = !inside_start;
    inside_start++;
    litellm_call *h = NULL;
    int rc = litellm_generate_async(client, request, stream ? on_event : NULL, on_done, c, &h);
    inside_start--;
    if (rc == LITELLM_OK) atomic_fetch_add(&started_total, 1);
    atomic_store(&c->handle, h);
    if (out) *out = h;
    return rc;
}

static int start_run(litellm_client *client, const char *request, struct call *c, litellm_call **out)
{
    c->starter = pthread_self();
    c->started_by_host = !inside_start;
    inside_start++;
    litellm_call *h = NULL;
    int rc = litellm_run_async(client, request, on_done, c, &h);
    inside_start--;
    if (rc == LITELLM_OK) atomic_fetch_add(&started_total, 1);
    atomic_store(&c->handle, h);
    if (out) *out = h;
    return rc;
}

/* The rules every ended call is held to; prints what broke. */
static int call_ok(const struct call *c, const char *what)
{
    const char *broke = NULL;
    if (atomic_load(&c->done) != 1) broke = "on_done did not run exactly once";
    else if (c->bad_user_data) broke = "a callback got another user_data than the one given";
    else if (!c->doc_ok) broke = "the document does not fit the status";
    else if (c->on_starter) broke = "on_done ran on the starting host thread";
    else if (c->in_start) broke = "on_done ran inside a starting function on its thread";
    else if (atomic_load(&c->overlaps)) broke = "an event overlapped another event or on_done";
    else if (atomic_load(&c->events_after_done)) broke = "an event came after on_done";
    else if (c->status == LITELLM_OK && atomic_load(&c->events) > 0 && !c->done_event_first)
        broke = "a streamed success had no single \"done\" event before on_done";
    if (broke == NULL) return 1;
    fprintf(stderr, "    %s: %s (on_done %d times, status %d, %d events, json %s)\n", what, broke,
            atomic_load(&c->done), c->status, atomic_load(&c->events), c->json ? c->json : "(not kept)");
    return 0;
}

#define ECHO(text) "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" text "\"}]}"
#define MODEL(model, extra) "{\"model\":\"" model "\"" extra ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"

/* Starts one call, waits for its on_done and checks the rules; the record stays in *out. */
static int one_call(litellm_client *client, const char *request, int stream, struct call **out, double *elapsed)
{
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(1, &group);
    c->keep_json = 1;
    *out = c;
    double t0 = now_ms();
    litellm_call *h = NULL;
    int rc = start_generate(client, request, stream, c, &h);
    if (rc != LITELLM_OK) { fprintf(stderr, "    start returned %d\n", rc); return 0; }
    int reached = wait_for(&group, 1, 20000, NULL);
    if (elapsed) *elapsed = c->done_at - t0;
    litellm_call_free(h);
    if (!reached) { fprintf(stderr, "    on_done did not run within 20 s\n"); return 0; }
    return call_ok(c, request);
}

/* ---- the basics ---------------------------------------------------------------------- */

static int abi_version_and_status_names(void)
{
    CHECK(litellm_abi_version() == LITELLM_ABI_VERSION);
    CHECK(LITELLM_ABI_VERSION == 2);
    static const char *const names[] = { "ok", "invalid_argument", "network", "timeout", "http_status",
                                         "bad_response", "invalid_result", "cancelled", "internal" };
    for (int s = 0; s <= LITELLM_ERR_INTERNAL; s++) CHECK(strcmp(litellm_status_str(s), names[s]) == 0);
    CHECK(strcmp(litellm_status_str(-1), "unknown") == 0);
    CHECK(strcmp(litellm_status_str(9), "unknown") == 0);
    CHECK(strcmp(litellm_status_str(1 << 30), "unknown") == 0);
    CHECK(litellm_status_str(LITELLM_OK) == litellm_status_str(LITELLM_OK)); /* static */
    return 1;
}

static int ok_arrives_through_on_done(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct call *c = NULL;
    double elapsed = 0;
    int ok = one_call(client, ECHO("hello async"), 0, &c, &elapsed);
    litellm_client_free(client);
    snprintf(note, sizeof note, "on_done %.1f ms after the start", elapsed);
    CHECK(ok);
    CHECK(c->status == LITELLM_OK);
    CHECK_HAS(c->json, "\"content\":\"hello async\"");
    CHECK_HAS(c->json, "\"model\":\"echo\"");
    CHECK(atomic_load(&c->events) == 0); /* not streamed: no on_event */
    calls_delete(c, 1);
    return 1;
}

static int default_client_serves_async_calls(void)
{
    struct call *c = NULL;
    int ok = one_call(NULL, ECHO("from the default client"), 0, &c, NULL);
    CHECK(ok);
    CHECK(c->status == LITELLM_OK);
    CHECK_HAS(c->json, "\"content\":\"from the default client\"");
    calls_delete(c, 1);
    return 1;
}

static int status_through_on_done(const char *url, const char *request, int want, const char *fragment,
                                  double *elapsed)
{
    litellm_client *client = client_for(url, NULL);
    CHECK(client != NULL);
    struct call *c = NULL;
    int ok = one_call(client, request, 0, &c, elapsed);
    litellm_client_free(client);
    CHECK(ok);
    if (c->status != want) fprintf(stderr, "    wanted %d, got %d: %s\n", want, c->status, c->json);
    CHECK(c->status == want);
    if (fragment) CHECK_HAS(c->json, fragment);
    calls_delete(c, 1);
    return 1;
}

static int http_status_401_through_on_done(void)
{
    return status_through_on_done(base_url, MODEL("status-401", ""), LITELLM_ERR_HTTP_STATUS, "\"status\":401", NULL);
}

static int bad_response_garbage_through_on_done(void)
{
    return status_through_on_done(base_url, MODEL("garbage", ""), LITELLM_ERR_BAD_RESPONSE, "this is not json", NULL);
}

static int network_closed_port_through_on_done(void)
{
    return status_through_on_done(closed_url, MODEL("echo", ",\"max_retries\":0"), LITELLM_ERR_NETWORK, NULL, NULL);
}

static int timeout_through_on_done(void)
{
    double elapsed = 0;
    int ok = status_through_on_done(base_url, MODEL("slow-5000", ",\"timeout_ms\":300,\"max_retries\":0"),
                                    LITELLM_ERR_TIMEOUT, NULL, &elapsed);
    snprintf(note, sizeof note, "on_done %.0f ms after the start, timeout_ms 300", elapsed);
    CHECK(ok);
    CHECK(elapsed >= 250.0 && elapsed < 2000.0);
    return 1;
}

/* Bad request documents are accepted by the start and reported through on_done. */
static int bad_requests_are_invalid_argument_through_on_done(void)
{
    static const char *const generate_docs[] = {
        NULL, "", "{", "[1]", "{\"model\":\"echo\"}",
        "{\"model\":\"echo\",\"no_such_field\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}",
    };
    static const char *const run_docs[] = {
        NULL, "{", "{\"models\":[\"echo\"],\"task_prompt\":\"x\",\"no_such_field\":1}",
        "{\"model\":\"echo\",\"task_prompt\":\"x\",\"result_schema\":{\"anyOf\":[]}}",
    };
    enum { NG = sizeof generate_docs / sizeof *generate_docs, NR = sizeof run_docs / sizeof *run_docs };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(NG + NR, &group);
    int refused = 0;
    for (int i = 0; i < NG + NR; i++) {
        c[i].keep_json = 1;
        int rc = i < NG ? start_generate(client, generate_docs[i], i % 2, &c[i], NULL)
                        : start_run(client, run_docs[i - NG], &c[i], NULL);
        if (rc != LITELLM_OK) refused++;
    }
    int reached = wait_for(&group, NG + NR - refused, 10000, NULL);
    litellm_client_free(client);
    CHECK(refused == 0);
    CHECK(reached);
    for (int i = 0; i < NG + NR; i++) {
        CHECK(call_ok(&c[i], i < NG ? "generate" : "run"));
        if (c[i].status != LITELLM_ERR_INVALID_ARGUMENT)
            fprintf(stderr, "    document %d: status %d: %s\n", i, c[i].status, c[i].json);
        CHECK(c[i].status == LITELLM_ERR_INVALID_ARGUMENT);
    }
    CHECK_HAS(c[5].json, "no_such_field");
    CHECK_HAS(c[NG + 3].json, "anyOf");
    calls_delete(c, NG + NR);
    return 1;
}

/* Only a NULL on_done or a client handle that is not live is refused by the return value;
   then out_call is NULL and nothing is ever called back. */
static int refused_starts_never_call_on_done(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(1, &group);
    litellm_call *h = (litellm_call *)&group; /* not NULL: the refusal must clear it */
    CHECK(litellm_generate_async(client, ECHO("x"), NULL, NULL, c, &h) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(h == NULL);
    h = (litellm_call *)&group;
    CHECK(litellm_generate_async(client, ECHO("x"), on_event, NULL, c, &h) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(h == NULL);
    h = (litellm_call *)&group;
    CHECK(litellm_run_async(client, "{\"model\":\"echo\",\"task_prompt\":\"x\"}", NULL, c, &h) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(h == NULL);
    CHECK(litellm_generate_async(client, NULL, NULL, NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    litellm_client_free(client);
    h = (litellm_call *)&group;
    CHECK(litellm_generate_async(client, ECHO("x"), NULL, on_done, c, &h) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(h == NULL);
    h = (litellm_call *)&group;
    CHECK(litellm_run_async(client, "{\"model\":\"echo\",\"task_prompt\":\"x\"}", on_done, c, &h) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(h == NULL);
    CHECK(litellm_generate_async(client, ECHO("x"), on_event, on_done, c, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(!wait_for(&group, 1, 300, NULL)); /* a short wait: nothing may arrive */
    CHECK(atomic_load(&c->done) == 0 && atomic_load(&c->events) == 0);
    calls_delete(c, 1);
    return 1;
}

/* The quickest calls (a bad document, a mock_response) are where a library would be tempted
   to call on_done inline; it must not, on the host thread or inside the start. */
static int on_done_never_on_the_starting_thread(void)
{
    enum { N = 600 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int refused = 0, done_before_return = 0;
    for (int i = 0; i < N; i++) {
        int rc;
        switch (i % 4) {
        case 0: rc = start_generate(client, NULL, 0, &c[i], NULL); break;
        case 1: rc = start_generate(client, "{\"model\":\"m\",\"mock_response\":\"mocked\",\"messages\":"
                                            "[{\"role\":\"user\",\"content\":\"x\"}]}", i % 8 == 1, &c[i], NULL); break;
        case 2: rc = start_run(client, "{", &c[i], NULL); break;
        default: rc = start_generate(client, ECHO("quick"), 0, &c[i], NULL); break;
        }
        if (rc != LITELLM_OK) refused++;
        done_before_return += atomic_load(&c[i].done) != 0;
    }
    int reached = wait_for(&group, N - refused, 10000, NULL);
    litellm_client_free(client);
    snprintf(note, sizeof note, "%d of %d on_done had run before their start returned", done_before_return, N);
    CHECK(refused == 0);
    CHECK(reached);
    int bad = 0;
    for (int i = 0; i < N; i++) bad += !call_ok(&c[i], "quick call");
    CHECK(bad == 0);
    for (int i = 0; i < N; i++) {
        int want = i % 4 == 0 || i % 4 == 2 ? LITELLM_ERR_INVALID_ARGUMENT : LITELLM_OK;
        CHECK(c[i].status == want);
    }
    calls_delete(c, N);
    return 1;
}

/* ---- library threads ------------------------------------------------------------------- */

static int threads_stay_bounded_during_2000_slow_calls(void)
{
    enum { N = 2000 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int before = thread_count();
    int max_threads = before, refused = 0;
    max_thread_names[0] = '\0';
    double t0 = now_ms();
    for (int i = 0; i < N; i++) {
        char request[160];
        snprintf(request, sizeof request, "{\"model\":\"slow-1500\",\"messages\":[{\"role\":\"user\",\"content\":\"t %d\"}]}", i);
        if (start_generate(client, request, 0, &c[i], NULL) != LITELLM_OK) refused++;
        if (i % 100 == 0) { int n = thread_count(); if (n > max_threads) max_threads = n; }
    }
    double started = now_ms() - t0;
    int reached = wait_for(&group, N - refused, 30000, &max_threads);
    double elapsed = now_ms() - t0;
    litellm_client_free(client);
    int after = thread_count();
    snprintf(note, sizeof note, "threads: %d before the first library call, %d before these calls, max %d during them, "
             "%d after; %d calls started in %.0f ms, all done in %.0f ms",
             threads_at_start, before, max_threads, after, N, started, elapsed);
    CHECK(refused == 0);
    CHECK(reached);
    int bad = 0, not_ok = 0;
    for (int i = 0; i < N; i++) {
        bad += !call_ok(&c[i], "slow call");
        not_ok += c[i].status != LITELLM_OK;
    }
    CHECK(bad == 0);
    CHECK(not_ok == 0);
    printf("    threads at the maximum: %s\n", max_thread_names[0] ? max_thread_names : "(no new maximum while waiting)");
    CHECK(max_threads <= threads_at_start + 16);
    calls_delete(c, N);
    return 1;
}

/* ---- streaming ------------------------------------------------------------------------- */

static int streamed_calls_keep_event_order_and_done_last(void)
{
    enum { N = 200 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int refused = 0;
    for (int i = 0; i < N; i++) {
        char request[256];
        snprintf(request, sizeof request, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":"
                 "\"stream number %d, long enough to arrive in many small deltas\"}]}", i);
        c[i].content_cap = 256;
        c[i].content = calloc(1, c[i].content_cap);
        c[i].keep_json = i == 0;
        if (start_generate(client, request, 1, &c[i], NULL) != LITELLM_OK) refused++;
    }
    int reached = wait_for(&group, N - refused, 20000, NULL);
    litellm_client_free(client);
    CHECK(refused == 0);
    CHECK(reached);
    int deltas = 0;
    for (int i = 0; i < N; i++) {
        char want[128];
        snprintf(want, sizeof want, "stream number %d, long enough to arrive in many small deltas", i);
        CHECK(call_ok(&c[i], "streamed call"));
        CHECK(c[i].status == LITELLM_OK);
        CHECK(atomic_load(&c[i].done_events) == 1);
        CHECK(atomic_load(&c[i].deltas) >= 2);
        CHECK(atomic_load(&c[i].events) == atomic_load(&c[i].deltas) + 1);
        if (strcmp(c[i].content, want) != 0) fprintf(stderr, "    call %d: deltas made '%s'\n", i, c[i].content);
        CHECK(strcmp(c[i].content, want) == 0);
        deltas += atomic_load(&c[i].deltas);
    }
    CHECK_HAS(c[0].json, "\"content\":\"stream number 0, long enough");
    snprintf(note, sizeof note, "%d streams, %d deltas", N, deltas);
    calls_delete(c, N);
    return 1;
}

static int stream_callback_nonzero_is_cancelled(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(2, &group);
    c[0].stop_at_event = 1; /* the first delta */
    c[1].stop_at_event = 3; /* "abc", "def", then "done": too late to change anything */
    c[0].keep_json = c[1].keep_json = 1;
    int rc0 = start_generate(client, ECHO("a long answer that would take many deltas to deliver"), 1, &c[0], NULL);
    int rc1 = start_generate(client, ECHO("abcdef"), 1, &c[1], NULL);
    int reached = wait_for(&group, 2, 10000, NULL);
    litellm_client_free(client);
    CHECK(rc0 == LITELLM_OK && rc1 == LITELLM_OK);
    CHECK(reached);
    CHECK(call_ok(&c[0], "stopped stream"));
    CHECK(c[0].status == LITELLM_ERR_CANCELLED);
    CHECK(atomic_load(&c[0].events) == 1);
    CHECK_HAS(c[0].json, "\"partial_content\":\"a l\"");
    CHECK(call_ok(&c[1], "stopped at done"));
    CHECK(c[1].status == LITELLM_OK);
    CHECK_HAS(c[1].json, "\"content\":\"abcdef\"");
    calls_delete(c, 2);
    return 1;
}

/* ---- cancel races ---------------------------------------------------------------------- */

static int cancel_right_after_the_start(void)
{
    enum { N = 300 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int refused = 0, bad_cancel = 0;
    double last_cancel = 0;
    for (int i = 0; i < N; i++) {
        /* A third slow (cannot finish first), a third streamed echo, a third run of a slow model. */
        litellm_call *h = NULL;
        int rc = i % 3 == 0 ? start_generate(client, MODEL("slow-20000", ""), 0, &c[i], &h)
               : i % 3 == 1 ? start_generate(client, ECHO("raced by a cancel"), 1, &c[i], &h)
                            : start_run(client, "{\"models\":[\"slow-20000\",\"echo\"],\"task_prompt\":\"x\"}", &c[i], &h);
        if (rc != LITELLM_OK) { refused++; continue; }
        if (litellm_call_cancel(h) != LITELLM_OK) bad_cancel++;
        last_cancel = now_ms();
        litellm_call_free(h);
    }
    int reached = wait_for(&group, N - refused, 10000, NULL);
    double all_done = 0;
    for (int i = 0; i < N; i++) if (c[i].done_at > all_done) all_done = c[i].done_at;
    litellm_client_free(client);
    CHECK(refused == 0 && bad_cancel == 0);
    CHECK(reached);
    int cancelled = 0, ok = 0;
    for (int i = 0; i < N; i++) {
        CHECK(call_ok(&c[i], "cancelled at the start"));
        if (i % 3 != 1) CHECK(c[i].status == LITELLM_ERR_CANCELLED);
        else CHECK(c[i].status == LITELLM_ERR_CANCELLED || c[i].status == LITELLM_OK);
        cancelled += c[i].status == LITELLM_ERR_CANCELLED;
        ok += c[i].status == LITELLM_OK;
    }
    snprintf(note, sizeof note, "%d cancelled, %d streamed echoes won the race; last on_done %.0f ms after the last cancel",
             cancelled, ok, all_done - last_cancel);
    CHECK(all_done - last_cancel < 1000.0);
    calls_delete(c, N);
    return 1;
}

/* A listener whose accept queue is full: its SYNs are dropped, so a connect hangs. */
static int full_listener(int *port, int fillers[], int nfillers)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 0) != 0
        || getsockname(fd, (struct sockaddr *)&addr, &len) != 0) { close(fd); return -1; }
    *port = ntohs(addr.sin_port);
    for (int i = 0; i < nfillers; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (fillers[i] < 0) continue;
        fcntl(fillers[i], F_SETFL, fcntl(fillers[i], F_GETFL) | O_NONBLOCK);
        if (connect(fillers[i], (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS)
            perror("    filler connect");
    }
    sleep_ms(50); /* let the first handshakes complete and fill the queue */
    return fd;
}

static int cancel_during_connect(void)
{
    enum { FILLERS = 4, N = 3 };
    int port = 0, fillers[FILLERS];
    int listener = full_listener(&port, fillers, FILLERS);
    CHECK(listener >= 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    litellm_client *client = client_for(url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    litellm_call *h[N] = { NULL };
    int rc[N];
    rc[0] = start_generate(client, MODEL("echo", ",\"timeout_ms\":20000"), 0, &c[0], &h[0]);
    rc[1] = start_generate(client, MODEL("echo", ",\"timeout_ms\":20000"), 1, &c[1], &h[1]);
    rc[2] = start_run(client, "{\"models\":[\"echo\",\"echo\"],\"timeout_ms\":20000,\"task_prompt\":\"x\"}", &c[2], &h[2]);
    int finished_early = wait_for(&group, 1, 400, NULL); /* still connecting after 400 ms */
    double t0 = now_ms();
    int cancel_rc = LITELLM_OK;
    for (int i = 0; i < N; i++) if (litellm_call_cancel(h[i]) != LITELLM_OK) cancel_rc = -1;
    int reached = wait_for(&group, N, 5000, NULL);
    double last = 0;
    for (int i = 0; i < N; i++) if (c[i].done_at > last) last = c[i].done_at;
    for (int i = 0; i < N; i++) litellm_call_free(h[i]);
    litellm_client_free(client);
    for (int i = 0; i < FILLERS; i++) if (fillers[i] >= 0) close(fillers[i]);
    close(listener);
    snprintf(note, sizeof note, "cancel-to-last-on_done %.1f ms", last - t0);
    CHECK(rc[0] == LITELLM_OK && rc[1] == LITELLM_OK && rc[2] == LITELLM_OK);
    CHECK(!finished_early);
    CHECK(cancel_rc == LITELLM_OK);
    CHECK(reached);
    for (int i = 0; i < N; i++) {
        CHECK(call_ok(&c[i], "cancelled while connecting"));
        CHECK(c[i].status == LITELLM_ERR_CANCELLED);
    }
    CHECK(last - t0 < 500.0);
    calls_delete(c, N);
    return 1;
}

/* An echo of this many characters streams as ~CHARS/3 delta events. */
enum { LONG_CHARS = 120000 };

static char *long_echo_request(void)
{
    char *r = malloc(LONG_CHARS + 128);
    if (r == NULL) return NULL;
    int n = sprintf(r, "{\"model\":\"echo\",\"timeout_ms\":20000,\"messages\":[{\"role\":\"user\",\"content\":\"");
    for (int i = 0; i < LONG_CHARS; i++) r[n++] = (char)('a' + i % 26);
    strcpy(r + n, "\"}]}");
    return r;
}

static int cancel_mid_stream_from_another_thread(void)
{
    char *request = long_echo_request();
    CHECK(request != NULL);
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(1, &group);
    c->keep_json = 1;
    litellm_call *h = NULL;
    int rc = start_generate(client, request, 1, c, &h);
    int streaming = wait_for(&c->events, 1, 10000, NULL);
    double t0 = now_ms();
    int cancel1 = litellm_call_cancel(h);
    int cancel2 = litellm_call_cancel(h); /* twice: idempotent */
    int events_at_cancel = atomic_load(&c->events);
    int reached = wait_for(&group, 1, 5000, NULL);
    int events_at_done = atomic_load(&c->events);
    litellm_call_free(h);
    litellm_client_free(client);
    free(request);
    snprintf(note, sizeof note, "%d of ~%d events delivered, %d of them after the cancel returned; cancel-to-on_done %.1f ms",
             events_at_done, LONG_CHARS / 3 + 1, events_at_done - events_at_cancel, c->done_at - t0);
    CHECK(rc == LITELLM_OK);
    CHECK(streaming);
    CHECK(cancel1 == LITELLM_OK && cancel2 == LITELLM_OK);
    CHECK(reached);
    CHECK(call_ok(c, "cancelled mid-stream"));
    CHECK(c->status == LITELLM_ERR_CANCELLED);
    CHECK(atomic_load(&c->done_events) == 0);
    CHECK(events_at_done < LONG_CHARS / 3);
    CHECK_HAS(c->json, "\"partial_content\":\"abc");
    CHECK(c->done_at - t0 < 500.0);
    calls_delete(c, 1);
    return 1;
}

static int cancel_mid_stream_from_on_event(void)
{
    char *request = long_echo_request();
    CHECK(request != NULL);
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(1, &group);
    c->keep_json = 1;
    c->cancel_at_event = 100; /* the handle is set once the start has returned: by then, surely */
    litellm_call *h = NULL;
    int rc = start_generate(client, request, 1, c, &h);
    int reached = wait_for(&group, 1, 10000, NULL);
    litellm_call_free(h);
    litellm_client_free(client);
    free(request);
    snprintf(note, sizeof note, "litellm_call_cancel in event %d; %d more events came after it, on_done %.1f ms after it",
             c->cancel_event, atomic_load(&c->events) - c->cancel_event, c->done_at - c->cancel_at);
    CHECK(rc == LITELLM_OK);
    CHECK(reached);
    CHECK(c->cancel_sent && c->cancel_rc == LITELLM_OK);
    CHECK(call_ok(c, "cancelled from its own on_event"));
    CHECK(c->status == LITELLM_ERR_CANCELLED);
    CHECK(atomic_load(&c->events) < LONG_CHARS / 3);
    calls_delete(c, 1);
    return 1;
}

/* A short stream (its whole body arrives in one read) cancelled from its own second event:
   the call has not ended, so it must end cancelled, not with its full answer. */
static int cancel_short_stream_from_on_event(void)
{
    enum { N = 20 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int refused = 0;
    for (int i = 0; i < N; i++) {
        c[i].keep_json = 1;
        c[i].cancel_at_event = 2; /* or the first event after the handle is published */
        if (start_generate(client, ECHO("a short answer of some fifteen deltas, cancelled"), 1, &c[i], NULL) != LITELLM_OK)
            refused++;
    }
    int reached = wait_for(&group, N - refused, 10000, NULL);
    litellm_client_free(client);
    CHECK(refused == 0);
    CHECK(reached);
    int cancelled = 0, completed = 0, not_sent = 0, more_events = 0;
    for (int i = 0; i < N; i++) {
        CHECK(call_ok(&c[i], "short stream cancelled from on_event"));
        if (!c[i].cancel_sent || c[i].cancel_rc != LITELLM_OK) { not_sent++; continue; }
        cancelled += c[i].status == LITELLM_ERR_CANCELLED;
        completed += c[i].status == LITELLM_OK;
        more_events += atomic_load(&c[i].events) - c[i].cancel_event;
    }
    snprintf(note, sizeof note, "%d of %d cancelled, %d ended OK after the cancel; %d events came after the cancels",
             cancelled, N - not_sent, completed, more_events);
    CHECK(not_sent == 0);
    for (int i = 0; i < N; i++) {
        if (c[i].status != LITELLM_ERR_CANCELLED)
            fprintf(stderr, "    call %d: cancelled in event %d of %d, ended with status %d\n", i, c[i].cancel_event,
                    atomic_load(&c[i].events), c[i].status);
        CHECK(c[i].status == LITELLM_ERR_CANCELLED);
    }
    calls_delete(c, N);
    return 1;
}

static int cancel_after_done_and_twice(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(2, &group);
    litellm_call *done_call = NULL, *slow_call = NULL;
    int rc0 = start_generate(client, ECHO("finished before the cancel"), 0, &c[0], &done_call);
    int first = wait_for(&group, 1, 10000, NULL);
    int after1 = litellm_call_cancel(done_call); /* ended, not freed: valid, does nothing */
    int after2 = litellm_call_cancel(done_call);
    int rc1 = start_generate(client, MODEL("slow-20000", ""), 1, &c[1], &slow_call);
    int twice1 = litellm_call_cancel(slow_call);
    int twice2 = litellm_call_cancel(slow_call);
    int reached = wait_for(&group, 2, 5000, NULL);
    int twice3 = litellm_call_cancel(slow_call); /* after its on_done: still a valid handle */
    int late = wait_for(&group, 3, 200, NULL);   /* nothing more may come */
    litellm_call_free(done_call);
    litellm_call_free(slow_call);
    litellm_client_free(client);
    CHECK(rc0 == LITELLM_OK && rc1 == LITELLM_OK);
    CHECK(first && reached && !late);
    CHECK(after1 == LITELLM_OK && after2 == LITELLM_OK);
    CHECK(twice1 == LITELLM_OK && twice2 == LITELLM_OK && twice3 == LITELLM_OK);
    CHECK(call_ok(&c[0], "cancelled after done"));
    CHECK(c[0].status == LITELLM_OK); /* its real outcome stands */
    CHECK(call_ok(&c[1], "cancelled twice"));
    CHECK(c[1].status == LITELLM_ERR_CANCELLED);
    calls_delete(c, 2);
    return 1;
}

/* ---- handles --------------------------------------------------------------------------- */

/* on_done frees its own handle when the starter has already published it; otherwise the
   starter frees it (handle_box: NULL = not yet, DONE_MARK = on_done came first). */
static char done_mark_byte;
#define DONE_MARK ((litellm_call *)&done_mark_byte)

static void free_own_handle_in_on_done(struct call *c)
{
    _Atomic(litellm_call *) *box = c->hook_arg;
    litellm_call *h = atomic_exchange(box, DONE_MARK);
    if (h != NULL) litellm_call_free(h);
}

static int call_free_before_and_after_done(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(4, &group);
    litellm_call *h[4] = { NULL };
    static _Atomic(litellm_call *) box;
    atomic_store(&box, NULL);

    /* 0: freed (twice) before it is done; it goes on and succeeds. */
    int rc0 = start_generate(client, MODEL("slow-300", ""), 0, &c[0], &h[0]);
    litellm_call_free(h[0]);
    litellm_call_free(h[0]);
    /* 1: freed before it is done, then cancelled: the handle is still valid until it ends. */
    int rc1 = start_generate(client, MODEL("slow-20000", ""), 0, &c[1], &h[1]);
    litellm_call_free(h[1]);
    int cancel_freed_running = litellm_call_cancel(h[1]);
    /* 2: freed after done, twice. */
    int rc2 = start_generate(client, ECHO("freed after done"), 0, &c[2], &h[2]);
    /* 3: freed from inside its own on_done. */
    c[3].done_hook = free_own_handle_in_on_done;
    c[3].hook_arg = &box;
    int rc3 = start_generate(client, ECHO("freed in on_done"), 0, &c[3], &h[3]);
    litellm_call *prev = atomic_exchange(&box, h[3]);
    if (prev == DONE_MARK) litellm_call_free(h[3]); /* on_done came first: the starter frees */

    int reached = wait_for(&group, 4, 10000, NULL);
    litellm_call_free(h[2]);
    litellm_call_free(h[2]);
    litellm_call_free(NULL);
    /* Ended and freed: gone for good. "Ended" is once on_done has returned, which the host
       cannot observe exactly (its last statement is the notify that woke this thread), so each
       handle gets up to a second to turn invalid; until then a cancel is a harmless OK. */
    int cancel_gone[4];
    double gone_ms = 0;
    for (int i = 0; i < 4; i++) {
        double t = now_ms();
        while ((cancel_gone[i] = litellm_call_cancel(h[i])) == LITELLM_OK && now_ms() - t < 1000.0) sleep_ms(1);
        if (now_ms() - t > gone_ms) gone_ms = now_ms() - t;
    }
    int cancel_null = litellm_call_cancel(NULL);
    litellm_call_free(h[3]); /* already freed in on_done (or by the starter): harmless */
    int late = wait_for(&group, 5, 200, NULL);
    litellm_client_free(client);
    snprintf(note, sizeof note, "the freed handles were invalid at most %.1f ms after their on_done was seen", gone_ms);
    CHECK(rc0 == LITELLM_OK && rc1 == LITELLM_OK && rc2 == LITELLM_OK && rc3 == LITELLM_OK);
    CHECK(reached && !late);
    for (int i = 0; i < 4; i++) CHECK(call_ok(&c[i], "freed handle"));
    CHECK(c[0].status == LITELLM_OK); /* a free does not cancel */
    CHECK(cancel_freed_running == LITELLM_OK);
    CHECK(c[1].status == LITELLM_ERR_CANCELLED);
    CHECK(c[2].status == LITELLM_OK && c[3].status == LITELLM_OK);
    for (int i = 0; i < 4; i++) {
        if (cancel_gone[i] != LITELLM_ERR_INVALID_ARGUMENT) fprintf(stderr, "    handle %d: cancel returned %d\n", i, cancel_gone[i]);
        CHECK(cancel_gone[i] == LITELLM_ERR_INVALID_ARGUMENT);
    }
    CHECK(cancel_null == LITELLM_ERR_INVALID_ARGUMENT);
    calls_delete(c, 4);
    return 1;
}

/* ---- freeing the client ---------------------------------------------------------------- */

static int client_free_waits_for_1000_async_calls(void)
{
    enum { N = 1000 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    int refused = 0;
    for (int i = 0; i < N; i++) {
        /* Most plain, some streamed, some runs: all slow enough to be in flight. */
        int rc = i % 10 == 9 ? start_run(client, "{\"models\":[\"slow-20000\",\"echo\"],\"task_prompt\":\"x\"}", &c[i], NULL)
                             : start_generate(client, MODEL("slow-20000", ""), i % 10 == 8, &c[i], NULL);
        if (rc != LITELLM_OK) refused++;
    }
    int max_threads = 0;
    max_thread_names[0] = '\0';
    int early = wait_for(&group, 1, 300, &max_threads); /* let them connect and send */
    double t0 = now_ms();
    litellm_client_free(client);
    double took = now_ms() - t0;
    int done_at_return = atomic_load(&group); /* read at once */
    litellm_client_free(client);              /* a second free does nothing */
    int late = wait_for(&group, N + 1, 200, NULL);
    snprintf(note, sizeof note, "free took %.0f ms; %d of %d on_done had run when it returned; max %d threads",
             took, done_at_return, N, max_threads);
    CHECK(refused == 0);
    CHECK(!early);
    printf("    threads at the maximum: %s\n", max_thread_names);
    CHECK(done_at_return == N);
    CHECK(!late);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        bad += !call_ok(&c[i], "freed with the client");
        if (c[i].status != LITELLM_ERR_CANCELLED) bad++;
    }
    CHECK(bad == 0);
    calls_delete(c, N);
    return 1;
}

struct free_from_callback {
    litellm_client *client;
    atomic_int returned;
    double took_ms;
    int after_rc;     /* a start on the handle right after the free, from the callback */
};

static void free_client_in_callback(struct call *c)
{
    struct free_from_callback *f = c->hook_arg;
    if (atomic_load(&f->returned)) return;
    double t0 = now_ms();
    litellm_client_free(f->client);
    f->took_ms = now_ms() - t0;
    f->after_rc = litellm_generate_async(f->client, ECHO("too late"), NULL, on_done, c, NULL);
    atomic_store(&f->returned, 1);
}

static void free_client_in_event(struct call *c, int n)
{
    if (n == 1) free_client_in_callback(c);
}

/* litellm_client_free from inside a callback of one of the client's calls: it cancels every
   call of the client, makes the handle invalid at once and returns without waiting (header,
   litellm_client_free). From on_event, the stream running the callback is cancelled too
   (header, litellm_stream_fn: "Calling litellm_client_free on the client it is streaming from
   cancels the stream"), as the blocking litellm_generate_stream does. */
static int client_free_from_a_callback_of_its_own(int from_event)
{
    enum { SLOW = 50, N = SLOW + 1 };
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(N, &group);
    struct free_from_callback f = { client, 0, 0.0, -1 };
    int refused = 0;
    for (int i = 0; i < SLOW; i++)
        if (start_generate(client, MODEL("slow-20000", ""), i % 2, &c[i], NULL) != LITELLM_OK) refused++;
    c[SLOW].hook_arg = &f;
    c[SLOW].keep_json = 1;
    if (from_event) c[SLOW].event_hook = free_client_in_event;
    else c[SLOW].done_hook = free_client_in_callback;
    if (start_generate(client, from_event ? ECHO("the stream whose callback frees its client")
                                          : ECHO("the call whose on_done frees its client"),
                       from_event, &c[SLOW], NULL) != LITELLM_OK) refused++;
    int reached = wait_for(&group, N - refused, 10000, NULL);
    double last = 0;
    for (int i = 0; i < SLOW; i++) if (c[i].done_at > last) last = c[i].done_at;
    int late = wait_for(&group, N + 1, 200, NULL);
    /* The handle is invalid from the moment of the free. */
    char *out = NULL;
    static atomic_int unused;
    struct call *after = calls_new(1, &unused);
    int gen_rc = litellm_generate(client, ECHO("x"), &out);
    litellm_free(out);
    int async_rc = litellm_generate_async(client, ECHO("x"), NULL, on_done, after, NULL);
    int cancel_rc = litellm_cancel(client, "x");
    litellm_client_free(client); /* again: does nothing */
    snprintf(note, sizeof note, "the free in the callback returned in %.1f ms; the other calls ended %.0f ms after it began",
             f.took_ms, last - c[SLOW].done_at);
    CHECK(refused == 0);
    CHECK(reached && !late);
    CHECK(atomic_load(&f.returned));
    CHECK(f.took_ms < 1000.0);
    CHECK(f.after_rc == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(gen_rc == LITELLM_ERR_INVALID_ARGUMENT && async_rc == LITELLM_ERR_INVALID_ARGUMENT
          && cancel_rc == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(atomic_load(&after->done) == 0);
    for (int i = 0; i < N; i++) CHECK(call_ok(&c[i], "call of a client freed from a callback"));
    for (int i = 0; i < SLOW; i++) CHECK(c[i].status == LITELLM_ERR_CANCELLED);
    if (from_event) {
        if (c[SLOW].status != LITELLM_ERR_CANCELLED)
            fprintf(stderr, "    the stream went on: status %d after %d events (%d deltas, %d done): %s\n", c[SLOW].status,
                    atomic_load(&c[SLOW].events), atomic_load(&c[SLOW].deltas), atomic_load(&c[SLOW].done_events), c[SLOW].json);
        CHECK(c[SLOW].status == LITELLM_ERR_CANCELLED); /* its own stream is cancelled too */
    } else {
        CHECK(c[SLOW].status == LITELLM_OK);
        CHECK_HAS(c[SLOW].json, "\"content\":\"the call whose on_done frees its client\"");
    }
    calls_delete(c, N);
    calls_delete(after, 1);
    return 1;
}

static int client_free_from_on_done_of_its_own_call(void) { return client_free_from_a_callback_of_its_own(0); }
static int client_free_from_on_event_of_its_own_call(void) { return client_free_from_a_callback_of_its_own(1); }

/* ---- runs ------------------------------------------------------------------------------ */

#define RESULT_TASK "\"task_prompt\":\"{\\\"status\\\":\\\"success\\\",\\\"output\\\":{\\\"queue\\\":\\\"billing\\\"},\\\"confidence\\\":0.9}\""

static int run_async_success_ladder_and_cancel(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    static atomic_int group;
    atomic_store(&group, 0);
    struct call *c = calls_new(5, &group);
    for (int i = 0; i < 5; i++) c[i].keep_json = 1;
    litellm_call *h = NULL;
    int rc[5];
    rc[0] = start_run(client, "{\"model\":\"echo\"," RESULT_TASK "}", &c[0], NULL);
    rc[1] = start_run(client, "{\"models\":[\"garbage\",\"status-500\",\"echo\"],\"max_retries\":0,"
                              "\"skill_prompt\":\"Answer with a Result object.\"," RESULT_TASK "}", &c[1], NULL);
    rc[2] = start_run(client, "{\"models\":[\"echo\",\"status-404\"],\"task_prompt\":\"not json at all\"}", &c[2], NULL);
    rc[3] = start_run(client, "{\"models\":[\"slow-20000\",\"echo\"],\"request_id\":\"run-9\"," RESULT_TASK "}", &c[3], &h);
    rc[4] = start_run(client, "{\"models\":[\"slow-20000\",\"echo\"],\"request_id\":\"run-10\"," RESULT_TASK "}", &c[4], NULL);
    int three = wait_for(&group, 3, 10000, NULL);
    double t0 = now_ms();
    int cancel_rc = litellm_call_cancel(h);
    int by_id_rc = litellm_cancel(client, "run-10"); /* a call without a handle, by its request_id */
    int reached = wait_for(&group, 5, 5000, NULL);
    double cancel_ms = (c[3].done_at > c[4].done_at ? c[3].done_at : c[4].done_at) - t0;
    litellm_call_free(h);
    litellm_client_free(client);
    snprintf(note, sizeof note, "cancel-to-on_done %.1f ms", cancel_ms);
    for (int i = 0; i < 5; i++) CHECK(rc[i] == LITELLM_OK);
    CHECK(three && reached);
    CHECK(cancel_rc == LITELLM_OK && by_id_rc == LITELLM_OK);
    for (int i = 0; i < 5; i++) CHECK(call_ok(&c[i], "run"));
    CHECK(c[0].status == LITELLM_OK);
    CHECK_HAS(c[0].json, "{\"result\":{\"status\":\"success\",\"output\":{\"queue\":\"billing\"}");
    CHECK_HAS(c[0].json, "\"escalations\":[]");
    CHECK(c[1].status == LITELLM_OK);
    CHECK_HAS(c[1].json, "\"model\":\"echo\"");
    CHECK_HAS(c[1].json, "\"escalations\":[{\"model\":\"garbage\",\"error\":{\"kind\":\"bad_response\"");
    CHECK_HAS(c[1].json, "{\"model\":\"status-500\",\"error\":{\"kind\":\"http_status\"");
    CHECK(c[2].status == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(c[2].json, "\"status\":404");
    CHECK_HAS(c[2].json, "\"escalations\":[{\"model\":\"echo\"");
    CHECK_HAS(c[2].json, "\"kind\":\"invalid_result\"");
    for (int i = 3; i < 5; i++) {
        CHECK(c[i].status == LITELLM_ERR_CANCELLED); /* echo, the next model, would have succeeded */
        CHECK(strstr(c[i].json, "\"model\":\"echo\"") == NULL);
    }
    CHECK_HAS(c[3].json, "\"request_id\":\"run-9\"");
    CHECK_HAS(c[4].json, "\"request_id\":\"run-10\"");
    CHECK(cancel_ms < 500.0);
    calls_delete(c, 5);
    return 1;
}

/* ---- 10,000 calls, a fault mix, a window of 500 kept in flight from on_done --------------- */

enum { MIX_CALLS = 10000, MIX_WINDOW = 500, MIX_KINDS = 5 };

static struct {
    litellm_client *client;
    pthread_t host;
    int nonce;                /* the process id: the fake server's flaky-500 fails only a body it has not seen */
    atomic_int next;          /* the next call to start */
    atomic_int ended;         /* on_done invocations (and refused starts) */
    atomic_int count[MIX_CALLS]; /* on_done invocations per call */
    atomic_int wrong, on_host, in_start, refused, in_flight, max_in_flight;
    atomic_int by_kind_ok[MIX_KINDS];
    atomic_flag first_wrong_taken;
    char first_wrong[600];
    int index[MIX_CALLS];     /* user_data of call i: &index[i], holding i */
} mix;

static const char *const mix_models[MIX_KINDS] = { "echo", "flaky-500", "status-401", "reset", "garbage" };
static const int mix_want[MIX_KINDS] = { LITELLM_OK, LITELLM_OK, LITELLM_ERR_HTTP_STATUS, LITELLM_ERR_NETWORK,
                                         LITELLM_ERR_BAD_RESPONSE };

static void mix_start(int i);

static void mix_on_done(void *user_data, int status, const char *json)
{
    int i = *(const int *)user_data;
    int kind = i % MIX_KINDS;
    atomic_fetch_add(&mix.count[i], 1);
    atomic_fetch_add(&done_total, 1);
    atomic_fetch_sub(&mix.in_flight, 1);
    if (pthread_equal(pthread_self(), mix.host)) atomic_fetch_add(&mix.on_host, 1);
    if (inside_start) atomic_fetch_add(&mix.in_start, 1);
    int right = status == mix_want[kind] && doc_fits(status, json);
    if (right && status == LITELLM_OK) {
        char want[64];
        snprintf(want, sizeof want, "\"content\":\"mix %d %d\"", mix.nonce, i);
        right = strstr(json, want) != NULL && (kind != 1 || strstr(json, "\"attempts\":2,") != NULL);
    } else if (right && kind == 2) {
        right = strstr(json, "\"status\":401") != NULL;
    }
    if (right) atomic_fetch_add(&mix.by_kind_ok[kind], 1);
    else {
        atomic_fetch_add(&mix.wrong, 1);
        if (!atomic_flag_test_and_set(&mix.first_wrong_taken))
            snprintf(mix.first_wrong, sizeof mix.first_wrong, "call %d (%s): status %d, %.400s", i, mix_models[kind],
                     status, json ? json : "(NULL)");
    }
    int next = atomic_fetch_add(&mix.next, 1);
    if (next < MIX_CALLS) mix_start(next); /* keep the window full, from the library thread */
    atomic_fetch_add(&mix.ended, 1);
    notify();
}

static void mix_start(int i)
{
    int kind = i % MIX_KINDS;
    char request[256];
    snprintf(request, sizeof request,
             "{\"model\":\"%s\",\"max_retries\":%d,\"timeout_ms\":20000,\"messages\":[{\"role\":\"user\",\"content\":\"mix %d %d\"}]}",
             mix_models[kind], kind == 1 ? 1 : 0, mix.nonce, i);
    mix.index[i] = i;
    int now = atomic_fetch_add(&mix.in_flight, 1) + 1;
    int max = atomic_load(&mix.max_in_flight);
    while (now > max && !atomic_compare_exchange_weak(&mix.max_in_flight, &max, now)) { }
    inside_start++;
    int rc = litellm_generate_async(mix.client, request, NULL, mix_on_done, &mix.index[i], NULL);
    inside_start--;
    if (rc != LITELLM_OK) {
        atomic_fetch_sub(&mix.in_flight, 1);
        atomic_fetch_add(&mix.refused, 1);
        atomic_fetch_add(&mix.ended, 1); /* counted as ended so the wait ends; count[i] stays 0 */
        notify();
    } else {
        atomic_fetch_add(&started_total, 1);
    }
}

static int ten_thousand_calls_fault_mix_window_500(void)
{
    mix.client = client_for(base_url, NULL);
    CHECK(mix.client != NULL);
    mix.host = pthread_self();
    mix.nonce = (int)getpid();
    atomic_store(&mix.next, MIX_WINDOW);
    int max_threads = 0;
    max_thread_names[0] = '\0';
    double t0 = now_ms();
    for (int i = 0; i < MIX_WINDOW; i++) mix_start(i);
    int reached = wait_for(&mix.ended, MIX_CALLS, 60000, &max_threads);
    double elapsed = now_ms() - t0;
    litellm_client_free(mix.client);
    int lost = 0, doubled = 0;
    for (int i = 0; i < MIX_CALLS; i++) {
        int n = atomic_load(&mix.count[i]);
        lost += n == 0;
        doubled += n > 1;
    }
    snprintf(note, sizeof note, "%d calls in %.0f ms (%.0f/s), max %d in flight, max %d threads; right: echo %d, flaky %d, "
             "401 %d, reset %d, garbage %d", MIX_CALLS, elapsed, MIX_CALLS / (elapsed / 1000.0), atomic_load(&mix.max_in_flight),
             max_threads, atomic_load(&mix.by_kind_ok[0]), atomic_load(&mix.by_kind_ok[1]), atomic_load(&mix.by_kind_ok[2]),
             atomic_load(&mix.by_kind_ok[3]), atomic_load(&mix.by_kind_ok[4]));
    printf("    threads at the maximum: %s\n", max_thread_names);
    if (mix.first_wrong[0]) fprintf(stderr, "    first wrong: %s\n", mix.first_wrong);
    if (lost || doubled) fprintf(stderr, "    %d lost, %d doubled\n", lost, doubled);
    CHECK(reached);
    CHECK(atomic_load(&mix.refused) == 0);
    CHECK(lost == 0 && doubled == 0);
    CHECK(atomic_load(&mix.wrong) == 0);
    CHECK(atomic_load(&mix.on_host) == 0 && atomic_load(&mix.in_start) == 0);
    CHECK(atomic_load(&mix.max_in_flight) <= MIX_WINDOW);
    return 1;
}

/* ---- the whole run --------------------------------------------------------------------- */

static int every_started_call_ended_exactly_once(void)
{
    sleep_ms(200); /* a late or second on_done would show up here */
    long started = atomic_load(&started_total), done = atomic_load(&done_total);
    snprintf(note, sizeof note, "%ld calls started, %ld on_done", started, done);
    CHECK(started == done);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s BASE_URL CLOSED_PORT_URL\n", argv[0]);
        return 2;
    }
    base_url = argv[1];
    closed_url = argv[2];
    threads_at_start = thread_count();
    /* Thousands of calls in flight need as many file descriptors. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) perror("setrlimit");
    }
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wake_cond, &attr);
    pthread_condattr_destroy(&attr);
    double t0 = now_ms();

    run_test("abi_version_and_status_names", abi_version_and_status_names);
    run_test("ok_arrives_through_on_done", ok_arrives_through_on_done);
    run_test("default_client_serves_async_calls", default_client_serves_async_calls);
    run_test("http_status_401_through_on_done", http_status_401_through_on_done);
    run_test("bad_response_garbage_through_on_done", bad_response_garbage_through_on_done);
    run_test("network_closed_port_through_on_done", network_closed_port_through_on_done);
    run_test("timeout_through_on_done", timeout_through_on_done);
    run_test("bad_requests_are_invalid_argument_through_on_done", bad_requests_are_invalid_argument_through_on_done);
    run_test("refused_starts_never_call_on_done", refused_starts_never_call_on_done);
    run_test("on_done_never_on_the_starting_thread", on_done_never_on_the_starting_thread);
    run_test("threads_stay_bounded_during_2000_slow_calls", threads_stay_bounded_during_2000_slow_calls);
    run_test("streamed_calls_keep_event_order_and_done_last", streamed_calls_keep_event_order_and_done_last);
    run_test("stream_callback_nonzero_is_cancelled", stream_callback_nonzero_is_cancelled);
    run_test("cancel_right_after_the_start", cancel_right_after_the_start);
    run_test("cancel_during_connect", cancel_during_connect);
    run_test("cancel_mid_stream_from_another_thread", cancel_mid_stream_from_another_thread);
    run_test("cancel_mid_stream_from_on_event", cancel_mid_stream_from_on_event);
    run_test("cancel_short_stream_from_on_event", cancel_short_stream_from_on_event);
    run_test("cancel_after_done_and_twice", cancel_after_done_and_twice);
    run_test("call_free_before_and_after_done", call_free_before_and_after_done);
    run_test("client_free_waits_for_1000_async_calls", client_free_waits_for_1000_async_calls);
    run_test("client_free_from_on_done_of_its_own_call", client_free_from_on_done_of_its_own_call);
    run_test("client_free_from_on_event_of_its_own_call", client_free_from_on_event_of_its_own_call);
    run_test("run_async_success_ladder_and_cancel", run_async_success_ladder_and_cancel);
    run_test("ten_thousand_calls_fault_mix_window_500", ten_thousand_calls_fault_mix_window_500);
    run_test("every_started_call_ended_exactly_once", every_started_call_ended_exactly_once);

    printf("native: %d passed, %d failed in %.1f s\n", passed, failed, (now_ms() - t0) / 1000.0);
    return failed == 0 ? 0 : 1;
}
