//! liblitellm from Rust: one chat completion, one streamed completion, one executor run.
//!
//! Configuration comes from the environment:
//!   LITELLM_BASE_URL  the LiteLLM proxy (default http://localhost:4000)
//!   LITELLM_API_KEY   its key (default: none)
//!   LITELLM_MODEL     the model to ask (default gpt-4o-mini)

use std::io::Write;

use litellm::{
    Client, ClientOptions, GenerateRequest, Response, RunRequest, RunResponse, StreamEvent,
};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(e.status);
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
    let response = Response::from_json(&client.generate(&request.to_json())?)?;
    println!("generate: {}", response.content);
    println!(
        "  ({} tokens in, {} out, stop: {})\n",
        response.input_tokens, response.output_tokens, response.stop_reason
    );

    // 2. Streaming: the closure sees each piece as it arrives; return false to stop.
    let request = GenerateRequest::new(&model).user("Count from 1 to 5.").max_tokens(64);
    print!("stream: ");
    client.generate_stream_events(&request.to_json(), |event| {
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
    let result = RunResponse::from_json(&client.run(&request.to_json())?)?;
    println!(
        "run: {} (model {}, {} escalations)",
        result.result,
        result.model.unwrap_or_default(),
        result.escalations.len()
    );
    Ok(())
}
