/*
 * Native host tests for the calls that run over time: streaming, cancellation, freeing a busy
 * client, the log callback and many threads on one client. The published liblitellm.so is
 * called exactly as a C program calls it, against the loopback fake server (tests/FakeServer),
 * whose answer is chosen by the model name: "echo" echoes the last user message (SSE in
 * 3-character deltas when streaming), "status-NNN" answers NNN, "tool" answers a tool call,
 * "slow-MS" waits first.
 *
 * Usage: test_stream BASE_URL
 * Prints one line per test (with its measured times, where it has any) and
 * "N passed, M failed" last; exits non-zero on any failure.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "litellm.h"
#include "check.h"
#include "host_util.h"

static int passed, failed;
static const char *base_url;
static char note[160]; /* measurements a test reports on its output line */

/* CHECK and CHECK_HAS come from check.h. */

static void run_test(const char *name, int (*fn)(void))
{
    note[0] = '\0';
    int ok = fn();
    printf("%s %s%s%s%s\n", ok ? "ok    " : "FAILED", name, note[0] ? " (" : "", note, note[0] ? ")" : "");
    fflush(stdout);
    if (ok) passed++; else failed++;
}

/*
 * The string value of the first "key": in a compact JSON document, unescaped into out.
 * Returns 1 for a string, 0 when the key is absent, -1 when its value is not a string (null).
 * Handles the escapes the library writes (\" \\ \/ \n \r \t \b \f, \u00XX); enough for tests.
 */
static int json_string(const char *doc, const char *key, char *out, size_t cap)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = doc ? strstr(doc, pattern) : NULL;
    if (p == NULL) return 0;
    p += strlen(pattern);
    while (*p == ' ') p++;
    if (*p != '"') return -1;
    p++;
    size_t n = 0;
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            char e = *p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                char hex[5] = { 0 };
                for (int i = 0; i < 4 && *p; i++) hex[i] = *p++;
                c = (char)strtol(hex, NULL, 16);
                break;
            }
            default: c = e; break; /* \" \\ \/ */
            }
        }
        if (n + 1 < cap) out[n++] = c;
    }
    if (cap) out[n] = '\0';
    return *p == '"' ? 1 : -1;
}

/* The integer value of the first "key": in the document, or -1 when absent or not a number. */
static long json_long(const char *doc, const char *key)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = doc ? strstr(doc, pattern) : NULL;
    if (p == NULL) return -1;
    p += strlen(pattern);
    char *end = NULL;
    long value = strtol(p, &end, 10);
    return end == p ? -1 : value;
}

/* ---- streaming ----------------------------------------------------------------------- */

/* What a stream callback saw. */
struct stream_log {
    void *expected_user_data; /* the callback compares what it gets with this */
    pthread_t caller;         /* the thread that called litellm_generate_stream */
    int calls;                /* every callback invocation */
    int bad_user_data;        /* invocations whose user_data was not the one given */
    int foreign_thread;       /* invocations on another thread than the caller's */
    int deltas, empty_deltas, tool_deltas, dones, others;
    int after_done;           /* events delivered after the "done" event */
    int stop_on_call;         /* return non-zero on this call (1-based); 0: never */
    char content[1024];       /* delta contents, concatenated */
    char arguments[1024];     /* tool_call_delta arguments, concatenated */
    char first_tool_delta[512];
    char later_tool_delta[512];
    char done[2048];          /* the "done" event, copied */
};

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int on_stream_event(void *user_data, const char *event_json)
{
    struct stream_log *log = (struct stream_log *)user_data;
    log->calls++;
    if (user_data != log->expected_user_data) log->bad_user_data++;
    if (!pthread_equal(pthread_self(), log->caller)) log->foreign_thread++;
    if (log->dones > 0) log->after_done++;

    char piece[512];
    if (starts_with(event_json, "{\"type\":\"delta\",")) {
        log->deltas++;
        if (json_string(event_json, "content", piece, sizeof piece) != 1 || piece[0] == '\0') log->empty_deltas++;
        else strncat(log->content, piece, sizeof log->content - strlen(log->content) - 1);
    } else if (starts_with(event_json, "{\"type\":\"tool_call_delta\",")) {
        if (log->tool_deltas == 0) snprintf(log->first_tool_delta, sizeof log->first_tool_delta, "%s", event_json);
        else snprintf(log->later_tool_delta, sizeof log->later_tool_delta, "%s", event_json);
        log->tool_deltas++;
        if (json_string(event_json, "arguments", piece, sizeof piece) == 1)
            strncat(log->arguments, piece, sizeof log->arguments - strlen(log->arguments) - 1);
    } else if (starts_with(event_json, "{\"type\":\"done\",\"response\":{")) {
        log->dones++;
        snprintf(log->done, sizeof log->done, "%s", event_json);
    } else {
        log->others++;
        fprintf(stderr, "    unexpected stream event: %s\n", event_json);
    }
    return log->stop_on_call != 0 && log->calls == log->stop_on_call;
}

static void stream_log_init(struct stream_log *log)
{
    memset(log, 0, sizeof *log);
    log->expected_user_data = log;
    log->caller = pthread_self();
}

static int stream_echo_delivers_deltas_then_one_done(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct stream_log log;
    stream_log_init(&log);
    char *out = NULL;
    int status = litellm_generate_stream(client,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello streaming world\"}]}",
        on_stream_event, &log, &out);
    litellm_client_free(client);
    snprintf(note, sizeof note, "%d deltas", log.deltas);
    CHECK(status == LITELLM_OK);
    CHECK(log.bad_user_data == 0);
    CHECK(log.foreign_thread == 0);
    CHECK(log.deltas >= 2); /* delivered as it arrives, not in one piece */
    CHECK(log.empty_deltas == 0);
    CHECK(strcmp(log.content, "hello streaming world") == 0);
    CHECK(log.dones == 1);
    CHECK(log.after_done == 0); /* "done" came last */
    CHECK(log.tool_deltas == 0 && log.others == 0);
    CHECK(log.calls == log.deltas + 1);
    CHECK_HAS(log.done, "\"content\":\"hello streaming world\"");
    CHECK_HAS(out, "\"content\":\"hello streaming world\"");
    CHECK_HAS(out, "\"stop_reason\":\"end_turn\"");
    CHECK_HAS(out, "\"model\":\"echo\"");
    CHECK(json_long(out, "input_tokens") > 0);
    CHECK(json_long(out, "output_tokens") > 0);
    litellm_free(out);
    return 1;
}

static int stream_callback_nonzero_cancels_at_once(void)
{
    struct stream_log log;
    stream_log_init(&log);
    log.stop_on_call = 1;
    char *out = NULL;
    int status = litellm_generate_stream(NULL,
        "{\"model\":\"echo\",\"request_id\":\"s-stop\",\"messages\":[{\"role\":\"user\","
        "\"content\":\"a long answer that would take many deltas to deliver\"}]}",
        on_stream_event, &log, &out);
    CHECK(status == LITELLM_ERR_CANCELLED);
    CHECK(log.calls == 1);
    CHECK(log.deltas == 1 && log.dones == 0);
    CHECK_HAS(out, "\"kind\":\"cancelled\"");
    litellm_free(out);
    return 1;
}

static int stream_callback_nonzero_on_done_changes_nothing(void)
{
    struct stream_log log;
    stream_log_init(&log);
    log.stop_on_call = 3; /* "abc" + "def" are two deltas; the third event is "done" */
    char *out = NULL;
    int status = litellm_generate_stream(NULL,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"abcdef\"}]}",
        on_stream_event, &log, &out);
    CHECK(log.deltas == 2 && log.dones == 1 && log.calls == 3);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"abcdef\"");
    litellm_free(out);
    return 1;
}

static int stream_tool_call_arrives_in_fragments(void)
{
    struct stream_log log;
    stream_log_init(&log);
    char *out = NULL;
    int status = litellm_generate_stream(NULL,
        "{\"model\":\"tool\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],"
        "\"tools\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]}",
        on_stream_event, &log, &out);
    snprintf(note, sizeof note, "%d tool_call_delta events", log.tool_deltas);
    CHECK(status == LITELLM_OK);
    CHECK(log.tool_deltas >= 2);
    CHECK(log.dones == 1 && log.after_done == 0);
    CHECK_HAS(log.first_tool_delta, "\"index\":0");
    CHECK_HAS(log.first_tool_delta, "\"id\":\"call_1\"");
    CHECK_HAS(log.first_tool_delta, "\"name\":\"get_weather\"");
    CHECK_HAS(log.later_tool_delta, "\"id\":null");   /* only the first fragment names the call */
    CHECK_HAS(log.later_tool_delta, "\"name\":null");
    CHECK(strcmp(log.arguments, "{\"city\":\"Oslo\"}") == 0);
    CHECK_HAS(out, "\"name\":\"get_weather\"");
    CHECK_HAS(out, "\"arguments\":{\"city\":\"Oslo\"}");
    CHECK_HAS(out, "\"stop_reason\":\"tool_use\"");
    litellm_free(out);
    return 1;
}

static int stream_http_error_delivers_no_events(void)
{
    struct stream_log log;
    stream_log_init(&log);
    char *out = NULL;
    int status = litellm_generate_stream(NULL,
        "{\"model\":\"status-429\",\"max_retries\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        on_stream_event, &log, &out);
    CHECK(status == LITELLM_ERR_HTTP_STATUS);
    CHECK(log.deltas == 0);
    CHECK(log.calls == 0);
    CHECK_HAS(out, "\"kind\":\"http_status\"");
    CHECK_HAS(out, "\"status\":429");
    litellm_free(out);
    return 1;
}

static int stream_requires_on_event_and_out_json(void)
{
    char *out = NULL;
    CHECK(litellm_generate_stream(NULL, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                                  NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "\"kind\":\"invalid_argument\"");
    CHECK_HAS(out, "on_event");
    litellm_free(out);
    struct stream_log log;
    stream_log_init(&log);
    CHECK(litellm_generate_stream(NULL, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                                  on_stream_event, &log, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(log.calls == 0);
    return 1;
}

/* ---- cancellation -------------------------------------------------------------------- */

/* One blocking call on a background thread; records its status, document and return time. */
struct background_call {
    litellm_client *client;
    const char *request;
    int run; /* litellm_run instead of litellm_generate */
    int status;
    char *out;
    double returned_at_ms;
    atomic_int returned;
};

static void *background(void *arg)
{
    struct background_call *call = (struct background_call *)arg;
    call->status = call->run ? litellm_run(call->client, call->request, &call->out)
                             : litellm_generate(call->client, call->request, &call->out);
    call->returned_at_ms = now_ms();
    atomic_store(&call->returned, 1);
    return NULL;
}

static int cancel_by_request_id_returns_within_100ms(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct background_call call = { client,
        "{\"model\":\"slow-10000\",\"request_id\":\"c-42\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        0, -1, NULL, 0.0, 0 };
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, background, &call) == 0);
    sleep_ms(300);
    int still_running = !atomic_load(&call.returned);
    double cancelled_at = now_ms();
    int first = litellm_cancel(client, "c-42");
    int second = litellm_cancel(client, "c-42"); /* idempotent */
    pthread_join(thread, NULL);
    double elapsed = call.returned_at_ms - cancelled_at;
    snprintf(note, sizeof note, "cancel-to-return %.1f ms", elapsed);
    litellm_client_free(client);
    CHECK(still_running); /* the call was in flight when cancelled */
    CHECK(first == LITELLM_OK);
    CHECK(second == LITELLM_OK);
    CHECK(call.status == LITELLM_ERR_CANCELLED);
    CHECK_HAS(call.out, "\"kind\":\"cancelled\"");
    CHECK_HAS(call.out, "\"request_id\":\"c-42\"");
    CHECK(elapsed < 100.0);
    litellm_free(call.out);
    return 1;
}

static int cancel_is_ok_for_unmatched_id_and_rejects_null_or_freed(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    CHECK(litellm_cancel(client, "nothing-runs-with-this-id") == LITELLM_OK);
    CHECK(litellm_cancel(NULL, "nothing-runs-with-this-id") == LITELLM_OK); /* the default client */
    CHECK(litellm_cancel(client, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_cancel(NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    litellm_client_free(client);
    CHECK(litellm_cancel(client, "c-1") == LITELLM_ERR_INVALID_ARGUMENT);
    return 1;
}

static int cancel_affects_only_calls_in_flight(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    CHECK(litellm_cancel(client, "c-later") == LITELLM_OK); /* nothing in flight: nothing remembered */
    char *out = NULL;
    int status = litellm_generate(client,
        "{\"model\":\"echo\",\"request_id\":\"c-later\",\"messages\":[{\"role\":\"user\",\"content\":\"still here\"}]}", &out);
    litellm_client_free(client);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"still here\"");
    litellm_free(out);
    return 1;
}

static int cancel_stops_a_run_without_trying_the_next_model(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct background_call call = { client,
        "{\"models\":[\"slow-10000\",\"echo\"],\"request_id\":\"r-7\","
        "\"task_prompt\":\"{\\\"status\\\":\\\"success\\\",\\\"output\\\":{},\\\"confidence\\\":0.9}\"}",
        1, -1, NULL, 0.0, 0 };
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, background, &call) == 0);
    sleep_ms(300);
    int still_running = !atomic_load(&call.returned);
    double cancelled_at = now_ms();
    int cancelled = litellm_cancel(client, "r-7");
    pthread_join(thread, NULL);
    double elapsed = call.returned_at_ms - cancelled_at;
    snprintf(note, sizeof note, "cancel-to-return %.1f ms", elapsed);
    litellm_client_free(client);
    CHECK(still_running);
    CHECK(cancelled == LITELLM_OK);
    CHECK(call.status == LITELLM_ERR_CANCELLED); /* the echo model would have answered OK */
    CHECK_HAS(call.out, "\"kind\":\"cancelled\"");
    CHECK_HAS(call.out, "\"request_id\":\"r-7\"");
    CHECK(strstr(call.out, "\"model\":\"echo\"") == NULL);
    CHECK(elapsed < 100.0);
    litellm_free(call.out);
    return 1;
}

enum { BUSY_THREADS = 8 };

static int free_while_busy_cancels_and_waits_for_every_call(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct background_call calls[BUSY_THREADS];
    pthread_t threads[BUSY_THREADS];
    for (int i = 0; i < BUSY_THREADS; i++) {
        calls[i] = (struct background_call){ client,
            "{\"model\":\"slow-10000\",\"messages\":[{\"role\":\"user\",\"content\":\"busy\"}]}", 0, -1, NULL, 0.0, 0 };
        CHECK(pthread_create(&threads[i], NULL, background, &calls[i]) == 0);
    }
    sleep_ms(300);
    int returned_before = 0;
    for (int i = 0; i < BUSY_THREADS; i++) returned_before += atomic_load(&calls[i].returned);
    double started = now_ms();
    litellm_client_free(client);
    double freed = now_ms();
    int returned_after = 0; /* read at once: free must not return before the calls have */
    for (int i = 0; i < BUSY_THREADS; i++) returned_after += atomic_load(&calls[i].returned);
    litellm_client_free(client); /* a second free of the same handle does nothing */
    for (int i = 0; i < BUSY_THREADS; i++) pthread_join(threads[i], NULL);
    double last_return = 0.0;
    for (int i = 0; i < BUSY_THREADS; i++)
        if (calls[i].returned_at_ms > last_return) last_return = calls[i].returned_at_ms;
    snprintf(note, sizeof note, "%d of %d calls had returned when free returned; last call returned %.1f ms, free %.1f ms after free began",
             returned_after, BUSY_THREADS, last_return - started, freed - started);
    CHECK(returned_before == 0);
    /* Free returns once every call has finished its work in the library; a host thread then
       needs a moment to get from the library's return to its own flag, so "had returned" is
       judged with a small allowance rather than read at the very instant free returns. */
    CHECK(last_return - freed <= 50.0);
    int ok = 1;
    for (int i = 0; i < BUSY_THREADS; i++) {
        if (calls[i].status != LITELLM_ERR_CANCELLED || calls[i].out == NULL || strstr(calls[i].out, "\"kind\":\"cancelled\"") == NULL) {
            fprintf(stderr, "    call %d: status %d, %s\n", i, calls[i].status, calls[i].out ? calls[i].out : "(NULL)");
            ok = 0;
        }
        litellm_free(calls[i].out);
    }
    CHECK(ok);
    return 1;
}

/* ---- log callback -------------------------------------------------------------------- */

enum { MAX_LOG_EVENTS = 256 };

static struct {
    pthread_mutex_t lock;
    void *expected_user_data;
    int count;           /* every event, kept or not */
    int bad_user_data;
    int bad_level;
    int malformed;       /* not a JSON object */
    int kept;
    int levels[MAX_LOG_EVENTS];
    char *events[MAX_LOG_EVENTS];
} logs = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0, 0, 0, { 0 }, { NULL } };

static void on_log_event(void *user_data, int level, const char *event_json)
{
    pthread_mutex_lock(&logs.lock);
    logs.count++;
    if (user_data != logs.expected_user_data) logs.bad_user_data++;
    if (level < LITELLM_LOG_DEBUG || level > LITELLM_LOG_ERROR) logs.bad_level++;
    size_t n = event_json ? strlen(event_json) : 0;
    if (n < 2 || event_json[0] != '{' || event_json[n - 1] != '}') logs.malformed++;
    if (event_json && logs.kept < MAX_LOG_EVENTS) {
        char *copy = malloc(n + 1); /* the event is only valid during the callback */
        if (copy) {
            memcpy(copy, event_json, n + 1);
            logs.levels[logs.kept] = level;
            logs.events[logs.kept++] = copy;
        }
    }
    pthread_mutex_unlock(&logs.lock);
}

static void logs_clear(void)
{
    pthread_mutex_lock(&logs.lock);
    for (int i = 0; i < logs.kept; i++) free(logs.events[i]);
    logs.count = logs.bad_user_data = logs.bad_level = logs.malformed = logs.kept = 0;
    pthread_mutex_unlock(&logs.lock);
}

static int logs_count(void)
{
    pthread_mutex_lock(&logs.lock);
    int count = logs.count;
    pthread_mutex_unlock(&logs.lock);
    return count;
}

/* The first kept event at this level that contains every fragment (NULL-terminated list), or NULL. */
static const char *logs_find(int level, const char *const *fragments)
{
    const char *found = NULL;
    pthread_mutex_lock(&logs.lock);
    for (int i = 0; i < logs.kept && found == NULL; i++) {
        if (logs.levels[i] != level) continue;
        int all = 1;
        for (const char *const *f = fragments; *f && all; f++) all = strstr(logs.events[i], *f) != NULL;
        if (all) found = logs.events[i];
    }
    pthread_mutex_unlock(&logs.lock);
    return found;
}

static void logs_dump(void)
{
    pthread_mutex_lock(&logs.lock);
    for (int i = 0; i < logs.kept; i++) fprintf(stderr, "    log[%d] level %d: %s\n", i, logs.levels[i], logs.events[i]);
    pthread_mutex_unlock(&logs.lock);
}

#define CHECK_LOGGED(level, ...)                                                     \
    do {                                                                             \
        static const char *const fragments_[] = { __VA_ARGS__, NULL };              \
        if (logs_find((level), fragments_) == NULL) {                                \
            fprintf(stderr, "    %s:%d: no level-%d event with %s\n", __FILE__, __LINE__, \
                    (level), #__VA_ARGS__);                                          \
            logs_dump();                                                             \
            return 0;                                                                \
        }                                                                            \
    } while (0)

static int log_callback_checks(litellm_client *client)
{
    int state = 0;
    logs.expected_user_data = &state;
    CHECK(litellm_set_log_callback(on_log_event, &state, LITELLM_LOG_INFO) == LITELLM_OK);

    char *out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"request_id\":\"log-1\","
                                   "\"messages\":[{\"role\":\"user\",\"content\":\"logged\"}]}", &out) == LITELLM_OK);
    litellm_free(out);
    out = NULL;
    CHECK_LOGGED(LITELLM_LOG_INFO, "\"gen_ai.system\":\"litellm\"", "\"gen_ai.request.model\":\"echo\"",
                 "\"gen_ai.usage.input_tokens\"", "\"request_id\":\"log-1\"", "\"status\":\"ok\"",
                 "\"http.response.status_code\":200");

    CHECK(litellm_generate(client, "{\"model\":\"status-503\",\"max_retries\":1,\"request_id\":\"log-2\","
                                   "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out) == LITELLM_ERR_HTTP_STATUS);
    litellm_free(out);
    out = NULL;
    CHECK_LOGGED(LITELLM_LOG_WARN, "\"event\":\"retry\"", "\"delay_ms\"", "\"request_id\":\"log-2\"");
    CHECK_LOGGED(LITELLM_LOG_ERROR, "\"event\":\"error\"", "\"kind\":\"http_status\"", "\"attempts\":2",
                 "\"request_id\":\"log-2\"");

    int count = logs_count();
    CHECK(count > 0);
    CHECK(logs.bad_user_data == 0);
    CHECK(logs.bad_level == 0);
    CHECK(logs.malformed == 0);
    pthread_mutex_lock(&logs.lock);
    int leaked = 0;
    for (int i = 0; i < logs.kept; i++) leaked += strstr(logs.events[i], "sk-log-secret-77") != NULL;
    pthread_mutex_unlock(&logs.lock);
    CHECK(leaked == 0);

    /* min_level filters: at WARN, a successful call logs nothing. */
    logs_clear();
    CHECK(litellm_set_log_callback(on_log_event, &state, LITELLM_LOG_WARN) == LITELLM_OK);
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"quiet\"}]}", &out) == LITELLM_OK);
    litellm_free(out);
    out = NULL;
    CHECK(logs_count() == 0);

    /* Turned off: no more events. */
    CHECK(litellm_set_log_callback(on_log_event, &state, LITELLM_LOG_DEBUG) == LITELLM_OK);
    CHECK(litellm_set_log_callback(NULL, NULL, 0) == LITELLM_OK);
    count = logs_count();
    CHECK(litellm_generate(client, "{\"model\":\"status-404\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out)
          == LITELLM_ERR_HTTP_STATUS);
    litellm_free(out);
    out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out) == LITELLM_OK);
    litellm_free(out);
    CHECK(logs_count() == count);

    CHECK(litellm_set_log_callback(on_log_event, &state, 7) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_set_log_callback(on_log_event, &state, -1) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(logs_count() == count); /* a rejected call installs nothing */
    return 1;
}

static int log_callback_gets_otel_events_without_the_key(void)
{
    litellm_client *client = NULL;
    char options[256];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"api_key\":\"sk-log-secret-77\"}", base_url);
    CHECK(litellm_client_new(options, &client, NULL) == LITELLM_OK);
    int ok = log_callback_checks(client);
    litellm_set_log_callback(NULL, NULL, 0); /* never leave a callback on this test's state */
    litellm_client_free(client);
    logs_clear();
    return ok;
}

/* ---- many threads -------------------------------------------------------------------- */

enum { MANY_THREADS = 16, MANY_CALLS = 200 };
static litellm_client *shared_client;

static void *hammer(void *arg)
{
    long id = (long)arg;
    long ok = 0;
    for (int i = 0; i < MANY_CALLS; i++) {
        char request[256], expected[64];
        snprintf(request, sizeof request,
                 "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"thread %ld call %d\"}]}", id, i);
        snprintf(expected, sizeof expected, "\"content\":\"thread %ld call %d\"", id, i);
        char *out = NULL;
        int status = litellm_generate(shared_client, request, &out);
        if (status == LITELLM_OK && out && strstr(out, expected)) ok++;
        else fprintf(stderr, "    thread %ld call %d: status %d, %s\n", id, i, status, out ? out : "(NULL)");
        litellm_free(out);
    }
    return (void *)ok;
}

static int sixteen_threads_share_one_client(void)
{
    shared_client = client_for(base_url, NULL);
    CHECK(shared_client != NULL);
    double started = now_ms();
    pthread_t threads[MANY_THREADS];
    for (long t = 0; t < MANY_THREADS; t++) CHECK(pthread_create(&threads[t], NULL, hammer, (void *)t) == 0);
    long total = 0;
    for (int t = 0; t < MANY_THREADS; t++) {
        void *result = NULL;
        pthread_join(threads[t], &result);
        total += (long)result;
    }
    double elapsed = now_ms() - started;
    litellm_client_free(shared_client);
    snprintf(note, sizeof note, "%ld of %d calls right in %.0f ms", total, MANY_THREADS * MANY_CALLS, elapsed);
    CHECK(total == MANY_THREADS * MANY_CALLS);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s BASE_URL\n", argv[0]);
        return 2;
    }
    base_url = argv[1];

    run_test("stream_echo_delivers_deltas_then_one_done", stream_echo_delivers_deltas_then_one_done);
    run_test("stream_callback_nonzero_cancels_at_once", stream_callback_nonzero_cancels_at_once);
    run_test("stream_callback_nonzero_on_done_changes_nothing", stream_callback_nonzero_on_done_changes_nothing);
    run_test("stream_tool_call_arrives_in_fragments", stream_tool_call_arrives_in_fragments);
    run_test("stream_http_error_delivers_no_events", stream_http_error_delivers_no_events);
    run_test("stream_requires_on_event_and_out_json", stream_requires_on_event_and_out_json);
    run_test("cancel_by_request_id_returns_within_100ms", cancel_by_request_id_returns_within_100ms);
    run_test("cancel_is_ok_for_unmatched_id_and_rejects_null_or_freed", cancel_is_ok_for_unmatched_id_and_rejects_null_or_freed);
    run_test("cancel_affects_only_calls_in_flight", cancel_affects_only_calls_in_flight);
    run_test("cancel_stops_a_run_without_trying_the_next_model", cancel_stops_a_run_without_trying_the_next_model);
    run_test("free_while_busy_cancels_and_waits_for_every_call", free_while_busy_cancels_and_waits_for_every_call);
    run_test("log_callback_gets_otel_events_without_the_key", log_callback_gets_otel_events_without_the_key);
    run_test("sixteen_threads_share_one_client", sixteen_threads_share_one_client);

    printf("native: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
