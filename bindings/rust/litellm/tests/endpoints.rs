//! Embeddings, models and health against the project's fake server (tests/FakeServer,
//! "The other routes"): vectors bit for bit, the model lists, the readiness check, errors, and
//! the asynchronous forms.

mod common;

use std::time::{Duration, Instant};

use common::{block_on, FakeServer};
use litellm::{Client, ClientOptions, EmbedRequest, Embeddings, ErrorKind};

/// The fake server's vector of a text (tests/FakeServer/Endpoints/FakeVectors.cs): FNV-1a of
/// the text seeds xorshift64; value i is (unit * 2 - 1) * 0.08 as an f32.
fn fake_vector(text: &str, dims: usize) -> Vec<f32> {
    let mut state: u64 = 14695981039346656037;
    for b in text.bytes() {
        state = (state ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    if state == 0 {
        state = 1;
    }
    (0..dims)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            ((unit * 2.0 - 1.0) * 0.08) as f32
        })
        .collect()
}

fn assert_same_bits(what: &str, want: &[f32], got: &[f32]) {
    assert_eq!(want.len(), got.len(), "{what}: length");
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        assert_eq!(w.to_bits(), g.to_bits(), "{what}[{i}]: {g} instead of {w}");
    }
}

#[test]
fn embed_returns_the_servers_floats_in_input_order() {
    let server = FakeServer::start();
    let client = server.client();
    let inputs = ["alpha", "beta", "gamma é"];
    let request = EmbedRequest::new("litellm:embed-shuffled", inputs).dimensions(300);
    let vectors = client.embed(&request).expect("embed");
    assert_eq!(vectors.len(), 3);
    for (text, vector) in inputs.iter().zip(&vectors) {
        assert_same_bits(text, &fake_vector(text, 300), vector);
    }
    // A float answer gives the same bits.
    let floats = client.embed(&EmbedRequest::new("embed-floats", ["alpha"])).expect("floats");
    assert_same_bits("floats", &fake_vector("alpha", 16), &floats[0]);
}

#[test]
fn embed_details_carry_the_rest_of_the_answer() {
    let server = FakeServer::start();
    let client = server.client();
    let e =
        client.embed_details(&EmbedRequest::new("m", ["one", "two"]).request_id("rs-e1")).unwrap();
    assert_eq!(e.vectors.len(), 2);
    assert_eq!(e.model.as_deref(), Some("m"));
    assert!(e.input_tokens > 0);
    assert_eq!(e.cost_usd, Some(0.00002));
    assert!(e.call_id.as_deref().unwrap_or("").starts_with("call-"));
    assert_eq!(e.attempts, 1);
    assert!(e.latency_ms > 0.0);
    let raw = client.embed_json(&EmbedRequest::new("m", ["one", "two"]).to_json()).unwrap();
    assert_eq!(Embeddings::from_json(&raw).unwrap().vectors, e.vectors);
}

#[test]
fn a_large_batch_is_read_whole() {
    let server = FakeServer::start();
    let client = server.client();
    let inputs: Vec<String> = (0..2048).map(|i| format!("chunk {i}")).collect();
    let vectors = client.embed(&EmbedRequest::new("m", inputs.clone()).dimensions(64)).unwrap();
    assert_eq!(vectors.len(), 2048);
    for (text, vector) in inputs.iter().zip(&vectors) {
        assert_same_bits(text, &fake_vector(text, 64), vector);
    }
}

#[test]
fn embed_errors() {
    let server = FakeServer::start();
    let client = server.client();
    let nan = client.embed(&EmbedRequest::new("embed-nan", ["x"])).unwrap_err();
    assert_eq!(nan.kind(), ErrorKind::BadResponse);
    assert!(nan.message().contains("NaN is not a usable vector value"), "{nan}");
    let empty = client.embed(&EmbedRequest::new("m", Vec::<String>::new())).unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidArgument);
    assert!(empty.message().contains("$.input: must not be empty"), "{empty}");
    let denied = client.embed(&EmbedRequest::new("status-401", ["x"])).unwrap_err();
    assert_eq!((denied.kind(), denied.http_status()), (ErrorKind::HttpStatus, Some(401)));
    assert!(!denied.document().contains("sk-test-key"), "{}", denied.document());
}

#[test]
fn models_and_model_info() {
    let server = FakeServer::start();
    let client = server.client();
    let models = client.models().unwrap();
    assert_eq!(models.len(), 3);
    assert_eq!((models[0].id.as_str(), models[0].owned_by.as_deref()), ("gpt-4o", Some("openai")));
    let info = client.model_info().unwrap();
    assert_eq!(info.len(), 3);
    assert_eq!(info[0].id, "d1f0c0ffee");
    assert_eq!(info[0].model_group.as_deref(), Some("gpt-4o"));
    assert_eq!(info[0].max_input_tokens, Some(128000));
    assert_eq!(info[0].output_cost_per_token, Some(1e-05));
    assert_eq!(info[0].supports_response_schema, Some(true));
    assert_eq!(info[0].supports_reasoning, Some(false));
    assert_eq!(info[1].max_input_tokens, Some(8192));
    assert_eq!((info[2].max_input_tokens, info[2].supports_function_calling), (None, None));
    assert!(client.models_json(None).unwrap().starts_with(r#"{"models":[{"id":"gpt-4o""#));
}

#[test]
fn health_and_a_missing_route() {
    let server = FakeServer::start();
    let health = server.client().health().unwrap();
    assert!(health.healthy);
    assert_eq!(health.status.as_deref(), Some("healthy"));
    assert_eq!(health.litellm_version.as_deref(), Some("1.74.0-fake"));
    assert_eq!(health.db.as_deref(), Some("Not connected"));
    let bare = Client::new(
        &ClientOptions::new().base_url(format!("{}/bare", server.base_url)).max_retries(0),
    )
    .unwrap();
    let e = bare.health().unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::HttpStatus, Some(404)));
    assert_eq!(bare.model_info().unwrap_err().http_status(), Some(404));
}

#[test]
fn the_asynchronous_forms() {
    let server = FakeServer::start();
    let client = server.client();
    let vectors =
        block_on(client.embed_async(&EmbedRequest::new("m", ["alpha"]).dimensions(8))).unwrap();
    assert_same_bits("async", &fake_vector("alpha", 8), &vectors[0]);
    assert!(block_on(client.health_async()).unwrap().healthy);
    assert_eq!(block_on(client.models_async()).unwrap().len(), 3);
    assert_eq!(block_on(client.model_info_async()).unwrap()[0].id, "d1f0c0ffee");
    let bad =
        block_on(client.embed_async(&EmbedRequest::new("m", Vec::<String>::new()))).unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn cancel_by_request_id_ends_an_embed() {
    let server = FakeServer::start();
    let client = std::sync::Arc::new(server.client());
    let canceller = std::sync::Arc::clone(&client);
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        canceller.cancel("rs-embed-cancel").unwrap();
    });
    let start = Instant::now();
    let e = client
        .embed(&EmbedRequest::new("slow-20000", ["x"]).request_id("rs-embed-cancel"))
        .unwrap_err();
    thread.join().unwrap();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}
