/*
 * Time to the first content delta: litellm_generate_stream against the raw SSE stream read
 * by libcurl, in the same process, interleaved call by call (the order alternates), on the
 * same server. Both keep their connection alive between calls.
 *
 * liblitellm: the clock stops when the callback receives the first {"type":"delta"} event
 *             (the library parsed the SSE framing and the chunk's JSON to produce it).
 * libcurl:    the clock stops in the write callback when the bytes received so far contain
 *             a "data:" line with a non-empty "content" (a substring scan: no JSON parsing).
 * Both then read the stream to its end, so the connection can be reused.
 *
 *   first_token BASE_URL N WARMUP
 *     BASE_URL is the liblitellm base (e.g. http://127.0.0.1:PORT/stream); libcurl posts
 *     to BASE_URL/v1/chat/completions, which is where liblitellm sends it too.
 */
#include "bench_common.h"

#include <curl/curl.h>

#include "litellm.h"

static const char *REQUEST =
    "{\"model\":\"" BENCH_MODEL "\",\"messages\":[{\"role\":\"user\",\"content\":\"" BENCH_PROMPT "\"}],\"max_tokens\":16}";

/* ---- liblitellm ---- */

typedef struct {
    int64_t first_at;
    int deltas;
} lib_state;

static int on_event(void *user_data, const char *event_json)
{
    lib_state *s = user_data;
    if (s->first_at == 0 && strncmp(event_json, "{\"type\":\"delta\"", 15) == 0) s->first_at = now_ns();
    if (strncmp(event_json, "{\"type\":\"delta\"", 15) == 0) s->deltas++;
    return 0;
}

static int64_t lib_first_delta(litellm_client *client)
{
    lib_state s = {0, 0};
    char *out = NULL;
    int64_t start = now_ns();
    int rc = litellm_generate_stream(client, REQUEST, on_event, &s, &out);
    if (rc != LITELLM_OK || s.first_at == 0 || s.deltas < 2) {
        fprintf(stderr, "first_token: liblitellm stream failed (%d, %d deltas): %s\n", rc, s.deltas, out ? out : "(null)");
        exit(1);
    }
    litellm_free(out);
    return s.first_at - start;
}

/* ---- libcurl ---- */

typedef struct {
    char buf[16384];
    size_t len;
    int64_t first_at;
} curl_state;

/* A "data:" line whose "content" string is not empty, in the bytes received so far. */
static int has_content_line(const char *buf)
{
    for (const char *p = buf; (p = strstr(p, "data:")) != NULL; p += 5) {
        const char *eol = strchr(p, '\n');
        const char *c = strstr(p, "\"content\":\"");
        if (c && (!eol || c < eol) && c[11] != '"') return 1;
    }
    return 0;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *user)
{
    curl_state *s = user;
    size_t n = size * nmemb;
    if (s->len + n < sizeof s->buf) {
        memcpy(s->buf + s->len, data, n);
        s->len += n;
        s->buf[s->len] = 0;
    }
    if (s->first_at == 0 && has_content_line(s->buf)) s->first_at = now_ns();
    return n;
}

static int64_t curl_first_delta(CURL *easy, curl_state *s)
{
    s->len = 0;
    s->buf[0] = 0;
    s->first_at = 0;
    int64_t start = now_ns();
    CURLcode rc = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status != 200 || s->first_at == 0) {
        fprintf(stderr, "first_token: libcurl stream failed: %s, status %ld\n", curl_easy_strerror(rc), status);
        exit(1);
    }
    return s->first_at - start;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: first_token BASE_URL N WARMUP\n");
        return 64;
    }
    const char *base = argv[1];
    int n = atoi(argv[2]), warmup = atoi(argv[3]);

    char options[512];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"api_key\":\"\",\"max_retries\":0,\"timeout_ms\":10000}", base);
    litellm_client *client = NULL;
    char *err = NULL;
    if (litellm_client_new(options, &client, &err) != LITELLM_OK) {
        fprintf(stderr, "first_token: litellm_client_new: %s\n", err ? err : "(null)");
        return 1;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    char url[600];
    snprintf(url, sizeof url, "%s/v1/chat/completions", base);
    CURL *easy = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: text/event-stream");
    static curl_state cs;
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, BENCH_WIRE_BODY_STREAM);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(BENCH_WIRE_BODY_STREAM));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &cs);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);

    for (int i = 0; i < warmup; i++) { lib_first_delta(client); curl_first_delta(easy, &cs); }

    int64_t *lib = calloc((size_t)n, sizeof *lib), *raw = calloc((size_t)n, sizeof *raw);
    long accepts_before = nginx_accepts();
    for (int i = 0; i < n; i++) {
        if (i & 1) { raw[i] = curl_first_delta(easy, &cs); lib[i] = lib_first_delta(client); }
        else { lib[i] = lib_first_delta(client); raw[i] = curl_first_delta(easy, &cs); }
    }
    long accepts_after = nginx_accepts();
    long new_conns = accepts_before < 0 || accepts_after < 0 ? -1 : accepts_after - accepts_before - 1;
    qsort(lib, (size_t)n, sizeof *lib, cmp_i64);
    qsort(raw, (size_t)n, sizeof *raw, cmp_i64);
    printf("kind=stream client=liblitellm n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f timed_conns=%ld\n", n,
           pct_us(lib, (size_t)n, 0.5), pct_us(lib, (size_t)n, 0.9), pct_us(lib, (size_t)n, 0.99), new_conns);
    printf("kind=stream client=libcurl n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f timed_conns=%ld\n", n,
           pct_us(raw, (size_t)n, 0.5), pct_us(raw, (size_t)n, 0.9), pct_us(raw, (size_t)n, 0.99), new_conns);
    curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
    litellm_client_free(client);
    return 0;
}
