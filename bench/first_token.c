/*
 * First-token overhead of litellm_generate_stream against a raw reader of the same SSE
 * stream, in the same run, interleaved. Both open a new connection per stream (the fake
 * server frames SSE by closing the connection), send the same request, and stop the clock
 * at the first content delta.
 *
 * usage: first_token PORT [ROUNDS]
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "litellm.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *BODY =
    "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello streaming world\"}],"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

/* Raw: connect, send, read until the first "content" delta appears. */
static double raw_first_token(int port)
{
    double start = now_ms();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); exit(1); }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char request[1024];
    int n = snprintf(request, sizeof request,
                     "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n%s", port, strlen(BODY), BODY);
    if (write(fd, request, (size_t)n) != n) { perror("write"); exit(1); }
    char buf[8192];
    size_t have = 0;
    double at = -1;
    while (have < sizeof buf - 1) {
        ssize_t r = read(fd, buf + have, sizeof buf - 1 - have);
        if (r <= 0) break;
        have += (size_t)r;
        buf[have] = 0;
        if (strstr(buf, "\"content\":\"")) { at = now_ms(); break; }
    }
    close(fd);
    return at - start;
}

static double first_at;
static double started;
static int on_event(void *user_data, const char *event_json)
{
    (void)user_data;
    if (first_at < 0 && strstr(event_json, "\"type\":\"delta\"")) first_at = now_ms();
    return 0;
}

static double lib_first_token(litellm_client *client)
{
    first_at = -1;
    started = now_ms();
    char *out = NULL;
    int status = litellm_generate_stream(client,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello streaming world\"}]}",
        on_event, NULL, &out);
    if (status != LITELLM_OK) { fprintf(stderr, "stream failed: %s\n", out); exit(1); }
    litellm_free(out);
    return first_at - started;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int port = atoi(argv[1]);
    int rounds = argc > 2 ? atoi(argv[2]) : 300;
    char options[128];
    snprintf(options, sizeof options, "{\"base_url\":\"http://127.0.0.1:%d\",\"api_key\":\"\"}", port);
    litellm_client *client = NULL;
    if (litellm_client_new(options, &client, NULL) != LITELLM_OK) return 1;
    for (int i = 0; i < 20; i++) { lib_first_token(client); raw_first_token(port); } /* warm-up */
    double *lib = calloc((size_t)rounds, sizeof *lib), *raw = calloc((size_t)rounds, sizeof *raw);
    for (int i = 0; i < rounds; i++) { lib[i] = lib_first_token(client); raw[i] = raw_first_token(port); }
    qsort(lib, (size_t)rounds, sizeof *lib, cmp);
    qsort(raw, (size_t)rounds, sizeof *raw, cmp);
    printf("first delta, %d interleaved rounds (ms): liblitellm p50 %.3f p90 %.3f | raw socket p50 %.3f p90 %.3f | overhead p50 %.3f\n",
           rounds, lib[rounds / 2], lib[rounds * 9 / 10], raw[rounds / 2], raw[rounds * 9 / 10], lib[rounds / 2] - raw[rounds / 2]);
    litellm_client_free(client);
    return 0;
}
