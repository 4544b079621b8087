/*
 * liblitellm from C, asynchronously: 1,000 chat completions in flight at once on one client,
 * with no thread per call (neither yours nor the library's).
 *
 * litellm_generate_async returns at once. The library reports the end of each call through
 * on_done, exactly once, on one of its own threads. on_done here only copies what it needs and
 * counts under a mutex; main waits on a condition variable until every call has ended.
 * Ctrl-C cancels the calls still in flight: each of them then ends with LITELLM_ERR_CANCELLED.
 *
 * Build (from the repository root, after ./build.sh):
 *   cc -Iartifacts/include examples/c/async.c -Lartifacts/lib -llitellm -lpthread \
 *      -Wl,-rpath,"$PWD/artifacts/lib" -o async
 * Run against a LiteLLM proxy (N calls, default 1000):
 *   LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=sk-... LITELLM_MODEL=gpt-4o-mini ./async [N]
 */
#define _POSIX_C_SOURCE 200809L /* sigwait, pthread_sigmask, clock_gettime, setrlimit */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "litellm.h"

/* What main, the Ctrl-C thread and the callbacks share; guarded by lock. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int ended;                                /* on_done calls so far */
    int by_status[LITELLM_ERR_INTERNAL + 1];  /* how the calls ended */
    char *first_answer;                       /* a copy of call 0's document */
    int published;                            /* handles[0 .. published) are set */
    int finished, cancelling;
} shared = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, { 0 }, NULL, 0, 0, 0 };

static litellm_call **handles;

/* Runs once per started call, on a library thread, possibly before litellm_generate_async has
   returned. Keep it short and never block: json is only valid during this call, so copy what
   you need, record, signal, return. */
static void on_done(void *user_data, int status, const char *json)
{
    int index = (int)(intptr_t)user_data;
    char *copy = index == 0 ? strdup(json) : NULL; /* copied outside the lock */
    pthread_mutex_lock(&shared.lock);
    shared.ended++;
    if (status >= 0 && status <= LITELLM_ERR_INTERNAL) shared.by_status[status]++;
    if (copy) shared.first_answer = copy;
    pthread_cond_signal(&shared.changed);
    pthread_mutex_unlock(&shared.lock);
}

/* Ctrl-C: SIGINT is blocked in every thread and taken here with sigwait, so the library is
   called from an ordinary thread, never from a signal handler. */
static void *cancel_on_ctrl_c(void *arg)
{
    int sig = 0;
    sigwait((sigset_t *)arg, &sig);
    pthread_mutex_lock(&shared.lock);
    int n = shared.finished ? 0 : shared.published;
    shared.cancelling = 1;
    pthread_mutex_unlock(&shared.lock);
    if (n) fprintf(stderr, "cancelling the calls in flight...\n");
    for (int i = 0; i < n; i++) litellm_call_cancel(handles[i]); /* does nothing to a call that has ended */
    return NULL;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n < 1 || n > 100000) { fprintf(stderr, "usage: %s [1..100000]\n", argv[0]); return 2; }
    const char *model = getenv("LITELLM_MODEL");
    if (model == NULL || *model == '\0') model = "gpt-4o-mini";

    /* Block SIGINT before the library starts its threads, so they inherit the mask. */
    sigset_t sigint;
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigint, NULL);
    pthread_t canceller;
    pthread_create(&canceller, NULL, cancel_on_ctrl_c, &sigint);

    /* Each call in flight holds a socket: allow as many descriptors as the system lets us. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }

    litellm_client *client = NULL;
    char *error = NULL;
    if (litellm_client_new(NULL, &client, &error) != LITELLM_OK) { /* base URL and key from the environment */
        fprintf(stderr, "litellm_client_new: %s\n", error ? error : "(no document)");
        litellm_free(error);
        return 1;
    }
    handles = calloc((size_t)n, sizeof *handles);
    if (handles == NULL) return 1;

    double t0 = now_ms();
    int started = 0;
    for (int i = 0; i < n; i++) {
        char request[256];
        snprintf(request, sizeof request,
                 "{\"model\": \"%s\", \"max_tokens\": 32, \"timeout_ms\": 60000,"
                 " \"messages\": [{\"role\": \"user\", \"content\": \"Question %d: what is %d + %d?\"}]}",
                 model, i, i, i);
        litellm_call *call = NULL;
        /* Returns at once. LITELLM_OK means on_done will run exactly once; the request string is
           read before the function returns, so a stack buffer is fine. */
        int status = litellm_generate_async(client, request, NULL, on_done, (void *)(intptr_t)i, &call);
        if (status != LITELLM_OK) { fprintf(stderr, "call %d not started: %s\n", i, litellm_status_str(status)); break; }
        pthread_mutex_lock(&shared.lock);
        handles[i] = call;
        shared.published = ++started;
        int stop = shared.cancelling;
        pthread_mutex_unlock(&shared.lock);
        if (stop) { litellm_call_cancel(call); break; } /* Ctrl-C came during the loop */
    }
    printf("liblitellm %s (ABI %d), model %s: %d calls started in %.0f ms\n",
           litellm_version(), litellm_abi_version(), model, started, now_ms() - t0);

    /* Wait for every on_done. */
    pthread_mutex_lock(&shared.lock);
    while (shared.ended < started) pthread_cond_wait(&shared.changed, &shared.lock);
    shared.finished = 1;
    pthread_mutex_unlock(&shared.lock);
    double elapsed = now_ms() - t0;

    pthread_kill(canceller, SIGINT); /* wake the Ctrl-C thread; it sees finished and stops */
    pthread_join(canceller, NULL);
    for (int i = 0; i < started; i++) litellm_call_free(handles[i]); /* every handle, once */
    free(handles);

    printf("first answer: %s\n", shared.first_answer ? shared.first_answer : "(none)");
    printf("%d calls ended in %.0f ms:", started, elapsed);
    for (int s = 0; s <= LITELLM_ERR_INTERNAL; s++)
        if (shared.by_status[s]) printf(" %d %s", shared.by_status[s], litellm_status_str(s));
    printf("\n");
    free(shared.first_answer);
    litellm_client_free(client); /* nothing is in flight any more: returns at once */
    return shared.by_status[LITELLM_OK] == n ? 0 : 1;
}
