//! The typed views keep up with the contract in docs/schema: every member a schema gives a
//! document is either a field of its typed view or listed here as read from the raw JSON
//! (`.json`) only. The views are destructured without `..`, so a field added to a view must be
//! listed too; a member added to a schema and to neither list fails the test.

use litellm::{
    Attempt, Embeddings, Health, Json, Model, ModelInfo, Response, RunResponse, ToolCall,
};

fn schema_members(file: &str, property: Option<&str>) -> Vec<String> {
    let path = format!("{}/../../../docs/schema/{}", env!("CARGO_MANIFEST_DIR"), file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let schema = Json::parse(&text).expect("a schema is JSON");
    let mut node = &schema;
    if let Some(p) = property {
        node = node.get("properties").and_then(|ps| ps.get(p)).expect("the property");
        if let Some(items) = node.get("items") {
            node = items;
        }
    }
    let mut names: Vec<String> = node
        .get("properties")
        .and_then(Json::as_object)
        .expect("properties")
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    names.sort();
    names
}

fn check(what: &str, schema: Vec<String>, typed: &[&str], raw_only: &[&str]) {
    let mut covered: Vec<String> = typed.iter().chain(raw_only).map(|s| s.to_string()).collect();
    covered.sort();
    assert_eq!(schema, covered, "{what}: the schema's members vs the typed fields + raw-only list");
}

#[test]
fn typed_views_match_the_schemas() {
    // Destructured without `..`: a new field of a view breaks the build until it is listed below.
    let _ = |r: Response| {
        let Response {
            content: _,
            stop_reason: _,
            input_tokens: _,
            output_tokens: _,
            model: _,
            tool_calls: _,
            reasoning_content: _,
            thinking_blocks: _,
            message: _,
            cached_tokens: _,
            cache_creation_tokens: _,
            reasoning_tokens: _,
            id: _,
            cost_usd: _,
            key_spend_usd: _,
            key_max_budget_usd: _,
            attempted_retries: _,
            attempted_fallbacks: _,
            json: _,
        } = r;
    };
    check(
        "Response",
        schema_members("response.schema.json", None),
        &[
            "content",
            "stop_reason",
            "input_tokens",
            "output_tokens",
            "model",
            "tool_calls",
            "reasoning_content",
            "thinking_blocks",
            "message",
            "cached_tokens",
            "cache_creation_tokens",
            "reasoning_tokens",
            "id",
            "cost_usd",
            "key_spend_usd",
            "key_max_budget_usd",
            "attempted_retries",
            "attempted_fallbacks",
        ],
        &[
            "finish_reason",
            "call_id",
            "model_id",
            "rate_limit",
            "server_request_id",
            "attempts",
            "latency_ms",
        ],
    );

    let _ = |c: ToolCall| {
        let ToolCall { id: _, name: _, arguments: _ } = c;
    };
    check(
        "ToolCall",
        schema_members("response.schema.json", Some("tool_calls")),
        &["id", "name", "arguments"],
        &[],
    );

    let _ = |r: RunResponse| {
        let RunResponse {
            result: _,
            model: _,
            escalations: _,
            attempts: _,
            input_tokens: _,
            output_tokens: _,
            cost_usd: _,
            json: _,
        } = r;
    };
    check(
        "RunResponse",
        schema_members("run-result.schema.json", None),
        &[
            "result",
            "model",
            "escalations",
            "attempts",
            "input_tokens",
            "output_tokens",
            "cost_usd",
        ],
        &[],
    );

    let _ = |a: Attempt| {
        let Attempt {
            model: _,
            kind: _,
            repair: _,
            json_mode: _,
            input_tokens: _,
            output_tokens: _,
            cost_usd: _,
            latency_ms: _,
        } = a;
    };
    check(
        "Attempt",
        schema_members("attempt.schema.json", None),
        &[
            "model",
            "kind",
            "repair",
            "json_mode",
            "input_tokens",
            "output_tokens",
            "cost_usd",
            "latency_ms",
        ],
        &[],
    );

    let _ = |e: Embeddings| {
        let Embeddings {
            vectors: _,
            model: _,
            input_tokens: _,
            cost_usd: _,
            call_id: _,
            attempts: _,
            latency_ms: _,
        } = e;
    };
    check(
        "Embeddings",
        schema_members("embed-response.schema.json", None),
        &["embeddings", "model", "input_tokens", "cost_usd", "call_id", "attempts", "latency_ms"],
        &[],
    );

    let _ = |m: Model| {
        let Model { id: _, owned_by: _ } = m;
    };
    check(
        "Model",
        schema_members("models-response.schema.json", Some("models")),
        &["id", "owned_by"],
        &[],
    );

    let _ = |m: ModelInfo| {
        let ModelInfo {
            id: _,
            model_group: _,
            max_input_tokens: _,
            max_output_tokens: _,
            input_cost_per_token: _,
            output_cost_per_token: _,
            supports_response_schema: _,
            supports_function_calling: _,
            supports_reasoning: _,
        } = m;
    };
    check(
        "ModelInfo",
        schema_members("model-info-response.schema.json", Some("models")),
        &[
            "id",
            "model_group",
            "max_input_tokens",
            "max_output_tokens",
            "input_cost_per_token",
            "output_cost_per_token",
            "supports_response_schema",
            "supports_function_calling",
            "supports_reasoning",
        ],
        &[],
    );

    let _ = |h: Health| {
        let Health { healthy: _, status: _, litellm_version: _, db: _, latency_ms: _ } = h;
    };
    check(
        "Health",
        schema_members("health-response.schema.json", None),
        &["healthy", "status", "litellm_version", "db", "latency_ms"],
        &[],
    );
}
