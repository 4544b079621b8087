/*
 * liblitellm from C: one chat completion, then one executor run.
 *
 * Build (from the repository root, after ./build.sh):
 *   cc -Iartifacts/include example.c -Lartifacts/lib -llitellm \
 *      -Wl,-rpath,"$PWD/artifacts/lib" -o example
 * Run against a LiteLLM proxy:
 *   LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=sk-... LITELLM_MODEL=gpt-4o-mini ./example
 * Ctrl-C cancels the call in flight (it returns LITELLM_ERR_CANCELLED), the recommended way:
 * the signal handler only writes one byte to litellm_interrupt_fd()'s descriptor.
 */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litellm.h"

/* Prints a document and frees it; returns the status so callers can stop on failure. */
static int report(const char *what, int status, char *json)
{
    printf("%s -> status %d\n%s\n\n", what, status, json ? json : "(no document)");
    litellm_free(json); /* NULL-safe */
    return status;
}

static int interrupt_fd = -1;

/* A signal handler may not call the library; this is the one thing it may do. */
static void on_ctrl_c(int signo)
{
    (void)signo;
    int saved = errno; /* a handler leaves errno as it found it */
    ssize_t n = write(interrupt_fd, "!", 1);
    (void)n;
    errno = saved;
}

int main(void)
{
    interrupt_fd = litellm_interrupt_fd(); /* -1 where not available: Ctrl-C then just ends the program */
    if (interrupt_fd >= 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_ctrl_c;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
    }

    const char *model = getenv("LITELLM_MODEL");
    if (model == NULL || *model == '\0') model = "gpt-4o-mini";
    printf("liblitellm %s, model %s\n\n", litellm_version(), model);

    /* One client per process and endpoint: base URL and key come from the environment. */
    litellm_client *client = NULL;
    char *error = NULL;
    int status = litellm_client_new(NULL, &client, &error);
    if (status != LITELLM_OK) return report("litellm_client_new", status, error);

    /* The provider: messages in, one chat completion out. */
    char request[1024];
    snprintf(request, sizeof request,
             "{\"model\": \"%s\", \"max_tokens\": 64,"
             " \"messages\": [{\"role\": \"user\", \"content\": \"Say hello to a C program.\"}]}",
             model);
    char *response = NULL;
    status = litellm_generate(client, request, &response);
    if (report("litellm_generate", status, response) != LITELLM_OK) goto done;

    /* The executor: a skill and a task in, a JSON result validated against the default
       Result schema out; a failing model would escalate to the next one of "models". */
    snprintf(request, sizeof request,
             "{\"models\": [\"%s\"],"
             " \"skill_prompt\": \"You route support tickets. Answer with a Result object:"
             " {\\\"status\\\": \\\"success\\\", \\\"output\\\": {\\\"queue\\\": ...}, \\\"confidence\\\": 0..1}\","
             " \"task_prompt\": \"Ticket: my invoice is wrong\", \"json_mode\": true}",
             model);
    char *result = NULL;
    status = litellm_run(client, request, &result);
    report("litellm_run", status, result);

done:
    litellm_client_free(client);
    return status == LITELLM_OK ? 0 : 1;
}
