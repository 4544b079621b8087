/*
 * Shared helpers of the C benchmark hosts (host_litellm.c, host_curl.c, first_token.c,
 * coldstart.c): a monotonic clock, percentiles, VmRSS, a start barrier, and the
 * one-line "key=value" result format that bench/report reads.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The request every client sends (the wire body; liblitellm gets the same fields as its
 * request document and builds an equivalent wire body itself). */
#define BENCH_MODEL "bench-model"
#define BENCH_PROMPT "Say hello in five words."
#define BENCH_WIRE_BODY \
    "{\"model\":\"" BENCH_MODEL "\",\"messages\":[{\"role\":\"user\",\"content\":\"" BENCH_PROMPT "\"}],\"max_tokens\":16}"
#define BENCH_WIRE_BODY_STREAM \
    "{\"model\":\"" BENCH_MODEL "\",\"messages\":[{\"role\":\"user\",\"content\":\"" BENCH_PROMPT "\"}],\"max_tokens\":16," \
    "\"stream\":true,\"stream_options\":{\"include_usage\":true}}"

static inline int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array, in microseconds. */
static inline double pct_us(const int64_t *sorted, size_t n, double p)
{
    if (n == 0) return -1;
    size_t rank = (size_t)(p * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1e3;
}

/* VmRSS (or VmHWM) of this process in kB, from /proc/self/status; -1 if unknown. */
static inline long proc_status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            kb = strtol(line + klen + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* CPU time (user + system) of the whole process, all threads, in microseconds. */
static inline double proc_cpu_us(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* BENCH_T0 (CLOCK_MONOTONIC ns, set by coldstart just before it spawned us); 0 if unset. */
static inline int64_t bench_t0(void)
{
    const char *s = getenv("BENCH_T0");
    return s ? strtoll(s, NULL, 10) : 0;
}

/* nginx's "accepts" counter (stub_status at 127.0.0.1:$BENCH_STATUS_PORT/nginx_status), read
 * over a throw-away connection; -1 when BENCH_STATUS_PORT is unset or anything fails.
 * Read before and after the timed loop: after - before - 1 (the second read's own connection)
 * is the number of connections the client opened while it was being timed. */
static inline long nginx_accepts(void)
{
    const char *port = getenv("BENCH_STATUS_PORT");
    if (!port) return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char buf[2048];
    size_t have = 0;
    long accepts = -1;
    static const char req[] = "GET /nginx_status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0 && write(fd, req, sizeof req - 1) == (ssize_t)(sizeof req - 1)) {
        ssize_t r;
        while (have < sizeof buf - 1 && (r = read(fd, buf + have, sizeof buf - 1 - have)) > 0) have += (size_t)r;
        buf[have] = 0;
        const char *p = strstr(buf, "requests\n");
        if (p) accepts = strtol(p + 9, NULL, 10);
    }
    close(fd);
    return accepts;
}

/* Prints one result line for a latency run. lat is sorted here. */
static inline void print_latency_line(const char *client, int threads, size_t n, int64_t *lat, int64_t wall_ns, long new_conns,
                                      double cpu_us)
{
    qsort(lat, n, sizeof *lat, cmp_i64);
    printf("kind=latency client=%s threads=%d n=%zu p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f rps=%.1f cpu_us_per_call=%.2f rss_kb=%ld hwm_kb=%ld timed_conns=%ld\n",
           client, threads, n, pct_us(lat, n, 0.50), pct_us(lat, n, 0.90), pct_us(lat, n, 0.99),
           pct_us(lat, n, 1.0), (double)n / ((double)wall_ns / 1e9), cpu_us / (double)n, proc_status_kb("VmRSS"),
           proc_status_kb("VmHWM"), new_conns);
    fflush(stdout);
}

/* A reusable start line for worker threads: everyone warms up, then the clock starts. */
typedef struct {
    pthread_barrier_t ready;  /* workers warmed up + main */
    pthread_barrier_t go;     /* main took t_start */
} bench_sync;

#endif
