//! Test helper: the project's fake OpenAI-compatible server, run as a child process.
//!
//! The DLL comes from `LITELLM_FAKE_SERVER_DLL`, else
//! `<repo>/tests/FakeServer/bin/Release/net10.0/FakeServer.dll`. The server's stdin is a pipe
//! we hold: it stops on EOF, so it also goes away if the test process dies without running
//! `Drop`. `Drop` closes the pipe, waits briefly, then kills it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use litellm::{Client, ClientOptions};

pub struct FakeServer {
    child: Child,
    dir: PathBuf,
    pub base_url: String,
}

fn dll_path() -> PathBuf {
    match std::env::var_os("LITELLM_FAKE_SERVER_DLL").filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../tests/FakeServer/bin/Release/net10.0/FakeServer.dll"),
    }
}

impl FakeServer {
    pub fn start() -> FakeServer {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dll = dll_path();
        assert!(
            dll.is_file(),
            "fake server not found at {} (set LITELLM_FAKE_SERVER_DLL)",
            dll.display()
        );
        let dir = std::env::temp_dir().join(format!(
            "litellm-rs-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let port_file = dir.join("port");
        let dotnet = std::env::var_os("DOTNET").unwrap_or_else(|| "dotnet".into());
        let child = Command::new(&dotnet)
            .arg(&dll)
            .arg("--port-file")
            .arg(&port_file)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {:?} {}: {e}", dotnet, dll.display()));
        let mut server = FakeServer { child, dir, base_url: String::new() };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                if let Ok(port) = text.trim().parse::<u16>() {
                    server.base_url = format!("http://127.0.0.1:{port}");
                    return server;
                }
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("fake server exited early with {status}");
            }
            assert!(Instant::now() < deadline, "fake server did not write {}", port_file.display());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn options(&self) -> ClientOptions {
        ClientOptions::new().base_url(&self.base_url).api_key("sk-test-key").max_retries(0)
    }

    pub fn client(&self) -> Client {
        Client::new(&self.options()).expect("client")
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // EOF: the server stops.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal std-only executor, for the async tests: the binding's futures need nothing else.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes a parked thread.
struct ThreadWaker {
    thread: Thread,
    woken: std::sync::atomic::AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

fn thread_waker() -> (Arc<ThreadWaker>, Waker) {
    let inner = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: std::sync::atomic::AtomicBool::new(false),
    });
    let waker = Waker::from(Arc::clone(&inner));
    (inner, waker)
}

/// Runs a future to completion on this thread, parking between polls.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let (_inner, waker) = thread_waker();
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        thread::park();
    }
}

/// Polls `future` until it is ready or `timeout` has passed; `None` on timeout (the future is
/// left as it is, typically started and pending).
pub fn poll_for<F: Future + Unpin>(future: &mut F, timeout: Duration) -> Option<F::Output> {
    let (_inner, waker) = thread_waker();
    let mut cx = Context::from_waker(&waker);
    let deadline = Instant::now() + timeout;
    loop {
        if let Poll::Ready(value) = Pin::new(&mut *future).poll(&mut cx) {
            return Some(value);
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        thread::park_timeout(deadline - now);
    }
}

/// Runs every future to completion on this thread, concurrently: after each wake-up the ones
/// not yet done are polled again. Returns their outputs in order.
pub fn block_on_all<F: Future + Unpin>(mut futures: Vec<F>) -> Vec<F::Output> {
    let (inner, waker) = thread_waker();
    let mut cx = Context::from_waker(&waker);
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    let mut left = futures.len();
    while left > 0 {
        inner.woken.store(false, Ordering::SeqCst);
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                if let Poll::Ready(value) = Pin::new(future).poll(&mut cx) {
                    *output = Some(value);
                    left -= 1;
                }
            }
        }
        if left > 0 && !inner.woken.load(Ordering::SeqCst) {
            thread::park_timeout(Duration::from_millis(100));
        }
    }
    outputs.into_iter().map(Option::unwrap).collect()
}

/// The process's current number of threads (Linux: `Threads:` in /proc/self/status).
pub fn thread_count() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Threads: line")
}

/// Samples [`thread_count`] every 5 ms on a thread of its own until dropped; `max()` is the
/// highest count seen (including the sampler itself).
pub struct ThreadSampler {
    stop: Arc<std::sync::atomic::AtomicBool>,
    max: Arc<AtomicUsize>,
    handle: Option<thread::JoinHandle<()>>,
}

impl ThreadSampler {
    pub fn start() -> ThreadSampler {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let max = Arc::new(AtomicUsize::new(0));
        let handle = {
            let (stop, max) = (Arc::clone(&stop), Arc::clone(&max));
            thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    max.fetch_max(thread_count(), Ordering::SeqCst);
                    thread::sleep(Duration::from_millis(5));
                }
            })
        };
        ThreadSampler { stop, max, handle: Some(handle) }
    }

    pub fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }

    /// Stops sampling; returns the highest count seen.
    pub fn stop(mut self) -> usize {
        self.halt();
        self.max()
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for ThreadSampler {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Waits up to `timeout` for `client`'s asynchronous call states to drop to 0; returns how
/// long it took, or panics with the count left.
pub fn wait_for_no_live_states(client: &Client, timeout: Duration) -> Duration {
    let started = Instant::now();
    while client.__live_async_states() != 0 {
        assert!(
            started.elapsed() < timeout,
            "{} asynchronous call state(s) still alive after {timeout:?}",
            client.__live_async_states()
        );
        thread::sleep(Duration::from_millis(5));
    }
    started.elapsed()
}
