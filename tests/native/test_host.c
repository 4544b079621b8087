/*
 * Native host tests: the published liblitellm.so called exactly as a C program calls it,
 * against the project's loopback fake server (tests/FakeServer), whose answer is chosen by
 * the model name: "echo" echoes the last user message, "status-NNN" answers NNN,
 * "tool" answers a tool call, "garbage" answers a non-JSON 200, "slow-MS" waits first.
 *
 * Usage: test_host BASE_URL CLOSED_PORT_URL
 * Prints one line per test and "N passed, M failed" last; exits non-zero on any failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litellm.h"
#include "check.h"
#include "host_util.h"

static int passed, failed;
static const char *base_url;
static const char *closed_url;

/* CHECK and CHECK_HAS come from check.h. */

static void run_test(const char *name, int (*fn)(void))
{
    int ok = fn();
    printf("%s %s\n", ok ? "ok    " : "FAILED", name);
    fflush(stdout);
    if (ok) passed++; else failed++;
}

/* ---- ABI basics ---------------------------------------------------------------------- */

static int version_is_static_and_semver(void)
{
    const char *v = litellm_version();
    CHECK(v != NULL);
    CHECK(strcmp(v, "0.1.0") == 0);
    CHECK(litellm_version() == v);
    return 1;
}

static int free_functions_are_null_safe_and_idempotent(void)
{
    litellm_free(NULL);
    litellm_client_free(NULL);
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    litellm_client_free(client);
    litellm_client_free(client); /* a second free finds nothing and does nothing */
    return 1;
}

static int string_free_ignores_double_and_foreign_pointers(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(out != NULL);
    litellm_free(out);
    litellm_free(out); /* already freed: ignored, the heap is intact */
    char local[16] = "not ours";
    litellm_free(local); /* never returned by the library: ignored */
    CHECK(strcmp(local, "not ours") == 0);
    return 1;
}

static int client_new_rejects_unknown_option_by_name(void)
{
    litellm_client *client = (litellm_client *)0x1; /* must be overwritten with NULL */
    char *error = NULL;
    int status = litellm_client_new("{\"base_ur\": \"http://x\"}", &client, &error);
    CHECK(status == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(client == NULL);
    CHECK_HAS(error, "\"kind\":\"invalid_argument\"");
    CHECK_HAS(error, "$.base_ur: unknown field");
    litellm_free(error);
    return 1;
}

static int client_new_requires_out_client(void)
{
    char *error = NULL;
    CHECK(litellm_client_new(NULL, NULL, &error) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(error, "out_client");
    litellm_free(error);
    CHECK(litellm_client_new(NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    return 1;
}

static int null_request_is_invalid_argument_with_document(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "request_json: must not be NULL");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_run(NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "request_json: must not be NULL");
    litellm_free(out);
    return 1;
}

static int null_out_json_is_invalid_argument(void)
{
    CHECK(litellm_generate(NULL, "{}", NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_run(NULL, "{}", NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    return 1;
}

static int invalid_utf8_is_invalid_argument(void)
{
    char *out = NULL;
    const char bad[] = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"\xC3\x28\"}]}";
    CHECK(litellm_generate(NULL, bad, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "not valid UTF-8");
    litellm_free(out);
    return 1;
}

static int malformed_json_and_empty_messages_are_explained(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\": ", &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "malformed JSON");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\":\"echo\",\"messages\":[]}", &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "$.messages: must not be empty");
    litellm_free(out);
    return 1;
}

static int freed_handle_is_rejected_not_dereferenced(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    litellm_client_free(client);
    char *out = NULL;
    int status = litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out);
    CHECK(status == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "not a live litellm_client handle");
    litellm_free(out);
    return 1;
}

/* ---- generate ------------------------------------------------------------------------ */

static int generate_echo_returns_content_usage_and_cost(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    char *out = NULL;
    int status = litellm_generate(client,
        "{\"model\":\"litellm:echo\",\"messages\":[{\"role\":\"user\",\"content\":\"h\xC3\xA9llo from C\"}]}", &out);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"h\xC3\xA9llo from C\""); /* raw UTF-8, not \\u escapes */
    CHECK_HAS(out, "\"model\":\"echo\"");
    CHECK_HAS(out, "\"stop_reason\":\"end_turn\"");
    CHECK_HAS(out, "\"cost_usd\":0.00042");
    CHECK_HAS(out, "\"attempts\":1");
    CHECK(strstr(out, "\"input_tokens\":0") == NULL);
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int default_client_comes_from_the_environment(void)
{
    char *out = NULL;
    int status = litellm_generate(NULL, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"env\"}]}", &out);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"env\"");
    litellm_free(out);
    return 1;
}

static int generate_tool_call_is_parsed(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\":\"tool\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],"
                                 "\"tools\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"name\":\"get_weather\"");
    CHECK_HAS(out, "\"arguments\":{\"city\":\"Oslo\"}");
    CHECK_HAS(out, "\"stop_reason\":\"tool_use\"");
    litellm_free(out);
    return 1;
}

static int http_401_is_http_status_not_retried(void)
{
    char *out = NULL;
    int status = litellm_generate(NULL, "{\"model\":\"status-401\",\"request_id\":\"c-1\","
                                        "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out);
    CHECK(status == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(out, "\"kind\":\"http_status\"");
    CHECK_HAS(out, "\"status\":401");
    CHECK_HAS(out, "\"attempts\":1");
    CHECK_HAS(out, "\"request_id\":\"c-1\"");
    litellm_free(out);
    return 1;
}

static int http_503_is_retried_until_attempts_are_spent(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 1");
    CHECK(client != NULL);
    char *out = NULL;
    int status = litellm_generate(client, "{\"model\":\"status-503\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out);
    CHECK(status == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(out, "\"attempts\":2");
    CHECK_HAS(out, "\"retryable\":true");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int non_json_body_is_bad_response(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\":\"garbage\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out)
          == LITELLM_ERR_BAD_RESPONSE);
    CHECK_HAS(out, "\"kind\":\"bad_response\"");
    litellm_free(out);
    return 1;
}

static int slow_server_is_timeout(void)
{
    char *out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\":\"slow-3000\",\"timeout_ms\":200,\"max_retries\":0,"
                                 "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out) == LITELLM_ERR_TIMEOUT);
    CHECK_HAS(out, "\"kind\":\"timeout\"");
    litellm_free(out);
    return 1;
}

static int closed_port_is_network(void)
{
    litellm_client *client = client_for(closed_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out)
          == LITELLM_ERR_NETWORK);
    CHECK_HAS(out, "\"kind\":\"network\"");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int api_key_never_appears_in_error_documents(void)
{
    litellm_client *client = NULL;
    char options[256];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"api_key\":\"sk-native-secret-42\",\"max_retries\":0}", closed_url);
    CHECK(litellm_client_new(options, &client, NULL) == LITELLM_OK);
    char *out = NULL;
    litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out);
    CHECK(out != NULL);
    CHECK(strstr(out, "sk-native-secret-42") == NULL);
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

static int mock_response_needs_no_server(void)
{
    litellm_client *client = client_for(closed_url, NULL);
    CHECK(client != NULL);
    char *out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"m\",\"mock_response\":\"canned\","
                                   "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"canned\"");
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

/* ---- run ----------------------------------------------------------------------------- */

static int run_escalates_past_a_failing_model(void)
{
    char *out = NULL;
    int status = litellm_run(NULL,
        "{\"models\":[\"status-500\",\"litellm:echo\"],\"max_retries\":0,"
        "\"skill_prompt\":\"Answer with a Result object.\","
        "\"task_prompt\":\"{\\\"status\\\":\\\"success\\\",\\\"output\\\":{\\\"queue\\\":\\\"billing\\\"},\\\"confidence\\\":0.9}\"}",
        &out);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"result\":{\"status\":\"success\",\"output\":{\"queue\":\"billing\"}");
    CHECK_HAS(out, "\"model\":\"echo\"");
    CHECK_HAS(out, "\"escalations\":[{\"model\":\"status-500\"");
    CHECK_HAS(out, "\"kind\":\"http_status\"");
    litellm_free(out);
    return 1;
}

static int run_with_every_model_failing_carries_the_trail(void)
{
    char *out = NULL;
    int status = litellm_run(NULL,
        "{\"models\":[\"echo\",\"status-404\"],\"task_prompt\":\"not json at all\"}", &out);
    CHECK(status == LITELLM_ERR_HTTP_STATUS);
    CHECK_HAS(out, "\"status\":404");
    CHECK_HAS(out, "\"escalations\":[{\"model\":\"echo\"");
    CHECK_HAS(out, "\"kind\":\"invalid_result\"");
    litellm_free(out);
    return 1;
}

static int run_rejects_unsupported_schema_keyword(void)
{
    char *out = NULL;
    CHECK(litellm_run(NULL, "{\"model\":\"echo\",\"task_prompt\":\"x\",\"result_schema\":{\"anyOf\":[]}}", &out)
          == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "anyOf");
    litellm_free(out);
    return 1;
}

/* ---- threads ------------------------------------------------------------------------- */

enum { THREADS = 8, CALLS = 25 };
static litellm_client *shared_client;

static void *hammer(void *arg)
{
    long id = (long)arg;
    long ok = 0;
    for (int i = 0; i < CALLS; i++) {
        char request[256], expected[64];
        snprintf(request, sizeof request,
                 "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"t%ld-%d\"}]}", id, i);
        snprintf(expected, sizeof expected, "\"content\":\"t%ld-%d\"", id, i);
        char *out = NULL;
        if (litellm_generate(shared_client, request, &out) == LITELLM_OK && out && strstr(out, expected)) ok++;
        litellm_free(out);
    }
    return (void *)ok;
}

static int one_client_serves_many_threads(void)
{
    shared_client = client_for(base_url, NULL);
    CHECK(shared_client != NULL);
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++) CHECK(pthread_create(&threads[t], NULL, hammer, (void *)t) == 0);
    long total = 0;
    for (int t = 0; t < THREADS; t++) {
        void *result = NULL;
        pthread_join(threads[t], &result);
        total += (long)result;
    }
    litellm_client_free(shared_client);
    CHECK(total == THREADS * CALLS);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s BASE_URL CLOSED_PORT_URL\n", argv[0]);
        return 2;
    }
    base_url = argv[1];
    closed_url = argv[2];

    run_test("version_is_static_and_semver", version_is_static_and_semver);
    run_test("free_functions_are_null_safe_and_idempotent", free_functions_are_null_safe_and_idempotent);
    run_test("string_free_ignores_double_and_foreign_pointers", string_free_ignores_double_and_foreign_pointers);
    run_test("client_new_rejects_unknown_option_by_name", client_new_rejects_unknown_option_by_name);
    run_test("client_new_requires_out_client", client_new_requires_out_client);
    run_test("null_request_is_invalid_argument_with_document", null_request_is_invalid_argument_with_document);
    run_test("null_out_json_is_invalid_argument", null_out_json_is_invalid_argument);
    run_test("invalid_utf8_is_invalid_argument", invalid_utf8_is_invalid_argument);
    run_test("malformed_json_and_empty_messages_are_explained", malformed_json_and_empty_messages_are_explained);
    run_test("freed_handle_is_rejected_not_dereferenced", freed_handle_is_rejected_not_dereferenced);
    run_test("generate_echo_returns_content_usage_and_cost", generate_echo_returns_content_usage_and_cost);
    run_test("default_client_comes_from_the_environment", default_client_comes_from_the_environment);
    run_test("generate_tool_call_is_parsed", generate_tool_call_is_parsed);
    run_test("http_401_is_http_status_not_retried", http_401_is_http_status_not_retried);
    run_test("http_503_is_retried_until_attempts_are_spent", http_503_is_retried_until_attempts_are_spent);
    run_test("non_json_body_is_bad_response", non_json_body_is_bad_response);
    run_test("slow_server_is_timeout", slow_server_is_timeout);
    run_test("closed_port_is_network", closed_port_is_network);
    run_test("api_key_never_appears_in_error_documents", api_key_never_appears_in_error_documents);
    run_test("mock_response_needs_no_server", mock_response_needs_no_server);
    run_test("run_escalates_past_a_failing_model", run_escalates_past_a_failing_model);
    run_test("run_with_every_model_failing_carries_the_trail", run_with_every_model_failing_carries_the_trail);
    run_test("run_rejects_unsupported_schema_keyword", run_rejects_unsupported_schema_keyword);
    run_test("one_client_serves_many_threads", one_client_serves_many_threads);

    printf("native: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
