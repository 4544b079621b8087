//! liblitellm from Rust: one chat completion, one streamed completion, one executor run, and
//! two asynchronous calls in flight at once.
//!
//! Configuration comes from the environment:
//!   LITELLM_BASE_URL  the LiteLLM proxy (default http://localhost:4000)
//!   LITELLM_API_KEY   its key (default: none)
//!   LITELLM_MODEL     the model to ask (default gpt-4o-mini)

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use litellm::{Client, ClientOptions, GenerateRequest, RunRequest, StreamEvent};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(e.raw_status());
    }
}

fn run() -> litellm::Result<()> {
    let model = std::env::var("LITELLM_MODEL").unwrap_or_else(|_| "gpt-4o-mini".to_string());
    println!("liblitellm {}, model {model}\n", litellm::version());

    // One client per process and endpoint; it is Send + Sync, share it with an Arc.
    let options = ClientOptions {
        base_url: std::env::var("LITELLM_BASE_URL").ok().filter(|url| !url.is_empty()),
        api_key: std::env::var("LITELLM_API_KEY").ok(),
        timeout_ms: Some(60_000),
        ..ClientOptions::default()
    };
    let client = Client::new(&options)?;

    // 1. The provider: messages in, one chat completion out.
    let request = GenerateRequest::new(&model)
        .system("You are terse.")
        .user("Say hello to a Rust program.")
        .max_tokens(64);
    let response = client.generate(&request)?; // typed: a GenerateRequest in, a Response out
    println!("generate: {}", response.content);
    println!(
        "  ({} tokens in, {} out, stop: {})\n",
        response.input_tokens, response.output_tokens, response.stop_reason
    );

    // 2. Streaming: the closure sees each piece as it arrives; return false to stop.
    let request = GenerateRequest::new(&model).user("Count from 1 to 5.").max_tokens(64);
    print!("stream: ");
    client.generate_stream_events(&request, |event| {
        if let StreamEvent::Delta(text) = event {
            print!("{text}");
            let _ = std::io::stdout().flush();
        }
        true
    })?;
    println!("\n");

    // 3. The executor: a skill and a task in, a validated JSON result out. A model that fails
    //    (error, not JSON, fails the schema, low confidence) escalates to the next in the list.
    let request = RunRequest::new([model.as_str()])
        .skill_prompt(
            "You route support tickets. Answer with a Result object: \
             {\"status\": \"success\", \"output\": {\"queue\": ...}, \"confidence\": 0..1}",
        )
        .task_prompt("Ticket: my invoice is wrong")
        .json_mode(true);
    let result = client.run(&request)?; // a RunResponse
    println!(
        "run: {} (model {}, {} escalations)\n",
        result.result,
        result.model.unwrap_or_default(),
        result.escalations.len()
    );

    // 4. Asynchronous calls: futures woken from the library's callback, usable with any
    //    executor (tokio, ...). Here, without one: both calls are in flight at once on this
    //    thread, and no thread is held while they wait. Dropping a future cancels its call.
    let first = client.generate_async(&GenerateRequest::new(&model).user("Name a colour."));
    let second = client.generate_async(&GenerateRequest::new(&model).user("Name a fruit."));
    let (first, second) = block_on_both(first, second);
    println!("async: {} / {}", first?.content, second?.content);
    Ok(())
}

/// Wakes the thread that is waiting in `block_on_both`.
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls two futures on this thread until both are ready, parking while neither can progress.
/// (A program with an async runtime would `.await` them, e.g. with `tokio::join!`.)
fn block_on_both<A: Future + Unpin, B: Future + Unpin>(
    mut a: A,
    mut b: B,
) -> (A::Output, B::Output) {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let (mut out_a, mut out_b) = (None, None);
    loop {
        if out_a.is_none() {
            if let Poll::Ready(v) = Pin::new(&mut a).poll(&mut cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = Pin::new(&mut b).poll(&mut cx) {
                out_b = Some(v);
            }
        }
        if let (Some(_), Some(_)) = (&out_a, &out_b) {
            return (out_a.unwrap(), out_b.unwrap());
        }
        std::thread::park(); // a wake-up before we park makes this return at once
    }
}
