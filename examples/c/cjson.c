/*
 * liblitellm from C with a JSON library: the request built and the documents read with cJSON
 * (Debian: apt-get install libcjson-dev), a streamed answer printed as it arrives, then its
 * token usage and cost from the final document.
 *
 * Build (from the repository root, after ./build.sh):
 *   cc examples/c/cjson.c $(PKG_CONFIG_PATH=artifacts/lib/pkgconfig pkg-config --cflags --libs litellm libcjson) \
 *      -Wl,-rpath,"$PWD/artifacts/lib" -o cjson-example
 * Run:
 *   LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=sk-... ./cjson-example gpt-4o-mini "Why is the sky blue?"
 */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "litellm.h"

/* Each event: print a delta's text at once; ignore the rest (the done event repeats the answer). */
static int on_event(void *user_data, const char *event_json)
{
    (void)user_data;
    cJSON *event = cJSON_Parse(event_json);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(event, "type");
    if (cJSON_IsString(type) && type->valuestring[0] == 'd' && type->valuestring[1] == 'e') { /* "delta" */
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(event, "content");
        if (cJSON_IsString(content)) {
            fputs(content->valuestring, stdout);
            fflush(stdout);
        }
    }
    cJSON_Delete(event);
    return 0;
}

int main(int argc, char **argv)
{
    const char *model = argc > 1 ? argv[1] : "gpt-4o-mini";
    const char *prompt = argc > 2 ? argv[2] : "Say hello to a C program.";

    /* The request, escaped by the library that builds it: any prompt is safe. */
    cJSON *request = cJSON_CreateObject();
    cJSON_AddStringToObject(request, "model", model);
    cJSON *messages = cJSON_AddArrayToObject(request, "messages");
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "role", "user");
    cJSON_AddStringToObject(message, "content", prompt);
    cJSON_AddItemToArray(messages, message);
    char *request_json = cJSON_PrintUnformatted(request);
    cJSON_Delete(request);

    char *out = NULL;
    int status = litellm_generate_stream(NULL, request_json, on_event, NULL, &out);
    cJSON_free(request_json);
    putchar('\n');

    cJSON *doc = cJSON_Parse(out);
    litellm_free(out);
    if (status != LITELLM_OK) {
        const cJSON *error = cJSON_GetObjectItemCaseSensitive(doc, "error");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(error, "message");
        fprintf(stderr, "error (%s): %s\n", litellm_status_str(status), cJSON_IsString(text) ? text->valuestring : "?");
        cJSON_Delete(doc);
        return 1;
    }
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(doc, "input_tokens");
    const cJSON *output = cJSON_GetObjectItemCaseSensitive(doc, "output_tokens");
    const cJSON *cost = cJSON_GetObjectItemCaseSensitive(doc, "cost_usd");
    fprintf(stderr, "[%d tokens in, %d out", cJSON_IsNumber(input) ? input->valueint : 0, cJSON_IsNumber(output) ? output->valueint : 0);
    if (cJSON_IsNumber(cost)) fprintf(stderr, ", $%.6f", cost->valuedouble);
    fprintf(stderr, "]\n");
    cJSON_Delete(doc);
    return 0;
}
