/*
** litellm.h — the C interface of liblitellm.
**
** liblitellm talks to a LiteLLM proxy, or any OpenAI-compatible
** /v1/chat/completions endpoint, from C, Rust, Go or anything that can call C.
** It is a NativeAOT build of C# code: no .NET runtime is needed on the host.
**
** CONVENTIONS (they hold for every function below unless its comment says otherwise)
**
**   Strings.    Every string, in and out, is NUL-terminated UTF-8. Inputs are
**               borrowed for the duration of the call only: the library keeps no
**               pointer to them after it returns.
**
**   Outputs.    A `char **out_json` receives a string allocated by the library:
**               the answer on LITELLM_OK, an error document (below) on any other
**               status. The caller owns it and releases it with litellm_free().
**               It is set to NULL first, and stays NULL only when the function
**               could not produce a document at all (out_json itself NULL, or
**               LITELLM_ERR_INTERNAL from a failure to allocate).
**
**   Statuses.   Every fallible function returns an int from litellm_status; 0 is
**               success. No exception, abort or signal ever crosses this
**               interface: every failure is a status plus an error document.
**
**   Errors.     An error document is one JSON object:
**                 {"error": {"kind": "http_status", "message": "...",
**                            "status": 429, "body": "...", "retryable": true,
**                            "attempts": 3, "retry_after_ms": null,
**                            "error_type": "...", "error_code": "...",
**                            "server_request_id": "...", "model": "...",
**                            "request_id": "...", "escalations": []}}
**               `kind` is the lower-case status name. No message, body or log
**               line ever contains the API key.
**
**   Threads.    Every function may be called from any thread. A client is safe
**               to use from any number of threads at once; its calls share one
**               pool of keep-alive connections. Use one client per process and
**               endpoint.
**
**   Lifetime.   The library is never unloaded (NativeAOT cannot unload). Calling
**               it in a child after fork() without exec() is unsupported.
**
** The JSON documents (requests, responses, options) are described in README.md.
*/
#ifndef LITELLM_H
#define LITELLM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a function's signature or a document's meaning changes incompatibly. */
#define LITELLM_ABI_VERSION 1

/*
** Status codes. The values are part of the ABI and never change.
*/
typedef enum litellm_status {
    LITELLM_OK                    = 0,
    LITELLM_ERR_INVALID_ARGUMENT  = 1, /* NULL where not allowed, bad UTF-8, malformed or invalid request JSON */
    LITELLM_ERR_NETWORK           = 2, /* DNS, refused, reset, TLS failure, truncated body */
    LITELLM_ERR_TIMEOUT           = 3, /* an attempt exceeded timeout_ms, after retries */
    LITELLM_ERR_HTTP_STATUS       = 4, /* non-2xx answer after retries */
    LITELLM_ERR_BAD_RESPONSE      = 5, /* 2xx whose body is not a usable chat completion */
    LITELLM_ERR_INVALID_RESULT    = 6, /* litellm_run: content not JSON, or fails the result schema */
    LITELLM_ERR_CANCELLED         = 7, /* the client was freed while the call was in flight */
    LITELLM_ERR_INTERNAL          = 8  /* a bug in liblitellm: never expected; please report it */
} litellm_status;

/*
** An opaque client: a base URL, credentials, defaults and a connection pool.
** The handle is not an address: a call on a freed handle fails with
** LITELLM_ERR_INVALID_ARGUMENT instead of touching freed memory.
*/
typedef struct litellm_client litellm_client;

/*
** litellm_version — the library's version, e.g. "0.1.0".
**
** Returns a static string: never NULL, never to be freed. Thread-safe.
*/
const char *litellm_version(void);

/*
** litellm_client_new — create a client.
**
** options_json  May be NULL: all defaults. Otherwise a JSON object with any of
**               "base_url"    (default: env LITELLM_PROXY_API_BASE, else
**                              LITELLM_BASE_URL, else http://localhost:4000;
**                              calls go to <base>/v1/chat/completions, or to
**                              <base>/chat/completions when base ends in /v1),
**               "api_key"     (default: env LITELLM_PROXY_API_KEY, else
**                              LITELLM_API_KEY; "" sends no Authorization),
**               "timeout_ms"  (default 600000; one attempt, connect to last byte),
**               "max_retries" (default 2),
**               "headers"     (default {}; extra headers on every request).
**               Unknown fields are an error that names the field.
**               Borrowed for the call only.
** out_client    Must not be NULL. Receives the new client on LITELLM_OK, NULL
**               otherwise. Release it with litellm_client_free().
** out_error_json May be NULL. On failure receives an error document (free it
**               with litellm_free()); on success it is set to NULL.
**
** Returns LITELLM_OK, or LITELLM_ERR_INVALID_ARGUMENT (malformed options, bad
** URL, header value with CR/LF, out_client NULL), or LITELLM_ERR_INTERNAL.
** No network traffic happens here.
*/
int litellm_client_new(const char *options_json,
                       litellm_client **out_client,
                       char **out_error_json);

/*
** litellm_client_free — release a client.
**
** NULL-safe and idempotent: freeing NULL, or a client already freed, does
** nothing. Calls still in flight on the client in other threads are cancelled
** (they return LITELLM_ERR_CANCELLED); this function returns once they have
** returned, so it must not be called from inside one of those calls.
*/
void litellm_client_free(litellm_client *client);

/*
** litellm_generate — one chat completion (the provider).
**
** client        The client, or NULL for the process-wide default client,
**               built on first use from the environment (see
**               litellm_client_new).
** request_json  Must not be NULL. A JSON object; "model" and "messages" are
**               required:
**                 {"model": "litellm:gpt-4o",
**                  "messages": [{"role": "user", "content": "Hello"}],
**                  "system": "...", "max_tokens": 256, "temperature": 0.2,
**                  "top_p": 1.0, "stop": ["\n\n"], "seed": 7,
**                  "tools": [{"name", "description", "parameters"}],
**                  "tool_choice": "auto" | {"name": "f"},
**                  "response_format": {...}, "user": "...", "metadata": {...},
**                  "extra_body": {...}, "mock_response": "...",
**                  "headers": {...}, "request_id": "...",
**                  "timeout_ms": 30000, "max_retries": 0}
**               Unknown fields are rejected. Borrowed for the call only.
** out_json      Must not be NULL. Receives the response document on LITELLM_OK:
**                 {"content", "tool_calls": [{"id", "name", "arguments"}],
**                  "input_tokens", "output_tokens", "model", "stop_reason",
**                  "finish_reason", "cost_usd", "call_id", "model_id",
**                  "rate_limit", "server_request_id", "attempts", "latency_ms"}
**               or an error document. Free it with litellm_free().
**
** Blocks the calling thread until the call ends, retries included.
** Returns LITELLM_OK, LITELLM_ERR_INVALID_ARGUMENT, LITELLM_ERR_NETWORK,
** LITELLM_ERR_TIMEOUT, LITELLM_ERR_HTTP_STATUS, LITELLM_ERR_BAD_RESPONSE,
** LITELLM_ERR_CANCELLED or LITELLM_ERR_INTERNAL. If out_json is NULL it
** returns LITELLM_ERR_INVALID_ARGUMENT without a document.
*/
int litellm_generate(litellm_client *client,
                     const char *request_json,
                     char **out_json);

/*
** litellm_run — a skill prompt and a task prompt in, a validated JSON result
** out (the executor).
**
** client        As for litellm_generate (NULL: the default client).
** request_json  Must not be NULL. A JSON object:
**                 {"models": ["litellm:small", "big"]  (or "model": "one"),
**                  "skill_prompt": "...", "task_prompt": "...",
**                  "result_schema": {...}, "min_confidence": 0.6,
**                  "strict_json": false, "json_mode": false,
**                  "max_tokens": 512, "temperature": 0, "timeout_ms": 60000,
**                  "request_id": "t-1"}
**               Any failure on a model (network, timeout, non-2xx, bad
**               response, content not JSON, result failing the schema, status
**               "escalate", confidence below min_confidence) moves on to the
**               next model. Borrowed for the call only.
** out_json      Must not be NULL. Receives on LITELLM_OK
**                 {"result": {...}, "model": "...", "escalations": [...],
**                  "input_tokens", "output_tokens", "cost_usd"}
**               or, when every model failed, the error document of the last
**               failure carrying the whole "escalations" list. Free it with
**               litellm_free().
**
** Blocks the calling thread until the run ends. Returns the statuses of
** litellm_generate plus LITELLM_ERR_INVALID_RESULT.
*/
int litellm_run(litellm_client *client,
                const char *request_json,
                char **out_json);

/*
** litellm_free — release a string returned by the library.
**
** NULL-safe. Only for strings this library returned through an out_* pointer;
** never for litellm_version()'s.
*/
void litellm_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* LITELLM_H */
