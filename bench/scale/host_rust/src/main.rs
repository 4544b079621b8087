//! Scale host: Rust reqwest + tokio, one task per stream.
//!
//!     host_rust URL N      (URL = http://127.0.0.1:PORT/v1/chat/completions)
//!
//! A tokio multi-thread runtime with its default worker count runs N tasks sharing one
//! reqwest::Client (its pool has no per-host limit). Each posts a streamed chat request
//! serialised with serde_json, reads the body with `bytes_stream`, splits SSE lines by
//! hand, decodes every "data:" chunk into a struct with serde_json, and verifies the
//! answer (20 deltas, contents "t0 t1 ... t19 ", finish_reason "stop"). Prints the same
//! kind=scale line as the C hosts (bench/scale/scale_common.h); exits 1 unless every call
//! answered.
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CHUNKS: usize = 20;

#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

#[derive(Serialize)]
struct ChatRequest<'a> {
    model: &'a str,
    messages: Vec<Message<'a>>,
    stream: bool,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Delta {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Choice {
    index: u32,
    delta: Delta,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Usage {
    prompt_tokens: u64,
    completion_tokens: u64,
    total_tokens: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Chunk {
    id: String,
    object: String,
    created: i64,
    model: String,
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
}

struct Outcome {
    ok: bool,
    ttfd: Option<Duration>,
    err: Option<String>,
}

fn thread_count() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Threads:"))
                .and_then(|l| l[8..].trim().parse().ok())
        })
        .unwrap_or(-1)
}

fn note_threads(peak: &AtomicI64) {
    peak.fetch_max(thread_count(), Ordering::Relaxed);
}

fn raise_nofile() {
    unsafe {
        let mut rl = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) == 0 && rl.rlim_cur < rl.rlim_max {
            rl.rlim_cur = rl.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
        }
    }
}

async fn one_call(client: reqwest::Client, url: Arc<String>, body: Arc<Vec<u8>>, expected: Arc<String>) -> Outcome {
    let t0 = Instant::now();
    let mut ttfd = None;
    let fail = |ttfd, e: String| Outcome { ok: false, ttfd, err: Some(e) };
    let resp = match client
        .post(url.as_str())
        .header("content-type", "application/json")
        .body((*body).clone())
        .send()
        .await
    {
        Ok(r) => r,
        Err(e) => return fail(None, format!("send: {e}")),
    };
    if resp.status() != reqwest::StatusCode::OK {
        return fail(None, format!("HTTP {}", resp.status()));
    }
    let mut stream = resp.bytes_stream();
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut content = String::new();
    let (mut deltas, mut stop, mut done) = (0usize, false, false);
    'read: while let Some(item) = stream.next().await {
        let bytes = match item {
            Ok(b) => b,
            Err(e) => return fail(ttfd, format!("body: {e}")),
        };
        buf.extend_from_slice(&bytes);
        let mut start = 0;
        while let Some(off) = buf[start..].iter().position(|&b| b == b'\n') {
            let mut line = &buf[start..start + off];
            start += off + 1;
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            let Some(data) = line.strip_prefix(b"data:") else { continue };
            let data = data.strip_prefix(b" ").unwrap_or(data);
            if data == b"[DONE]" {
                done = true;
                break 'read;
            }
            let chunk: Chunk = match serde_json::from_slice(data) {
                Ok(c) => c,
                Err(e) => return fail(ttfd, format!("json: {e}")),
            };
            for ch in chunk.choices {
                if let Some(c) = ch.delta.content {
                    if deltas == 0 {
                        ttfd = Some(t0.elapsed());
                    }
                    deltas += 1;
                    content.push_str(&c);
                }
                if ch.finish_reason.as_deref() == Some("stop") {
                    stop = true;
                }
            }
        }
        buf.drain(..start);
    }
    // read to the end of the body, so the connection goes back to the pool
    if done {
        while let Some(item) = stream.next().await {
            if item.is_err() {
                break;
            }
        }
    }
    let ok = done && stop && deltas == CHUNKS && content == *expected;
    Outcome {
        ok,
        ttfd,
        err: if ok { None } else { Some(format!("deltas={deltas} stop={stop} done={done} content={content:?}")) },
    }
}

fn pct(s: &[Duration], p: f64) -> f64 {
    if s.is_empty() {
        return -1.0;
    }
    let rank = ((p * s.len() as f64 + 0.999999999) as usize).clamp(1, s.len());
    s[rank - 1].as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: host_rust URL N");
        std::process::exit(64);
    }
    let url = Arc::new(args[1].clone());
    let n: usize = match args[2].parse() {
        Ok(v) if v > 0 => v,
        _ => {
            eprintln!("host_rust: N must be a positive integer");
            std::process::exit(64);
        }
    };
    raise_nofile();
    let expected: Arc<String> = Arc::new((0..CHUNKS).map(|k| format!("t{k} ")).collect());

    let peak = Arc::new(AtomicI64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let monitor = {
        let (peak, stop) = (peak.clone(), stop.clone());
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    note_threads(&peak);
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
            .expect("monitor thread")
    };
    while thread_count() < 2 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let threads_main = thread_count();

    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client");
    let body = Arc::new(
        serde_json::to_vec(&ChatRequest {
            model: "m",
            messages: vec![Message { role: "user", content: "hi" }],
            stream: true,
        })
        .expect("request json"),
    );
    // let the runtime's workers come up, so they count as "before the first call"
    rt.block_on(async { tokio::task::yield_now().await });
    let threads_start = thread_count();

    let start = Instant::now();
    let outcomes: Vec<Outcome> = rt.block_on(async {
        let handles: Vec<_> = (0..n)
            .map(|_| tokio::spawn(one_call(client.clone(), url.clone(), body.clone(), expected.clone())))
            .collect();
        let mut out = Vec::with_capacity(n);
        for h in handles {
            out.push(h.await.unwrap_or_else(|e| Outcome { ok: false, ttfd: None, err: Some(format!("task: {e}")) }));
        }
        out
    });
    let wall = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    let _ = monitor.join();
    note_threads(&peak);

    let answered = outcomes.iter().filter(|o| o.ok).count();
    let mut ttfd: Vec<Duration> = outcomes.iter().filter_map(|o| o.ttfd).collect();
    ttfd.sort();
    println!(
        "kind=scale client=rust n={} answered={} failed={} wall_s={:.3} ttfd_p50_ms={:.1} ttfd_p99_ms={:.1} ttfd_max_ms={:.1} \
         threads_main={} threads_start={} threads_peak={} timed_out=0",
        n,
        answered,
        n - answered,
        wall.as_secs_f64(),
        pct(&ttfd, 0.50),
        pct(&ttfd, 0.99),
        pct(&ttfd, 1.0),
        threads_main,
        threads_start,
        peak.load(Ordering::Relaxed)
    );
    if answered < n {
        let first = outcomes.iter().find_map(|o| o.err.clone()).unwrap_or_default();
        eprintln!("rust: {} of {} calls failed; first: {}", n - answered, n, first);
        std::process::exit(1);
    }
}
