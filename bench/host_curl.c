/*
 * libcurl benchmark host: the native floor. Same request body as the other clients,
 * one reused easy handle per thread (so one keep-alive connection per thread).
 * It copies the response body into a buffer and checks the HTTP status, and does NO JSON
 * work at all: no request building, no response parsing, no response document.
 *
 *   host_curl lat  URL THREADS N WARMUP
 *   host_curl cold URL                  (under coldstart, which sets BENCH_T0)
 *   host_curl version
 */
#include "bench_common.h"

#include <curl/curl.h>

typedef struct {
    char buf[16384];
    size_t len;
} body_buf;

static size_t on_write(char *data, size_t size, size_t nmemb, void *user)
{
    body_buf *b = user;
    size_t n = size * nmemb;
    if (b->len + n < sizeof b->buf) {
        memcpy(b->buf + b->len, data, n);
        b->len += n;
    }
    return n;
}

typedef struct {
    CURL *easy;
    struct curl_slist *headers;
    body_buf body;
} conn;

static void conn_init(conn *c, const char *url)
{
    c->easy = curl_easy_init();
    c->headers = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c->easy, CURLOPT_URL, url);
    curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->headers);
    curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, BENCH_WIRE_BODY);
    curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(BENCH_WIRE_BODY));
    curl_easy_setopt(c->easy, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, &c->body);
    curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->easy, CURLOPT_TCP_NODELAY, 1L);
    /* BENCH_CA_FILE: the TLS rows' private CA, as the only trusted root (liblitellm's ca_file). */
    const char *ca = getenv("BENCH_CA_FILE");
    if (ca) curl_easy_setopt(c->easy, CURLOPT_CAINFO, ca);
}

static void conn_call(conn *c)
{
    c->body.len = 0;
    CURLcode rc = curl_easy_perform(c->easy);
    long status = 0;
    curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status != 200 || c->body.len == 0) {
        fprintf(stderr, "host_curl: call failed: %s, status %ld\n", curl_easy_strerror(rc), status);
        exit(1);
    }
}

static const char *g_url;
static int g_n, g_warmup;
static int64_t *g_lat;
static bench_sync g_sync;

static void *worker(void *arg)
{
    int64_t *lat = g_lat + (size_t)(intptr_t)arg * (size_t)g_n;
    conn c;
    conn_init(&c, g_url);
    for (int i = 0; i < g_warmup; i++) conn_call(&c);
    pthread_barrier_wait(&g_sync.ready);
    pthread_barrier_wait(&g_sync.go);
    for (int i = 0; i < g_n; i++) {
        int64_t t = now_ns();
        conn_call(&c);
        lat[i] = now_ns() - t;
    }
    curl_easy_cleanup(c.easy);
    curl_slist_free_all(c.headers);
    return NULL;
}

static int run_latency(const char *url, int threads, int n, int warmup)
{
    g_url = url;
    g_n = n;
    g_warmup = warmup;
    g_lat = calloc((size_t)threads * (size_t)n, sizeof *g_lat);
    pthread_barrier_init(&g_sync.ready, NULL, (unsigned)threads + 1);
    pthread_barrier_init(&g_sync.go, NULL, (unsigned)threads + 1);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    for (int t = 0; t < threads; t++) pthread_create(&tids[t], NULL, worker, (void *)(intptr_t)t);
    pthread_barrier_wait(&g_sync.ready);
    long accepts_before = nginx_accepts();
    double cpu_start = proc_cpu_us();
    int64_t start = now_ns();
    pthread_barrier_wait(&g_sync.go);
    for (int t = 0; t < threads; t++) pthread_join(tids[t], NULL);
    int64_t wall = now_ns() - start;
    double cpu = proc_cpu_us() - cpu_start;
    long accepts_after = nginx_accepts();
    long new_conns = accepts_before < 0 || accepts_after < 0 ? -1 : accepts_after - accepts_before - 1;
    print_latency_line("libcurl", threads, (size_t)threads * (size_t)n, g_lat, wall, new_conns, cpu);
    return 0;
}

static int64_t g_t_main; /* CLOCK_MONOTONIC at the top of main() */

static int run_cold(const char *url)
{
    int64_t t_main = g_t_main;
    int64_t t0 = bench_t0();
    conn c;
    conn_init(&c, url);
    int64_t t_client = now_ns();
    conn_call(&c);
    int64_t t_first = now_ns();
    int64_t t_s = now_ns();
    conn_call(&c);
    int64_t t_second = now_ns() - t_s;
    printf("kind=cold client=libcurl exec_to_main_us=%.1f client_new_us=%.1f first_call_us=%.1f exec_to_first_us=%.1f second_call_us=%.1f rss_kb=%ld\n",
           t0 ? (t_main - t0) / 1e3 : -1.0, (t_client - t_main) / 1e3, (t_first - t_main) / 1e3,
           t0 ? (t_first - t0) / 1e3 : -1.0, t_second / 1e3, proc_status_kb("VmRSS"));
    return 0;
}

int main(int argc, char **argv)
{
    g_t_main = now_ns();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && strcmp(argv[1], "version") == 0) { printf("%s\n", curl_version()); return 0; }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (argc >= 6 && strcmp(argv[1], "lat") == 0) return run_latency(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    if (argc >= 3 && strcmp(argv[1], "cold") == 0) return run_cold(argv[2]);
    fprintf(stderr, "usage: host_curl lat URL THREADS N WARMUP | cold URL | version\n");
    return 64;
}
