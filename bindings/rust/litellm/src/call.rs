//! Asynchronous calls: [`CallFuture`] and [`EventStream`], on top of `litellm_generate_async`
//! and `litellm_run_async`.
//!
//! # How it works
//!
//! Each started call owns one [`Shared`] state behind an `Arc`. One strong reference is handed
//! to the library as `user_data` (`Arc::into_raw`) and taken back, exactly once, by the
//! `on_done` trampoline, which the library runs exactly once for every call it accepted; the
//! other belongs to the future. So the state outlives whichever of the two ends last: a future
//! dropped mid-call leaves it to `on_done`, and an `on_done` that runs before anyone polls
//! leaves the outcome in it for the next poll.
//!
//! The trampolines copy what the library lends them, update the state under its mutex, and wake
//! the stored [`Waker`] after unlocking. They never block (the mutex is only ever held for a few
//! field updates) and run everything under `catch_unwind`, so no panic unwinds into C.

use std::any::Any;
use std::collections::VecDeque;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::fmt;
use std::future::Future;
use std::mem;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::client::{c_string, Client};
use crate::error::{Error, Result};
use crate::response::StreamEvent;
use crate::sys;

/// Which starting function a call uses.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Generate,
    Run,
    Embed,
    Models,
    /// Takes no request: its JSON text is ignored.
    Health,
}

/// The closure behind [`Client::generate_stream_events_async`]: an event's JSON text in,
/// go on (`true`) or stop (`false`) out, or an error for an event that could not be parsed.
pub(crate) type EventCallback = Box<dyn FnMut(&str) -> Result<bool> + Send + 'static>;

/// What happens to a call's stream events.
pub(crate) enum Events {
    /// Not streamed: `on_event` is NULL.
    None,
    /// Queued in the state, for [`EventStream`].
    Queue,
    /// Handed to a callback on the library thread.
    Callback(EventCallback),
}

/// Something the event callback left for the poll that completes the future.
enum Failure {
    /// The callback panicked; the payload is resumed by that poll.
    Panic(Box<dyn Any + Send + 'static>),
    /// An event was not a JSON object.
    BadEvent(Error),
}

/// The state shared by a future and the library's callbacks; see the module docs.
struct Shared {
    state: Mutex<State>,
    /// The client's count of live states, decremented when this is dropped.
    live: Arc<AtomicUsize>,
}

struct State {
    /// `on_done`'s status and a copy of its document.
    outcome: Option<(c_int, String)>,
    /// Woken by every event and by `on_done`; replaced by each poll that returns `Pending`.
    waker: Option<Waker>,
    /// Copies of the events not yet taken by an [`EventStream`] (unbounded, see there).
    events: VecDeque<String>,
    /// [`Events::Callback`]'s closure; taken out while it runs. Dropped by `on_done`, or by
    /// the consumer leaving (or the trampoline, if it was running then), whichever is first.
    callback: Option<EventCallback>,
    failure: Option<Failure>,
    /// The consumer is gone (future or stream dropped) or failed: every further event answers
    /// "stop".
    stopped: bool,
}

impl Shared {
    fn new(live: &Arc<AtomicUsize>, waker: Waker, callback: Option<EventCallback>) -> Shared {
        live.fetch_add(1, Ordering::SeqCst);
        Shared {
            state: Mutex::new(State {
                outcome: None,
                waker: Some(waker),
                events: VecDeque::new(),
                callback,
                failure: None,
                stopped: false,
            }),
            live: Arc::clone(live),
        }
    }

    /// Locks the state. Nothing panics while holding the lock, but a poisoned lock is used
    /// anyway rather than turned into a panic (which a trampoline could not propagate).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}

impl State {
    /// Stores `cx`'s waker unless the stored one already wakes the same task.
    fn register(&mut self, cx: &Context<'_>) {
        if !self.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            self.waker = Some(cx.waker().clone());
        }
    }
}

/// A `litellm_call` handle.
struct CallHandle(*mut sys::litellm_call);

// SAFETY: litellm.h says litellm_call_cancel and litellm_call_free are thread-safe, callable
// from any thread, and that the handle is a number, not an address; it has no thread affinity.
unsafe impl Send for CallHandle {}
// SAFETY: as above; nothing is reachable through a shared reference to it.
unsafe impl Sync for CallHandle {}

/// Makes a `Send` value `Sync` by never giving out a shared reference to it: it can only be
/// moved out. (Holds the not-yet-started event callback, which is `Send` but need not be
/// `Sync`, so that the futures are `Sync`.)
struct Exclusive<T>(T);

// SAFETY: no method takes `&Exclusive<T>`; the value is reachable only by moving it out, which
// needs ownership, so sharing `&Exclusive<T>` across threads gives access to nothing.
unsafe impl<T: Send> Sync for Exclusive<T> {}

impl<T> Exclusive<T> {
    fn into_inner(self) -> T {
        self.0
    }
}

enum Phase {
    /// Not polled yet: the request (or why it cannot be sent) and what to do with events.
    NotStarted { request: Result<CString>, events: Exclusive<Events> },
    /// Accepted by the library; `on_done` has not been seen by this side yet.
    Running { shared: Arc<Shared>, handle: CallHandle },
    /// Completed, failed to start, or abandoned.
    Finished,
}

/// The machinery common to [`CallFuture`] and [`EventStream`].
struct RawCall<'a> {
    client: &'a Client,
    kind: Kind,
    queue: bool,
    phase: Phase,
}

impl<'a> RawCall<'a> {
    fn new(client: &'a Client, kind: Kind, request_json: &str, events: Events) -> RawCall<'a> {
        let queue = matches!(events, Events::Queue);
        let request = c_string("request JSON", request_json);
        let events = Exclusive(events);
        RawCall { client, kind, queue, phase: Phase::NotStarted { request, events } }
    }

    /// Starts the call on the first poll. `Err` when it could not be started (the phase is
    /// then `Finished`); `Ok` otherwise, including when it had already started or finished.
    fn ensure_started(&mut self, cx: &Context<'_>) -> Result<()> {
        if !matches!(self.phase, Phase::NotStarted { .. }) {
            return Ok(());
        }
        let Phase::NotStarted { request, events } = mem::replace(&mut self.phase, Phase::Finished)
        else {
            unreachable!()
        };
        let request = request?;
        let (on_event, callback): (sys::litellm_stream_fn, _) = match events.into_inner() {
            Events::None => (None, None),
            Events::Queue => (Some(queue_trampoline), None),
            Events::Callback(callback) => (Some(callback_trampoline), Some(callback)),
        };
        // The waker is in place before the call starts: on_done may run on another thread
        // before the starting function has returned.
        let shared =
            Arc::new(Shared::new(self.client.live_counter(), cx.waker().clone(), callback));
        let user_data = Arc::into_raw(Arc::clone(&shared)) as *mut c_void;
        let mut handle: *mut sys::litellm_call = ptr::null_mut();
        let client = self.client.as_raw();
        // SAFETY: `client` is live for 'a (this borrows the Client); `request` is
        // NUL-terminated and outlives the call (the library reads it before returning). The
        // trampolines match the C signatures and never unwind. `user_data` is one strong
        // reference to `shared`, valid until on_done takes it back; the library passes it only
        // to our trampolines, which treat it as such. `handle` is valid for writes.
        let status = unsafe {
            match self.kind {
                Kind::Generate => sys::litellm_generate_async(
                    client,
                    request.as_ptr(),
                    on_event,
                    Some(done_trampoline),
                    user_data,
                    &mut handle,
                ),
                Kind::Run => sys::litellm_run_async(
                    client,
                    request.as_ptr(),
                    Some(done_trampoline),
                    user_data,
                    &mut handle,
                ),
                Kind::Embed => sys::litellm_embed_async(
                    client,
                    request.as_ptr(),
                    Some(done_trampoline),
                    user_data,
                    &mut handle,
                ),
                Kind::Models => sys::litellm_models_async(
                    client,
                    request.as_ptr(),
                    Some(done_trampoline),
                    user_data,
                    &mut handle,
                ),
                Kind::Health => {
                    sys::litellm_health_async(client, Some(done_trampoline), user_data, &mut handle)
                }
            }
        };
        if status != sys::LITELLM_OK {
            // SAFETY: the call was not accepted, so on_done will never run: the reference
            // handed over as user_data is ours again, and is released exactly once, here.
            drop(unsafe { Arc::from_raw(user_data as *const Shared) });
            // SAFETY: never expected (nothing was started); NULL-safe otherwise.
            unsafe { sys::litellm_call_free(handle) };
            let function = match self.kind {
                Kind::Generate => "litellm_generate_async",
                Kind::Run => "litellm_run_async",
                Kind::Embed => "litellm_embed_async",
                Kind::Models => "litellm_models_async",
                Kind::Health => "litellm_health_async",
            };
            let message = format!("{function} did not start the call (status {status})");
            return Err(Error::with_status(status, message));
        }
        self.phase = Phase::Running { shared, handle: CallHandle(handle) };
        Ok(())
    }

    fn shared(&self) -> Option<&Arc<Shared>> {
        match &self.phase {
            Phase::Running { shared, .. } => Some(shared),
            _ => None,
        }
    }

    /// After `on_done` has been seen: releases the handle and this side's reference.
    fn finish(&mut self) {
        if let Phase::Running { handle, .. } = mem::replace(&mut self.phase, Phase::Finished) {
            // SAFETY: a handle from the starting function, freed once (the phase is now
            // Finished); freeing does not cancel and is valid before or after on_done.
            unsafe { sys::litellm_call_free(handle.0) };
        }
    }

    /// The consumer is gone before the end: cancels the call if it has not ended, releases
    /// the handle, and drops the event callback if it is not running right now (if it is, the
    /// trampoline drops it when it returns). The state itself lives on until `on_done`.
    fn abandon(&mut self) {
        let Phase::Running { shared, handle } = mem::replace(&mut self.phase, Phase::Finished)
        else {
            return;
        };
        let (ended, callback) = {
            let mut st = shared.lock();
            st.stopped = true;
            (st.outcome.is_some(), st.callback.take())
        };
        if !ended {
            // SAFETY: a valid handle (freed only below). Cancelling is thread-safe and never
            // runs on_done inside this function, so no lock of ours is re-entered.
            unsafe { sys::litellm_call_cancel(handle.0) };
        }
        // SAFETY: as in `finish`.
        unsafe { sys::litellm_call_free(handle.0) };
        // The user's closure is dropped here, on the consumer's thread, outside the lock.
        drop(callback);
    }

    /// Ready with the call's result once `on_done` has run (starting the call if needed).
    fn poll_done(&mut self, cx: &mut Context<'_>) -> Poll<Result<String>> {
        if let Err(e) = self.ensure_started(cx) {
            return Poll::Ready(Err(e));
        }
        let Some(shared) = self.shared() else {
            panic!("a litellm future was polled after it completed");
        };
        let mut st = shared.lock();
        let Some((status, document)) = st.outcome.take() else {
            st.register(cx);
            return Poll::Pending;
        };
        let failure = st.failure.take();
        drop(st);
        self.finish();
        match failure {
            Some(Failure::Panic(payload)) => panic::resume_unwind(payload),
            Some(Failure::BadEvent(e)) => Poll::Ready(Err(e)),
            None if status == sys::LITELLM_OK => Poll::Ready(Ok(document)),
            None => Poll::Ready(Err(Error::from_document(status, Some(document)))),
        }
    }

    /// For [`EventStream`]: the next queued event, else the end once `on_done` has run.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<String>>> {
        debug_assert!(self.queue);
        if let Err(e) = self.ensure_started(cx) {
            return Poll::Ready(Some(Err(e)));
        }
        let Some(shared) = self.shared() else {
            return Poll::Ready(None);
        };
        let mut st = shared.lock();
        if let Some(event) = st.events.pop_front() {
            return Poll::Ready(Some(Ok(event)));
        }
        let Some((status, document)) = st.outcome.take() else {
            st.register(cx);
            return Poll::Pending;
        };
        drop(st);
        self.finish();
        // On success the last event was "done", which carries the same response.
        Poll::Ready(if status == sys::LITELLM_OK {
            None
        } else {
            Some(Err(Error::from_document(status, Some(document))))
        })
    }
}

impl Drop for RawCall<'_> {
    fn drop(&mut self) {
        self.abandon();
    }
}

impl fmt::Debug for RawCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match self.phase {
            Phase::NotStarted { .. } => "not started",
            Phase::Running { .. } => "running",
            Phase::Finished => "finished",
        };
        f.debug_struct("Call").field("kind", &self.kind).field("phase", &phase).finish()
    }
}

/// Copies a string the library lends to a callback.
///
/// # Safety
///
/// `s` must be NULL or a NUL-terminated string valid for the duration of this function.
unsafe fn lent(s: *const c_char) -> String {
    if s.is_null() {
        return String::new();
    }
    // SAFETY: per this function's contract.
    String::from_utf8_lossy(unsafe { CStr::from_ptr(s) }.to_bytes()).into_owned()
}

/// Drops a caught panic's payload without letting a panic in its own `Drop` unwind (that
/// payload is leaked instead). Used where nothing can be propagated: on a library thread.
fn discard(payload: Box<dyn Any + Send + 'static>) {
    let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))).map_err(mem::forget);
}

/// The `litellm_done_fn` of every asynchronous call.
unsafe extern "C" fn done_trampoline(user_data: *mut c_void, status: c_int, json: *const c_char) {
    if user_data.is_null() {
        return;
    }
    // SAFETY: user_data is the strong reference `ensure_started` handed over with
    // Arc::into_raw. The library runs on_done exactly once per accepted call, so it is taken
    // back exactly once, here; no event of the call runs at the same time or afterwards.
    let shared = unsafe { Arc::from_raw(user_data as *const Shared) };
    let result = panic::catch_unwind(AssertUnwindSafe(move || {
        // SAFETY: json is valid until this callback returns (never NULL, per litellm.h).
        let document = unsafe { lent(json) };
        // The call is over: no event comes after on_done, so the event callback (if any, and
        // if the future has not dropped it already) goes now, before the outcome is visible.
        // Whatever it owns (a channel's sender, say) is released when the call ends, not
        // when the future is next polled.
        let callback = shared.lock().callback.take();
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(callback))) {
            discard(payload);
        }
        let waker = {
            let mut st = shared.lock();
            st.outcome = Some((status, document));
            st.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        // If the future is gone, this drops the state (and whatever it still holds) here.
        drop(shared);
    }));
    if let Err(payload) = result {
        discard(payload);
    }
}

/// The `litellm_stream_fn` of an [`EventStream`]: queues a copy of the event and wakes.
unsafe extern "C" fn queue_trampoline(user_data: *mut c_void, event_json: *const c_char) -> c_int {
    if user_data.is_null() {
        return 1;
    }
    // SAFETY: user_data is the reference handed over at start, alive until on_done, which
    // never runs at the same time as or before an event of the same call. Only shared access.
    let shared = unsafe { &*(user_data as *const Shared) };
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: event_json is valid until this callback returns.
        let event = unsafe { lent(event_json) };
        let waker = {
            let mut st = shared.lock();
            if st.stopped {
                return 1;
            }
            st.events.push_back(event);
            st.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        0
    }));
    result.unwrap_or_else(|payload| {
        discard(payload);
        1
    })
}

/// The `litellm_stream_fn` of [`Client::generate_stream_events_async`]: runs the closure with
/// the lock released, under `catch_unwind`.
unsafe extern "C" fn callback_trampoline(
    user_data: *mut c_void,
    event_json: *const c_char,
) -> c_int {
    if user_data.is_null() {
        return 1;
    }
    // SAFETY: as in `queue_trampoline`.
    let shared = unsafe { &*(user_data as *const Shared) };
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut callback = {
            let mut st = shared.lock();
            match st.callback.take() {
                Some(callback) if !st.stopped => callback,
                _ => return 1,
            }
        };
        // SAFETY: event_json is valid until this callback returns.
        let event = unsafe { lent(event_json) };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| callback(&event)));
        let mut st = shared.lock();
        let go_on = match outcome {
            Ok(Ok(go_on)) => go_on,
            Ok(Err(e)) => {
                st.failure = Some(Failure::BadEvent(e));
                false
            }
            Err(payload) => {
                st.failure = Some(Failure::Panic(payload));
                false
            }
        };
        if go_on && !st.stopped {
            st.callback = Some(callback);
            return 0;
        }
        // Stopping, or the consumer left while the closure ran: nobody will call it again.
        st.stopped = true;
        drop(st);
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(callback))) {
            discard(payload);
        }
        1
    }));
    result.unwrap_or_else(|payload| {
        discard(payload);
        1
    })
}

/// An asynchronous call in flight: the future of [`Client::generate_async`],
/// [`Client::run_async`] and [`Client::generate_stream_events_async`].
///
/// It resolves to the same `Result` as the blocking form of the call. It works with any
/// executor (or none): the library's `on_done` callback stores the outcome and wakes the
/// [`Waker`] of the last poll; no thread is held or spawned per call.
///
/// * **Lazy.** The call starts when the future is first polled. The request has already been
///   serialised when the future was made, so the request value need not outlive it; the
///   future borrows only the [`Client`].
/// * **Dropping cancels.** Dropping the future before it is ready cancels the call
///   (`litellm_call_cancel`) and releases its handle; the library still runs `on_done` later,
///   which releases the state. Dropping it after it is ready, or before its first poll, sends
///   nothing.
/// * **Threads.** `Send` and `Sync` whatever `T` is, and `Unpin`. It may be polled from any
///   thread; the waker is called from a library thread.
/// * Polling it again after it returned `Ready` panics, as for most futures.
#[must_use = "futures do nothing unless polled; dropping this one cancels the call"]
pub struct CallFuture<'a, T> {
    call: RawCall<'a>,
    output: fn(String) -> Result<T>,
}

impl<'a, T> CallFuture<'a, T> {
    pub(crate) fn new(
        client: &'a Client,
        kind: Kind,
        request_json: &str,
        events: Events,
        output: fn(String) -> Result<T>,
    ) -> CallFuture<'a, T> {
        CallFuture { call: RawCall::new(client, kind, request_json, events), output }
    }
}

impl<T> Future for CallFuture<'_, T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let this = self.get_mut();
        match this.call.poll_done(cx) {
            Poll::Ready(Ok(document)) => Poll::Ready((this.output)(document)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> fmt::Debug for CallFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").field("call", &self.call).finish()
    }
}

/// The events of a streamed chat completion as they arrive, from
/// [`Client::generate_stream_async`].
///
/// ```no_run
/// # async fn f(client: &litellm::Client) -> litellm::Result<()> {
/// use litellm::{GenerateRequest, Response, StreamEvent};
///
/// let mut stream = client.generate_stream_async(&GenerateRequest::new("gpt-4o-mini").user("Hi"));
/// while let Some(event) = stream.next().await {
///     match event? {
///         StreamEvent::Delta(text) => print!("{text}"),
///         StreamEvent::Done(document) => println!("\n{:?}", Response::from_json(&document)?),
///         _ => {}
///     }
/// }
/// # Ok(())
/// # }
/// ```
///
/// * **Order and end.** Events come in order: [`StreamEvent::Delta`]s,
///   [`StreamEvent::ToolCallDelta`]s and last [`StreamEvent::Done`] with the aggregated
///   response; then `next` returns `None`. A call that fails (before or after some events)
///   yields one `Err` instead of `Done` (a cut stream's error document keeps
///   `partial_content`), then `None`. An event that is not a JSON object yields an `Err`,
///   cancels the call and ends the stream.
/// * **No back-pressure.** The library cannot be paused: events are copied into an unbounded
///   in-memory queue as they arrive, however slowly they are consumed. For a chat completion
///   this is at most about the size of the response; a consumer that stops reading should
///   drop the stream.
/// * **Dropping cancels.** Dropping the stream before its end cancels the call; the events
///   still queued are dropped.
/// * **Lazy.** The call starts on the first poll.
/// * **`Stream`.** std has no `Stream` trait, and this crate has no dependencies, so there is
///   no `futures::Stream` impl; [`EventStream::poll_next`] has the same shape, so an adapter
///   is one line: `futures::stream::poll_fn(move |cx| stream.poll_next(cx))`.
/// * **Threads.** `Send`, `Sync` and `Unpin`; the waker is called from a library thread.
#[must_use = "streams do nothing unless polled; dropping this one cancels the call"]
pub struct EventStream<'a> {
    call: RawCall<'a>,
    /// Set after a final `Err`: the stream has ended.
    ended: bool,
}

impl<'a> EventStream<'a> {
    pub(crate) fn new(client: &'a Client, request_json: &str) -> EventStream<'a> {
        EventStream {
            call: RawCall::new(client, Kind::Generate, request_json, Events::Queue),
            ended: false,
        }
    }

    /// The next event: `Some(Ok(event))`, a final `Some(Err(error))`, or `None` at the end.
    /// See [`EventStream`] for the order of events.
    pub async fn next(&mut self) -> Option<Result<StreamEvent>> {
        std::future::poll_fn(|cx| self.poll_next(cx)).await
    }

    /// The next event's JSON text, unparsed (`{"type":"delta","content":"Hi"}`, ...), for
    /// fields [`StreamEvent`] does not cover. Same order and end as [`EventStream::next`].
    pub async fn next_json(&mut self) -> Option<Result<String>> {
        std::future::poll_fn(|cx| self.poll_next_json(cx)).await
    }

    /// The polling form of [`EventStream::next`], shaped like `futures::Stream::poll_next`:
    /// `Pending` means the waker of `cx` will be called when there is more.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<StreamEvent>>> {
        match self.poll_next_json(cx) {
            Poll::Ready(Some(Ok(text))) => match StreamEvent::parse(&text) {
                Ok(event) => Poll::Ready(Some(Ok(event))),
                Err(e) => {
                    self.call.abandon();
                    self.ended = true;
                    Poll::Ready(Some(Err(e)))
                }
            },
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The polling form of [`EventStream::next_json`].
    pub fn poll_next_json(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<String>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = self.call.poll_event(cx);
        if let Poll::Ready(Some(Err(_))) = item {
            self.ended = true;
        }
        item
    }
}

impl fmt::Debug for EventStream<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("call", &self.call).field("ended", &self.ended).finish()
    }
}
