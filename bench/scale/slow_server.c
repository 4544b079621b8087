/*
 * slow_server: a slow OpenAI-compatible chat server for the scale benchmark.
 *
 *   slow_server [-p PORT] [-c CHUNKS] [-i INTERVAL_MS] [-f PORT_FILE]
 *
 * One thread, one epoll loop, one timer wheel: it holds tens of thousands of open
 * streams for little CPU, because it shares the machine with the clients it serves.
 *
 *   POST .../chat/completions with "stream": true
 *       200, text/event-stream, HTTP/1.1 chunked (the connection stays open for the
 *       next request); headers at once, then CHUNKS (20) SSE chunks INTERVAL_MS (100)
 *       apart, chunk k carrying the delta "tk " (so the contents concatenate to
 *       "t0 t1 ... t19 "), the last with "finish_reason":"stop" and a usage object,
 *       then "data: [DONE]" and the last chunk of the chunked body.
 *   POST .../chat/completions otherwise
 *       200, application/json: a chat.completion with the same content, at once.
 *   GET /stats
 *       {"accepted":..,"active":..,"peak_active":..,"requests":..,"streams_started":..,
 *        "streams_done":..,"streams_aborted":..}: read by the runner around each host.
 *   anything else: 404.
 *
 * Prints "port=N" on stdout once it listens (and writes N to PORT_FILE, if given); on
 * SIGTERM or SIGINT prints its counters on stderr and exits 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WHEEL_SLOTS 4096 /* 1 ms per slot: timers up to ~4 s ahead go straight in */
#define MAX_REQUEST (64 * 1024)
#define MAX_EVENTS 1024

typedef struct conn conn;
struct conn {
    int fd;
    int streaming;   /* 1 while a stream's chunks are being sent */
    int chunk;       /* next chunk to send */
    int close_after; /* client asked for Connection: close */
    /* input */
    char *in;
    size_t in_len, in_cap;
    /* output not yet accepted by the socket */
    char *out;
    size_t out_len, out_cap;
    int want_out; /* EPOLLOUT registered */
    /* timer wheel links */
    int64_t deadline_ms;
    conn *t_prev, *t_next;
    int in_wheel;
};

static int g_chunks = 20;
static int g_interval_ms = 100;
static int g_epfd, g_lfd, g_reserve_fd = -1;
static conn *g_wheel[WHEEL_SLOTS];
static int64_t g_wheel_ms; /* every slot up to and including this ms has been run */
static long g_timers;
static volatile sig_atomic_t g_stop;
static struct {
    long accepted, active, peak_active, requests, streams_started, streams_done, streams_aborted, accept_errors;
} g_st;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ timer wheel */
static void timer_del(conn *c)
{
    if (!c->in_wheel) return;
    conn **head = &g_wheel[c->deadline_ms % WHEEL_SLOTS];
    if (c->t_prev) c->t_prev->t_next = c->t_next;
    else *head = c->t_next;
    if (c->t_next) c->t_next->t_prev = c->t_prev;
    c->t_prev = c->t_next = NULL;
    c->in_wheel = 0;
    g_timers--;
}

static void timer_add(conn *c, int64_t deadline)
{
    timer_del(c);
    if (deadline <= g_wheel_ms) deadline = g_wheel_ms + 1; /* never into a slot already run */
    c->deadline_ms = deadline;
    conn **head = &g_wheel[deadline % WHEEL_SLOTS];
    c->t_prev = NULL;
    c->t_next = *head;
    if (*head) (*head)->t_prev = c;
    *head = c;
    c->in_wheel = 1;
    g_timers++;
}

/* ms until the next timer is due (0: now), or -1 if there is none. */
static int timer_wait_ms(void)
{
    if (g_timers == 0) return -1;
    int64_t now = now_ms();
    for (int64_t t = g_wheel_ms + 1; t <= g_wheel_ms + WHEEL_SLOTS; t++) {
        for (conn *c = g_wheel[t % WHEEL_SLOTS]; c; c = c->t_next) {
            if (c->deadline_ms == t) return t <= now ? 0 : (int)(t - now);
        }
    }
    return 1; /* only timers beyond one turn of the wheel: look again soon */
}

static void on_timer(conn *c);
static int process_input(conn *c);

static void timer_run(void)
{
    int64_t now = now_ms();
    int64_t end = now;
    if (end - g_wheel_ms > WHEEL_SLOTS) g_wheel_ms = end - WHEEL_SLOTS;
    while (g_wheel_ms < end) {
        int64_t t = ++g_wheel_ms;
        conn *c = g_wheel[t % WHEEL_SLOTS];
        while (c) {
            conn *next = c->t_next;
            if (c->deadline_ms <= t) {
                timer_del(c);
                on_timer(c); /* may re-add c (to a later slot) or free it */
            }
            c = next;
        }
    }
}

/* ------------------------------------------------------------------ connections */
static void conn_close(conn *c)
{
    if (c->streaming) g_st.streams_aborted++;
    timer_del(c);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
    g_st.active--;
}

static void set_events(conn *c, int want_out)
{
    if (c->want_out == want_out) return;
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(g_epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want_out;
}

/* Writes what is buffered; 0 ok (maybe still buffered), -1 the connection is dead. */
static int flush_out(conn *c)
{
    while (c->out_len > 0) {
        ssize_t w = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return -1;
        }
        memmove(c->out, c->out + w, c->out_len - (size_t)w);
        c->out_len -= (size_t)w;
    }
    set_events(c, c->out_len > 0);
    return 0;
}

/* Sends (or buffers) len bytes; -1 if the connection is dead. */
static int send_bytes(conn *c, const char *p, size_t len)
{
    if (c->out_len == 0) {
        while (len > 0) {
            ssize_t w = send(c->fd, p, len, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                return -1;
            }
            p += w;
            len -= (size_t)w;
        }
        if (len == 0) return 0;
    }
    if (c->out_len + len > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 1024;
        while (cap < c->out_len + len) cap *= 2;
        char *n = realloc(c->out, cap);
        if (!n) return -1;
        c->out = n;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, p, len);
    c->out_len += len;
    set_events(c, 1);
    return 0;
}

static int send_simple(conn *c, int status, const char *reason, const char *ctype, const char *body)
{
    char buf[4096];
    size_t blen = strlen(body);
    int n = snprintf(buf, sizeof buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n", status, reason,
                     ctype, blen, c->close_after ? "Connection: close\r\n" : "");
    if (send_bytes(c, buf, (size_t)n) < 0 || send_bytes(c, body, blen) < 0) return -1;
    return 0;
}

/* Appends one HTTP chunk holding the text to buf at *len. */
static void add_chunk(char *buf, size_t cap, size_t *len, const char *text)
{
    size_t tl = strlen(text);
    *len += (size_t)snprintf(buf + *len, cap - *len, "%zx\r\n%s\r\n", tl, text);
}

static void on_timer(conn *c)
{
    char ev[1024], buf[2048];
    size_t len = 0;
    int k = c->chunk;
    int last = k == g_chunks - 1;
    if (!last) {
        snprintf(ev, sizeof ev,
                 "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                 "\"delta\":{\"content\":\"t%d \"},\"finish_reason\":null}]}\n\n",
                 k);
        add_chunk(buf, sizeof buf, &len, ev);
    } else {
        snprintf(ev, sizeof ev,
                 "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                 "\"delta\":{\"content\":\"t%d \"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                 "\"completion_tokens\":%d,\"total_tokens\":%d}}\n\n",
                 k, g_chunks, g_chunks + 5);
        add_chunk(buf, sizeof buf, &len, ev);
        add_chunk(buf, sizeof buf, &len, "data: [DONE]\n\n");
        len += (size_t)snprintf(buf + len, sizeof buf - len, "0\r\n\r\n");
    }
    if (send_bytes(c, buf, len) < 0) { conn_close(c); return; }
    if (!last) {
        c->chunk++;
        timer_add(c, c->deadline_ms + g_interval_ms);
        return;
    }
    c->streaming = 0;
    g_st.streams_done++;
    if (c->close_after) {
        /* best effort: what the socket did not take yet is dropped with the connection */
        shutdown(c->fd, SHUT_WR);
        conn_close(c);
        return;
    }
    process_input(c); /* a request that arrived during the stream */
}

/* Case-insensitive search for a header's value in [hdr, end); NULL if absent. */
static const char *find_header(const char *hdr, const char *end, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    const char *p = hdr;
    while (p < end) {
        const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!eol) eol = end;
        if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
            const char *v = p + nl + 1;
            while (v < eol && (*v == ' ' || *v == '\t')) v++;
            const char *ve = eol;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            *vlen = (size_t)(ve - v);
            return v;
        }
        p = eol + 2;
    }
    return NULL;
}

/* Does the JSON body say "stream": true (at any depth: the requests here are flat)? */
static int body_wants_stream(const char *b, size_t len)
{
    const char *end = b + len;
    const char *p = b;
    while ((p = memmem(p, (size_t)(end - p), "\"stream\"", 8)) != NULL) {
        p += 8;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
        if (p >= end || *p != ':') continue;
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
        return end - p >= 4 && memcmp(p, "true", 4) == 0;
    }
    return 0;
}

static void stats_json(char *buf, size_t cap)
{
    snprintf(buf, cap,
             "{\"accepted\":%ld,\"active\":%ld,\"peak_active\":%ld,\"requests\":%ld,\"streams_started\":%ld,"
             "\"streams_done\":%ld,\"streams_aborted\":%ld,\"accept_errors\":%ld}",
             g_st.accepted, g_st.active, g_st.peak_active, g_st.requests, g_st.streams_started, g_st.streams_done,
             g_st.streams_aborted, g_st.accept_errors);
}

/* Handles every complete request in the input buffer (one at a time: the next waits for
 * the end of a stream). Returns -1 when the connection was closed. */
static int process_input(conn *c)
{
    while (!c->streaming && c->in_len > 0) {
        char *hend = memmem(c->in, c->in_len, "\r\n\r\n", 4);
        if (!hend) {
            if (c->in_len >= MAX_REQUEST) { c->close_after = 1; send_simple(c, 431, "Request Header Fields Too Large", "text/plain", "too large\n"); conn_close(c); return -1; }
            return 0;
        }
        size_t hlen = (size_t)(hend - c->in) + 4;
        const char *line_end = memmem(c->in, hlen, "\r\n", 2);
        const char *hdrs = line_end + 2;
        size_t vlen = 0;
        const char *v;
        size_t clen = 0;
        if ((v = find_header(hdrs, hend, "Transfer-Encoding", &vlen)) != NULL) {
            c->close_after = 1;
            send_simple(c, 411, "Length Required", "text/plain", "send Content-Length\n");
            conn_close(c);
            return -1;
        }
        if ((v = find_header(hdrs, hend, "Content-Length", &vlen)) != NULL) clen = strtoul(v, NULL, 10);
        if (clen > MAX_REQUEST) { c->close_after = 1; send_simple(c, 413, "Payload Too Large", "text/plain", "too large\n"); conn_close(c); return -1; }
        c->close_after = 0;
        if ((v = find_header(hdrs, hend, "Connection", &vlen)) != NULL && vlen == 5 && strncasecmp(v, "close", 5) == 0)
            c->close_after = 1;
        if (c->in_len < hlen + clen) {
            if ((v = find_header(hdrs, hend, "Expect", &vlen)) != NULL && vlen == 12 && strncasecmp(v, "100-continue", 12) == 0 &&
                c->in_len == hlen) {
                static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
                if (send_bytes(c, cont, sizeof cont - 1) < 0) { conn_close(c); return -1; }
            }
            return 0; /* body not all here yet */
        }
        g_st.requests++;
        const char *sp1 = memchr(c->in, ' ', (size_t)(line_end - c->in));
        const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(line_end - sp1 - 1)) : NULL;
        int rc = 0;
        if (!sp1 || !sp2) {
            c->close_after = 1;
            rc = send_simple(c, 400, "Bad Request", "text/plain", "bad request line\n");
        } else {
            size_t mlen = (size_t)(sp1 - c->in);
            const char *path = sp1 + 1;
            size_t plen = (size_t)(sp2 - path);
            const char *q = memchr(path, '?', plen);
            if (q) plen = (size_t)(q - path);
            static const char suffix[] = "/chat/completions";
            int is_chat = plen >= sizeof suffix - 1 && memcmp(path + plen - (sizeof suffix - 1), suffix, sizeof suffix - 1) == 0;
            if (mlen == 4 && memcmp(c->in, "POST", 4) == 0 && is_chat) {
                if (body_wants_stream(c->in + hlen, clen)) {
                    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                                               "Transfer-Encoding: chunked\r\n\r\n";
                    rc = send_bytes(c, head, sizeof head - 1);
                    if (rc == 0) {
                        c->streaming = 1;
                        c->chunk = 0;
                        g_st.streams_started++;
                        timer_add(c, now_ms() + g_interval_ms);
                    }
                } else {
                    char content[4096], body[8192];
                    size_t cl = 0;
                    for (int k = 0; k < g_chunks && cl + 16 < sizeof content; k++)
                        cl += (size_t)snprintf(content + cl, sizeof content - cl, "t%d ", k);
                    snprintf(body, sizeof body,
                             "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                             "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":\"stop\"}],"
                             "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                             content, g_chunks, g_chunks + 5);
                    rc = send_simple(c, 200, "OK", "application/json", body);
                }
            } else if (mlen == 3 && memcmp(c->in, "GET", 3) == 0 && plen == 6 && memcmp(path, "/stats", 6) == 0) {
                char body[512];
                stats_json(body, sizeof body);
                rc = send_simple(c, 200, "OK", "application/json", body);
            } else {
                rc = send_simple(c, 404, "Not Found", "text/plain", "not found\n");
            }
        }
        size_t used = hlen + clen;
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
        if (rc < 0) { conn_close(c); return -1; }
        if (c->close_after && !c->streaming) {
            flush_out(c);
            shutdown(c->fd, SHUT_WR);
            conn_close(c);
            return -1;
        }
    }
    return 0;
}

static void on_readable(conn *c)
{
    for (;;) {
        if (c->in_cap - c->in_len < 1024) {
            if (c->in_cap >= MAX_REQUEST + 4096) {
                /* a full buffer: while streaming, a client that pushes this much is broken */
                if (c->streaming) { conn_close(c); return; }
                break;
            }
            size_t cap = c->in_cap ? c->in_cap * 2 : 2048;
            char *n = realloc(c->in, cap);
            if (!n) { conn_close(c); return; }
            c->in = n;
            c->in_cap = cap;
        }
        ssize_t r = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (r == 0) { conn_close(c); return; }
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            conn_close(c);
            return;
        }
        size_t room = c->in_cap - c->in_len;
        c->in_len += (size_t)r;
        if ((size_t)r < room) break; /* a short read: the socket is drained */
    }
    process_input(c);
}

static void on_accept(void)
{
    for (;;) {
        int fd = accept4(g_lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            g_st.accept_errors++;
            if ((errno == EMFILE || errno == ENFILE) && g_reserve_fd >= 0) {
                /* out of descriptors: take one connection with the reserve and drop it, so the
                 * listen queue does not spin us */
                close(g_reserve_fd);
                int f = accept(g_lfd, NULL, NULL);
                if (f >= 0) close(f);
                g_reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
            }
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn *c = calloc(1, sizeof *c);
        if (!c) { close(fd); continue; }
        c->fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(g_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(c); continue; }
        g_st.accepted++;
        if (++g_st.active > g_st.peak_active) g_st.peak_active = g_st.active;
    }
}

static void on_signal(int sig) { (void)sig; g_stop = 1; }

int main(int argc, char **argv)
{
    int port = 0;
    const char *port_file = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "p:c:i:f:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'c': g_chunks = atoi(optarg); break;
        case 'i': g_interval_ms = atoi(optarg); break;
        case 'f': port_file = optarg; break;
        default:
            fprintf(stderr, "usage: slow_server [-p PORT] [-c CHUNKS] [-i INTERVAL_MS] [-f PORT_FILE]\n");
            return 64;
        }
    }
    if (g_chunks < 1 || g_chunks > 1000 || g_interval_ms < 0 || g_interval_ms >= WHEEL_SLOTS) {
        fprintf(stderr, "slow_server: CHUNKS must be 1..1000 and INTERVAL_MS 0..%d\n", WHEEL_SLOTS - 1);
        return 64;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    g_lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(g_lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(g_lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("slow_server: bind"); return 1; }
    if (listen(g_lfd, 65535) < 0) { perror("slow_server: listen"); return 1; }
    socklen_t al = sizeof addr;
    getsockname(g_lfd, (struct sockaddr *)&addr, &al);
    port = ntohs(addr.sin_port);
    long somaxconn = -1;
    FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
    if (f) { if (fscanf(f, "%ld", &somaxconn) != 1) somaxconn = -1; fclose(f); }
    if (somaxconn >= 0 && somaxconn < 10000)
        fprintf(stderr, "slow_server: note: net.core.somaxconn is %ld, so the accept queue holds %ld, not 65535: "
                        "a burst of connects beyond it waits for SYN retransmits\n", somaxconn, somaxconn);
    g_reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    g_epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(g_epfd, EPOLL_CTL_ADD, g_lfd, &lev);
    g_wheel_ms = now_ms();

    printf("port=%d nofile=%ld somaxconn=%ld chunks=%d interval_ms=%d\n", port, (long)rl.rlim_cur, somaxconn, g_chunks,
           g_interval_ms);
    fflush(stdout);
    if (port_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *pf = fopen(tmp, "w");
        if (!pf) { perror("slow_server: port file"); return 1; }
        fprintf(pf, "%d\n", port);
        fclose(pf);
        rename(tmp, port_file);
    }

    struct epoll_event evs[MAX_EVENTS];
    while (!g_stop) {
        int n = epoll_wait(g_epfd, evs, MAX_EVENTS, timer_wait_ms());
        if (n < 0 && errno != EINTR) { perror("slow_server: epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            conn *c = evs[i].data.ptr;
            if (!c) { on_accept(); continue; }
            uint32_t e = evs[i].events;
            if (e & EPOLLOUT) {
                if (flush_out(c) < 0) { conn_close(c); continue; }
            }
            if (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
        }
        timer_run();
    }
    char st[512];
    stats_json(st, sizeof st);
    fprintf(stderr, "slow_server: %s\n", st);
    return 0;
}
