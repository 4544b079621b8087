//! Safe Rust binding of liblitellm: calls to LiteLLM proxies and OpenAI-compatible
//! `/v1/chat/completions` endpoints, through the library's C ABI (`litellm.h`).
//!
//! ```no_run
//! use litellm::{Client, ClientOptions, GenerateRequest, Response};
//!
//! # fn main() -> litellm::Result<()> {
//! let client = Client::new(&ClientOptions::new().base_url("http://localhost:4000").api_key("sk-..."))?;
//! let request = GenerateRequest::new("gpt-4o-mini").user("Hello").max_tokens(64);
//! let response = Response::from_json(&client.generate(&request.to_json())?)?;
//! println!("{} ({} tokens in, {} out)", response.content, response.input_tokens, response.output_tokens);
//!
//! // Streaming: the closure sees each event as it arrives; return false to stop.
//! client.generate_stream_events(&request.to_json(), |event| {
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
//! Requests and responses are JSON documents (described in `litellm.h` and API.md §3–§7). The
//! [`Client`] methods take and return them as text, so every field is reachable; the builders
//! ([`GenerateRequest`], [`RunRequest`]) and views ([`Response`], [`RunResponse`],
//! [`StreamEvent`]) cover the common ones, using the small std-only [`json`] module.
//!
//! # Threads
//!
//! Every function may be called from any thread. [`Client`] is `Send + Sync`; one client per
//! process and endpoint, shared (e.g. in an `Arc`), is the intended use: its calls share one
//! pool of keep-alive connections. Calls block the calling thread. Stream closures run on the
//! calling thread; the log callback runs on whichever thread makes a call.
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
//! waiting to retry); a `run` stops without trying the next model. A stream closure returning
//! `false` cancels its own call.
//!
//! # Panics
//!
//! A panic never unwinds through the C library: a panic in a stream closure is caught, stops
//! the stream, and is resumed on the caller's side once the C call has returned; a panic in the
//! log callback is caught and the event dropped.
//!
//! # Process
//!
//! The library is never unloaded (NativeAOT cannot unload), and using it in a child after
//! `fork()` without `exec()` is unsupported.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_debug_implementations)]

pub use litellm_sys as sys;

mod client;
mod error;
pub mod json;
mod log;
mod request;

pub use client::{Client, ClientOptions};
pub use error::{Error, ErrorKind, Result};
pub use json::Json;
pub use log::{set_log_callback, Level, LogCallback};
pub use request::{
    GenerateRequest, Message, Response, RunRequest, RunResponse, StreamEvent, ToolCall,
};

/// The library's version, e.g. `"0.1.0"`.
pub fn version() -> &'static str {
    // SAFETY: litellm_version returns a static NUL-terminated string that is never freed, and
    // the library is never unloaded, so the borrow can be 'static.
    let v: &'static std::ffi::CStr = unsafe { std::ffi::CStr::from_ptr(sys::litellm_version()) };
    v.to_str().unwrap_or("<non-UTF-8 version>")
}

/// The C ABI version this binding was written against (`LITELLM_ABI_VERSION`).
pub const ABI_VERSION: i32 = sys::LITELLM_ABI_VERSION;

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_is_send_and_sync() {
        assert_send_sync::<crate::Client>();
        assert_send_sync::<crate::Error>();
    }

    #[test]
    fn version_is_not_empty() {
        assert!(!crate::version().is_empty());
        assert!(crate::version().chars().next().unwrap().is_ascii_digit());
    }
}
