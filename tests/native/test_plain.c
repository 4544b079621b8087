/*
 * A C host without JSON code of its own (issue 16, item 5): litellm_ask for prompt-to-text and
 * litellm_json_get for any value of any document or stream event, through the published
 * library, against the fake server (model "echo" echoes the prompt, "status-NNN" answers NNN).
 *
 * Usage: test_plain BASE_URL
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litellm.h"
#include "check.h"
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

/* Whether litellm_json_get(json, path) is exactly expected (NULL: expects NULL). */
static int got(const char *json, const char *path, const char *expected)
{
    char *value = litellm_json_get(json, path);
    int same = expected == NULL ? value == NULL : value != NULL && strcmp(value, expected) == 0;
    if (!same) fprintf(stderr, "    json_get(%s, \"%s\") = %s, expected %s\n", json, path, value ? value : "NULL", expected ? expected : "NULL");
    litellm_free(value);
    return same;
}

static int ask_returns_the_answer_as_plain_text(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    char *text = NULL;
    CHECK(litellm_ask(client, "echo", "Say \"hi\"\nplease", &text) == LITELLM_OK);
    CHECK(text != NULL && strcmp(text, "Say \"hi\"\nplease") == 0); /* no JSON escapes left */
    litellm_free(text);
    litellm_client_free(client);
    return 1;
}

static int ask_returns_the_error_message_on_failure(void)
{
    litellm_client *client = client_for(base_url, ", \"max_retries\": 0");
    CHECK(client != NULL);
    char *text = NULL;
    CHECK(litellm_ask(client, "status-401", "x", &text) == LITELLM_ERR_HTTP_STATUS);
    CHECK(text != NULL && strstr(text, "401") != NULL && text[0] != '{');
    litellm_free(text);
    text = NULL;
    CHECK(litellm_ask(client, NULL, "x", &text) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(text != NULL && strstr(text, "model") != NULL);
    litellm_free(text);
    CHECK(litellm_ask(client, "echo", "x", NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    litellm_client_free(client);
    return 1;
}

static int json_get_takes_any_value_by_path(void)
{
    const char *doc = "{\"content\":\"a\\\"b\\u00e9\\n\",\"input_tokens\":7,\"ok\":true,\"none\":null,"
                      "\"tool_calls\":[{\"id\":\"c1\",\"name\":\"f\",\"arguments\":{\"city\":\"Oslo\"}},{\"name\":\"g\"}],"
                      "\"error\":{\"message\":\"m\"}}";
    CHECK(got(doc, "content", "a\"b\xc3\xa9\n"));
    CHECK(got(doc, "input_tokens", "7"));
    CHECK(got(doc, "ok", "true"));
    CHECK(got(doc, "none", NULL));
    CHECK(got(doc, "missing", NULL));
    CHECK(got(doc, "tool_calls[0].name", "f"));
    CHECK(got(doc, "tool_calls[1].name", "g"));
    CHECK(got(doc, "tool_calls[2].name", NULL));
    CHECK(got(doc, "tool_calls[0].arguments", "{\"city\":\"Oslo\"}"));
    CHECK(got(doc, "tool_calls[0].arguments.city", "Oslo"));
    CHECK(got(doc, "error.message", "m"));
    CHECK(got(doc, "content.x", NULL));        /* a string has no members */
    CHECK(got("{\"a\":", "a", NULL));           /* not JSON */
    CHECK(got(NULL, "a", NULL));
    CHECK(got(doc, NULL, NULL));
    return 1;
}

static char streamed[4096];

static int append_delta(void *user_data, const char *event_json)
{
    (void)user_data;
    char *type = litellm_json_get(event_json, "type");
    if (type != NULL && strcmp(type, "delta") == 0) {
        char *text = litellm_json_get(event_json, "content");
        if (text) strncat(streamed, text, sizeof streamed - strlen(streamed) - 1);
        litellm_free(text);
    }
    litellm_free(type);
    return 0;
}

static int a_stream_is_read_without_a_json_library(void)
{
    litellm_client *client = client_for(base_url, NULL);
    CHECK(client != NULL);
    streamed[0] = '\0';
    char *out = NULL;
    CHECK(litellm_generate_stream(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"streamed \\\"text\\\", \\u00e9t\\u00e9\"}]}",
                                  append_delta, NULL, &out) == LITELLM_OK);
    CHECK(strcmp(streamed, "streamed \"text\", \xc3\xa9t\xc3\xa9") == 0);
    char *content = litellm_json_get(out, "content");
    CHECK(content != NULL && strcmp(content, streamed) == 0);
    litellm_free(content);
    litellm_free(out);
    litellm_client_free(client);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_plain BASE_URL\n");
        return 64;
    }
    base_url = argv[1];
    run_test("ask_returns_the_answer_as_plain_text", ask_returns_the_answer_as_plain_text);
    run_test("ask_returns_the_error_message_on_failure", ask_returns_the_error_message_on_failure);
    run_test("json_get_takes_any_value_by_path", json_get_takes_any_value_by_path);
    run_test("a_stream_is_read_without_a_json_library", a_stream_is_read_without_a_json_library);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
