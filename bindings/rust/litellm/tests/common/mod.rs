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
