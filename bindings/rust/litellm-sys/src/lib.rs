//! Raw FFI declarations for liblitellm, mirroring `litellm.h` one for one.
//!
//! Everything here is `unsafe` and follows the C header's rules; the safe wrapper is the
//! `litellm` crate. In short (see `litellm.h` for the full text):
//!
//! * Every string, in and out, is NUL-terminated UTF-8. Inputs are borrowed for the call only.
//! * Every `*mut *mut c_char` output receives a library-allocated string (the answer on
//!   [`LITELLM_OK`], an error document otherwise) that the caller releases with
//!   [`litellm_free`] exactly once.
//! * Every function may be called from any thread; a client is safe to use from any number
//!   of threads at once.
//! * Callbacks must never unwind through the library.
//! * The asynchronous calls ([`litellm_generate_async`], [`litellm_run_async`]) return at
//!   once; their `on_done` runs exactly once per started call, on a library thread, and so do
//!   their `on_event`s. Those threads drive every call of the process: callbacks must be short
//!   and must never block.
//!
//! Linking: the build script looks at `LITELLM_LIB_DIR`, then `pkg-config litellm`, then, in a
//! checkout of liblitellm, the checkout's `artifacts/lib`; otherwise it stops with a message
//! saying what to set.
#![no_std]
#![allow(non_camel_case_types)]
#![deny(missing_docs)]

use core::ffi::{c_char, c_int, c_void};
use core::marker::{PhantomData, PhantomPinned};

/// Bumped when a function's signature or a document's meaning changes incompatibly.
///
/// 2: the asynchronous calls ([`litellm_generate_async`], [`litellm_run_async`],
/// [`litellm_call_cancel`], [`litellm_call_free`]), [`litellm_status_str`],
/// [`litellm_abi_version`].
pub const LITELLM_ABI_VERSION: c_int = 2;

/// `typedef enum litellm_status` — the values are part of the ABI and never change.
/// The functions return them as `int`.
pub type litellm_status = c_int;

/// Success.
pub const LITELLM_OK: litellm_status = 0;
/// NULL where not allowed, bad UTF-8, malformed or invalid request JSON.
pub const LITELLM_ERR_INVALID_ARGUMENT: litellm_status = 1;
/// DNS, refused, reset, TLS failure, truncated body.
pub const LITELLM_ERR_NETWORK: litellm_status = 2;
/// An attempt exceeded `timeout_ms`, after retries.
pub const LITELLM_ERR_TIMEOUT: litellm_status = 3;
/// Non-2xx answer after retries.
pub const LITELLM_ERR_HTTP_STATUS: litellm_status = 4;
/// 2xx whose body is not a usable answer (chat completion, embeddings, ...).
pub const LITELLM_ERR_BAD_RESPONSE: litellm_status = 5;
/// `litellm_run`: content not JSON, or fails the result schema.
pub const LITELLM_ERR_INVALID_RESULT: litellm_status = 6;
/// `litellm_cancel`, `litellm_client_free`, or a stream callback said stop.
pub const LITELLM_ERR_CANCELLED: litellm_status = 7;
/// A bug in liblitellm: never expected.
pub const LITELLM_ERR_INTERNAL: litellm_status = 8;

/// Log levels for [`litellm_set_log_callback`]: the most detailed.
pub const LITELLM_LOG_DEBUG: c_int = 0;
/// Every finished HTTP attempt.
pub const LITELLM_LOG_INFO: c_int = 1;
/// Retries and escalations.
pub const LITELLM_LOG_WARN: c_int = 2;
/// Failed calls.
pub const LITELLM_LOG_ERROR: c_int = 3;

/// `typedef struct litellm_client litellm_client;` — opaque; only ever used behind a pointer.
///
/// The handle is not an address: a call on a freed handle fails with
/// [`LITELLM_ERR_INVALID_ARGUMENT`] instead of touching freed memory.
#[repr(C)]
pub struct litellm_client {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `typedef struct litellm_call litellm_call;` — one asynchronous call in flight (opaque).
///
/// Like a client handle it is a number, not an address: a freed handle is never reused, and
/// [`litellm_call_cancel`] / [`litellm_call_free`] on it are harmless. Every function taking
/// one is thread-safe.
#[repr(C)]
pub struct litellm_call {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `typedef int (*litellm_stream_fn)(void *user_data, const char *event_json);`
///
/// Return 0 to go on, anything else to stop (the call then returns
/// [`LITELLM_ERR_CANCELLED`]). Runs on the calling thread (for [`litellm_generate_async`], on
/// a library thread); must not unwind. `event_json` is valid until the callback returns.
pub type litellm_stream_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event_json: *const c_char) -> c_int>;

/// `typedef void (*litellm_done_fn)(void *user_data, int status, const char *json);`
///
/// Receives the end of an asynchronous call: `status` as the blocking form would have
/// returned it, `json` the response / run result on [`LITELLM_OK`], else an error document.
/// `json` is never NULL and is borrowed for the callback only (copy it; do not
/// [`litellm_free`] it).
///
/// Runs exactly once for every call whose starting function returned [`LITELLM_OK`], on a
/// library thread, after the call's last event has returned and never at the same time as one
/// of its events; never on the starting thread inside the starting function, but possibly
/// before that function has returned (on another thread). Must be short, must not block, and
/// must not unwind.
pub type litellm_done_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, status: c_int, json: *const c_char)>;

/// `typedef void (*litellm_log_fn)(void *user_data, int level, const char *event_json);`
///
/// Runs on the thread making the call, possibly on several threads at once. Must not unwind
/// and must not call [`litellm_set_log_callback`].
pub type litellm_log_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, level: c_int, event_json: *const c_char)>;

extern "C" {
    /// The library's version, e.g. `"0.1.0"`: a static string, never NULL, never freed.
    pub fn litellm_version() -> *const c_char;

    /// Creates a client. `options_json` may be NULL (all defaults from the environment).
    /// `out_client` must not be NULL. `out_error_json` may be NULL; on failure it receives an
    /// error document to release with [`litellm_free`].
    pub fn litellm_client_new(
        options_json: *const c_char,
        out_client: *mut *mut litellm_client,
        out_error_json: *mut *mut c_char,
    ) -> c_int;

    /// Releases a client. NULL-safe and idempotent. Cancels calls in flight on it (blocking
    /// ones return [`LITELLM_ERR_CANCELLED`], asynchronous ones report it through their
    /// `on_done`) and returns once they have all returned, `on_done` callbacks included. From
    /// inside a callback of one of its own calls it cancels them all and returns without
    /// waiting.
    pub fn litellm_client_free(client: *mut litellm_client);

    /// One chat completion. `client` NULL means the process-wide default client.
    /// `out_json` receives the response or an error document; free it with [`litellm_free`].
    pub fn litellm_generate(
        client: *mut litellm_client,
        request_json: *const c_char,
        out_json: *mut *mut c_char,
    ) -> c_int;

    /// The executor: skill + task prompt in, validated JSON result out.
    pub fn litellm_run(
        client: *mut litellm_client,
        request_json: *const c_char,
        out_json: *mut *mut c_char,
    ) -> c_int;

    /// One chat completion delivered as it is produced, through `on_event` (must not be NULL),
    /// called on the calling thread. `out_json` receives the aggregated response.
    pub fn litellm_generate_stream(
        client: *mut litellm_client,
        request_json: *const c_char,
        on_event: litellm_stream_fn,
        user_data: *mut c_void,
        out_json: *mut *mut c_char,
    ) -> c_int;

    /// Cancels the calls in flight on `client` whose request carried `request_id`.
    /// Thread-safe and idempotent; returns [`LITELLM_OK`] even when nothing matched.
    pub fn litellm_cancel(client: *mut litellm_client, request_id: *const c_char) -> c_int;

    /// Starts one chat completion and returns at once; its end is reported through `on_done`
    /// (must not be NULL) on a library thread. `request_json` is read before this returns; a
    /// NULL or invalid request is reported through `on_done`. `on_event` NULL: not streamed;
    /// otherwise events as [`litellm_generate_stream`]'s, on a library thread, the `done`
    /// event before `on_done`. `user_data` must stay valid until `on_done` has returned.
    /// `out_call` may be NULL; otherwise it receives a handle for [`litellm_call_cancel`], to
    /// be released with [`litellm_call_free`].
    ///
    /// Returns [`LITELLM_OK`] when the call was accepted (`on_done` will run exactly once);
    /// otherwise nothing was started and `on_done` is never called:
    /// [`LITELLM_ERR_INVALID_ARGUMENT`] (`on_done` NULL, client not a live handle) or
    /// [`LITELLM_ERR_INTERNAL`].
    pub fn litellm_generate_async(
        client: *mut litellm_client,
        request_json: *const c_char,
        on_event: litellm_stream_fn,
        on_done: litellm_done_fn,
        user_data: *mut c_void,
        out_call: *mut *mut litellm_call,
    ) -> c_int;

    /// Starts a run (the ladder of [`litellm_run`]) and returns at once; as
    /// [`litellm_generate_async`], without events. On [`LITELLM_OK`] `on_done`'s `json` is the
    /// run result.
    pub fn litellm_run_async(
        client: *mut litellm_client,
        request_json: *const c_char,
        on_done: litellm_done_fn,
        user_data: *mut c_void,
        out_call: *mut *mut litellm_call,
    ) -> c_int;

    /// Embedding vectors for one text or a batch (`{"model", "input": "text" | ["a", "b"],
    /// ...}`). `out_json` receives `{"embeddings": [[...], ...], "model", "input_tokens",
    /// ...}` or an error document; free it with [`litellm_free`].
    pub fn litellm_embed(
        client: *mut litellm_client,
        request_json: *const c_char,
        out_json: *mut *mut c_char,
    ) -> c_int;

    /// The models the server serves; `request_json` may be NULL (the same as `{}`), or
    /// `{"info": true}` for LiteLLM's model info. `out_json` as for [`litellm_generate`].
    pub fn litellm_models(
        client: *mut litellm_client,
        request_json: *const c_char,
        out_json: *mut *mut c_char,
    ) -> c_int;

    /// Whether the proxy is ready (`/health/readiness`). `out_json` as for [`litellm_generate`].
    pub fn litellm_health(client: *mut litellm_client, out_json: *mut *mut c_char) -> c_int;

    /// [`litellm_embed`], started without waiting; as [`litellm_run_async`].
    pub fn litellm_embed_async(
        client: *mut litellm_client,
        request_json: *const c_char,
        on_done: litellm_done_fn,
        user_data: *mut c_void,
        out_call: *mut *mut litellm_call,
    ) -> c_int;

    /// [`litellm_models`], started without waiting; as [`litellm_run_async`] (`request_json`
    /// may be NULL).
    pub fn litellm_models_async(
        client: *mut litellm_client,
        request_json: *const c_char,
        on_done: litellm_done_fn,
        user_data: *mut c_void,
        out_call: *mut *mut litellm_call,
    ) -> c_int;

    /// [`litellm_health`], started without waiting; as [`litellm_run_async`], without a request.
    pub fn litellm_health_async(
        client: *mut litellm_client,
        on_done: litellm_done_fn,
        user_data: *mut c_void,
        out_call: *mut *mut litellm_call,
    ) -> c_int;

    /// Cancels an asynchronous call: it ends with [`LITELLM_ERR_CANCELLED`] through its
    /// `on_done`, promptly, unless it has already ended. `on_done` never runs inside this
    /// function. Thread-safe and idempotent. Returns [`LITELLM_OK`], or
    /// [`LITELLM_ERR_INVALID_ARGUMENT`] when `call` is NULL or no longer valid.
    pub fn litellm_call_cancel(call: *mut litellm_call) -> c_int;

    /// Releases a call handle. Does not cancel the call; its `on_done` still runs. NULL-safe,
    /// idempotent, thread-safe; may be called from `on_done`.
    pub fn litellm_call_free(call: *mut litellm_call);

    /// The lower-case name of a status (`"ok"`, `"timeout"`, ...), as an error document's
    /// `"kind"`; `"unknown"` outside `litellm_status`. Static: never NULL, never freed.
    pub fn litellm_status_str(status: c_int) -> *const c_char;

    /// [`LITELLM_ABI_VERSION`] of the loaded library.
    pub fn litellm_abi_version() -> c_int;

    /// Routes log events to `fn_` (NULL: off). Process-wide. Once it returns, the previous
    /// callback is never called again. `min_level` must be 0..=3.
    pub fn litellm_set_log_callback(
        fn_: litellm_log_fn,
        user_data: *mut c_void,
        min_level: c_int,
    ) -> c_int;

    /// Releases a string returned through an `out_*` pointer. NULL-safe. Never for
    /// [`litellm_version`]'s string.
    pub fn litellm_free(s: *mut c_char);
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn version_is_a_static_c_string() {
        // SAFETY: litellm_version takes no arguments and returns a static NUL-terminated
        // string that lives as long as the process (the library is never unloaded).
        let v = unsafe { core::ffi::CStr::from_ptr(litellm_version()) };
        assert!(!v.to_bytes().is_empty());
    }

    #[test]
    fn abi_version_matches_the_loaded_library() {
        // SAFETY: litellm_abi_version takes no arguments and has no preconditions.
        assert_eq!(unsafe { litellm_abi_version() }, LITELLM_ABI_VERSION);
    }

    #[test]
    fn status_str_names_the_statuses() {
        let name = |status| {
            // SAFETY: litellm_status_str accepts any int and returns a static NUL-terminated
            // string.
            unsafe { core::ffi::CStr::from_ptr(litellm_status_str(status)) }.to_bytes()
        };
        assert_eq!(name(LITELLM_OK), b"ok");
        assert_eq!(name(LITELLM_ERR_HTTP_STATUS), b"http_status");
        assert_eq!(name(LITELLM_ERR_CANCELLED), b"cancelled");
        assert_eq!(name(12345), b"unknown");
    }

    #[test]
    fn call_functions_are_null_safe() {
        // SAFETY: litellm_call_free is documented as NULL-safe; litellm_call_cancel returns
        // LITELLM_ERR_INVALID_ARGUMENT for NULL.
        unsafe { litellm_call_free(core::ptr::null_mut()) };
        assert_eq!(
            unsafe { litellm_call_cancel(core::ptr::null_mut()) },
            LITELLM_ERR_INVALID_ARGUMENT
        );
    }

    #[test]
    fn free_is_null_safe() {
        // SAFETY: litellm_free is documented as NULL-safe.
        unsafe { litellm_free(core::ptr::null_mut()) };
        // SAFETY: litellm_client_free is documented as NULL-safe.
        unsafe { litellm_client_free(core::ptr::null_mut()) };
    }
}
