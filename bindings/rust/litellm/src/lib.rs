//! Safe Rust binding of liblitellm: calls to LiteLLM proxies and OpenAI-compatible
//! `/v1/chat/completions` endpoints, through the library's C ABI (`litellm.h`).
//!
//! ```no_run
//! use litellm::{Client, ClientOptions, GenerateRequest};
//!
//! # fn main() -> litellm::Result<()> {
//! let client = Client::new(&ClientOptions::new().base_url("http://localhost:4000").api_key("sk-..."))?;
//! let request = GenerateRequest::new("gpt-4o-mini").user("Hello").max_tokens(64);
//! let response = client.generate(&request)?; // a Response
//! println!("{} ({} tokens in, {} out)", response.content, response.input_tokens, response.output_tokens);
//!
//! // Streaming: the closure sees each event as it arrives; return false to stop.
//! client.generate_stream_events(&request, |event| {
//!     if let litellm::StreamEvent::Delta(text) = event {
//!         print!("{text}");
//!     }
//!     true
//! })?;
//! # Ok(())
//! # }
//! ```
//!
//! # Documents
//!
//! Requests and responses are JSON documents (described in `litellm.h` and docs/documents.md). The
//! [`Client`] methods take either a typed request ([`GenerateRequest`], [`RunRequest`]) and
//! answer with a typed view ([`Response`], [`RunResponse`]), or take the request as JSON text
//! and answer with the document as text (`client.generate(&json)`, [`Client::generate_json`]),
//! so every field is reachable ([`GenerateInput`] and [`RunInput`] say which is which). The
//! typed helpers cover the common fields, and keep the whole document as a [`Json`] value (a
//! small std-only reader) for the rest.
//!
//! # Asynchronous calls
//!
//! [`Client::generate_async`], [`Client::run_async`], [`Client::generate_stream_async`] (an
//! [`EventStream`] with `async fn next`) and [`Client::generate_stream_events_async`] (a
//! callback) start a call without blocking and return a future ([`CallFuture`]) or a stream:
//!
//! ```no_run
//! # async fn f(client: &litellm::Client) -> litellm::Result<()> {
//! let request = litellm::GenerateRequest::new("gpt-4o-mini").user("Hello");
//! let response = client.generate_async(&request).await?;
//! # Ok(())
//! # }
//! ```
//!
//! * **Any executor.** They use nothing but [`std::task::Waker`]: the library's `on_done`
//!   callback (and each stream event) stores its result and wakes the task that last polled.
//!   They work with any executor (the tests use tokio's current-thread and multi-thread
//!   runtimes, and a ten-line `block_on`), with no feature flag and no dependency.
//! * **No thread per call.** The library drives every asynchronous call from a small fixed
//!   set of its own threads (about the core count plus a few), whatever the number of calls;
//!   this binding adds none. Thousands of calls can be in flight at once (each needs one file
//!   descriptor: raise `RLIMIT_NOFILE` beyond about 1,000).
//! * **Lazy; dropping cancels.** A call starts when its future (or stream) is first polled.
//!   Dropping it before it is ready cancels the call (`litellm_call_cancel`), so
//!   `tokio::time::timeout`, `select!` and aborting a task all cancel; a cancelled `run` does
//!   not go on to its next model. The shared state lives until the library's `on_done` has run,
//!   so a late callback never touches freed memory.
//! * **Callbacks run on library threads.** The closure of
//!   [`Client::generate_stream_events_async`] must be `Send + 'static`, short and non-blocking
//!   (those threads drive every call of the process); a panic in it is caught there and
//!   resumed by the poll that completes the future.
//! * **No back-pressure.** The library cannot be paused: an [`EventStream`]'s events queue in
//!   memory until they are read.
//! * **`Send`, `Sync`, `Unpin`.** [`CallFuture`] and [`EventStream`] are all three and borrow
//!   the [`Client`]; to spawn one on a multi-threaded runtime, move an `Arc<Client>` into the
//!   task and await inside it.
//!
//! There is no `block_on` here: without a runtime, the blocking methods are the simpler tool,
//! and a one-future executor would add nothing to them.
//!
//! # Threads
//!
//! Every function may be called from any thread. [`Client`] is `Send + Sync`; one client per
//! process and endpoint, shared (e.g. in an `Arc`), is the intended use: its calls share one
//! pool of keep-alive connections. The blocking calls block the calling thread, and their
//! stream closures run on it; asynchronous calls run their callbacks on library threads; the
//! log callback runs on whichever thread makes a call (a library thread for asynchronous ones).
//!
//! # Memory
//!
//! Inputs are borrowed for the duration of a call only. Every string the library returns is
//! copied into a Rust `String` and released with `litellm_free` exactly once, on every path.
//! Inputs containing a NUL byte are rejected with [`ErrorKind::InvalidArgument`] without
//! calling the library. Dropping a [`Client`] frees it.
//!
//! # Cancellation
//!
//! Give a request a `request_id`; [`Client::cancel`] from another thread then makes that call
//! return [`ErrorKind::Cancelled`] promptly, wherever it is (connecting, waiting, reading,
//! waiting to retry); a `run` stops without trying the next model. This reaches asynchronous
//! calls too, which are also cancelled by dropping their future. A stream closure returning
//! `false` cancels its own call.
//!
//! # Panics
//!
//! A panic never unwinds through the C library: a panic in a stream closure is caught, stops
//! the stream, and is resumed on the caller's side once the C call has returned (for an
//! asynchronous call, by the poll that completes its future); a panic in the log callback is
//! caught and the event dropped.
//!
//! # Errors
//!
//! Every failure is an [`Error`]: its [`ErrorKind`], the `litellm_status`, the message and
//! the whole error document. Its `Display` names the crate, the kind and, for HTTP errors,
//! the status, each once: `litellm: http_status 400: <the server's message>`.
//!
//! # Linking
//!
//! `litellm-sys`'s build script finds liblitellm through `LITELLM_LIB_DIR`, then
//! `pkg-config litellm`, then, when the crates are used from a checkout of liblitellm, the
//! checkout's `artifacts/lib`. It adds an rpath for this crate's own tests only: an
//! application that wants one adds a `build.rs` of its own,
//!
//! ```no_run
//! // build.rs of the application; `litellm` must be a normal dependency.
//! fn main() {
//!     if let Ok(dir) = std::env::var("DEP_LITELLM_RS_LIB_DIR") {
//!         println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
//!     }
//! }
//! ```
//!
//! (`rustc-link-arg`, which reaches the application's tests too, not `rustc-link-arg-bins`.)
//!
//! # Process
//!
//! The library is never unloaded (NativeAOT cannot unload), and using it in a child after
//! `fork()` without `exec()` is unsupported.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_debug_implementations)]
#![deny(missing_docs)]

pub use litellm_sys as sys;

mod call;
mod client;
mod embeddings;
mod endpoints;
mod error;
mod json;
mod log;
mod models;
mod request;
mod response;

pub use call::{CallFuture, EventStream};
pub use client::{Client, ClientOptions};
pub use embeddings::{EmbedRequest, Embeddings};
pub use error::{Error, ErrorKind, Result};
pub use json::{Json, ParseError};
pub use log::{set_log_callback, Level, LogCallback};
pub use models::{Health, Model, ModelInfo};
pub use request::{GenerateInput, GenerateRequest, JsonMode, Message, RunInput, RunRequest};
pub use response::{Attempt, Response, RunResponse, StreamEvent, ToolCall};

/// The library's version, e.g. `"0.1.0"`.
pub fn version() -> &'static str {
    // SAFETY: litellm_version returns a static NUL-terminated string that is never freed, and
    // the library is never unloaded, so the borrow can be 'static.
    let v: &'static std::ffi::CStr = unsafe { std::ffi::CStr::from_ptr(sys::litellm_version()) };
    v.to_str().unwrap_or("<non-UTF-8 version>")
}

/// The C ABI version this binding was written against (`LITELLM_ABI_VERSION`).
pub const ABI_VERSION: i32 = sys::LITELLM_ABI_VERSION;

/// The C ABI version of the loaded library (`litellm_abi_version()`), to compare with
/// [`ABI_VERSION`].
pub fn abi_version() -> i32 {
    // SAFETY: no arguments, no preconditions.
    unsafe { sys::litellm_abi_version() }
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_is_send_and_sync() {
        assert_send_sync::<crate::Client>();
        assert_send_sync::<crate::Error>();
    }

    #[test]
    fn futures_and_streams_are_send_sync_unpin() {
        fn assert_all<T: Send + Sync + Unpin>() {}
        assert_all::<crate::CallFuture<'static, crate::Response>>();
        assert_all::<crate::CallFuture<'static, std::rc::Rc<()>>>();
        assert_all::<crate::EventStream<'static>>();
    }

    #[test]
    fn status_names_match_the_library() {
        for status in 1..=8 {
            // SAFETY: litellm_status_str accepts any int and returns a static C string.
            let name = unsafe { std::ffi::CStr::from_ptr(crate::sys::litellm_status_str(status)) };
            assert_eq!(name.to_str().unwrap(), crate::ErrorKind::from_status(status).as_str());
        }
    }

    #[test]
    fn abi_versions_agree() {
        assert_eq!(crate::abi_version(), crate::ABI_VERSION);
        assert_eq!(crate::ABI_VERSION, 2);
    }

    #[test]
    fn version_is_not_empty() {
        assert!(!crate::version().is_empty());
        assert!(crate::version().chars().next().unwrap().is_ascii_digit());
    }
}
