//! Integration tests against the project's fake OpenAI-compatible server on loopback.

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::FakeServer;
use litellm::{
    set_log_callback, Client, ClientOptions, ErrorKind, GenerateRequest, Json, JsonMode, Level,
    Response, RunRequest, RunResponse, StreamEvent,
};

fn echo(prompt: &str) -> String {
    GenerateRequest::new("echo").user(prompt).to_json()
}

#[test]
fn version_matches_the_library() {
    let v = litellm::version();
    assert!(!v.is_empty());
    assert!(v.split('.').count() >= 2, "{v}");
    assert_eq!(litellm::ABI_VERSION, 2);
    assert_eq!(litellm::abi_version(), litellm::ABI_VERSION);
}

#[test]
fn generate_echoes_content_and_counts_tokens() {
    let server = FakeServer::start();
    let client = server.client();
    let prompt = "hello from rust"; // 15 chars: the fake counts len/4 + 1 tokens
    let doc = client.generate(&echo(prompt)).expect("generate");
    let r = Response::from_json(&doc).unwrap();
    assert_eq!(r.content, prompt);
    assert_eq!(r.input_tokens, 4);
    assert_eq!(r.output_tokens, 4);
    assert_eq!(r.stop_reason, "end_turn");
    assert_eq!(r.model.as_deref(), Some("echo"));
    assert_eq!(r.json.get("finish_reason").and_then(Json::as_str), Some("stop"));
    assert_eq!(r.json.get("cost_usd").and_then(Json::as_f64), Some(0.00042));
    assert_eq!(r.json.get("attempts").and_then(Json::as_u64), Some(1));
}

#[test]
fn tricky_strings_survive_the_round_trip() {
    let server = FakeServer::start();
    let client = server.client();
    let tricky = "quote \" backslash \\ slash / nl \n cr \r tab \t bs \u{8} ff \u{c} nul \u{0} \
                  us \u{1f} del \u{7f} é ü 中文 😀 \u{2028}\u{2029} \\u0041 {\"json\":[1]}";
    let request = GenerateRequest::new("echo").system("sys \"x\"\n").user(tricky);
    let r = Response::from_json(&client.generate(&request.to_json()).unwrap()).unwrap();
    assert_eq!(r.content, tricky);
}

#[test]
fn generate_stream_deltas_concatenate_and_done_is_last() {
    let server = FakeServer::start();
    let client = server.client();
    let prompt = "The quick brown fox jumps over the lazy dog";
    let mut events: Vec<String> = Vec::new();
    let doc = client
        .generate_stream(&echo(prompt), |e| {
            events.push(e.to_string());
            true
        })
        .expect("stream");
    let parsed: Vec<Json> = events.iter().map(|e| Json::parse(e).unwrap()).collect();
    let kind = |j: &Json| j.get("type").and_then(Json::as_str).unwrap_or("").to_string();
    let (last, deltas) = parsed.split_last().unwrap();
    assert_eq!(kind(last), "done", "{events:?}");
    assert!(deltas.iter().all(|j| kind(j) == "delta"), "{events:?}");
    assert!(deltas.len() >= prompt.len() / 3, "expected 3-character deltas: {events:?}");
    let text: String = deltas.iter().map(|j| j.get("content").unwrap().as_str().unwrap()).collect();
    assert_eq!(text, prompt);
    let done = Response::from_json(&last.get("response").unwrap().to_json()).unwrap();
    assert_eq!(done.content, prompt);
    let r = Response::from_json(&doc).unwrap();
    assert_eq!(r.content, prompt);
    assert!(r.output_tokens > 0);
}

#[test]
fn generate_stream_events_typed() {
    let server = FakeServer::start();
    let client = server.client();
    let prompt = "typed events, please";
    let mut text = String::new();
    let mut done = None;
    let mut after_done = 0;
    client
        .generate_stream_events(&echo(prompt), |ev| {
            if done.is_some() {
                after_done += 1;
            }
            match ev {
                StreamEvent::Delta(s) => text.push_str(&s),
                StreamEvent::Done(doc) => done = Some(doc),
                other => panic!("unexpected {other:?}"),
            }
            true
        })
        .unwrap();
    assert_eq!(text, prompt);
    assert_eq!(after_done, 0);
    assert_eq!(Response::from_json(&done.unwrap()).unwrap().content, prompt);
}

/// A recorded LiteLLM answer (tests/FakeServer/Fixtures): the reasoning, thinking blocks,
/// usage and proxy headers reach the typed view, and the message goes back unchanged.
#[test]
fn response_fidelity_fields_and_the_message_sent_back() {
    let server = FakeServer::start();
    let client = server.client();
    let request =
        GenerateRequest::new("fixture-litellm/anthropic-thinking-tool-call").user("weather?");
    let r = Response::from_json(&client.generate(&request.to_json()).unwrap()).unwrap();
    assert!(
        r.reasoning_content.as_deref().unwrap_or("").starts_with("The user is asking"),
        "{r:?}"
    );
    let blocks = r.thinking_blocks.as_ref().expect("thinking blocks");
    assert_eq!(blocks.len(), 1);
    assert!(blocks[0].get("signature").and_then(Json::as_str).is_some());
    assert_eq!(r.id.as_deref(), Some("chatcmpl-9b3e4f5a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"));
    assert_eq!((r.reasoning_tokens, r.cached_tokens, r.cache_creation_tokens), (62, 0, 0));
    assert_eq!(
        (r.cost_usd, r.key_spend_usd, r.key_max_budget_usd),
        (Some(0.003894), Some(1.52), Some(10.0))
    );
    assert_eq!((r.attempted_retries, r.attempted_fallbacks), (Some(1), Some(0)));
    assert!(r.message.get("provider_specific_fields").is_some());
    // The next turn: the message as it came, the tool's answer, a question.
    let next =
        GenerateRequest::new("echo").user("weather?").message_json(r.message_json()).user("thanks");
    let sent = Json::parse(&next.to_json()).unwrap();
    assert_eq!(sent.get("messages").and_then(Json::as_array).unwrap()[1], r.message);
    let again = Response::from_json(&client.generate(&next.to_json()).unwrap()).unwrap();
    assert_eq!(again.content, "thanks");
}

#[test]
fn stream_reasoning_deltas_come_before_the_text() {
    let server = FakeServer::start();
    let client = server.client();
    let request = GenerateRequest::new("fixture-vllm/stream-reasoning").user("x").to_json();
    let (mut reasoning, mut text) = (String::new(), String::new());
    client
        .generate_stream_events(&request, |ev| {
            match ev {
                StreamEvent::ReasoningDelta(s) => {
                    assert!(text.is_empty(), "reasoning after the text");
                    reasoning.push_str(&s)
                }
                StreamEvent::Delta(s) => text.push_str(&s),
                _ => {}
            }
            true
        })
        .unwrap();
    assert_eq!((reasoning.as_str(), text.as_str()), ("Compare the tenths.", "9.8 is greater."));
}

#[test]
fn stream_tool_call_deltas() {
    let server = FakeServer::start();
    let client = server.client();
    let mut args = String::new();
    let mut names = Vec::new();
    let mut ids = Vec::new();
    let doc = client
        .generate_stream_events(&GenerateRequest::new("tool").user("weather?").to_json(), |ev| {
            if let StreamEvent::ToolCallDelta { index, id, name, arguments } = ev {
                assert_eq!(index, 0);
                ids.extend(id);
                names.extend(name);
                args.push_str(&arguments);
            }
            true
        })
        .unwrap();
    assert_eq!(names, ["get_weather"]);
    assert_eq!(ids, ["call_1"]);
    assert_eq!(Json::parse(&args).unwrap().get("city").unwrap().as_str(), Some("Oslo"));
    let r = Response::from_json(&doc).unwrap();
    assert_eq!(r.stop_reason, "tool_use");
    assert_eq!(r.tool_calls.len(), 1);
    assert_eq!(r.tool_calls[0].name, "get_weather");
    assert_eq!(r.tool_calls[0].arguments.get("city").and_then(Json::as_str), Some("Oslo"));
}

#[test]
fn stream_closure_returning_false_cancels() {
    let server = FakeServer::start();
    let client = server.client();
    let mut calls = 0;
    let err = client
        .generate_stream(&echo("stop me after the first delta please"), |_| {
            calls += 1;
            false
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err:?}");
    assert_eq!(err.raw_status(), 7);
    assert_eq!(calls, 1, "events were delivered after the closure said stop");
    // The client is still fine.
    assert_eq!(
        Response::from_json(&client.generate(&echo("after")).unwrap()).unwrap().content,
        "after"
    );
}

#[test]
fn value_returned_for_done_changes_nothing() {
    let server = FakeServer::start();
    let client = server.client();
    let doc = client
        .generate_stream(&echo("stop only at done"), |e| !e.contains(r#""type":"done""#))
        .expect("false for done must not cancel");
    assert_eq!(Response::from_json(&doc).unwrap().content, "stop only at done");
}

#[test]
fn panic_in_stream_closure_propagates_as_a_rust_panic() {
    let server = FakeServer::start();
    let client = server.client();
    let mut calls = 0;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        client.generate_stream(&echo("panic on the first delta"), |_| {
            calls += 1;
            panic!("boom from the stream closure");
        })
    }));
    let payload = result.expect_err("the panic should propagate");
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert_eq!(message, "boom from the stream closure");
    assert_eq!(calls, 1);
    // The process and the client survived.
    let r = Response::from_json(&client.generate(&echo("still alive")).unwrap()).unwrap();
    assert_eq!(r.content, "still alive");
}

#[test]
fn run_escalates_past_a_failing_model() {
    let server = FakeServer::start();
    let client = server.client();
    let request = RunRequest::new(["status-500", "echo"])
        .skill_prompt("Answer with a Result object.")
        .task_prompt(r#"{"status":"success","output":1}"#)
        .request_id("run-1");
    let doc = client.run(&request.to_json()).expect("run");
    let r = RunResponse::from_json(&doc).unwrap();
    assert_eq!(r.model.as_deref(), Some("echo"));
    assert_eq!(r.result.get("status").and_then(Json::as_str), Some("success"));
    assert_eq!(r.result.get("output").and_then(Json::as_u64), Some(1));
    assert_eq!(r.escalations.len(), 1, "{doc}");
    assert_eq!(r.escalations[0].get("model").and_then(Json::as_str), Some("status-500"));
    let kind = r.escalations[0].get("error").and_then(|e| e.get("kind")).and_then(Json::as_str);
    assert_eq!(kind, Some("http_status"));
}

#[test]
fn run_failures_report_the_last_error_with_escalations() {
    let server = FakeServer::start();
    let client = server.client();
    let err = client
        .run(
            &RunRequest::new(["status-500", "echo"])
                .skill_prompt("s")
                .task_prompt("not json")
                .to_json(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResult, "{err:?}");
    let doc = err.json().unwrap();
    let escalations = doc.get("error").and_then(|e| e.get("escalations")).and_then(Json::as_array);
    assert_eq!(escalations.map(<[Json]>::len), Some(2), "{}", err.document());
}

#[test]
fn run_attempts_show_the_ladder() {
    // no-schema refuses json_schema, then echoes the task (a result asking to escalate);
    // repairable fails, then answers its repair.
    let server = FakeServer::start();
    let client = server.client();
    let request = RunRequest::new(["no-schema", "repairable"])
        .task_prompt(r#"{"status":"escalate","summary":"too hard"}"#)
        .json_mode(JsonMode::Auto)
        .max_cost_usd(5.0);
    let r = client.run(&request).expect("run");
    let trail: Vec<String> = r
        .attempts
        .iter()
        .map(|a| format!("{} {} {} {}", a.model, a.kind, a.repair, a.json_mode))
        .collect();
    assert_eq!(
        trail,
        [
            "no-schema http_status 0 json_schema",
            "no-schema invalid_result 0 json_object",
            "repairable invalid_result 0 json_schema",
            "repairable ok 1 json_schema",
        ]
    );
    assert_eq!(r.model.as_deref(), Some("repairable"));
    assert_eq!(r.input_tokens, r.attempts.iter().map(|a| a.input_tokens).sum::<u64>());
    assert_eq!(r.attempts[0].cost_usd, None);
}

#[test]
fn run_stopped_ladder() {
    let server = FakeServer::start();
    let client = server.client();
    let err = client
        .run(&RunRequest::new(["insufficient-quota", "echo"]).task_prompt("x").repair_attempts(0))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus, "{err:?}");
    assert_eq!(err.http_status(), Some(429));
    assert!(err.ladder_stopped(), "{}", err.document());
    let attempts = err.run_attempts();
    assert_eq!(attempts.len(), 1, "{}", err.document());
    assert_eq!(attempts[0].model, "insufficient-quota");
    assert!(err.message().starts_with("the run stopped at insufficient-quota: "), "{err}");
    let plain = client.generate(&GenerateRequest::new("status-500").user("x")).unwrap_err();
    assert!(!plain.ladder_stopped() && plain.run_attempts().is_empty());
}

#[test]
fn http_error_status() {
    let server = FakeServer::start();
    let client = server.client();
    let err =
        client.generate(&GenerateRequest::new("status-401").user("hi").to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus, "{err:?}");
    assert_eq!(err.raw_status(), 4);
    assert_eq!(err.http_status(), Some(401));
    assert!(err.body().unwrap_or("").contains("fake error 401"), "{err:?}");
    assert!(err.message().contains("401"), "{err:?}");
    assert!(!err.document().contains("sk-test-key"), "API key leaked: {}", err.document());
    assert_eq!(err.to_string(), "litellm: http_status 401: fake error 401");
    let as_dyn: &dyn std::error::Error = &err;
    assert!(!as_dyn.to_string().is_empty());
}

#[test]
fn bad_response_network_and_timeout() {
    let server = FakeServer::start();
    let client = server.client();
    let err = client.generate(&GenerateRequest::new("garbage").user("x").to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadResponse, "{err:?}");

    let quick = Client::new(&server.options().timeout_ms(300)).unwrap();
    let started = Instant::now();
    let err = quick.generate(&GenerateRequest::new("slow-5000").user("x").to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // Nothing listens on port 1.
    let nowhere =
        Client::new(&ClientOptions::new().base_url("http://127.0.0.1:1").max_retries(0)).unwrap();
    let err = nowhere.generate(&echo("x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err:?}");
}

#[test]
fn cancel_from_another_thread() {
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    let request = GenerateRequest::new("slow-10000").user("x").request_id("cancel-me").to_json();
    let cancelled_at: Arc<Mutex<Option<Instant>>> = Arc::default();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let canceller = {
        let (client, cancelled_at, done) = (client.clone(), cancelled_at.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            *cancelled_at.lock().unwrap() = Some(Instant::now());
            // Idempotent: repeat in case the first one raced the call's registration.
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                client.cancel("cancel-me").expect("cancel");
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let started = Instant::now();
    let err = client.generate(&request).unwrap_err();
    let returned = Instant::now();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    canceller.join().unwrap();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err:?}");
    let since_cancel = returned - cancelled_at.lock().unwrap().expect("cancel was called");
    assert!(since_cancel < Duration::from_secs(1), "returned {since_cancel:?} after cancel");
    assert!(returned - started < Duration::from_secs(3));
    // Cancelling an id nothing carries is fine.
    client.cancel("nothing-has-this-id").unwrap();
}

#[test]
fn client_is_shared_by_eight_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    let server = FakeServer::start();
    let client = Arc::new(server.client());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                for i in 0..5 {
                    let prompt = format!("thread {t} call {i}");
                    if i % 2 == 0 {
                        let r =
                            Response::from_json(&client.generate(&echo(&prompt)).unwrap()).unwrap();
                        assert_eq!(r.content, prompt);
                    } else {
                        let mut text = String::new();
                        client
                            .generate_stream_events(&echo(&prompt), |ev| {
                                if let StreamEvent::Delta(s) = ev {
                                    text.push_str(&s);
                                }
                                true
                            })
                            .unwrap();
                        assert_eq!(text, prompt);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // The last Arc frees the client on this thread.
    drop(client);
}

#[test]
fn invalid_options_are_invalid_arguments() {
    let err =
        Client::from_json(r#"{"base_url":"http://127.0.0.1:9","bogus_field":1}"#).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err:?}");
    assert!(err.message().contains("bogus_field"), "{err:?}");

    let err = Client::from_json("{not json").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err:?}");

    let err = Client::new(&ClientOptions::new().header("x-evil", "a\r\nInjected: 1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err:?}");

    // Options the writer produces are accepted.
    let ok = ClientOptions::new()
        .base_url("http://127.0.0.1:9/v1")
        .api_key("k \"quoted\" \\ key") // keys are ASCII: they travel in an HTTP header
        .timeout_ms(1000)
        .max_retries(1)
        .header("x-litellm-tags", "a,b");
    Client::new(&ok).expect("valid options");
    assert!(!format!("{ok:?}").contains("quoted"), "Debug must redact the key");
}

#[test]
fn interior_nul_is_rejected_without_calling_c() {
    let err = Client::from_json("{}\0").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.raw_status(), 1);
    assert!(err.message().contains("NUL"), "{err:?}");
    assert_eq!(
        err.json().unwrap().get("error").and_then(|e| e.get("kind")).and_then(Json::as_str),
        Some("invalid_argument")
    );

    // No server needed: none of these reach the network.
    let client = Client::new(&ClientOptions::new().base_url("http://127.0.0.1:9")).unwrap();
    let bad = "{\"model\":\"echo\",\"messages\":[]}\0trailing";
    assert_eq!(client.generate(bad).unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(client.run(bad).unwrap_err().kind(), ErrorKind::InvalidArgument);
    let mut called = false;
    let err = client
        .generate_stream(bad, |_| {
            called = true;
            true
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(!called);
    assert_eq!(client.cancel("a\0b").unwrap_err().kind(), ErrorKind::InvalidArgument);
    // A NUL inside a builder's string is escaped as \u0000, so it is valid JSON.
    assert!(GenerateRequest::new("echo").user("a\0b").to_json().contains("\\u0000"));
}

#[test]
fn invalid_request_json() {
    let server = FakeServer::start();
    let client = server.client();
    for bad in ["", "[]", "{", r#"{"model":"echo"}"#, r#"{"model":"echo","messages":[],"nope":1}"#]
    {
        let err = client.generate(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bad}: {err:?}");
        assert!(!err.message().is_empty());
    }
}

#[test]
fn mock_response_needs_no_server() {
    let client =
        Client::new(&ClientOptions::new().base_url("http://127.0.0.1:9").max_retries(0)).unwrap();
    let request = GenerateRequest::new("anything").user("hi").mock_response("canned answer");
    let r = Response::from_json(&client.generate(&request.to_json()).unwrap()).unwrap();
    assert_eq!(r.content, "canned answer");
}

/// All log-callback checks live in one test: the callback is process-wide, and other tests
/// running in parallel also produce events (which is why events are matched by request_id).
#[test]
fn log_callback_receives_attempt_events() {
    let server = FakeServer::start();
    let client = server.client();
    let events: Arc<Mutex<Vec<(Level, String)>>> = Arc::default();
    let reentry: Arc<Mutex<Option<ErrorKind>>> = Arc::default();
    {
        let (events, reentry) = (events.clone(), reentry.clone());
        set_log_callback(
            Some(Box::new(move |level, event| {
                if event.contains("log-test-1") {
                    events.lock().unwrap().push((level, event.to_string()));
                    // Re-entry is refused instead of deadlocking.
                    if let Err(e) = set_log_callback(None, Level::Debug) {
                        *reentry.lock().unwrap() = Some(e.kind());
                    }
                }
            })),
            Level::Debug,
        )
        .unwrap();
    }
    let request =
        GenerateRequest::new("echo").user("log me").max_tokens(16).request_id("log-test-1");
    client.generate(&request.to_json()).unwrap();

    let attempt = events
        .lock()
        .unwrap()
        .iter()
        .map(|(level, text)| (*level, Json::parse(text).expect("event is JSON")))
        .find(|(_, j)| j.get("event").and_then(Json::as_str) == Some("attempt"))
        .expect("an attempt event");
    assert_eq!(attempt.0, Level::Info);
    let j = attempt.1;
    assert_eq!(j.get("gen_ai.system").and_then(Json::as_str), Some("litellm"));
    assert_eq!(j.get("gen_ai.operation.name").and_then(Json::as_str), Some("chat"));
    assert_eq!(j.get("gen_ai.request.model").and_then(Json::as_str), Some("echo"));
    assert_eq!(j.get("request_id").and_then(Json::as_str), Some("log-test-1"));
    assert_eq!(j.get("status").and_then(Json::as_str), Some("ok"));
    assert_eq!(*reentry.lock().unwrap(), Some(ErrorKind::InvalidArgument));
    assert!(!events.lock().unwrap().iter().any(|(_, t)| t.contains("sk-test-key")));

    // min_level filters: at Error, a successful call logs nothing.
    {
        let events = events.clone();
        set_log_callback(
            Some(Box::new(move |level, event| {
                if event.contains("log-test-2") {
                    events.lock().unwrap().push((level, event.to_string()));
                }
            })),
            Level::Error,
        )
        .unwrap();
    }
    events.lock().unwrap().clear();
    client.generate(&request.clone().request_id("log-test-2").to_json()).unwrap();
    assert!(events.lock().unwrap().is_empty(), "{:?}", events.lock().unwrap());
    client
        .generate(&GenerateRequest::new("status-401").user("x").request_id("log-test-2").to_json())
        .unwrap_err();
    assert!(events.lock().unwrap().iter().all(|(l, _)| *l == Level::Error));
    assert!(!events.lock().unwrap().is_empty(), "expected an error event");

    // A panicking callback does not unwind into C.
    set_log_callback(
        Some(Box::new(|_, event| {
            if event.contains("log-test-3") {
                panic!("boom from the log callback");
            }
        })),
        Level::Debug,
    )
    .unwrap();
    let r = client.generate(&request.clone().request_id("log-test-3").to_json()).unwrap();
    assert_eq!(Response::from_json(&r).unwrap().content, "log me");

    // Removing the callback drops the closure (and what it captured) before returning.
    let token = Arc::new(());
    {
        let token = token.clone();
        set_log_callback(
            Some(Box::new(move |_, _| {
                let _captured = &token;
            })),
            Level::Debug,
        )
        .unwrap();
    }
    assert_eq!(Arc::strong_count(&token), 2);
    set_log_callback(None, Level::Debug).unwrap();
    assert_eq!(Arc::strong_count(&token), 1);
}

#[test]
fn dropping_a_client_after_use_is_clean() {
    let server = FakeServer::start();
    for _ in 0..3 {
        let client = server.client();
        client.generate(&echo("x")).unwrap();
        drop(client);
    }
}

#[test]
fn json_round_trip_through_the_public_api() {
    let tricky = [
        "",
        "\"",
        "\\",
        "\u{0}\u{1}\u{1f}\u{7f}",
        "\n\r\t\u{8}\u{c}",
        "é€😀\u{10ffff}",
        "\u{2028}\u{2029}",
        "</script>",
        "\\u0000",
    ];
    let doc = Json::Array(
        tricky.iter().map(|s| Json::Object(vec![(s.to_string(), Json::from(*s))])).collect(),
    );
    let text = doc.to_json();
    assert!(!text.chars().any(|c| (c as u32) < 0x20));
    assert_eq!(Json::parse(&text).unwrap(), doc);
    // Escaped forms, including a surrogate pair, decode to the same strings.
    let escaped =
        r#"["\u00e9\u20ac\ud83d\ude00\udbff\udfff", "\u2028\u2029", "\u0000\u0001\u001F\u007f"]"#;
    let parsed = Json::parse(escaped).unwrap();
    assert_eq!(parsed.at(0).and_then(Json::as_str), Some("é€😀\u{10ffff}"));
    assert_eq!(parsed.at(1).and_then(Json::as_str), Some("\u{2028}\u{2029}"));
    assert_eq!(parsed.at(2).and_then(Json::as_str), Some("\u{0}\u{1}\u{1f}\u{7f}"));
    assert!(Json::parse(r#""\ud83d""#).is_err());
    assert!(Json::parse(r#""\ude00\ud83d""#).is_err());
    assert_eq!(Json::quote("a\u{0}\"é"), "\"a\\u0000\\\"é\"");
}
