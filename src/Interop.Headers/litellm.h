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
**   Process.    The first call into any function starts the runtime inside the
**               process, which changes process-wide state; this is all of it
**               (checked by tests/native/test_signal.c on Linux):
**               - SIGPIPE is set to ignored, so that a write to a connection
**                 the server closed is an error, not the end of the process. A
**                 host that writes to a pipe (e.g. `| head`) must check its
**                 writes for EPIPE; do not restore SIGPIPE's default while the
**                 library is in use (its socket writes would then kill the
**                 process).
**               - Handlers for SIGSEGV and SIGFPE (a fault inside the library
**                 becomes an error; one elsewhere goes on to the disposition
**                 that was there before) and for two real-time signals the
**                 garbage collector suspends threads with (33 and 34 on glibc:
**                 SIGRTMIN-1 and SIGRTMIN): the host must not use those two.
**               - No signal is blocked; SIGINT, SIGTERM, SIGCHLD and the others
**                 are left alone. Signal handlers must not call the library:
**                 see litellm_interrupt_fd for Ctrl-C.
**               - Threads of the runtime's own (a finalizer, the socket engine
**                 for asynchronous calls) and, with asynchronous calls, a
**                 small fixed pool of library threads; they live until exit.
**               - Read once at start: DOTNET_* variables (runtime settings),
**                 then LITELLM_* and the proxy variables (client defaults).
**                 The process environment is read, never written (the settings
**                 the library gives its socket engine live in the runtime's
**                 own copy of it).
**
** The JSON documents (requests, responses, options) are described in README.md.
*/
#ifndef LITELLM_H
#define LITELLM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a function's signature or a document's meaning changes incompatibly.
   2: the asynchronous calls (litellm_generate_async, litellm_run_async,
   litellm_call_cancel, litellm_call_free), litellm_status_str, litellm_abi_version. */
#define LITELLM_ABI_VERSION 2

/*
** Status codes. The values are part of the ABI and never change.
*/
typedef enum litellm_status {
    LITELLM_OK                    = 0,
    LITELLM_ERR_INVALID_ARGUMENT  = 1, /* NULL where not allowed, bad UTF-8, malformed or invalid request JSON */
    LITELLM_ERR_NETWORK           = 2, /* DNS, refused, reset, TLS failure, truncated body */
    LITELLM_ERR_TIMEOUT           = 3, /* an attempt exceeded timeout_ms or idle_timeout_ms, after retries */
    LITELLM_ERR_HTTP_STATUS       = 4, /* non-2xx answer after retries */
    LITELLM_ERR_BAD_RESPONSE      = 5, /* 2xx whose body is not a usable answer (chat completion, embeddings, ...) */
    LITELLM_ERR_INVALID_RESULT    = 6, /* litellm_run: content not JSON, or fails the result schema */
    LITELLM_ERR_CANCELLED         = 7, /* litellm_cancel, litellm_client_free, or a stream callback said stop */
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
**                              <base>/chat/completions when base ends in /v1,
**                              or to base itself when it already ends in
**                              /chat/completions),
**               "api_key"     (default: env LITELLM_PROXY_API_KEY, else
**                              LITELLM_API_KEY; "" sends no Authorization),
**               "timeout_ms"  (default 600000; one attempt, connect to last byte),
**               "idle_timeout_ms" (default none; the longest the server may
**                              stay silent between bytes of an answer),
**               "max_retries" (default 2),
**               "headers"     (default {}; extra headers on every request),
**               "max_response_bytes" (default 67108864 = 64 MiB; a larger
**                              answer is LITELLM_ERR_BAD_RESPONSE; 1024..2^30),
**               "ca_file"     (a PEM file of extra trusted root certificates,
**                              for a self-hosted proxy's private CA; server
**                              certificates are always verified).
**               HTTP forward proxies come from the environment as curl reads
**               them (https_proxy, http_proxy, all_proxy, no_proxy; http://
**               proxies only; upper-case HTTP_PROXY is ignored, as by curl,
**               since a CGI process gets it from a request header). Redirects are never followed: a 3xx answer is
**               LITELLM_ERR_HTTP_STATUS naming the Location.
**               Unknown fields are an error that names the field.
**               Borrowed for the call only.
** out_client    Must not be NULL. Receives the new client on LITELLM_OK, NULL
**               otherwise. Release it with litellm_client_free().
** out_error_json May be NULL. On failure receives an error document (free it
**               with litellm_free()); on success it is set to NULL.
**
** Returns LITELLM_OK, or LITELLM_ERR_INVALID_ARGUMENT (malformed options, bad
** URL, header value with CR/LF, unreadable ca_file, unsupported proxy
** variable, out_client NULL), or
** LITELLM_ERR_INTERNAL.
** No network traffic happens here.
*/
int litellm_client_new(const char *options_json,
                       litellm_client **out_client,
                       char **out_error_json);

/*
** litellm_client_free — release a client.
**
** NULL-safe and idempotent: freeing NULL, or a client already freed, does
** nothing. Calls still in flight on the client are cancelled: blocking calls
** on other threads return LITELLM_ERR_CANCELLED, asynchronous calls end with
** LITELLM_ERR_CANCELLED through their on_done. This function returns once
** every one of them has returned, on_done callbacks included (so after it
** returns no callback of this client runs again, and their user_data may be
** released).
**
** From inside a callback of one of this client's own calls (an on_event or
** on_done, blocking or asynchronous), it cannot wait for the call that is
** running the callback: it cancels every call, makes the handle invalid at
** once, and returns without waiting; the connection pool is closed when the
** last of those calls has ended. Freeing a *different* client from a callback
** waits as usual, which a callback should not do (see litellm_done_fn).
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
**                  (or "max_completion_tokens", OpenAI's newer name, sent
**                  on by that name; not both),
**                  "top_p": 1.0, "stop": ["\n\n"], "seed": 7,
**                  "tools": [{"name", "description", "parameters"}],
**                  "tool_choice": "auto" | {"name": "f"},
**                  "response_format": {...}, "user": "...", "metadata": {...},
**                  "extra_body": {...}, "mock_response": "...",
**                  "headers": {...}, "request_id": "...",
**                  "timeout_ms": 30000, "idle_timeout_ms": 20000,
**                  "max_retries": 0}
**               Unknown fields are rejected, except in an assistant message:
**               there any member (a previous answer's reasoning_content,
**               thinking_blocks, provider fields) is sent on unchanged, so a
**               response's "message" may be appended to "messages" as it is.
**               Every request carries x-litellm-call-id: request_id when
**               given (printable ASCII), else a fresh UUID, on every retry.
**               Borrowed for the call only.
** out_json      Must not be NULL. Receives the response document on LITELLM_OK:
**                 {"content", "tool_calls": [{"id", "name", "arguments"}],
**                  "reasoning_content", "thinking_blocks",
**                  "message" (the assistant message as received, every
**                   member included),
**                  "input_tokens", "output_tokens", "cached_tokens",
**                  "cache_creation_tokens", "reasoning_tokens", "model", "id",
**                  "stop_reason", "finish_reason", "cost_usd" (the cost
**                  header, else usage.cost), "call_id", "model_id",
**                  "key_spend_usd", "key_max_budget_usd", "attempted_retries",
**                  "attempted_fallbacks", "rate_limit", "server_request_id",
**                  "attempts", "latency_ms"}
**               (docs/documents.md#generate-response) or an error document.
**               Free it with litellm_free().
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
**                  "repair_attempts": 1, "max_cost_usd": 0.05,
**                  "max_tokens": 512, "temperature": 0, "timeout_ms": 60000,
**                  "request_id": "t-1"}
**               json_mode: false (no response_format), true or "json_object",
**               "json_schema" or "auto" (the result schema as a json_schema
**               response_format; a model that refuses it is asked again at
**               once with json_object and the schema in the system message,
**               and the client remembers that model takes no schema).
**               An answer that is not JSON or fails the schema goes back to
**               the same model with its problems listed, repair_attempts
**               times (0 to 10, default 1). Then any failure on a model
**               (network, timeout, non-2xx, bad response, invalid result,
**               status "escalate", confidence below min_confidence, context
**               window exceeded) moves on to the next model, except those no
**               other model can fix: 401, 403, LiteLLM's budget_exceeded,
**               insufficient_quota and invalid_argument stop the run at once
**               ("ladder_stopped": true in the error document), as does the
**               run's cost reaching max_cost_usd. Borrowed for the call only.
** out_json      Must not be NULL. Receives on LITELLM_OK
**                 {"result": {...}, "model": "...", "escalations": [...],
**                  "attempts": [{"model", "kind", "repair", "json_mode",
**                                "input_tokens", "output_tokens", "cost_usd",
**                                "latency_ms"}, ...],
**                  "input_tokens", "output_tokens", "cost_usd"}
**               ("attempts": one per request made, in order; the totals are
**               their sums) or, when the run failed, the error document of the
**               last failure carrying the whole "escalations" list, the
**               attempts as "run_attempts", and "ladder_stopped". Free it with
**               litellm_free().
**
** Blocks the calling thread until the run ends. Returns the statuses of
** litellm_generate plus LITELLM_ERR_INVALID_RESULT.
*/
int litellm_run(litellm_client *client,
                const char *request_json,
                char **out_json);

/*
** litellm_stream_fn — receives one stream event.
**
** user_data   The pointer given to litellm_generate_stream, untouched.
** event_json  One JSON object, valid only until the callback returns (copy it
**             to keep it):
**               {"type":"delta","content":"Hi"}
**               {"type":"reasoning_delta","content":"Let me think"}
**               {"type":"tool_call_delta","index":0,"id":"call_1",
**                "name":"get_weather","arguments":"{\"ci"}
**                 (index numbers the calls 0, 1, ... as they first appear;
**                 id and name come once, null in the other fragments)
**               {"type":"done","response":{...as litellm_generate...}}  (last)
**
** Return 0 to go on; any other value stops the call at once: the connection
** is closed and litellm_generate_stream returns LITELLM_ERR_CANCELLED (a
** value returned for the "done" event changes nothing). The callback runs on
** the thread that called litellm_generate_stream (for litellm_generate_async,
** on a library thread). It must not unwind (no C++ exception, no Rust panic,
** no longjmp) through the library. Calling litellm_client_free on the client
** it is streaming from cancels the stream (see litellm_client_free).
*/
typedef int (*litellm_stream_fn)(void *user_data, const char *event_json);

/*
** litellm_generate_stream — one chat completion, delivered as it is produced.
**
** client, request_json  As for litellm_generate. The request is sent with
**               "stream": true and "stream_options": {"include_usage": true}.
** on_event      Must not be NULL. Called for each event, in order, on the
**               calling thread.
** user_data     Passed to on_event untouched; may be NULL.
** out_json      Must not be NULL. Receives the aggregated response, the same
**               document litellm_generate returns, or an error document.
**               Free it with litellm_free().
**
** Server-Sent Events are parsed as bytes arrive, not buffered to the end.
** Retries apply only before the first event has been delivered. A stream cut
** part-way returns LITELLM_ERR_NETWORK, and the error document keeps what had
** arrived in "partial_content". An error sent inside the stream
** (data: {"error": {...}}) returns LITELLM_ERR_HTTP_STATUS when it names a
** status: a numeric "code", or a code or type that stands for one, as the
** same error sent unstreamed would ("invalid_api_key" is 401,
** "rate_limit_exceeded" 429, ...); else LITELLM_ERR_BAD_RESPONSE: never an
** empty success. A 2xx stream that ends before its first chunk is
** LITELLM_ERR_BAD_RESPONSE too. Tool-call fragments are assembled as servers
** send them (no index, indices from 1, a name after the first arguments);
** the done response has the reasoning, thinking blocks and message the
** deltas add up to, and the usage and cost (usage.cost) of the last chunk.
** Returns the statuses of litellm_generate.
*/
int litellm_generate_stream(litellm_client *client,
                            const char *request_json,
                            litellm_stream_fn on_event,
                            void *user_data,
                            char **out_json);

/*
** litellm_cancel — cancel the calls in flight that carry a request_id.
**
** client      The client the calls run on; NULL for the default client.
** request_id  Must not be NULL. Every call in flight on this client whose
**             request had this "request_id" returns LITELLM_ERR_CANCELLED
**             promptly, whether it is connecting, waiting for the answer,
**             reading it, or waiting to retry. A litellm_run stops at once,
**             without trying the next model. Borrowed for the call only.
**
** Works on asynchronous calls too (their on_done reports the cancel, never
** inside this function). Thread-safe: meant to be called from another thread
** than the call's. Idempotent. Returns LITELLM_OK even when nothing
** matched (the call may have just finished), or LITELLM_ERR_INVALID_ARGUMENT
** (request_id NULL, or a freed client handle).
*/
int litellm_cancel(litellm_client *client, const char *request_id);

/*
** litellm_interrupt_fd — cancel every call in flight from a signal handler.
**
** No function of this library may be called from a signal handler, not even
** litellm_cancel: a handler that interrupts a thread inside the library can
** wait forever for that thread (a Ctrl-C handler calling litellm_cancel hangs
** the process). Instead, call litellm_interrupt_fd() once at start-up, before
** installing the handler, and let the handler write one byte to the file
** descriptor it returns: write(2) is async-signal-safe.
**
**   static int interrupt_fd = -1;     (set from litellm_interrupt_fd())
**   static void on_sigint(int signo)
**   {
**       int saved = errno;            (a handler leaves errno as it found it)
**       ssize_t n = write(interrupt_fd, "!", 1);
**       (void)n; (void)signo;
**       errno = saved;
**   }
** A library thread that watches the
** descriptor then cancels every call in flight, on every client, the default
** one included, as litellm_cancel would: blocking and asynchronous calls return
** LITELLM_ERR_CANCELLED promptly, whether connecting, waiting for the first
** byte, streaming or waiting to retry. Calls started after the interrupt run
** as usual.
**
** Returns the descriptor (the same one on every call; close it never), or -1
** where this is not available (this build: Linux only; elsewhere, block the
** signal and cancel from a thread that waits for it with sigwait).
** Thread-safe. The descriptor is non-blocking and close-on-exec; many writes
** before the watcher runs count as one interrupt.
**
** The only async-signal-safe operation this library offers is writing to that
** descriptor; every function of this header must be called outside signal
** handlers.
*/
int litellm_interrupt_fd(void);


/*
** ASYNCHRONOUS CALLS (ABI 2)
**
** Every call also exists in a non-blocking form: it starts the call and
** returns at once, and the call's end is reported through on_done on a
** library thread. No OS thread is held per call in flight, by the library or
** by the host: sockets, connects, TLS, timeouts, retries, back-off and
** Retry-After waits are driven by the runtime's epoll engine and its timers,
** on a small fixed set of library threads (about the core count plus a few),
** whatever the number of calls. Thousands of calls may be in flight at once;
** each needs one file descriptor (raise RLIMIT_NOFILE for more than ~1,000).
**
** Library threads. on_event and on_done of asynchronous calls, and the log
** callback for them, run on these threads, which also drive every other call
** of the process. So a callback must be short and must not block: no waiting
** on a lock another callback may hold, no blocking I/O, no blocking
** litellm_generate/litellm_run (start an asynchronous call instead), no
** waiting for another call. Copy what you need and hand the work to your own
** thread or event loop (see README: waking an event loop from on_done). A
** callback may call litellm_generate_async, litellm_run_async (and the other
** *_async functions), litellm_call_cancel, litellm_call_free, litellm_cancel,
** litellm_free and litellm_client_free (see there). It must not unwind through the library.
*/

/* One asynchronous call in flight (opaque). Like a client handle, it is a
   number, not an address: a freed handle is never reused. */
typedef struct litellm_call litellm_call;

/*
** litellm_done_fn — receives the end of an asynchronous call.
**
** user_data   The pointer given to the starting function, untouched.
** status      A litellm_status, as the blocking form would have returned.
** json        On LITELLM_OK the response (litellm_generate_async) or run
**             result (litellm_run_async); otherwise an error document. Never
**             NULL. Borrowed: valid only until the callback returns (copy it to
**             keep it; do not litellm_free it).
**
** Runs exactly once for every call that was started (its starting function
** returned LITELLM_OK), whatever happens: success, failure, a bad request
** document, a cancel, the client being freed. It runs on a library thread,
** after the call's last on_event has returned, never at the same time as one
** of the call's events, and never on the starting thread inside the
** starting function; it may run before the starting function has returned
** (on another thread), so set up what it needs before starting the call.
*/
typedef void (*litellm_done_fn)(void *user_data, int status, const char *json);

/*
** litellm_generate_async — start one chat completion; do not wait for it.
**
** client, request_json  As for litellm_generate (NULL client: the default
**               client). request_json is read before this function returns
**               (borrowed for the call only); a NULL, malformed or invalid
**               request is reported through on_done, not here.
** on_event      NULL: not streamed; the response arrives whole in on_done.
**               Otherwise the call is streamed exactly as
**               litellm_generate_stream (the same events, in order, the same
**               "stop" meaning of a non-zero return), but on_event runs on a
**               library thread. The "done" event comes before on_done.
** on_done       Must not be NULL. See litellm_done_fn.
** user_data     Passed to on_event and on_done untouched; may be NULL. It must
**               stay valid until on_done has returned.
** out_call      May be NULL. Receives a handle to the call, for
**               litellm_call_cancel; release it with litellm_call_free (before
**               or after on_done: the handle stays valid until both have
**               happened). With out_call NULL the call can still be cancelled
**               through litellm_cancel and its "request_id".
**
** Thread-safe; any number of calls may be in flight on one client. Returns
** LITELLM_OK when the call was accepted (on_done will run exactly once), or,
** without starting anything and without calling on_done:
** LITELLM_ERR_INVALID_ARGUMENT (on_done NULL, or client not a live handle),
** LITELLM_ERR_INTERNAL (no memory).
*/
int litellm_generate_async(litellm_client *client,
                           const char *request_json,
                           litellm_stream_fn on_event,
                           litellm_done_fn on_done,
                           void *user_data,
                           litellm_call **out_call);

/*
** litellm_run_async — start a run (the whole ladder of litellm_run, with its
** retries, back-off waits and escalations); do not wait for it.
**
** client, request_json  As for litellm_run; a bad request is reported
**               through on_done.
** on_done, user_data, out_call  As for litellm_generate_async. On LITELLM_OK
**               json is the run result; otherwise the error document
**               litellm_run would have returned.
**
** Returns as litellm_generate_async.
*/
int litellm_run_async(litellm_client *client,
                      const char *request_json,
                      litellm_done_fn on_done,
                      void *user_data,
                      litellm_call **out_call);

/*
** EMBEDDINGS, MODELS AND HEALTH
**
** The other endpoints of the proxy, on the same client as chat: the same
** connection pool, key, headers, retries, timeouts, redaction, log events
** (with "gen_ai.operation.name" "embeddings", "models" or "health") and
** cancellation (litellm_cancel by "request_id", litellm_client_free; the
** asynchronous forms also litellm_call_cancel). Routes: <api>/embeddings,
** <api>/models, <api>/model/info, where <api> is the chat URL less
** /chat/completions (e.g. http://localhost:4000/v1), and
** <root>/health/readiness, where <root> is <api> less a final /v1.
*/

/*
** litellm_embed — embedding vectors for one text or a batch of texts.
**
** client        As for litellm_generate (NULL: the default client).
** request_json  Must not be NULL. A JSON object; "model" and "input" are
**               required:
**                 {"model": "text-embedding-3-small",
**                  "input": "one text" | ["a", "b", ...],
**                  "dimensions": 256, "user": "...", "extra_body": {...},
**                  "headers": {...}, "request_id": "...",
**                  "timeout_ms": 30000, "max_retries": 0}
**               The request to the server asks for "encoding_format":
**               "base64" (extra_body may say "float"); either answer is
**               decoded. Unknown fields are rejected. Borrowed for the call
**               only.
** out_json      Must not be NULL. Receives on LITELLM_OK
**                 {"embeddings": [[0.0123, -0.0456, ...], ...],
**                  "model", "input_tokens", "cost_usd", "call_id",
**                  "attempts", "latency_ms"}
**               one vector per input, in input order, all of one length,
**               each number the shortest text that reads back as the same
**               32-bit float; or an error document. Free it with
**               litellm_free().
**
** Blocks the calling thread until the call ends, retries included. Returns
** the statuses of litellm_generate; LITELLM_ERR_BAD_RESPONSE when the answer
** is not one finite vector per input, all of one length (and of
** "dimensions", when given).
*/
int litellm_embed(litellm_client *client,
                  const char *request_json,
                  char **out_json);

/*
** litellm_models — the models the server serves.
**
** client        As for litellm_generate (NULL: the default client).
** request_json  May be NULL, the same as {}. Otherwise a JSON object:
**                 {"info": true, "headers": {...}, "request_id": "...",
**                  "timeout_ms": 30000, "max_retries": 0}
**               Borrowed for the call only.
** out_json      Must not be NULL. Receives on LITELLM_OK, from GET
**               <api>/models:
**                 {"models": [{"id": "gpt-4o", "owned_by": "openai"}, ...]}
**               or with "info": true, from LiteLLM's GET <api>/model/info
**               (one entry per deployment; null where LiteLLM does not know):
**                 {"models": [{"id", "model_group", "max_input_tokens",
**                   "max_output_tokens", "input_cost_per_token",
**                   "output_cost_per_token", "supports_response_schema",
**                   "supports_function_calling", "supports_reasoning"}]}
**               or an error document. Free it with litellm_free().
**
** Blocks the calling thread. Returns the statuses of litellm_generate; a
** server without the route answers 404: LITELLM_ERR_HTTP_STATUS.
*/
int litellm_models(litellm_client *client,
                   const char *request_json,
                   char **out_json);

/*
** litellm_health — whether the proxy is ready, without a model call.
**
** client        As for litellm_generate (NULL: the default client).
** out_json      Must not be NULL. Receives on LITELLM_OK, from GET
**               <root>/health/readiness:
**                 {"healthy": true, "status": "healthy",
**                  "litellm_version": "1.74.0", "db": "connected",
**                  "latency_ms": 3.1}
**               "healthy" is false only when a 2xx answer's "status" says
**               so ("unhealthy", "not_ready", ...); an unhealthy LiteLLM
**               answers 503, which is LITELLM_ERR_HTTP_STATUS after the
**               client's retries. Free it with litellm_free().
**
** Blocks the calling thread. Returns the statuses of litellm_generate; a
** server without the route answers 404: LITELLM_ERR_HTTP_STATUS.
*/
int litellm_health(litellm_client *client, char **out_json);

/*
** litellm_embed_async, litellm_models_async, litellm_health_async — start
** litellm_embed, litellm_models or litellm_health; do not wait for it.
**
** client, request_json  As for the blocking form (litellm_models_async takes a
**               NULL request as {}; litellm_health_async takes none). A bad
**               request is reported through on_done.
** on_done, user_data, out_call  As for litellm_generate_async. On LITELLM_OK
**               json is the document the blocking form returns; otherwise an
**               error document. Borrowed for the callback only.
**
** Returns as litellm_generate_async.
*/
int litellm_embed_async(litellm_client *client,
                        const char *request_json,
                        litellm_done_fn on_done,
                        void *user_data,
                        litellm_call **out_call);
int litellm_models_async(litellm_client *client,
                         const char *request_json,
                         litellm_done_fn on_done,
                         void *user_data,
                         litellm_call **out_call);
int litellm_health_async(litellm_client *client,
                         litellm_done_fn on_done,
                         void *user_data,
                         litellm_call **out_call);

/*
** litellm_call_cancel — cancel an asynchronous call.
**
** The call ends with LITELLM_ERR_CANCELLED through its on_done, promptly,
** whatever it is doing (connecting, waiting for the answer, streaming,
** waiting to retry), unless it has already ended (then nothing happens: its
** on_done has run or is running with its real outcome). The cancel is carried
** out on a library thread: on_done never runs inside this function, and may
** run before or after it returns. A run stops without trying the next model.
**
** Thread-safe (callable from any thread, a callback included) and idempotent.
** Returns LITELLM_OK, or LITELLM_ERR_INVALID_ARGUMENT when call is NULL or no
** longer a valid handle (ended and freed).
*/
int litellm_call_cancel(litellm_call *call);

/*
** litellm_call_free — release a handle from litellm_generate_async,
** litellm_run_async or another *_async function.
**
** Does not cancel the call: it goes on, and its on_done still runs. The
** handle stays valid until the call has ended and it has been freed, then it
** is gone for good (a later cancel or free of it does nothing harmful).
** NULL-safe and idempotent; thread-safe; may be called from on_done.
*/
void litellm_call_free(litellm_call *call);

/*
** litellm_status_str — the lower-case name of a status ("ok", "timeout", ...),
** the same text as an error document's "kind"; "unknown" for a value outside
** litellm_status. Static: never NULL, never to be freed.
*/
const char *litellm_status_str(int status);

/*
** litellm_abi_version — LITELLM_ABI_VERSION of the loaded library, to compare
** with the header a program was built with.
*/
int litellm_abi_version(void);

/* Log levels for litellm_set_log_callback. */
#define LITELLM_LOG_DEBUG 0
#define LITELLM_LOG_INFO  1
#define LITELLM_LOG_WARN  2
#define LITELLM_LOG_ERROR 3

/*
** litellm_log_fn — receives one log event.
**
** level       LITELLM_LOG_DEBUG .. LITELLM_LOG_ERROR.
** event_json  One JSON object, valid only until the callback returns:
**   - every finished HTTP attempt, at INFO, with OpenTelemetry GenAI names:
**       {"event":"attempt","gen_ai.system":"litellm","gen_ai.operation.name":"chat",
**        "gen_ai.request.model","gen_ai.request.max_tokens","gen_ai.response.model",
**        "gen_ai.usage.input_tokens","gen_ai.usage.output_tokens",
**        "duration_ms","attempt","status":"ok"|<error kind>,
**        "http.response.status_code","request_id"}
**   - a retry about to happen, at WARN:
**       {"event":"retry","attempt","delay_ms","delay_source":"backoff"|"server","reason",...}
**   - a litellm_run rung that failed and escalated, at WARN ({"event":"escalation",...})
**   - a call that failed, at ERROR: {"event":"error","kind","message","attempts",...}
**
** Called on the thread making the call (for an asynchronous call, a library
** thread), possibly several threads at once. It never receives the API key. It must not unwind through the library and must
** not call litellm_set_log_callback.
*/
typedef void (*litellm_log_fn)(void *user_data, int level, const char *event_json);

/*
** litellm_set_log_callback — route the library's log events to the host.
**
** fn          The callback, or NULL to turn it off. Without a callback, the
**             environment variable LITELLM_LOG=debug|info|warn|error (read
**             when the library first logs, and again when a callback is
**             removed) writes the same events to stderr, one JSON object
**             per line.
** user_data   Passed to fn untouched.
** min_level   Events below this level are not delivered (0..3).
**
** Process-wide. Thread-safe: once it returns, the previous callback is never
** called again. Returns LITELLM_OK, or LITELLM_ERR_INVALID_ARGUMENT for a
** min_level outside 0..3.
*/
int litellm_set_log_callback(litellm_log_fn fn, void *user_data, int min_level);

/*
** WITHOUT JSON CODE OF YOUR OWN
**
** For hosts that have no JSON library at hand: a prompt-to-text call, and one
** accessor that takes any value out of any document or event this library
** produces. (For the full documents, any JSON library does; examples/c/cjson.c
** uses Debian's cJSON.)
*/

/*
** litellm_ask — a prompt in, the answer's text out.
**
** client   As for litellm_generate (NULL: the default client).
** model    Must not be NULL: the model to call, e.g. "gpt-4o-mini".
** prompt   Must not be NULL: sent as one user message.
** out_text Must not be NULL. On LITELLM_OK receives the answer's text (plain
**          UTF-8, not JSON; "" when the model answered with tool calls only);
**          on any other status, the error's message (plain text, the
**          "message" of the error document). Free it with litellm_free().
**
** The same call as litellm_generate with {"model": model, "messages":
** [{"role": "user", "content": prompt}]}: same retries, timeouts, statuses.
** For anything more (a system prompt, tools, usage, cost), use
** litellm_generate and litellm_json_get.
*/
int litellm_ask(litellm_client *client,
                const char *model,
                const char *prompt,
                char **out_text);

/*
** litellm_json_get — one value of a JSON document, by path.
**
** json   A document or stream event from this library (any JSON text).
** path   Member names separated by dots, array elements by [index]:
**          "content", "error.message", "type",
**          "response.tool_calls[0].name", "input_tokens".
**
** Returns a new string (free it with litellm_free()): a JSON string's text
** with its escapes decoded, any other value as its JSON text (42, true, an
** object or array as written). Returns NULL when the path leads nowhere, the
** value is null, json is not JSON, or either argument is NULL. Never fails
** otherwise. In a stream callback:
**
**   char *type = litellm_json_get(event_json, "type");
**   if (type && strcmp(type, "delta") == 0) {
**       char *text = litellm_json_get(event_json, "content");
**       fputs(text, stdout);
**       litellm_free(text);
**   }
**   litellm_free(type);
*/
char *litellm_json_get(const char *json, const char *path);

/*
** litellm_free — release a string returned by the library.
**
** NULL-safe. Only for strings this library returned through an out_* pointer;
** never for litellm_version()'s. The library tracks the strings it hands out:
** a pointer it did not return, or one already freed, is ignored rather than
** corrupting the heap (unless the library has since returned a new string
** at the same address, which a second free would then release).
*/
void litellm_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* LITELLM_H */
