//! The `litellm` crate's async API on tokio (current-thread and multi-thread runtimes),
//! against the fake server: the futures are woken from the library's `on_done` through their
//! `Waker`, so tokio needs no special support, and no thread is held per call.

#[path = "../../litellm/tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{thread_count, wait_for_no_live_states, FakeServer, ThreadSampler};
use litellm::{Client, ErrorKind, GenerateRequest, Json, Response, StreamEvent};

const CALLS: usize = 1000;

/// Starts CALLS calls at once, each a tokio task, each held ~500 ms by the server, and checks
/// every answer and the process's thread count while they are in flight.
async fn thousand_calls(client: Arc<Client>, flavour: &'static str) {
    let before = thread_count();
    let sampler = ThreadSampler::start();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLS)
        .map(|i| {
            let client = Arc::clone(&client);
            tokio::spawn(async move {
                let request = GenerateRequest::new("slow-500").user(format!("{flavour} call {i}"));
                client.generate_async(&request).await
            })
        })
        .collect();
    let mut answered = 0;
    for (i, task) in tasks.into_iter().enumerate() {
        let response = task.await.expect("task").expect("call");
        assert_eq!(response.content, format!("{flavour} call {i}"));
        answered += 1;
    }
    let elapsed = started.elapsed();
    let max = sampler.stop();
    eprintln!(
        "{flavour}: {answered} concurrent async calls answered in {elapsed:?}; \
         threads before {before}, max while in flight {max}"
    );
    assert_eq!(answered, CALLS);
    assert!(max < 40, "{max} threads with {CALLS} calls in flight on tokio {flavour}");
    // Concurrent, not serial (1000 x 500 ms would be over 8 minutes).
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    wait_for_no_live_states(&client, Duration::from_secs(5));
}

#[test]
fn a_thousand_concurrent_calls_on_a_current_thread_runtime() {
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(thousand_calls(client, "current-thread"));
}

#[test]
fn a_thousand_concurrent_calls_on_a_multi_thread_runtime() {
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(thousand_calls(client, "multi-thread"));
}

#[tokio::test]
async fn typed_generate_and_run_on_tokio() {
    let server = FakeServer::start();
    let client = server.client();
    let response: Response =
        client.generate_async(&GenerateRequest::new("echo").user("hi")).await.unwrap();
    assert_eq!(response.content, "hi");
    let run = client
        .run_async(
            &litellm::RunRequest::new(["echo"]).task_prompt(r#"{"status":"success","output":2}"#),
        )
        .await
        .unwrap();
    assert_eq!(run.result.get("output").and_then(Json::as_u64), Some(2));
    let err =
        client.generate_async(&GenerateRequest::new("status-404").user("x")).await.unwrap_err();
    assert_eq!((err.kind(), err.http_status()), (ErrorKind::HttpStatus, Some(404)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_on_tokio() {
    let server = FakeServer::start();
    let client = server.client();
    let prompt = "streamed through tokio";
    let mut stream = client.generate_stream_async(&GenerateRequest::new("echo").user(prompt));
    let mut text = String::new();
    let mut done = None;
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            StreamEvent::Delta(delta) => text.push_str(&delta),
            StreamEvent::Done(doc) => done = Some(doc),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(text, prompt);
    assert_eq!(Response::from_json(&done.unwrap()).unwrap().content, prompt);
}

#[tokio::test]
async fn callback_events_handed_to_a_tokio_channel() {
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    // The callback runs on a library thread and must not block: an unbounded send never does.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let call = {
        let client = Arc::clone(&client);
        tokio::spawn(async move {
            let request = GenerateRequest::new("echo").user("through a channel");
            client.generate_stream_events_async(&request, move |event| tx.send(event).is_ok()).await
        })
    };
    let mut text = String::new();
    while let Some(event) = rx.recv().await {
        if let StreamEvent::Delta(delta) = event {
            text.push_str(&delta);
        }
    }
    // The channel closed: the callback (holding the sender) was dropped when the call ended.
    let response = call.await.unwrap().unwrap();
    assert_eq!(text, "through a channel");
    assert_eq!(response.content, text);
}

#[tokio::test]
async fn a_timeout_drops_the_future_and_cancels_the_call() {
    let server = FakeServer::start();
    let client = server.client();
    let request = GenerateRequest::new("slow-10000").user("x");
    let started = Instant::now();
    let result =
        tokio::time::timeout(Duration::from_millis(300), client.generate_async(&request)).await;
    assert!(result.is_err(), "slow-10000 answered within 300 ms: {result:?}");
    // on_done (with the cancel) releases the state promptly.
    let deadline = Instant::now() + Duration::from_secs(3);
    while client.__live_async_states() != 0 {
        assert!(Instant::now() < deadline, "the dropped call did not end");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(started.elapsed() < Duration::from_secs(4));
    // The server got the request (the next one is its second).
    let next = client.generate_async(&GenerateRequest::new("echo").user("next")).await.unwrap();
    assert_eq!(next.json.get("call_id").and_then(Json::as_str), Some("call-2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborting_a_task_cancels_its_calls() {
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    let task = {
        let client = Arc::clone(&client);
        tokio::spawn(async move {
            let slow = GenerateRequest::new("slow-10000").user("x");
            let a = client.generate_async(&slow);
            let mut stream = client.generate_stream_async(&slow);
            let (a, b) = tokio::join!(a, stream.next());
            (a.is_ok(), b.is_some())
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(client.__live_async_states(), 2);
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let deadline = Instant::now() + Duration::from_secs(3);
    while client.__live_async_states() != 0 {
        assert!(Instant::now() < deadline, "aborted calls did not end");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
