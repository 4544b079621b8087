/*
 * liblitellm benchmark host: litellm_generate on ONE client against a local server.
 *
 *   host_litellm lat  BASE_URL THREADS N WARMUP   THREADS threads x N calls each (after
 *                                                 WARMUP calls each); prints one latency line
 *   host_litellm cold BASE_URL                    fresh-process first call (run it under
 *                                                 coldstart, which sets BENCH_T0)
 *   host_litellm rss  BASE_URL N CHECKPOINT...    N sequential calls; VmRSS at each checkpoint
 *   host_litellm embed BASE_URL N WARMUP INPUTS   N litellm_embed calls of INPUTS short texts
 *                                                 (host_go embed sends the same); one latency line
 *   host_litellm version
 *
 * Every call must return LITELLM_OK with the expected content, or the host exits 1.
 * The client has max_retries 0 (a retry would hide a failure inside a latency sample).
 */
#include "bench_common.h"

#include "litellm.h"

static const char *REQUEST =
    "{\"model\":\"" BENCH_MODEL "\",\"messages\":[{\"role\":\"user\",\"content\":\"" BENCH_PROMPT "\"}],\"max_tokens\":16}";

static litellm_client *g_client;
static int g_n, g_warmup;
static int64_t *g_lat;
static bench_sync g_sync;

static void one_call(void)
{
    char *out = NULL;
    int rc = litellm_generate(g_client, REQUEST, &out);
    if (rc != LITELLM_OK || !out || !strstr(out, "\"content\":\"Hello")) {
        fprintf(stderr, "host_litellm: call failed (%d): %s\n", rc, out ? out : "(null)");
        exit(1);
    }
    litellm_free(out);
}

static litellm_client *make_client(const char *base)
{
    /* BENCH_CA_FILE: a PEM file of private roots (the TLS rows' CA), as the ca_file option. */
    const char *ca = getenv("BENCH_CA_FILE");
    char options[1024];
    snprintf(options, sizeof options,
             "{\"base_url\":\"%s\",\"api_key\":\"\",\"max_retries\":0,\"timeout_ms\":10000%s%s%s}", base,
             ca ? ",\"ca_file\":\"" : "", ca ? ca : "", ca ? "\"" : "");
    litellm_client *client = NULL;
    char *err = NULL;
    if (litellm_client_new(options, &client, &err) != LITELLM_OK) {
        fprintf(stderr, "host_litellm: litellm_client_new: %s\n", err ? err : "(null)");
        exit(1);
    }
    return client;
}

static void *worker(void *arg)
{
    int64_t *lat = g_lat + (size_t)(intptr_t)arg * (size_t)g_n;
    for (int i = 0; i < g_warmup; i++) one_call();
    pthread_barrier_wait(&g_sync.ready);
    pthread_barrier_wait(&g_sync.go);
    for (int i = 0; i < g_n; i++) {
        int64_t t = now_ns();
        one_call();
        lat[i] = now_ns() - t;
    }
    return NULL;
}

static int run_latency(const char *base, int threads, int n, int warmup)
{
    g_client = make_client(base);
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
    print_latency_line("liblitellm", threads, (size_t)threads * (size_t)n, g_lat, wall, new_conns, cpu);
    litellm_client_free(g_client);
    return 0;
}

static int64_t g_t_main; /* CLOCK_MONOTONIC at the top of main() */

static int run_cold(const char *base)
{
    int64_t t_main = g_t_main;
    int64_t t0 = bench_t0();
    litellm_client *client = make_client(base);
    int64_t t_client = now_ns();
    char *out = NULL;
    int rc = litellm_generate(client, REQUEST, &out);
    int64_t t_first = now_ns();
    if (rc != LITELLM_OK) { fprintf(stderr, "host_litellm: cold call failed: %s\n", out ? out : "(null)"); return 1; }
    litellm_free(out);
    /* a second call on the now-warm connection, for contrast */
    out = NULL;
    int64_t t_s = now_ns();
    rc = litellm_generate(client, REQUEST, &out);
    int64_t t_second = now_ns() - t_s;
    litellm_free(out);
    printf("kind=cold client=liblitellm exec_to_main_us=%.1f client_new_us=%.1f first_call_us=%.1f exec_to_first_us=%.1f second_call_us=%.1f rss_kb=%ld\n",
           t0 ? (t_main - t0) / 1e3 : -1.0, (t_client - t_main) / 1e3, (t_first - t_main) / 1e3,
           t0 ? (t_first - t0) / 1e3 : -1.0, t_second / 1e3, proc_status_kb("VmRSS"));
    fflush(stdout);
    litellm_client_free(client);
    return 0;
}

static int run_rss(const char *base, int n, int ncheck, char **checks)
{
    g_client = make_client(base);
    printf("kind=rss client=liblitellm calls=0 rss_kb=%ld\n", proc_status_kb("VmRSS"));
    int next = 0;
    for (int i = 1; i <= n; i++) {
        one_call();
        while (next < ncheck && atoi(checks[next]) == i) {
            printf("kind=rss client=liblitellm calls=%d rss_kb=%ld hwm_kb=%ld\n", i, proc_status_kb("VmRSS"),
                   proc_status_kb("VmHWM"));
            fflush(stdout);
            next++;
        }
    }
    litellm_client_free(g_client);
    return 0;
}

/* Input i of the embeddings batch; host_go/embed.go writes the same texts. */
static int embed_text(char *out, size_t size, int i)
{
    return snprintf(out, size, "bench text %d: a short sentence to embed", i);
}

/* Counts the vectors of an embed document and checks they are all there. */
static void check_embed(int rc, char *out, int inputs)
{
    long vectors = 0;
    if (rc == LITELLM_OK && out && strncmp(out, "{\"embeddings\":[[", 16) == 0) {
        vectors = 1;
        for (const char *p = out; (p = strstr(p, "],[")) != NULL; p += 3) vectors++;
    }
    if (vectors != inputs) {
        fprintf(stderr, "host_litellm: embed failed (%d, %ld vectors): %.300s\n", rc, vectors, out ? out : "(null)");
        exit(1);
    }
}

static int run_embed(const char *base, int n, int warmup, int inputs)
{
    litellm_client *client = make_client(base);
    size_t cap = (size_t)inputs * 64 + 64;
    char *request = malloc(cap);
    size_t len = (size_t)snprintf(request, cap, "{\"model\":\"bench-embed\",\"timeout_ms\":120000,\"input\":[");
    for (int i = 0; i < inputs; i++) {
        char text[64];
        embed_text(text, sizeof text, i);
        len += (size_t)snprintf(request + len, cap - len, "%s\"%s\"", i ? "," : "", text);
    }
    snprintf(request + len, cap - len, "]}");
    for (int i = 0; i < warmup; i++) {
        char *out = NULL;
        int rc = litellm_embed(client, request, &out);
        check_embed(rc, out, inputs);
        litellm_free(out);
    }
    int64_t *lat = calloc((size_t)n, sizeof *lat);
    long accepts_before = nginx_accepts();
    double cpu = 0;
    int64_t wall = 0;
    for (int i = 0; i < n; i++) {
        char *out = NULL;
        double c = proc_cpu_us();
        int64_t t = now_ns();
        int rc = litellm_embed(client, request, &out);
        lat[i] = now_ns() - t;
        cpu += proc_cpu_us() - c;
        wall += lat[i];
        /* Outside the clock: the document as the host got it holds every vector. */
        check_embed(rc, out, inputs);
        litellm_free(out);
    }
    long accepts_after = nginx_accepts();
    long new_conns = accepts_before < 0 || accepts_after < 0 ? -1 : accepts_after - accepts_before - 1;
    print_latency_line("liblitellm", 1, (size_t)n, lat, wall, new_conns, cpu);
    free(lat);
    free(request);
    litellm_client_free(client);
    return 0;
}

int main(int argc, char **argv)
{
    g_t_main = now_ns();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && strcmp(argv[1], "version") == 0) { printf("%s\n", litellm_version()); return 0; }
    if (argc >= 6 && strcmp(argv[1], "lat") == 0) return run_latency(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    if (argc >= 3 && strcmp(argv[1], "cold") == 0) return run_cold(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "rss") == 0) return run_rss(argv[2], atoi(argv[3]), argc - 4, argv + 4);
    if (argc >= 6 && strcmp(argv[1], "embed") == 0) return run_embed(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    fprintf(stderr, "usage: host_litellm lat BASE THREADS N WARMUP | cold BASE | rss BASE N CHECKPOINT... | embed BASE N WARMUP INPUTS | version\n");
    return 64;
}
