/*
 * litellm_embed, litellm_models and litellm_health, blocking and asynchronous, through the
 * published library against the fake server (tests/FakeServer/README.md: "The other routes"):
 * documents, NULL arguments, a freed handle, cancellation, a missing route, and every value of
 * the vectors checked bit for bit against the fake's own (fake_vectors.h).
 *
 * Usage: test_endpoints BASE_URL
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litellm.h"
#include "check.h"
#include "fake_vectors.h"
#include "host_util.h"

static int passed, failed;
static const char *base_url;

static void run_test(const char *name, int (*fn)(void))
{
    int ok = fn();
    printf("%s %s\n", ok ? "ok    " : "FAILED", name);
    fflush(stdout);
    if (ok) passed++; else failed++;
}

/*
 * Checks the "embeddings" of doc against the fake's vectors of texts[0..n): every number
 * parsed with strtof (the nearest float) must have the bits the fake sent.
 */
static int vectors_are_the_fakes(const char *doc, const char *const *texts, int n, int dims)
{
    const char *p = strstr(doc, "\"embeddings\":[");
    CHECK(p != NULL);
    p += strlen("\"embeddings\":[");
    float expected[512];
    CHECK(dims <= 512);
    for (int v = 0; v < n; v++) {
        CHECK(*p == '[');
        p++;
        fake_vector(texts[v], expected, dims);
        for (int i = 0; i < dims; i++) {
            char *end = NULL;
            float f = strtof(p, &end);
            CHECK(end != p);
            if (float_bits(f) != float_bits(expected[i])) {
                fprintf(stderr, "    vector %d [%d]: %.9g, expected %.9g\n", v, i, f, expected[i]);
                return 0;
            }
            p = end;
            CHECK(*p == (i == dims - 1 ? ']' : ','));
            p++;
        }
        if (v < n - 1) { CHECK(*p == ','); p++; }
    }
    CHECK(*p == ']');
    return 1;
}

static int embed_returns_every_vector_bit_for_bit(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_embed(client, "{\"model\":\"litellm:embed-shuffled\",\"input\":[\"alpha\",\"beta\",\"gamma\"],\"dimensions\":100}", &out) == LITELLM_OK);
    const char *texts[] = { "alpha", "beta", "gamma" };
    CHECK(vectors_are_the_fakes(out, texts, 3, 100));
    CHECK_HAS(out, "\"model\":\"embed-shuffled\"");
    CHECK_HAS(out, "\"attempts\":1");
    litellm_free(out);
    /* A float answer gives the same bits. */
    out = NULL;
    CHECK(litellm_embed(client, "{\"model\":\"embed-floats\",\"input\":\"alpha\",\"dimensions\":100}", &out) == LITELLM_OK);
    CHECK(vectors_are_the_fakes(out, texts, 1, 100));
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int embed_bad_answers_and_requests(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_embed(client, "{\"model\":\"embed-ragged\",\"input\":[\"a\",\"b\"]}", &out) == LITELLM_ERR_BAD_RESPONSE);
    CHECK_HAS(out, "\"kind\":\"bad_response\"");
    CHECK_HAS(out, "$.data[1].embedding: 15 values, but the vectors before it have 16");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_embed(client, "{\"model\":\"m\",\"input\":[]}", &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "$.input: must not be empty");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_embed(client, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "request_json: must not be NULL");
    litellm_free(out);
    CHECK(litellm_embed(client, "{\"model\":\"m\",\"input\":\"x\"}", NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_models(client, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_health(client, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    litellm_client_free(client);
    /* A freed handle is refused, with a document. */
    out = NULL;
    CHECK(litellm_health(client, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "\"kind\":\"invalid_argument\"");
    litellm_free(out);
    return 1;
}

static int models_take_a_null_request(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_models(client, NULL, &out) == LITELLM_OK);
    CHECK_HAS(out, "{\"models\":[{\"id\":\"gpt-4o\",\"owned_by\":\"openai\"}");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_models(client, "{\"info\":true}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"model_group\":\"gpt-4o\"");
    CHECK_HAS(out, "\"max_input_tokens\":128000");
    CHECK_HAS(out, "\"input_cost_per_token\":null");
    char *group = litellm_json_get(out, "models[2].model_group");
    CHECK(group != NULL && strcmp(group, "local-llama") == 0);
    litellm_free(group);
    litellm_free(out);
    out = NULL;
    CHECK(litellm_models(client, "{\"infos\":true}", &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "$.infos: unknown field (did you mean \\\"info\\\"?)");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int health_reads_the_readiness_answer(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_health(client, &out) == LITELLM_OK);
    CHECK_HAS(out, "{\"healthy\":true,\"status\":\"healthy\",\"litellm_version\":\"1.74.0-fake\",\"db\":\"Not connected\",\"latency_ms\":");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int a_missing_route_is_http_status_404(void)
{
    char bare[300];
    snprintf(bare, sizeof bare, "%s/bare", base_url);
    litellm_client *client = client_for(bare, ", \"max_retries\": 0");
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_health(client, &out) == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(out, "\"status\":404");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_embed(client, "{\"model\":\"m\",\"input\":\"x\"}", &out) == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(out, "\"status\":404");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

struct done {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls, status;
    char doc[4096];
};

static void on_done(void *user_data, int status, const char *json)
{
    struct done *d = user_data;
    pthread_mutex_lock(&d->lock);
    d->calls++;
    d->status = status;
    snprintf(d->doc, sizeof d->doc, "%s", json ? json : "(NULL)");
    pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->lock);
}

static void wait_done(struct done *d)
{
    pthread_mutex_lock(&d->lock);
    while (d->calls == 0) pthread_cond_wait(&d->cond, &d->lock);
    pthread_mutex_unlock(&d->lock);
}

#define DONE_INIT { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, "" }

static int async_forms_end_through_on_done(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    struct done e = DONE_INIT, m = DONE_INIT, h = DONE_INIT, bad = DONE_INIT;
    litellm_call *call = NULL;
    CHECK(litellm_embed_async(client, "{\"model\":\"m\",\"input\":[\"alpha\"],\"dimensions\":8}", on_done, &e, &call) == LITELLM_OK);
    CHECK(call != NULL);
    litellm_call_free(call);
    CHECK(litellm_models_async(client, NULL, on_done, &m, NULL) == LITELLM_OK);
    CHECK(litellm_health_async(client, on_done, &h, NULL) == LITELLM_OK);
    CHECK(litellm_embed_async(client, "{\"model\":\"m\"}", on_done, &bad, NULL) == LITELLM_OK);
    wait_done(&e);
    wait_done(&m);
    wait_done(&h);
    wait_done(&bad);
    const char *texts[] = { "alpha" };
    CHECK(e.status == LITELLM_OK && vectors_are_the_fakes(e.doc, texts, 1, 8));
    CHECK(m.status == LITELLM_OK);
    CHECK_HAS(m.doc, "\"owned_by\":\"custom\"");
    CHECK(h.status == LITELLM_OK);
    CHECK_HAS(h.doc, "\"healthy\":true");
    CHECK(bad.status == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(bad.doc, "$.input: required");
    CHECK(e.calls == 1 && m.calls == 1 && h.calls == 1 && bad.calls == 1);
    CHECK(litellm_embed_async(client, "{}", NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_health_async(client, NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    litellm_client_free(client);
    return 1;
}

static int cancel_ends_an_embed_in_flight(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    struct done d = DONE_INIT, byid = DONE_INIT;
    litellm_call *call = NULL;
    CHECK(litellm_embed_async(client, "{\"model\":\"slow-20000\",\"input\":\"x\"}", on_done, &d, &call) == LITELLM_OK);
    CHECK(litellm_embed_async(client, "{\"model\":\"slow-20000\",\"input\":\"y\",\"request_id\":\"c-embed\"}", on_done, &byid, NULL) == LITELLM_OK);
    sleep_ms(200);
    double start = now_ms();
    CHECK(litellm_call_cancel(call) == LITELLM_OK);
    CHECK(litellm_cancel(client, "c-embed") == LITELLM_OK);
    wait_done(&d);
    wait_done(&byid);
    double ms = now_ms() - start;
    litellm_call_free(call);
    CHECK(d.status == LITELLM_ERR_CANCELLED && byid.status == LITELLM_ERR_CANCELLED);
    CHECK_HAS(byid.doc, "\"request_id\":\"c-embed\"");
    CHECK(ms < 2000);
    /* A blocking health call on a client being freed from another thread is covered by the
       generic free tests; here the free with nothing in flight returns at once. */
    litellm_client_free(client);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_endpoints BASE_URL\n");
        return 64;
    }
    base_url = argv[1];
    run_test("embed_returns_every_vector_bit_for_bit", embed_returns_every_vector_bit_for_bit);
    run_test("embed_bad_answers_and_requests", embed_bad_answers_and_requests);
    run_test("models_take_a_null_request", models_take_a_null_request);
    run_test("health_reads_the_readiness_answer", health_reads_the_readiness_answer);
    run_test("a_missing_route_is_http_status_404", a_missing_route_is_http_status_404);
    run_test("async_forms_end_through_on_done", async_forms_end_through_on_done);
    run_test("cancel_ends_an_embed_in_flight", cancel_ends_an_embed_in_flight);
    printf("endpoints: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
