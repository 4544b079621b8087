/*
 * Signals and process state (issue 16, items 1 and 2), as a C host lives them:
 *  - Ctrl-C through the recommended pattern (a SIGINT handler that only calls
 *    a write to litellm_interrupt_fd()) cancels a blocking call stalled before its first byte, a
 *    stream mid-way and an asynchronous call, promptly, and the process goes on working;
 *  - the process-wide state the library changes is exactly the one the header lists: the
 *    signal masks (SigIgn, SigCgt, SigBlk in /proc/self/status) compared before and after the
 *    first calls.
 *
 * Usage: test_signal BASE_URL
 * The fake server's "slow-MS" model waits MS before answering, "drip-MS" streams its echo in
 * 3-character deltas MS apart.
 */
#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litellm.h"
#include "check.h"
#include "host_util.h"

static int passed, failed;
static const char *base_url;
static int interrupt_fd = -1;
static char note[200];

static void run_test(const char *name, int (*fn)(void))
{
    note[0] = '\0';
    int ok = fn();
    printf("%s %s%s%s%s\n", ok ? "ok    " : "FAILED", name, note[0] ? " (" : "", note, note[0] ? ")" : "");
    fflush(stdout);
    if (ok) passed++; else failed++;
}

static void on_sigint(int signo)
{
    (void)signo;
    int saved = errno; /* writing one byte is the only thing a handler may do */
    ssize_t n = write(interrupt_fd, "!", 1);
    (void)n;
    errno = saved;
}

/* The three masks of this process, as procfs shows them. */
struct masks { unsigned long long ign, cgt, blk; };

static struct masks read_masks(void)
{
    struct masks m = {0, 0, 0};
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "SigIgn:", 7) == 0) m.ign = strtoull(line + 7, NULL, 16);
        else if (strncmp(line, "SigCgt:", 7) == 0) m.cgt = strtoull(line + 7, NULL, 16);
        else if (strncmp(line, "SigBlk:", 7) == 0) m.blk = strtoull(line + 7, NULL, 16);
    }
    if (f) fclose(f);
    return m;
}

static unsigned long long bit(int signo) { return 1ULL << (signo - 1); }

static struct masks at_start;

/* A thread that raises SIGINT in the process after a delay (counted from *flag reaching 2, when given). */
struct raiser { long delay_ms; atomic_int *flag; };

static void *raise_later(void *arg)
{
    struct raiser *r = arg;
    if (r->flag) { while (atomic_load(r->flag) < 2) sleep_ms(5); }
    sleep_ms(r->delay_ms);
    kill(getpid(), SIGINT);
    return NULL;
}

static int process_state_is_what_the_header_lists(void)
{
    struct masks after = read_masks();
    /* The header's list: SIGPIPE ignored; handlers for SIGSEGV, SIGFPE (turned into managed
       exceptions inside the library) and two real-time signals the runtime uses to suspend its
       threads; nothing blocked. Our own SIGINT handler is the test's. */
    unsigned long long runtime_cgt = bit(SIGSEGV) | bit(SIGFPE) | bit(SIGRTMIN - 1) | bit(SIGRTMIN);
    unsigned long long ign_added = after.ign & ~at_start.ign, cgt_added = after.cgt & ~at_start.cgt & ~bit(SIGINT);
    snprintf(note, sizeof note, "SigIgn %016llx -> %016llx, SigCgt %016llx -> %016llx, SigBlk %016llx -> %016llx",
             at_start.ign, after.ign, at_start.cgt, after.cgt, at_start.blk, after.blk);
    CHECK(ign_added == bit(SIGPIPE));
    CHECK((cgt_added & ~runtime_cgt) == 0);
    CHECK(after.blk == at_start.blk);
    return 1;
}

static int interrupt_cancels_a_call_stalled_before_its_first_byte(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    pthread_t t;
    struct raiser r = { 300, NULL };
    pthread_create(&t, NULL, raise_later, &r);
    char *out = NULL;
    double start = now_ms();
    int status = litellm_generate(client, "{\"model\":\"slow-20000\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out);
    double ms = now_ms() - start;
    pthread_join(t, NULL);
    snprintf(note, sizeof note, "returned %.0f ms after the start, the signal at 300 ms", ms);
    CHECK(status == LITELLM_ERR_CANCELLED);
    CHECK(ms < 3000);
    litellm_free(out);
    /* The client and the process go on working. */
    out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"after\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"after\"");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static atomic_int deltas_seen;

static int count_delta(void *user_data, const char *event_json)
{
    (void)user_data;
    if (strncmp(event_json, "{\"type\":\"delta\"", 15) == 0) atomic_fetch_add(&deltas_seen, 1);
    return 0;
}

static int interrupt_cancels_a_stream_mid_way(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    atomic_store(&deltas_seen, 0);
    pthread_t t;
    struct raiser r = { 50, &deltas_seen }; /* mid-way: after the second delta */
    pthread_create(&t, NULL, raise_later, &r);
    /* 30 deltas 200 ms apart: 6 s if nothing stops it. */
    char *out = NULL;
    double start = now_ms();
    int status = litellm_generate_stream(client,
        "{\"model\":\"drip-200\",\"messages\":[{\"role\":\"user\",\"content\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\"}]}",
        count_delta, NULL, &out);
    double ms = now_ms() - start;
    pthread_join(t, NULL);
    snprintf(note, sizeof note, "%d deltas, then cancelled %.0f ms after the start (30 deltas would take 6 s)", atomic_load(&deltas_seen), ms);
    CHECK(status == LITELLM_ERR_CANCELLED);
    CHECK(atomic_load(&deltas_seen) >= 2 && atomic_load(&deltas_seen) < 10);
    CHECK(ms < 3000);
    CHECK_HAS(out, "\"partial_content\":\"");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

struct done { pthread_mutex_t lock; pthread_cond_t cond; int finished, status; };

static void on_done(void *user_data, int status, const char *json)
{
    (void)json;
    struct done *d = user_data;
    pthread_mutex_lock(&d->lock);
    d->status = status;
    d->finished = 1;
    pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->lock);
}

static int interrupt_cancels_asynchronous_calls_too(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    struct done d = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
    litellm_call *call = NULL;
    CHECK(litellm_generate_async(client, "{\"model\":\"slow-20000\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                                 NULL, on_done, &d, &call) == LITELLM_OK);
    sleep_ms(300);
    double start = now_ms();
    kill(getpid(), SIGINT);
    pthread_mutex_lock(&d.lock);
    while (!d.finished) pthread_cond_wait(&d.cond, &d.lock);
    pthread_mutex_unlock(&d.lock);
    double ms = now_ms() - start;
    snprintf(note, sizeof note, "on_done %.0f ms after the signal", ms);
    CHECK(d.status == LITELLM_ERR_CANCELLED);
    CHECK(ms < 2000);
    litellm_call_free(call);
    litellm_client_free(client);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_signal BASE_URL\n");
        return 64;
    }
    base_url = argv[1];
    at_start = read_masks(); /* before any call into the library */

    interrupt_fd = litellm_interrupt_fd();
    if (interrupt_fd < 0) {
        printf("FAILED litellm_interrupt_fd returned %d\n", interrupt_fd);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESTART; /* the other threads' system calls are not cut short */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    run_test("interrupt_cancels_a_call_stalled_before_its_first_byte", interrupt_cancels_a_call_stalled_before_its_first_byte);
    run_test("interrupt_cancels_a_stream_mid_way", interrupt_cancels_a_stream_mid_way);
    run_test("interrupt_cancels_asynchronous_calls_too", interrupt_cancels_asynchronous_calls_too);
    run_test("process_state_is_what_the_header_lists", process_state_is_what_the_header_lists);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
