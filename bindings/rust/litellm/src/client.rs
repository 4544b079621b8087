//! [`Client`] and [`ClientOptions`].

use std::any::Any;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::ptr::{self, NonNull};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::call::{CallFuture, EventCallback, EventStream, Events, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::json;
use crate::request::{GenerateInput, RunInput};
#[cfg(doc)]
use crate::request::{GenerateRequest, RunRequest};
use crate::response::StreamEvent;
#[cfg(doc)]
use crate::response::{Response, RunResponse};
use crate::sys;

/// A string allocated by liblitellm, released with `litellm_free` exactly once, on drop.
///
/// Every `out_json` pointer is received straight into one of these, so the string is freed on
/// every path: success, error, and unwinding.
pub(crate) struct LibString(*mut c_char);

impl LibString {
    pub(crate) fn null() -> LibString {
        LibString(ptr::null_mut())
    }

    /// The out-pointer to hand to the library. The guard must still be null (or the previous
    /// string would leak), which holds because each guard is used for exactly one call.
    pub(crate) fn out_ptr(&mut self) -> *mut *mut c_char {
        debug_assert!(self.0.is_null());
        &mut self.0
    }

    /// A Rust copy of the string; `None` when the library produced no document.
    pub(crate) fn to_string_opt(&self) -> Option<String> {
        if self.0.is_null() {
            return None;
        }
        // SAFETY: non-null pointers stored here come from the library's out_json/out_error_json,
        // which are NUL-terminated strings that stay valid until litellm_free, which only our
        // Drop calls.
        let s = unsafe { CStr::from_ptr(self.0) };
        Some(String::from_utf8_lossy(s.to_bytes()).into_owned())
    }
}

impl Drop for LibString {
    fn drop(&mut self) {
        // SAFETY: the pointer is NULL (litellm_free is NULL-safe) or a string the library
        // returned through an out pointer that has not been freed yet: this is the only place
        // that frees it, and drop runs once.
        unsafe { sys::litellm_free(self.0) };
    }
}

/// Converts an input string for C, rejecting interior NUL bytes without calling the library.
pub(crate) fn c_string(what: &str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|e| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("{what} contains a NUL byte at offset {}", e.nul_position()),
        )
    })
}

/// Turns a status plus the document the library returned into a `Result`.
pub(crate) fn finish(status: c_int, out: &LibString) -> Result<String> {
    if status == sys::LITELLM_OK {
        // The library always sets out_json on success; an empty string stands in otherwise.
        Ok(out.to_string_opt().unwrap_or_default())
    } else {
        Err(Error::from_document(status, out.to_string_opt()))
    }
}

/// Options for [`Client::new`], serialised to the JSON object `litellm_client_new` takes.
///
/// Every field is optional; `None` (or no headers) means the library's default:
///
/// | field | default |
/// | --- | --- |
/// | `base_url` | env `LITELLM_PROXY_API_BASE`, else `LITELLM_BASE_URL`, else `http://localhost:4000` |
/// | `api_key` | env `LITELLM_PROXY_API_KEY`, else `LITELLM_API_KEY`; `""` sends no `Authorization` |
/// | `timeout_ms` | 600000, per attempt, connect to last byte |
/// | `idle_timeout_ms` | none; the longest the server may stay silent between bytes of an answer |
/// | `max_retries` | 2 |
/// | `headers` | none; extra headers on every request (values with CR/LF are rejected) |
///
/// `Debug` never prints the API key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// The proxy or endpoint, e.g. `http://localhost:4000`; calls go to
    /// `<base>/v1/chat/completions` (`<base>/chat/completions` when it ends in `/v1`).
    pub base_url: Option<String>,
    /// The API key, sent as `Authorization: Bearer ...`; `""` sends none.
    pub api_key: Option<String>,
    /// The limit of one attempt, connect to last byte, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// The longest the server may stay silent between bytes of an answer (the wait for its
    /// first byte included), in milliseconds; `None`: no such limit
    /// (docs/configuration.md#timeouts).
    pub idle_timeout_ms: Option<u64>,
    /// Extra attempts after a failed one that is worth retrying.
    pub max_retries: Option<u32>,
    /// Extra headers sent with every request, as `(name, value)`.
    pub headers: Vec<(String, String)>,
}

impl ClientOptions {
    /// All defaults (the same as `ClientOptions::default()`).
    pub fn new() -> ClientOptions {
        ClientOptions::default()
    }

    /// Sets [`ClientOptions::base_url`].
    pub fn base_url(mut self, url: impl Into<String>) -> ClientOptions {
        self.base_url = Some(url.into());
        self
    }

    /// Sets [`ClientOptions::api_key`].
    pub fn api_key(mut self, key: impl Into<String>) -> ClientOptions {
        self.api_key = Some(key.into());
        self
    }

    /// Sets [`ClientOptions::timeout_ms`].
    pub fn timeout_ms(mut self, ms: u64) -> ClientOptions {
        self.timeout_ms = Some(ms);
        self
    }

    /// Sets [`ClientOptions::idle_timeout_ms`].
    pub fn idle_timeout_ms(mut self, ms: u64) -> ClientOptions {
        self.idle_timeout_ms = Some(ms);
        self
    }

    /// Sets [`ClientOptions::max_retries`].
    pub fn max_retries(mut self, n: u32) -> ClientOptions {
        self.max_retries = Some(n);
        self
    }

    /// Adds a header to [`ClientOptions::headers`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ClientOptions {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The options as the JSON object `litellm_client_new` takes; absent fields are omitted.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        let mut sep = "";
        let mut key = |out: &mut String, name: &str| {
            out.push_str(sep);
            json::push_quoted(out, name);
            out.push(':');
            sep = ",";
        };
        if let Some(url) = &self.base_url {
            key(&mut out, "base_url");
            json::push_quoted(&mut out, url);
        }
        if let Some(api_key) = &self.api_key {
            key(&mut out, "api_key");
            json::push_quoted(&mut out, api_key);
        }
        if let Some(ms) = self.timeout_ms {
            key(&mut out, "timeout_ms");
            out.push_str(&ms.to_string());
        }
        if let Some(ms) = self.idle_timeout_ms {
            key(&mut out, "idle_timeout_ms");
            out.push_str(&ms.to_string());
        }
        if let Some(n) = self.max_retries {
            key(&mut out, "max_retries");
            out.push_str(&n.to_string());
        }
        if !self.headers.is_empty() {
            key(&mut out, "headers");
            out.push('{');
            for (i, (name, value)) in self.headers.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::push_quoted(&mut out, name);
                out.push(':');
                json::push_quoted(&mut out, value);
            }
            out.push('}');
        }
        out.push('}');
        out
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout_ms", &self.timeout_ms)
            .field("idle_timeout_ms", &self.idle_timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .finish()
    }
}

/// A liblitellm client: a base URL, credentials, defaults and a pool of keep-alive connections.
///
/// Every call comes in a blocking form ([`Client::generate`], [`Client::run`],
/// [`Client::generate_stream`], [`Client::generate_stream_events`]) and an asynchronous one
/// ([`Client::generate_async`], [`Client::run_async`], [`Client::generate_stream_async`],
/// [`Client::generate_stream_events_async`]); each takes a typed request or its JSON text (see
/// [`GenerateInput`]).
///
/// # Threads
///
/// `Client` is `Send + Sync`: the library makes a client safe to use from any number of
/// threads at once, and all calls share its connection pool. Share one client per process and
/// endpoint, e.g. in an `Arc<Client>`.
///
/// # Memory
///
/// Inputs are borrowed for the call only. Every document the library returns is copied into a
/// Rust `String` and released with `litellm_free` before the method returns, on every path.
/// Dropping the client calls `litellm_client_free`; the futures and streams of asynchronous
/// calls borrow the client, so it cannot be dropped while one of them is alive.
///
/// # Cancellation
///
/// A request that carries a `"request_id"` can be cancelled from any other thread with
/// [`Client::cancel`]; the call then returns [`ErrorKind::Cancelled`] promptly, wherever it
/// is (connecting, waiting, reading, or waiting to retry). A stream closure that returns
/// `false` also ends its call with [`ErrorKind::Cancelled`]. Dropping the future or stream of
/// an asynchronous call before it ends cancels that call.
pub struct Client {
    raw: NonNull<sys::litellm_client>,
    /// How many states of asynchronous calls of this client are alive (see
    /// [`Client::__live_async_states`]).
    live: Arc<AtomicUsize>,
}

// SAFETY: litellm.h: "Every function may be called from any thread. A client is safe to use
// from any number of threads at once". The handle carries no thread affinity, and Client
// exposes no interior state of its own.
unsafe impl Send for Client {}
// SAFETY: as above; every method takes &self and the library synchronises internally.
unsafe impl Sync for Client {}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("raw", &self.raw).finish()
    }
}

impl Client {
    /// Creates a client from options. No network traffic happens here.
    ///
    /// Fails with [`ErrorKind::InvalidArgument`] for a bad URL or a header value with CR/LF.
    pub fn new(options: &ClientOptions) -> Result<Client> {
        Client::from_json(&options.to_json())
    }

    /// Creates a client from an options JSON object (see [`ClientOptions`]); unknown fields are
    /// an [`ErrorKind::InvalidArgument`] error naming the field.
    pub fn from_json(options_json: &str) -> Result<Client> {
        let options = c_string("options JSON", options_json)?;
        Client::create(options.as_ptr())
    }

    /// Creates a client with every option taken from the environment or its default.
    pub fn from_env() -> Result<Client> {
        Client::create(ptr::null())
    }

    fn create(options: *const c_char) -> Result<Client> {
        let mut raw: *mut sys::litellm_client = ptr::null_mut();
        let mut error = LibString::null();
        // SAFETY: `options` is NULL or a NUL-terminated string that outlives the call; `raw`
        // and the error out pointer are valid for writes; the error document written there is
        // owned by the guard, which frees it.
        let status = unsafe { sys::litellm_client_new(options, &mut raw, error.out_ptr()) };
        match (status, NonNull::new(raw)) {
            (sys::LITELLM_OK, Some(raw)) => Ok(Client { raw, live: Arc::default() }),
            (sys::LITELLM_OK, None) => Err(Error::new(
                ErrorKind::Internal,
                "litellm_client_new returned OK without a client",
            )),
            (status, raw) => {
                if let Some(raw) = raw {
                    // SAFETY: never expected (the library sets NULL on failure); free whatever
                    // we were given rather than leak it. The handle is not used afterwards.
                    unsafe { sys::litellm_client_free(raw.as_ptr()) };
                }
                Err(Error::from_document(status, error.to_string_opt()))
            }
        }
    }

    /// Test hook, not part of the API: how many states of this client's asynchronous calls
    /// are still alive. A state lives until both its future (or stream) has been dropped or
    /// has completed, and the library's `on_done` has run; so after every future is gone and
    /// every call has ended, it is 0, which is what the tests check to prove nothing leaks.
    #[doc(hidden)]
    pub fn __live_async_states(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    pub(crate) fn live_counter(&self) -> &Arc<AtomicUsize> {
        &self.live
    }

    /// The raw handle, for calling `litellm_sys` directly. It stays owned by this `Client`:
    /// do not free it, and do not use it after the `Client` is dropped.
    pub fn as_raw(&self) -> *mut sys::litellm_client {
        self.raw.as_ptr()
    }

    /// One chat completion. Blocks until the call ends, retries included.
    ///
    /// Typed with a [`GenerateRequest`], answered with a [`Response`]; raw with the request
    /// JSON text (`{"model", "messages", ...}`, a `&str` or `&String`), answered with the
    /// response document as a `String` (the same as [`Client::generate_json`]):
    ///
    /// ```no_run
    /// # fn main() -> litellm::Result<()> {
    /// # let client = litellm::Client::from_env()?;
    /// let request = litellm::GenerateRequest::new("gpt-4o-mini").user("Hello");
    /// let response: litellm::Response = client.generate(&request)?;
    /// let document: String = client.generate(&request.to_json())?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn generate<R>(&self, request: &R) -> Result<R::Output>
    where
        R: GenerateInput + ?Sized,
    {
        R::output(self.generate_json(&request.request_json())?)
    }

    /// The raw form of [`Client::generate`]: the request JSON text in (see
    /// [`GenerateRequest`]), the response document out (see [`Response`]).
    pub fn generate_json(&self, request_json: &str) -> Result<String> {
        let request = c_string("request JSON", request_json)?;
        let mut out = LibString::null();
        // SAFETY: self.raw is a live client (freed only in Drop, which cannot run while &self
        // is borrowed); `request` is NUL-terminated and outlives the call; the out pointer is
        // valid for writes and its string is freed by the guard.
        let status =
            unsafe { sys::litellm_generate(self.as_raw(), request.as_ptr(), out.out_ptr()) };
        finish(status, &out)
    }

    /// The executor: skill and task prompt in, the run result out. Each failing model
    /// escalates to the next; when all fail, the error is the last failure's, and its document
    /// carries every escalation. Blocks until the run ends.
    ///
    /// Typed with a [`RunRequest`], answered with a [`RunResponse`]; raw with the request JSON
    /// text, answered with the run result document (`{"result", "model", "escalations",
    /// ...}`) as a `String` (the same as [`Client::run_json`]).
    pub fn run<R>(&self, request: &R) -> Result<R::Output>
    where
        R: RunInput + ?Sized,
    {
        R::output(self.run_json(&request.request_json())?)
    }

    /// The raw form of [`Client::run`]: the request JSON text in (see [`RunRequest`]), the
    /// run result document out (see [`RunResponse`]).
    pub fn run_json(&self, request_json: &str) -> Result<String> {
        let request = c_string("request JSON", request_json)?;
        let mut out = LibString::null();
        // SAFETY: as in `generate_json`.
        let status = unsafe { sys::litellm_run(self.as_raw(), request.as_ptr(), out.out_ptr()) };
        finish(status, &out)
    }

    /// One chat completion, delivered as it is produced.
    ///
    /// `on_event` receives each event's JSON text, in order, on this thread:
    /// `{"type":"delta","content":"Hi"}`, `{"type":"tool_call_delta",...}` and, last,
    /// `{"type":"done","response":{...}}`. Return `true` to go on; `false` closes the connection
    /// and the call returns [`ErrorKind::Cancelled`] (the value returned for `done` changes
    /// nothing). On success the aggregated response is returned, as [`Client::generate`]
    /// returns it for this kind of `request` (a [`Response`] for a [`GenerateRequest`], the
    /// document text for JSON text).
    ///
    /// # Panics
    ///
    /// A panic in `on_event` never crosses the C library: it is caught, the stream is stopped,
    /// and once the library has returned (and its document has been freed) the panic is
    /// resumed here with [`std::panic::resume_unwind`].
    pub fn generate_stream<R, F>(&self, request: &R, mut on_event: F) -> Result<R::Output>
    where
        R: GenerateInput + ?Sized,
        F: FnMut(&str) -> bool,
    {
        let request = c_string("request JSON", &request.request_json())?;
        let mut state = StreamState { on_event: &mut on_event, panic: None };
        let mut out = LibString::null();
        // SAFETY: self.raw is live and `request` outlives the call, as in `generate_json`.
        // `stream_trampoline` matches litellm_stream_fn and never unwinds. `user_data` points
        // to `state`, which lives on this stack frame until after the call returns, and is only
        // accessed by the trampoline on this thread (the library calls on_event on the calling
        // thread) while this frame does not touch it.
        let status = unsafe {
            sys::litellm_generate_stream(
                self.as_raw(),
                request.as_ptr(),
                Some(stream_trampoline),
                &mut state as *mut StreamState<'_> as *mut c_void,
                out.out_ptr(),
            )
        };
        let result = finish(status, &out);
        drop(out); // litellm_free the document before a resumed panic unwinds past us.
        if let Some(payload) = state.panic.take() {
            panic::resume_unwind(payload);
        }
        R::output(result?)
    }

    /// [`Client::generate_stream`] with each event parsed into a [`StreamEvent`].
    ///
    /// Event types this binding does not know arrive as [`StreamEvent::Other`] with their JSON.
    pub fn generate_stream_events<R, F>(&self, request: &R, mut on_event: F) -> Result<R::Output>
    where
        R: GenerateInput + ?Sized,
        F: FnMut(StreamEvent) -> bool,
    {
        let mut bad_event: Option<Error> = None;
        let result = self.generate_stream(request, |text| match StreamEvent::parse(text) {
            Ok(event) => on_event(event),
            Err(e) => {
                bad_event = Some(e);
                false
            }
        });
        match bad_event {
            Some(e) => Err(e),
            None => result,
        }
    }

    /// Starts one chat completion without blocking: the asynchronous form of
    /// [`Client::generate`], with the same typed and raw inputs and outputs.
    ///
    /// The call starts when the future is first polled, and the future is woken from the
    /// library's `on_done` callback: it works with any executor, or none (see the crate docs,
    /// "Asynchronous calls"). No thread is held while it is in flight. Dropping the future
    /// before it is ready cancels the call.
    ///
    /// ```no_run
    /// # async fn f(client: &litellm::Client) -> litellm::Result<()> {
    /// let request = litellm::GenerateRequest::new("gpt-4o-mini").user("Hello");
    /// let response = client.generate_async(&request).await?;
    /// println!("{}", response.content);
    /// # Ok(())
    /// # }
    /// ```
    pub fn generate_async<R>(&self, request: &R) -> CallFuture<'_, R::Output>
    where
        R: GenerateInput + ?Sized,
    {
        CallFuture::new(self, Kind::Generate, &request.request_json(), Events::None, R::output)
    }

    /// Starts a run without blocking: the asynchronous form of [`Client::run`] (the whole
    /// ladder of models, with its retries, back-off waits and escalations), with the same
    /// typed and raw inputs and outputs. Dropping the future before it is ready cancels the
    /// run; it does not go on to the next model.
    pub fn run_async<R>(&self, request: &R) -> CallFuture<'_, R::Output>
    where
        R: RunInput + ?Sized,
    {
        CallFuture::new(self, Kind::Run, &request.request_json(), Events::None, R::output)
    }

    /// Starts one streamed chat completion without blocking, as an asynchronous stream of
    /// [`StreamEvent`]s: `while let Some(event) = stream.next().await { ... }`.
    ///
    /// The events end with [`StreamEvent::Done`] (the aggregated response) and then `None`;
    /// a failed call ends with one `Err` and then `None`. The call starts when the stream is
    /// first polled; dropping the stream before its end cancels the call. Events are queued in
    /// memory as they arrive (the library cannot be paused): see [`EventStream`].
    pub fn generate_stream_async<R>(&self, request: &R) -> EventStream<'_>
    where
        R: GenerateInput + ?Sized,
    {
        EventStream::new(self, &request.request_json())
    }

    /// Starts one streamed chat completion without blocking, delivering each event to a
    /// callback; the future resolves to the aggregated response, as [`Client::generate`]'s.
    ///
    /// `on_event` runs on a library thread (hence `Send + 'static`), once per event, in order,
    /// never two at once. Those threads drive every call of the process: the callback must be
    /// short and **must not block** (no blocking calls, no waiting on locks held elsewhere, no
    /// blocking I/O); copy what you need and hand it to your own thread or task. Return
    /// `true` to go on, `false` to stop: the call then ends with [`ErrorKind::Cancelled`].
    ///
    /// The closure is dropped when the call ends (on the library thread, before the future
    /// becomes ready, so a channel sender it owns is closed by then), or when the future is
    /// dropped, whichever comes first; it is never called again after that (an event it may
    /// be running when the future is dropped finishes first).
    ///
    /// A panic in `on_event` is caught on the library thread, stops the call, and is resumed
    /// (with [`std::panic::resume_unwind`]) by the poll that completes the future. Dropping
    /// the future cancels the call.
    pub fn generate_stream_events_async<R, F>(
        &self,
        request: &R,
        mut on_event: F,
    ) -> CallFuture<'_, R::Output>
    where
        R: GenerateInput + ?Sized,
        F: FnMut(StreamEvent) -> bool + Send + 'static,
    {
        let callback: EventCallback =
            Box::new(move |text: &str| StreamEvent::parse(text).map(&mut on_event));
        CallFuture::new(
            self,
            Kind::Generate,
            &request.request_json(),
            Events::Callback(callback),
            R::output,
        )
    }

    /// Cancels every call in flight on this client whose request carried `"request_id":
    /// request_id`; they return [`ErrorKind::Cancelled`] promptly. A running `run` stops at
    /// once without trying the next model.
    ///
    /// Thread-safe and meant to be called from another thread than the call's (like
    /// `sqlite3_interrupt`). Idempotent; `Ok(())` even when nothing matched.
    pub fn cancel(&self, request_id: &str) -> Result<()> {
        let id = c_string("request_id", request_id)?;
        // SAFETY: self.raw is live; `id` is NUL-terminated and outlives the call.
        let status = unsafe { sys::litellm_cancel(self.as_raw(), id.as_ptr()) };
        if status == sys::LITELLM_OK {
            Ok(())
        } else {
            Err(Error::with_status(status, format!("litellm_cancel failed with status {status}")))
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: the handle came from litellm_client_new and is freed exactly once, here. No
        // call can be in flight on it from Rust: every method borrows &self, and drop needs
        // the client to be unborrowed.
        unsafe { sys::litellm_client_free(self.raw.as_ptr()) };
    }
}

struct StreamState<'a> {
    on_event: &'a mut dyn FnMut(&str) -> bool,
    /// A panic caught in `on_event`, resumed after the C call returns.
    panic: Option<Box<dyn Any + Send + 'static>>,
}

/// The `litellm_stream_fn` handed to the library: runs the closure under `catch_unwind` so
/// that no panic unwinds through C.
unsafe extern "C" fn stream_trampoline(user_data: *mut c_void, event_json: *const c_char) -> c_int {
    // SAFETY: user_data is the `&mut StreamState` passed by `generate_stream`, alive for the
    // whole C call, and this is the only live reference to it (same thread, the caller's frame
    // is suspended inside the C call).
    let state = unsafe { &mut *(user_data as *mut StreamState<'_>) };
    if state.panic.is_some() || event_json.is_null() {
        return 1;
    }
    // SAFETY: the library passes a NUL-terminated string valid until this callback returns;
    // we copy or borrow it only within this call.
    let bytes = unsafe { CStr::from_ptr(event_json) }.to_bytes();
    let text = String::from_utf8_lossy(bytes);
    let on_event = &mut state.on_event;
    match panic::catch_unwind(AssertUnwindSafe(|| on_event(&text))) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(payload) => {
            state.panic = Some(payload);
            1
        }
    }
}
