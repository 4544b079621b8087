//! [`set_log_callback`]: the library's log events, delivered to a Rust closure.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, ErrorKind, Result};
use crate::sys;

/// A log level (`LITELLM_LOG_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// `LITELLM_LOG_DEBUG`: the most detailed.
    Debug = 0,
    /// `LITELLM_LOG_INFO`: every finished HTTP attempt.
    Info = 1,
    /// `LITELLM_LOG_WARN`: retries and escalations.
    Warn = 2,
    /// `LITELLM_LOG_ERROR`: failed calls.
    Error = 3,
}

impl Level {
    fn from_raw(level: c_int) -> Level {
        match level {
            i32::MIN..=0 => Level::Debug,
            1 => Level::Info,
            2 => Level::Warn,
            _ => Level::Error,
        }
    }
}

/// The closure type [`set_log_callback`] installs.
pub type LogCallback = Box<dyn Fn(Level, &str) + Send + Sync + 'static>;

/// The installed closure. It is boxed once more so that the C side gets a thin pointer to it
/// (`*const LogCallback`) whose address does not change while it is installed. The trampoline
/// never takes this lock: it only dereferences that pointer.
static INSTALLED: Mutex<Option<Box<LogCallback>>> = Mutex::new(None);

thread_local! {
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Routes the library's log events to `callback` (or turns them off with `None`); events
/// below `min_level` are not delivered.
///
/// Each event is one JSON object (see docs/documents.md#log-events): every finished HTTP attempt at
/// [`Level::Info`] with OpenTelemetry GenAI names (`"event":"attempt"`, `"gen_ai.system"`,
/// `"gen_ai.request.model"`, `"gen_ai.usage.input_tokens"`, `"status"`, `"request_id"`, ...),
/// retries and escalations at [`Level::Warn`], failed calls at [`Level::Error`]. Events never
/// contain the API key.
///
/// # Threads
///
/// Process-wide. The closure runs on whichever thread makes the call, possibly on several
/// threads at once, hence `Send + Sync`. Once this function returns, the previous closure is
/// never called again, and it is dropped before this function returns.
///
/// A panic in the closure is caught (it must not unwind through the library) and the event is
/// dropped; the panic hook has already reported it. Calling `set_log_callback` from inside the
/// closure is refused with [`ErrorKind::InvalidArgument`] (the library forbids it).
///
/// Without a callback, the environment variable `LITELLM_LOG=debug|info|warn|error`
/// (read when the library loads) writes the same events to stderr.
pub fn set_log_callback(callback: Option<LogCallback>, min_level: Level) -> Result<()> {
    if IN_CALLBACK.try_with(Cell::get).unwrap_or(false) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "set_log_callback cannot be called from inside a log callback",
        ));
    }
    // Held across the C call so that concurrent setters install in the order they store.
    let mut installed = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
    let new: Option<Box<LogCallback>> = callback.map(Box::new);
    let (func, user_data): (sys::litellm_log_fn, *mut c_void) = match &new {
        Some(boxed) => (Some(log_trampoline), &**boxed as *const LogCallback as *mut c_void),
        None => (None, std::ptr::null_mut()),
    };
    // SAFETY: `log_trampoline` matches litellm_log_fn and never unwinds. `user_data` points to
    // the heap-allocated LogCallback in `new`, which is moved (as a Box, so its address is
    // unchanged) into INSTALLED below and stays there until a later call replaces it, after
    // which the library no longer calls it. If the library refuses (status != OK) the previous
    // callback stays installed and `new` is dropped without ever having been installed.
    let status = unsafe { sys::litellm_set_log_callback(func, user_data, min_level as c_int) };
    if status != sys::LITELLM_OK {
        let message = format!("litellm_set_log_callback failed with status {status}");
        return Err(Error::with_status(status, message));
    }
    let old = std::mem::replace(&mut *installed, new);
    drop(installed);
    // The library guarantees the old callback is never called again now that the set call
    // has returned, so its box can go.
    drop(old);
    Ok(())
}

unsafe extern "C" fn log_trampoline(
    user_data: *mut c_void,
    level: c_int,
    event_json: *const c_char,
) {
    if user_data.is_null() || event_json.is_null() {
        return;
    }
    // SAFETY: user_data is the `*const LogCallback` installed by set_log_callback; its box
    // stays alive until the callback has been replaced, after which the library no longer
    // calls this with it. LogCallback is Sync, so shared use from several threads is fine.
    let callback = unsafe { &*(user_data as *const LogCallback) };
    // SAFETY: the library passes a NUL-terminated string valid until this callback returns.
    let bytes = unsafe { CStr::from_ptr(event_json) }.to_bytes();
    let text = String::from_utf8_lossy(bytes);
    let level = Level::from_raw(level);
    // Saved and restored, not just cleared: a callback may itself make a call that logs.
    let outer = IN_CALLBACK.try_with(|c| c.replace(true)).unwrap_or(false);
    // A panic must not unwind into C; it is reported by the panic hook and dropped here (and
    // should dropping its payload panic too, that payload is leaked rather than unwound).
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| callback(level, &text))) {
        let _ =
            panic::catch_unwind(AssertUnwindSafe(move || drop(payload))).map_err(std::mem::forget);
    }
    let _ = IN_CALLBACK.try_with(|c| c.set(outer));
}
