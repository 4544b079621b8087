/*
 * Hostile input at every exported function of liblitellm, called exactly as a C program calls
 * it, against the loopback fake server (tests/FakeServer; "echo" echoes the last user message).
 * Every bad input must come back as LITELLM_ERR_INVALID_ARGUMENT (or the documented behaviour)
 * with an error document that names the parameter or field at fault, and the process must be
 * healthy afterwards: real calls on the same client still answer.
 *
 * Usage: test_hostile BASE_URL                 the tests; "N passed, M failed" last
 *        test_hostile BASE_URL --page-edge     inputs whose NUL is the last byte before an
 *                                              unmapped page, each call in a process of its
 *                                              own (a read past the terminator kills it); one
 *                                              line per function, exit 1 if any process died
 */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS */
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "litellm.h"

extern char **environ;

static int passed, failed, checks;
static const char *base_url;
static litellm_client *client; /* the client the tests share; healthy() proves it still works */

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            fprintf(stderr, "    %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            return 0;                                                                \
        }                                                                            \
    } while (0)

/* Fails unless the document contains the fragment; prints the document when it does not. */
#define CHECK_HAS(doc, fragment)                                                     \
    do {                                                                             \
        checks++;                                                                    \
        if ((doc) == NULL || strstr((doc), (fragment)) == NULL) {                    \
            fprintf(stderr, "    %s:%d: %.600s lacks %s\n", __FILE__, __LINE__,     \
                    (doc) ? (doc) : "(NULL)", (fragment));                           \
            return 0;                                                                \
        }                                                                            \
    } while (0)

static void run_test(const char *name, int (*fn)(void))
{
    int ok = fn();
    printf("%s %s\n", ok ? "ok    " : "FAILED", name);
    fflush(stdout);
    if (ok) passed++; else failed++;
}

/* ---- helpers ----------------------------------------------------------------------------- */

/* 1 when s is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned min, cp;
        if (c < 0x80) { p++; continue; }
        else if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; cp = c & 0x07; }
        else return 0;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        p += n + 1;
    }
    return 1;
}

/* The kinds of call that take a request document. */
enum fn { GENERATE, RUN, STREAM, CLIENT_NEW, FN_COUNT };
static const char *const fn_names[] = { "litellm_generate", "litellm_run", "litellm_generate_stream", "litellm_client_new" };

static int stream_events; /* events delivered to on_event; an invalid request must deliver none */

static int count_event(void *user_data, const char *event_json)
{
    (void)user_data;
    (void)event_json;
    stream_events++;
    return 0;
}

/* Calls fn with the document; for CLIENT_NEW the document is options_json and a client made
 * by mistake is freed. out is preset to a poison value: the library must overwrite it. */
static int call(enum fn fn, litellm_client *on, const char *doc, char **out)
{
    *out = (char *)(uintptr_t)0x1;
    switch (fn) {
    case GENERATE: return litellm_generate(on, doc, out);
    case RUN: return litellm_run(on, doc, out);
    case STREAM: return litellm_generate_stream(on, doc, count_event, NULL, out);
    default: {
        litellm_client *made = (litellm_client *)(uintptr_t)0x1;
        int status = litellm_client_new(doc, &made, out);
        if (status == LITELLM_OK) litellm_client_free(made);
        else if (made != NULL) {
            fprintf(stderr, "    litellm_client_new failed but left out_client = %p\n", (void *)made);
            return -1;
        }
        return status;
    }
    }
}

static const char invalid_head[] = "{\"error\":{\"kind\":\"invalid_argument\",\"message\":\"";

/*
 * The call must be refused as invalid_argument, with a small, well-formed UTF-8 document whose
 * message holds every fragment (NULL-terminated list), and no stream event. Prints why not.
 */
static int refused_with(enum fn fn, litellm_client *on, const char *label, const char *doc, const char *const *fragments)
{
    checks++;
    int events_before = stream_events;
    char *out = NULL;
    int status = call(fn, on, doc, &out);
    const char *why = NULL;
    if (status != LITELLM_ERR_INVALID_ARGUMENT) why = "status is not LITELLM_ERR_INVALID_ARGUMENT";
    else if (out == NULL || out == (char *)(uintptr_t)0x1) why = "no error document";
    else if (strncmp(out, invalid_head, sizeof invalid_head - 1) != 0) why = "not an invalid_argument error document";
    else if (!utf8_valid(out)) why = "the error document is not valid UTF-8";
    else if (strlen(out) > 16384) why = "the error document is larger than 16 KiB";
    else if (stream_events != events_before) why = "on_event was called for a refused request";
    else {
        for (const char *const *f = fragments; *f && why == NULL; f++)
            if (strstr(out, *f) == NULL) {
                fprintf(stderr, "    %s %s: the document lacks %s: %.600s\n", fn_names[fn], label, *f, out);
                litellm_free(out);
                return 0;
            }
    }
    if (why) {
        fprintf(stderr, "    %s %s: %s (status %d): %.600s\n", fn_names[fn], label, why, status,
                out == NULL ? "(NULL)" : out == (char *)(uintptr_t)0x1 ? "(out_json untouched)" : out);
        if (out != (char *)(uintptr_t)0x1) litellm_free(out);
        return 0;
    }
    litellm_free(out);
    return 1;
}

#define REFUSED(fn, on, label, doc, ...)                                             \
    do {                                                                             \
        static const char *const fragments_[] = { __VA_ARGS__, NULL };              \
        if (!refused_with((fn), (on), (label), (doc), fragments_)) {                 \
            fprintf(stderr, "    (at %s:%d)\n", __FILE__, __LINE__);                 \
            return 0;                                                                \
        }                                                                            \
    } while (0)

/* A generate request with extra fields before "messages" and the user content given. */
static char *generate_request(const char *extra, const char *content)
{
    size_t n = strlen(extra) + strlen(content) + 128;
    char *doc = malloc(n);
    if (doc) snprintf(doc, n, "{\"model\":\"echo\",%s\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", extra, content);
    return doc;
}

/* A run request with extra fields before "task_prompt" and the task given. */
static char *run_request(const char *extra, const char *task)
{
    size_t n = strlen(extra) + strlen(task) + 64;
    char *doc = malloc(n);
    if (doc) snprintf(doc, n, "{\"model\":\"echo\",%s\"task_prompt\":\"%s\"}", extra, task);
    return doc;
}

/* Client options with extra fields before "api_key". */
static char *options(const char *extra)
{
    size_t n = strlen(extra) + strlen(base_url) + 64;
    char *doc = malloc(n);
    if (doc) snprintf(doc, n, "{\"base_url\":\"%s\",%s\"api_key\":\"\"}", base_url, extra);
    return doc;
}

/* Real calls, each kind, on the shared client, the default client and a new client. */
static int healthy(void)
{
    char *out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"still alive\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"still alive\"");
    litellm_free(out);
    out = NULL;
    CHECK(litellm_run(client, "{\"model\":\"echo\",\"task_prompt\":\"{\\\"status\\\":\\\"success\\\",\\\"output\\\":{\\\"alive\\\":true}}\"}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"output\":{\"alive\":true}");
    litellm_free(out);
    out = NULL;
    int before = stream_events;
    CHECK(litellm_generate_stream(client, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"streaming still\"}]}",
                                  count_event, NULL, &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"streaming still\"");
    CHECK(stream_events > before + 1);
    litellm_free(out);
    out = NULL;
    CHECK(litellm_generate(NULL, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"default\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"default\"");
    litellm_free(out);
    char *opts = options("");
    litellm_client *fresh = NULL;
    CHECK(opts != NULL && litellm_client_new(opts, &fresh, NULL) == LITELLM_OK && fresh != NULL);
    free(opts);
    out = NULL;
    CHECK(litellm_generate(fresh, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"fresh\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"fresh\"");
    litellm_free(out);
    litellm_client_free(fresh);
    return 1;
}

static const char *const valid_generate = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
static const char *const valid_run = "{\"model\":\"echo\",\"task_prompt\":\"{\\\"status\\\":\\\"success\\\",\\\"output\\\":1}\"}";

/* ---- NULL in every pointer position -------------------------------------------------------- */

static int null_in_every_pointer_position(void)
{
    /* litellm_client_new: options NULL is allowed (all defaults); out_error_json is set to NULL on success. */
    litellm_client *made = NULL;
    char *error = (char *)(uintptr_t)0x1;
    CHECK(litellm_client_new(NULL, &made, &error) == LITELLM_OK);
    CHECK(made != NULL);
    CHECK(error == NULL);
    litellm_client_free(made);
    made = NULL;
    CHECK(litellm_client_new(NULL, &made, NULL) == LITELLM_OK); /* out_error_json NULL: allowed */
    CHECK(made != NULL);
    litellm_client_free(made);
    /* out_client NULL: refused, with a document naming it when there is somewhere to put one. */
    error = NULL;
    CHECK(litellm_client_new(NULL, NULL, &error) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(error, "out_client: must not be NULL");
    litellm_free(error);
    error = NULL;
    CHECK(litellm_client_new("{}", NULL, &error) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(error, "out_client");
    litellm_free(error);
    CHECK(litellm_client_new(NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_client_new("{", NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    made = (litellm_client *)(uintptr_t)0x1; /* a failure sets out_client to NULL */
    CHECK(litellm_client_new("{\"bad\":1}", &made, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(made == NULL);

    /* generate / run / generate_stream: request_json NULL, on the shared and the default client. */
    litellm_client *clients[2] = { client, NULL };
    for (int c = 0; c < 2; c++) {
        REFUSED(GENERATE, clients[c], "request_json NULL", NULL, "\"message\":\"request_json: must not be NULL\"");
        REFUSED(RUN, clients[c], "request_json NULL", NULL, "\"message\":\"request_json: must not be NULL\"");
        REFUSED(STREAM, clients[c], "request_json NULL", NULL, "\"message\":\"request_json: must not be NULL\"");
    }
    /* out_json NULL: refused without a document (nowhere to put one), for valid and NULL requests. */
    CHECK(litellm_generate(client, valid_generate, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_generate(NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_run(client, valid_run, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_run(NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    int before = stream_events;
    CHECK(litellm_generate_stream(client, valid_generate, count_event, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_generate_stream(NULL, NULL, NULL, NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(stream_events == before); /* refused before anything was sent */
    /* on_event NULL: refused, naming on_event, even for a valid request. */
    char *out = (char *)(uintptr_t)0x1;
    CHECK(litellm_generate_stream(client, valid_generate, NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK_HAS(out, "\"message\":\"on_event: must not be NULL\"");
    litellm_free(out);
    out = (char *)(uintptr_t)0x1;
    CHECK(litellm_generate_stream(NULL, NULL, NULL, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(out != NULL && out != (char *)(uintptr_t)0x1);
    CHECK_HAS(out, "\"kind\":\"invalid_argument\"");
    litellm_free(out);
    /* user_data NULL is allowed. */
    out = NULL;
    CHECK(litellm_generate_stream(client, valid_generate, count_event, NULL, &out) == LITELLM_OK);
    litellm_free(out);

    /* litellm_cancel: request_id NULL refused, on a client and on the default client. */
    CHECK(litellm_cancel(client, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_cancel(NULL, NULL) == LITELLM_ERR_INVALID_ARGUMENT);

    /* litellm_set_log_callback: fn NULL is "off", whatever user_data and min_level. */
    int state = 0;
    CHECK(litellm_set_log_callback(NULL, NULL, LITELLM_LOG_DEBUG) == LITELLM_OK);
    CHECK(litellm_set_log_callback(NULL, &state, LITELLM_LOG_ERROR) == LITELLM_OK);
    CHECK(litellm_set_log_callback(NULL, NULL, 0) == LITELLM_OK);

    /* The free functions are NULL-safe. */
    litellm_free(NULL);
    litellm_client_free(NULL);
    return healthy();
}

/* ---- invalid UTF-8 ------------------------------------------------------------------------ */

static const struct { const char *name; const char *bytes; } bad_utf8[] = {
    { "overlong 2-byte '/'", "\xC0\xAF" },
    { "overlong NUL (modified UTF-8)", "\xC0\x80" },
    { "overlong 3-byte '/'", "\xE0\x80\xAF" },
    { "overlong 4-byte '/'", "\xF0\x80\x80\xAF" },
    { "high surrogate U+D800", "\xED\xA0\x80" },
    { "low surrogate U+DFFF", "\xED\xBF\xBF" },
    { "CESU-8 surrogate pair", "\xED\xA0\xBD\xED\xB2\xA9" },
    { "truncated 3-byte sequence", "\xE2\x82" },
    { "truncated 4-byte sequence", "\xF0\x9F\x98" },
    { "lone continuation byte", "\x80" },
    { "byte 0xFF", "\xFF" },
    { "byte 0xFE", "\xFE" },
    { "above U+10FFFF", "\xF4\x90\x80\x80" },
    { "5-byte form", "\xF8\x88\x80\x80\x80" },
};

/* "<param>: not valid UTF-8 (at byte N)" with N the offset of the first non-ASCII byte. */
static int refused_utf8(enum fn fn, const char *param, const char *what, const char *doc)
{
    size_t offset = 0;
    while (doc[offset] && (unsigned char)doc[offset] < 0x80) offset++;
    char expected[96];
    snprintf(expected, sizeof expected, "\"message\":\"%s: not valid UTF-8 (at byte %zu)\"", param, offset);
    const char *fragments[] = { expected, NULL };
    return refused_with(fn, fn == CLIENT_NEW ? NULL : client, what, doc, fragments);
}

static int invalid_utf8_of_every_kind_is_refused_with_its_offset(void)
{
    for (size_t k = 0; k < sizeof bad_utf8 / sizeof bad_utf8[0]; k++) {
        char label[128];
        const char *b = bad_utf8[k].bytes;
        char key[64], header[64];
        snprintf(key, sizeof key, "\"metadata\":{\"k%s\":1},", b);
        snprintf(header, sizeof header, "\"headers\":{\"x-h\":\"%s\"},", b);
        size_t n = strlen(valid_generate) + strlen(b) + 1;
        char *docs[5] = {
            generate_request("", b),     /* in a string value */
            generate_request(key, "x"),  /* in a key */
            run_request("", b),          /* in task_prompt */
            options(header),             /* in a header value */
            malloc(n) };                 /* after a complete document */
        CHECK(docs[0] && docs[1] && docs[2] && docs[3] && docs[4]);
        snprintf(docs[4], n, "%s%s", valid_generate, b);

        snprintf(label, sizeof label, "(%s in a value)", bad_utf8[k].name);
        if (!refused_utf8(GENERATE, "request_json", label, docs[0])) return 0;
        if (!refused_utf8(STREAM, "request_json", label, docs[0])) return 0;
        snprintf(label, sizeof label, "(%s in a key)", bad_utf8[k].name);
        if (!refused_utf8(GENERATE, "request_json", label, docs[1])) return 0;
        snprintf(label, sizeof label, "(%s in task_prompt)", bad_utf8[k].name);
        if (!refused_utf8(RUN, "request_json", label, docs[2])) return 0;
        snprintf(label, sizeof label, "(%s in a header value)", bad_utf8[k].name);
        if (!refused_utf8(CLIENT_NEW, "options_json", label, docs[3])) return 0;
        snprintf(label, sizeof label, "(%s after the document)", bad_utf8[k].name);
        if (!refused_utf8(GENERATE, "request_json", label, docs[4])) return 0;
        for (int i = 0; i < 5; i++) free(docs[i]);
    }
    /* Escaped lone surrogates are valid JSON syntax but not Unicode text: refused with the path. */
    REFUSED(GENERATE, client, "(\\ud800 escape)", "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\"}]}",
            "request_json: $.messages[0].content: invalid \\\\u escape (a lone UTF-16 surrogate)");
    REFUSED(GENERATE, client, "(\\udc00 escape in a key)", "{\"model\":\"echo\",\"metadata\":{\"\\udc00\":1},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "request_json: $.metadata: a key has an invalid \\\\u escape");
    REFUSED(RUN, client, "(\\ud800 escape)", "{\"model\":\"echo\",\"task_prompt\":\"\\ud800\"}",
            "request_json: $.task_prompt: invalid \\\\u escape");
    /* litellm_cancel has no document to give: it must only not crash, and not match anything. */
    for (size_t k = 0; k < sizeof bad_utf8 / sizeof bad_utf8[0]; k++) {
        int status = litellm_cancel(client, bad_utf8[k].bytes);
        CHECK(status == LITELLM_OK || status == LITELLM_ERR_INVALID_ARGUMENT);
    }
    return healthy();
}

/* ---- 100 MiB ------------------------------------------------------------------------------ */

enum { HUGE_BYTES = 100 * 1024 * 1024 };

/* A malloc'd document of exactly HUGE_BYTES bytes: prefix, 'a' padding, suffix; valid JSON. */
static char *huge_document(const char *prefix, const char *suffix)
{
    char *doc = malloc(HUGE_BYTES + 1);
    if (doc == NULL) return NULL;
    size_t p = strlen(prefix), s = strlen(suffix);
    memcpy(doc, prefix, p);
    memset(doc + p, 'a', HUGE_BYTES - p - s);
    memcpy(doc + HUGE_BYTES - s, suffix, s + 1);
    return doc;
}

static int request_of_100_mib_is_refused_by_size(void)
{
    char *doc = huge_document("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"pad\":\"", "\"}}");
    CHECK(doc != NULL);
    CHECK(strlen(doc) == HUGE_BYTES);
    REFUSED(GENERATE, client, "(100 MiB)", doc, "\"message\":\"request_json: larger than 67108864 bytes\"");
    REFUSED(STREAM, client, "(100 MiB)", doc, "\"message\":\"request_json: larger than 67108864 bytes\"");
    REFUSED(GENERATE, NULL, "(100 MiB, default client)", doc, "\"message\":\"request_json: larger than 67108864 bytes\"");
    free(doc);
    doc = huge_document("{\"model\":\"echo\",\"task_prompt\":\"", "\"}");
    CHECK(doc != NULL);
    REFUSED(RUN, client, "(100 MiB)", doc, "\"message\":\"request_json: larger than 67108864 bytes\"");
    /* the same bytes as a request_id for litellm_cancel: refused by size too */
    CHECK(litellm_cancel(client, doc + strlen("{\"model\":\"echo\",\"task_prompt\":\"")) == LITELLM_ERR_INVALID_ARGUMENT);
    free(doc);
    doc = huge_document("{\"api_key\":\"", "\"}");
    CHECK(doc != NULL);
    REFUSED(CLIENT_NEW, NULL, "(100 MiB)", doc, "\"message\":\"options_json: larger than 67108864 bytes\"");
    free(doc);
    return healthy();
}

/* ---- nesting --------------------------------------------------------------------------------- */

enum { DEEP = 10000 };

/* prefix, then DEEP levels of open (each a "[" or "{\"a\":"), a 1, DEEP closes, then suffix. */
static char *deep_document(const char *prefix, const char *open, const char *close, const char *suffix)
{
    size_t n = strlen(prefix) + DEEP * (strlen(open) + strlen(close)) + strlen(suffix) + 2;
    char *doc = malloc(n), *p = doc;
    if (doc == NULL) return NULL;
    p += sprintf(p, "%s", prefix);
    for (int i = 0; i < DEEP; i++) p += sprintf(p, "%s", open);
    *p++ = '1';
    for (int i = 0; i < DEEP; i++) p += sprintf(p, "%s", close);
    sprintf(p, "%s", suffix);
    return doc;
}

static int nesting_10000_deep_is_refused_with_the_limit(void)
{
    const char *msgs = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    char *doc = deep_document("{\"model\":\"echo\",\"metadata\":", "[", "]", msgs);
    CHECK(doc != NULL);
    REFUSED(GENERATE, client, "(10000 nested arrays in metadata)", doc, "request_json: $.metadata[0][0]", "nested deeper than 64 levels");
    REFUSED(STREAM, client, "(10000 nested arrays in metadata)", doc, "request_json: $.metadata[0][0]", "nested deeper than 64 levels");
    free(doc);
    doc = deep_document("{\"model\":\"echo\",\"extra_body\":", "{\"a\":", "}", msgs);
    CHECK(doc != NULL);
    REFUSED(GENERATE, client, "(10000 nested objects in extra_body)", doc, "request_json: $.extra_body.a.a.a", "nested deeper than 64 levels");
    free(doc);
    doc = deep_document("", "[", "]", ""); /* the whole document: not an object, seen at its first byte */
    CHECK(doc != NULL);
    REFUSED(GENERATE, client, "(10000 nested arrays as the document)", doc, "\"message\":\"request_json: must be a JSON object, got an array\"");
    REFUSED(RUN, client, "(10000 nested arrays as the document)", doc, "\"message\":\"request_json: must be a JSON object, got an array\"");
    REFUSED(CLIENT_NEW, NULL, "(10000 nested arrays as the document)", doc, "\"message\":\"options_json: must be a JSON object, got an array\"");
    free(doc);
    doc = deep_document("{\"zz\":", "[", "]", "}"); /* under a field that does not exist */
    CHECK(doc != NULL);
    REFUSED(RUN, client, "(10000 nested arrays in an unknown field)", doc, "\"message\":\"request_json: $.zz");
    free(doc);
    doc = deep_document("{\"model\":\"echo\",\"task_prompt\":\"x\",\"result_schema\":", "{\"items\":", "}", "}");
    CHECK(doc != NULL);
    REFUSED(RUN, client, "(10000 nested schemas)", doc, "request_json: $.result_schema.items.items", "nested deeper than 64 levels");
    free(doc);
    doc = deep_document("{\"headers\":{\"x\":", "{\"a\":", "}", "}}");
    CHECK(doc != NULL);
    REFUSED(CLIENT_NEW, NULL, "(10000 nested objects in headers)", doc, "options_json: $.headers.x.a.a", "nested deeper than 64 levels");
    free(doc);
    /* Unbalanced: 10000 opens and no closes, a classic stack-exhaustion input. */
    doc = malloc(DEEP + 1);
    CHECK(doc != NULL);
    memset(doc, '[', DEEP);
    doc[DEEP] = '\0';
    REFUSED(GENERATE, client, "(10000 unclosed arrays)", doc, "request_json: ");
    free(doc);
    return healthy();
}

/* ---- duplicate keys ------------------------------------------------------------------------ */

static int duplicate_keys_are_refused_with_the_path(void)
{
    REFUSED(GENERATE, client, "(duplicate model)",
            "{\"model\":\"echo\",\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.model: duplicate key\"");
    REFUSED(STREAM, client, "(duplicate content)",
            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"content\":\"y\"}]}",
            "\"message\":\"request_json: $.messages[0].content: duplicate key\"");
    REFUSED(GENERATE, client, "(duplicate deep in metadata)",
            "{\"model\":\"echo\",\"metadata\":{\"a\":{\"b\":1,\"b\":2}},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.metadata.a.b: duplicate key\"");
    REFUSED(GENERATE, client, "(duplicate header, same spelling)",
            "{\"model\":\"echo\",\"headers\":{\"x-a\":\"1\",\"x-a\":\"2\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "request_json: $.headers", "duplicate key");
    REFUSED(RUN, client, "(duplicate task_prompt)", "{\"model\":\"echo\",\"task_prompt\":\"x\",\"task_prompt\":\"y\"}",
            "\"message\":\"request_json: $.task_prompt: duplicate key\"");
    REFUSED(RUN, client, "(duplicate in result_schema)", "{\"model\":\"echo\",\"task_prompt\":\"x\",\"result_schema\":{\"type\":\"object\",\"type\":\"string\"}}",
            "\"message\":\"request_json: $.result_schema.type: duplicate key\"");
    REFUSED(CLIENT_NEW, NULL, "(duplicate timeout_ms)", "{\"timeout_ms\":5,\"timeout_ms\":6}",
            "\"message\":\"options_json: $.timeout_ms: duplicate key\"");
    REFUSED(CLIENT_NEW, NULL, "(duplicate api_key)", "{\"api_key\":\"a\",\"api_key\":\"b\"}",
            "\"message\":\"options_json: $.api_key: duplicate key\"");
    /* A key spelt differently is not a duplicate but an unknown field, named, with the one meant. */
    REFUSED(GENERATE, client, "(Model)", "{\"model\":\"echo\",\"Model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.Model: unknown field (did you mean \\\"model\\\"?)\"");
    return healthy();
}

/* ---- numbers out of range, NaN and Infinity -------------------------------------------------- */

static int numbers_out_of_range_name_the_field(void)
{
    static const struct { const char *value; const char *message; } max_tokens[] = {
        { "1e30", "$.max_tokens: expected an integer" },
        { "99999999999", "$.max_tokens: expected an integer" },
        { "123456789012345678901234567890", "$.max_tokens: expected an integer" },
        { "-1", "$.max_tokens: must be at least 1, got -1" },
        { "0", "$.max_tokens: must be at least 1, got 0" },
        { "1.5", "$.max_tokens: expected an integer" },
        { "\"100\"", "$.max_tokens: expected an integer" },
    };
    for (size_t i = 0; i < sizeof max_tokens / sizeof max_tokens[0]; i++) {
        char extra[96], label[64], message[128];
        snprintf(extra, sizeof extra, "\"max_tokens\":%s,", max_tokens[i].value);
        snprintf(label, sizeof label, "(max_tokens %s)", max_tokens[i].value);
        snprintf(message, sizeof message, "\"message\":\"request_json: %s", max_tokens[i].message);
        const char *fragments[] = { message, NULL };
        char *g = generate_request(extra, "x"), *r = run_request(extra, "x");
        CHECK(g && r);
        int ok = refused_with(GENERATE, client, label, g, fragments) && refused_with(STREAM, client, label, g, fragments)
              && refused_with(RUN, client, label, r, fragments);
        free(g);
        free(r);
        CHECK(ok);
    }
    REFUSED(GENERATE, client, "(temperature 1e400)",
            "{\"model\":\"echo\",\"temperature\":1e400,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.temperature: must be between 0 and 2");
    REFUSED(GENERATE, client, "(top_p -3)",
            "{\"model\":\"echo\",\"top_p\":-3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.top_p: ");
    REFUSED(GENERATE, client, "(seed 1e30)",
            "{\"model\":\"echo\",\"seed\":1e30,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.seed: expected an integer");
    REFUSED(GENERATE, client, "(max_retries 1e9)",
            "{\"model\":\"echo\",\"max_retries\":1000000000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.max_retries: must be between 0 and 100, got 1000000000\"");
    REFUSED(GENERATE, client, "(max_retries -1)",
            "{\"model\":\"echo\",\"max_retries\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.max_retries: must be between 0 and 100, got -1\"");
    REFUSED(RUN, client, "(min_confidence 1e30)", "{\"model\":\"echo\",\"min_confidence\":1e30,\"task_prompt\":\"x\"}",
            "\"message\":\"request_json: $.min_confidence: must be between 0 and 1");
    REFUSED(CLIENT_NEW, NULL, "(max_retries 1e30)", "{\"max_retries\":1e30}", "\"message\":\"options_json: $.max_retries: ");
    REFUSED(CLIENT_NEW, NULL, "(max_response_bytes 1)", "{\"max_response_bytes\":1}",
            "\"message\":\"options_json: $.max_response_bytes: must be between 1024 and 1073741824, got 1\"");
    REFUSED(CLIENT_NEW, NULL, "(max_response_bytes 1e30)", "{\"max_response_bytes\":1e30}",
            "\"message\":\"options_json: $.max_response_bytes: expected an integer");
    return healthy();
}

static int nan_and_infinity_literals_are_malformed_json(void)
{
    static const char *const literals[] = { "NaN", "Infinity", "-Infinity", "nan", "inf", "+1" };
    for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        char g[256], r[256], o[128], label[64], at[64];
        snprintf(g, sizeof g, "{\"model\":\"echo\",\"temperature\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", literals[i]);
        snprintf(r, sizeof r, "{\"model\":\"echo\",\"min_confidence\":%s,\"task_prompt\":\"x\"}", literals[i]);
        snprintf(o, sizeof o, "{\"timeout_ms\":%s}", literals[i]);
        snprintf(label, sizeof label, "(%s)", literals[i]);
        /* The byte offset the parser reports is where the literal starts. */
        snprintf(at, sizeof at, "request_json: malformed JSON at byte %zu", strlen("{\"model\":\"echo\",\"temperature\":"));
        const char *gf[] = { at, NULL };
        CHECK(refused_with(GENERATE, client, label, g, gf));
        CHECK(refused_with(STREAM, client, label, g, gf));
        const char *rf[] = { "request_json: malformed JSON at byte ", NULL };
        CHECK(refused_with(RUN, client, label, r, rf));
        const char *of[] = { "options_json: malformed JSON at byte ", NULL };
        CHECK(refused_with(CLIENT_NEW, NULL, label, o, of));
    }
    /* As strings they are well-formed JSON, but not numbers: the field is named. */
    REFUSED(GENERATE, client, "(\"NaN\")", "{\"model\":\"echo\",\"temperature\":\"NaN\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.temperature: expected a number\"");
    return healthy();
}

/* ---- timeouts ------------------------------------------------------------------------------ */

static int negative_zero_and_absurd_timeouts_are_refused(void)
{
    static const struct { const char *value; const char *message; } timeouts[] = {
        { "-5", "$.timeout_ms: must be between 1 and 86400000, got -5\"" },
        { "0", "$.timeout_ms: must be between 1 and 86400000, got 0\"" },
        { "1e12", "$.timeout_ms: " },
        { "1000000000000", "$.timeout_ms: must be between 1 and 86400000, got 1000000000000\"" },
        { "86400001", "$.timeout_ms: must be between 1 and 86400000, got 86400001\"" },
        { "-9223372036854775808", "$.timeout_ms: must be between 1 and 86400000" },
        { "18446744073709551616", "$.timeout_ms: " },
        { "\"1000\"", "$.timeout_ms: " },
        { "true", "$.timeout_ms: " },
    };
    for (size_t i = 0; i < sizeof timeouts / sizeof timeouts[0]; i++) {
        char extra[96], label[64], request_message[128], options_message[128];
        snprintf(extra, sizeof extra, "\"timeout_ms\":%s,", timeouts[i].value);
        snprintf(label, sizeof label, "(timeout_ms %s)", timeouts[i].value);
        snprintf(request_message, sizeof request_message, "\"message\":\"request_json: %s", timeouts[i].message);
        snprintf(options_message, sizeof options_message, "\"message\":\"options_json: %s", timeouts[i].message);
        const char *rf[] = { request_message, NULL };
        const char *of[] = { options_message, NULL };
        char *g = generate_request(extra, "x"), *r = run_request(extra, "x"), *o = options(extra);
        CHECK(g && r && o);
        int ok = refused_with(GENERATE, client, label, g, rf) && refused_with(STREAM, client, label, g, rf)
              && refused_with(RUN, client, label, r, rf) && refused_with(CLIENT_NEW, NULL, label, o, of);
        free(g);
        free(r);
        free(o);
        CHECK(ok);
    }
    /* The bounds themselves are accepted. */
    char *out = NULL;
    CHECK(litellm_generate(client, "{\"model\":\"echo\",\"timeout_ms\":86400000,\"messages\":[{\"role\":\"user\",\"content\":\"day\"}]}", &out) == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"day\"");
    litellm_free(out);
    return healthy();
}

/* ---- request_id ---------------------------------------------------------------------------- */

static int request_id_of_1_mib_is_refused(void)
{
    enum { MIB = 1024 * 1024 };
    char *id = malloc(MIB + 1);
    CHECK(id != NULL);
    memset(id, 'r', MIB);
    id[MIB] = '\0';
    char *extra = malloc(MIB + 64);
    CHECK(extra != NULL);
    snprintf(extra, MIB + 64, "\"request_id\":\"%s\",", id);
    char *g = generate_request(extra, "x"), *r = run_request(extra, "x");
    CHECK(g && r);
    REFUSED(GENERATE, client, "(request_id of 1 MiB)", g, "\"message\":\"request_json: $.request_id: must be 1 to 256 characters long\"");
    REFUSED(STREAM, client, "(request_id of 1 MiB)", g, "\"message\":\"request_json: $.request_id: must be 1 to 256 characters long\"");
    REFUSED(RUN, client, "(request_id of 1 MiB)", r, "\"message\":\"request_json: $.request_id: must be 1 to 256 characters long\"");
    free(g);
    free(r);
    free(extra);
    /* litellm_cancel: no call can carry such an id, so nothing matches: LITELLM_OK, as documented. */
    CHECK(litellm_cancel(client, id) == LITELLM_OK);
    CHECK(litellm_cancel(NULL, id) == LITELLM_OK);
    free(id);
    /* The edges: 256 characters accepted, 257 and "" refused. */
    char id256[300], extra256[340];
    memset(id256, 'q', 256);
    id256[256] = '\0';
    snprintf(extra256, sizeof extra256, "\"request_id\":\"%s\",", id256);
    g = generate_request(extra256, "edge");
    CHECK(g != NULL);
    char *out = NULL;
    int status = litellm_generate(client, g, &out);
    free(g);
    CHECK(status == LITELLM_OK);
    CHECK_HAS(out, "\"content\":\"edge\"");
    litellm_free(out);
    id256[256] = 'q';
    id256[257] = '\0';
    snprintf(extra256, sizeof extra256, "\"request_id\":\"%s\",", id256);
    g = generate_request(extra256, "x");
    CHECK(g != NULL);
    REFUSED(GENERATE, client, "(request_id of 257)", g, "\"message\":\"request_json: $.request_id: must be 1 to 256 characters long\"");
    free(g);
    REFUSED(GENERATE, client, "(empty request_id)", "{\"model\":\"echo\",\"request_id\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "\"message\":\"request_json: $.request_id: must be 1 to 256 characters long\"");
    return healthy();
}

/* ---- client handles -------------------------------------------------------------------------- */

/* Every call that takes a client refuses this handle, naming the client, without touching it. */
static int handle_refused_everywhere(litellm_client *handle, const char *label)
{
    const char *fragments[] = { "\"message\":\"client: not a live litellm_client handle", NULL };
    CHECK(refused_with(GENERATE, handle, label, valid_generate, fragments));
    CHECK(refused_with(RUN, handle, label, valid_run, fragments));
    CHECK(refused_with(STREAM, handle, label, valid_generate, fragments));
    /* a bad request on a bad handle: either fault may be reported, but refused all the same */
    const char *any[] = { "\"kind\":\"invalid_argument\"", NULL };
    CHECK(refused_with(GENERATE, handle, label, NULL, any));
    CHECK(litellm_cancel(handle, "some-id") == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_cancel(handle, NULL) == LITELLM_ERR_INVALID_ARGUMENT);
    return 1;
}

static int freed_client_handle_is_refused_everywhere(void)
{
    char *opts = options("");
    litellm_client *doomed = NULL;
    CHECK(opts != NULL && litellm_client_new(opts, &doomed, NULL) == LITELLM_OK);
    free(opts);
    char *out = NULL;
    CHECK(litellm_generate(doomed, valid_generate, &out) == LITELLM_OK); /* it worked while alive */
    litellm_free(out);
    litellm_client_free(doomed);
    CHECK(handle_refused_everywhere(doomed, "(freed handle)"));
    litellm_client_free(doomed); /* again: nothing */
    CHECK(handle_refused_everywhere(doomed, "(freed twice)"));
    return healthy();
}

static int made_up_client_handles_are_refused_not_dereferenced(void)
{
    int on_stack = 0;
    void *on_heap = malloc(64);
    CHECK(on_heap != NULL);
    memset(on_heap, 0xA5, 64);
    litellm_client *made_up[] = {
        (litellm_client *)(uintptr_t)0x12345670,
        (litellm_client *)(uintptr_t)0x1,
        (litellm_client *)(uintptr_t)0xDEADBEEF,
        (litellm_client *)(uintptr_t)UINTPTR_MAX,
        (litellm_client *)(uintptr_t)(UINTPTR_MAX - 15),
        (litellm_client *)(void *)&on_stack,
        (litellm_client *)on_heap,
        (litellm_client *)(void *)litellm_version(),
    };
    for (size_t i = 0; i < sizeof made_up / sizeof made_up[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "(made-up handle %p)", (void *)made_up[i]);
        if (!handle_refused_everywhere(made_up[i], label)) {
            free(on_heap);
            return 0;
        }
    }
    /* Freeing a handle the library never gave out is ignored and writes nothing. */
    litellm_client_free((litellm_client *)(uintptr_t)0x12345670);
    litellm_client_free((litellm_client *)on_heap);
    litellm_client_free((litellm_client *)(void *)&on_stack);
    int untouched = on_stack == 0;
    for (int i = 0; i < 64; i++) untouched &= ((unsigned char *)on_heap)[i] == 0xA5;
    free(on_heap);
    CHECK(untouched);
    return healthy();
}

/* ---- litellm_free -------------------------------------------------------------------------- */

static int string_free_ignores_double_foreign_and_interior_pointers(void)
{
    char *out = NULL;
    CHECK(litellm_generate(client, NULL, &out) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(out != NULL);
    litellm_free(out + 1); /* inside a string it returned, not its start: ignored */
    CHECK_HAS(out, "request_json: must not be NULL"); /* still readable: it was not released */
    litellm_free(out);
    litellm_free(out); /* twice: ignored */

    char on_stack[32] = "a stack string";
    litellm_free(on_stack);
    CHECK(strcmp(on_stack, "a stack string") == 0);
    char *mine = malloc(32); /* the host's own malloc: the library must not release it */
    CHECK(mine != NULL);
    strcpy(mine, "the host's string");
    litellm_free(mine);
    CHECK(strcmp(mine, "the host's string") == 0);
    free(mine); /* would abort in glibc had litellm_free released it */
    static char in_data[] = "static data";
    litellm_free(in_data);
    CHECK(strcmp(in_data, "static data") == 0);
    const char *version = litellm_version();
    litellm_free((char *)version); /* documented as never to be freed; a mistake is ignored */
    CHECK(strcmp(litellm_version(), version) == 0);
    litellm_free((char *)(uintptr_t)0x12345670); /* an address nothing lives at: not dereferenced */
    litellm_free((char *)(uintptr_t)UINTPTR_MAX);

    /* Many strings, freed in a shuffled order, twice each: the heap stays intact. */
    enum { N = 64 };
    char *docs[N];
    for (int i = 0; i < N; i++) {
        docs[i] = NULL;
        CHECK(litellm_generate(client, "{}", &docs[i]) == LITELLM_ERR_INVALID_ARGUMENT);
        CHECK(docs[i] != NULL);
    }
    for (int i = 0; i < N; i++) litellm_free(docs[(i * 37) % N]);
    for (int i = 0; i < N; i++) litellm_free(docs[i]);
    void *probe = malloc(1 << 20); /* glibc checks its lists on these */
    CHECK(probe != NULL);
    memset(probe, 1, 1 << 20);
    free(probe);
    return healthy();
}

/* ---- log callback ---------------------------------------------------------------------------- */

static void ignore_log(void *user_data, int level, const char *event_json)
{
    (void)user_data;
    (void)level;
    (void)event_json;
}

static int log_callback_rejects_bad_levels(void)
{
    static const int bad[] = { -1, 4, 7, 1 << 30, -2147483647 - 1, 2147483647 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(litellm_set_log_callback(ignore_log, NULL, bad[i]) == LITELLM_ERR_INVALID_ARGUMENT);
    /* The level is checked even when turning the callback off, as the header says. */
    CHECK(litellm_set_log_callback(NULL, NULL, 7) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_set_log_callback(NULL, NULL, -1) == LITELLM_ERR_INVALID_ARGUMENT);
    CHECK(litellm_set_log_callback(NULL, NULL, 0) == LITELLM_OK);
    return healthy();
}

/* ---- page edge (one process per call) -------------------------------------------------------- */

/*
 * Each input is written so that its NUL terminator is the last byte of a readable page and the
 * next page is PROT_NONE. A function that reads only up to the NUL (as strlen does) is
 * unaffected; one that reads a fixed-width block past it faults, and the process dies. So each
 * call runs in a process of its own (a fresh exec of this program, never a bare fork), and
 * the parent reports which ones died.
 */
static const char *const edge_fns[] = { "litellm_generate", "litellm_run", "litellm_generate_stream",
                                        "litellm_client_new", "litellm_cancel" };
static const int edge_lengths[] = { 0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000 };

/* The child: one call with its input ending at a page boundary. Exit 0 when it returned. */
static int page_edge_one(int fn, int len)
{
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED || mprotect(map + page, (size_t)page, PROT_NONE) != 0) return 3;
    char *s = map + page - len - 1;
    memset(s, ' ', (size_t)len); /* "{    }": whitespace is valid JSON padding */
    if (len >= 2) { s[0] = '{'; s[len - 1] = '}'; }
    s[len] = '\0';
    char *out = NULL;
    litellm_client *made = NULL;
    switch (fn) {
    case 0: litellm_generate(NULL, s, &out); break;
    case 1: litellm_run(NULL, s, &out); break;
    case 2: litellm_generate_stream(NULL, s, count_event, NULL, &out); break;
    case 3: litellm_client_new(s, &made, &out); litellm_client_free(made); break;
    default: litellm_cancel(NULL, s); break;
    }
    litellm_free(out);
    return 0;
}

/* The parent: every function at every length, each in a new process; 0 when none died. */
static int page_edge(const char *self, const char *base)
{
    int posix_spawn_ok = 1, died_total = 0, total = 0;
    for (int fn = 0; fn < 5; fn++) {
        char died[512] = "";
        int n_died = 0;
        for (size_t l = 0; l < sizeof edge_lengths / sizeof edge_lengths[0]; l++) {
            char fn_arg[8], len_arg[16];
            snprintf(fn_arg, sizeof fn_arg, "%d", fn);
            snprintf(len_arg, sizeof len_arg, "%d", edge_lengths[l]);
            char *child_argv[] = { (char *)self, (char *)base, "--page-edge-one", fn_arg, len_arg, NULL };
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            /* the runtime's crash report would flood the log: one summary line says it all */
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
            pid_t pid;
            int rc = posix_spawn(&pid, self, &actions, NULL, child_argv, environ);
            posix_spawn_file_actions_destroy(&actions);
            if (rc != 0) { posix_spawn_ok = 0; break; }
            int status = 0;
            while (waitpid(pid, &status, 0) < 0) { /* EINTR */ }
            total++;
            if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                size_t used = strlen(died);
                if (WIFSIGNALED(status))
                    snprintf(died + used, sizeof died - used, "%s%d (signal %d)", n_died ? ", " : "", edge_lengths[l], WTERMSIG(status));
                else
                    snprintf(died + used, sizeof died - used, "%s%d (exit %d)", n_died ? ", " : "", edge_lengths[l], WEXITSTATUS(status));
                n_died++;
            }
        }
        if (!posix_spawn_ok) break;
        died_total += n_died;
        if (n_died) printf("%s: %d of %zu died; lengths %s\n", edge_fns[fn], n_died, sizeof edge_lengths / sizeof edge_lengths[0], died);
        else printf("%s read every input up to its NUL only\n", edge_fns[fn]);
    }
    if (!posix_spawn_ok) {
        perror("posix_spawn");
        return 2;
    }
    printf("page edge: %d of %d calls died (lengths tried: 0 to 1000 bytes)\n", died_total, total);
    return died_total == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[2], "--page-edge-one") == 0) return page_edge_one(atoi(argv[3]), atoi(argv[4]));
    if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--page-edge") != 0)) {
        fprintf(stderr, "usage: %s BASE_URL [--page-edge]\n", argv[0]);
        return 2;
    }
    if (argc == 3) return page_edge("/proc/self/exe", argv[1]);
    base_url = argv[1];
    char *opts = options("\"max_retries\":0,");
    char *error = NULL;
    if (opts == NULL || litellm_client_new(opts, &client, &error) != LITELLM_OK) {
        fprintf(stderr, "client_new failed: %s\n", error ? error : "(no document)");
        return 1;
    }
    free(opts);

    run_test("null_in_every_pointer_position", null_in_every_pointer_position);
    run_test("invalid_utf8_of_every_kind_is_refused_with_its_offset", invalid_utf8_of_every_kind_is_refused_with_its_offset);
    run_test("request_of_100_mib_is_refused_by_size", request_of_100_mib_is_refused_by_size);
    run_test("nesting_10000_deep_is_refused_with_the_limit", nesting_10000_deep_is_refused_with_the_limit);
    run_test("duplicate_keys_are_refused_with_the_path", duplicate_keys_are_refused_with_the_path);
    run_test("numbers_out_of_range_name_the_field", numbers_out_of_range_name_the_field);
    run_test("nan_and_infinity_literals_are_malformed_json", nan_and_infinity_literals_are_malformed_json);
    run_test("negative_zero_and_absurd_timeouts_are_refused", negative_zero_and_absurd_timeouts_are_refused);
    run_test("request_id_of_1_mib_is_refused", request_id_of_1_mib_is_refused);
    run_test("freed_client_handle_is_refused_everywhere", freed_client_handle_is_refused_everywhere);
    run_test("made_up_client_handles_are_refused_not_dereferenced", made_up_client_handles_are_refused_not_dereferenced);
    run_test("string_free_ignores_double_foreign_and_interior_pointers", string_free_ignores_double_foreign_and_interior_pointers);
    run_test("log_callback_rejects_bad_levels", log_callback_rejects_bad_levels);

    litellm_client_free(client);
    printf("native: %d passed, %d failed (%d checks)\n", passed, failed, checks);
    return failed == 0 ? 0 : 1;
}
