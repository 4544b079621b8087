//! Minimal typed views of the documents the library returns (response, run result, stream
//! events). The `&str` entry points of [`Client`](crate::Client) take and return the full
//! documents, so anything not covered here stays reachable; each view also keeps the whole
//! document as [`Json`].

use crate::error::{Error, ErrorKind, Result};
use crate::json::Json;

fn parse_document(what: &str, text: &str) -> Result<Json> {
    let doc = Json::parse(text)
        .map_err(|e| Error::new(ErrorKind::BadResponse, format!("{what} is not JSON: {e}")))?;
    if doc.as_object().is_none() {
        return Err(Error::new(ErrorKind::BadResponse, format!("{what} is not a JSON object")));
    }
    Ok(doc)
}

fn string_field(doc: &Json, name: &str) -> Option<String> {
    doc.get(name).and_then(Json::as_str).map(str::to_string)
}

/// A tool call of a [`Response`].
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// The call's id, to answer it with a `tool` message.
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// The parsed JSON when the model produced valid JSON, else the raw string.
    pub arguments: Json,
}

/// A minimal view of a response document (`litellm_generate`, the stream's `done` event).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The assistant text (`""` when there was none).
    pub content: String,
    /// `end_turn`, `tool_use`, `max_tokens` or `content_filter`.
    pub stop_reason: String,
    /// Prompt tokens, as the server counted them.
    pub input_tokens: u64,
    /// Completion tokens, as the server counted them.
    pub output_tokens: u64,
    /// The model that answered, as the server named it.
    pub model: Option<String>,
    /// The tool calls the model asked for, in order.
    pub tool_calls: Vec<ToolCall>,
    /// The model's reasoning text, when the server sent one.
    pub reasoning_content: Option<String>,
    /// The message's thinking blocks as received (Anthropic's, with their signatures).
    pub thinking_blocks: Option<Vec<Json>>,
    /// The assistant message exactly as received, every member included; send it back with
    /// [`GenerateRequest::message_json`](crate::GenerateRequest::message_json) and
    /// [`Response::message_json`].
    pub message: Json,
    /// Prompt tokens served from the provider's cache.
    pub cached_tokens: u64,
    /// Prompt tokens written to the provider's cache.
    pub cache_creation_tokens: u64,
    /// Completion tokens spent on reasoning.
    pub reasoning_tokens: u64,
    /// The completion's id, as the server gave it.
    pub id: Option<String>,
    /// The call's cost (USD): LiteLLM's `x-litellm-response-cost`, else `usage.cost`.
    pub cost_usd: Option<f64>,
    /// The key's spend after this call (`x-litellm-key-spend`).
    pub key_spend_usd: Option<f64>,
    /// The key's budget (`x-litellm-key-max-budget`).
    pub key_max_budget_usd: Option<f64>,
    /// The proxy's own retries (`x-litellm-attempted-retries`).
    pub attempted_retries: Option<u64>,
    /// The fallbacks the proxy tried (`x-litellm-attempted-fallbacks`).
    pub attempted_fallbacks: Option<u64>,
    /// The whole document, for the other fields (`finish_reason`, `attempts`, ...).
    pub json: Json,
}

impl Response {
    /// Reads a response document. Fails with [`ErrorKind::BadResponse`] when it is not a JSON
    /// object.
    pub fn from_json(text: &str) -> Result<Response> {
        let json = parse_document("response document", text)?;
        let tool_calls = json
            .get("tool_calls")
            .and_then(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .map(|call| ToolCall {
                id: string_field(call, "id").unwrap_or_default(),
                name: string_field(call, "name").unwrap_or_default(),
                arguments: call.get("arguments").cloned().unwrap_or(Json::Null),
            })
            .collect();
        Ok(Response {
            content: string_field(&json, "content").unwrap_or_default(),
            stop_reason: string_field(&json, "stop_reason").unwrap_or_default(),
            input_tokens: json.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
            output_tokens: json.get("output_tokens").and_then(Json::as_u64).unwrap_or(0),
            model: string_field(&json, "model"),
            tool_calls,
            reasoning_content: string_field(&json, "reasoning_content"),
            thinking_blocks: json
                .get("thinking_blocks")
                .and_then(Json::as_array)
                .map(<[Json]>::to_vec),
            message: json.get("message").cloned().unwrap_or(Json::Null),
            cached_tokens: json.get("cached_tokens").and_then(Json::as_u64).unwrap_or(0),
            cache_creation_tokens: json
                .get("cache_creation_tokens")
                .and_then(Json::as_u64)
                .unwrap_or(0),
            reasoning_tokens: json.get("reasoning_tokens").and_then(Json::as_u64).unwrap_or(0),
            id: string_field(&json, "id"),
            cost_usd: json.get("cost_usd").and_then(Json::as_f64),
            key_spend_usd: json.get("key_spend_usd").and_then(Json::as_f64),
            key_max_budget_usd: json.get("key_max_budget_usd").and_then(Json::as_f64),
            attempted_retries: json.get("attempted_retries").and_then(Json::as_u64),
            attempted_fallbacks: json.get("attempted_fallbacks").and_then(Json::as_u64),
            json,
        })
    }

    /// The assistant message as JSON text, to append to the next request's messages
    /// unchanged ([`GenerateRequest::message_json`](crate::GenerateRequest::message_json)).
    pub fn message_json(&self) -> String {
        self.message.to_json()
    }
}

/// A minimal view of a `litellm_run` result document.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResponse {
    /// The validated result object (`{"status": "success", "output": ..., ...}`).
    pub result: Json,
    /// The model that produced it.
    pub model: Option<String>,
    /// One entry per model that failed before it: `{"model", "error": {...}}`.
    pub escalations: Vec<Json>,
    /// Every request the run made, in order.
    pub attempts: Vec<Attempt>,
    /// Prompt tokens: the sum over [`RunResponse::attempts`].
    pub input_tokens: u64,
    /// Completion tokens: the sum over [`RunResponse::attempts`].
    pub output_tokens: u64,
    /// What the run cost (USD): the sum over [`RunResponse::attempts`]; `None` when no
    /// answer reported a cost.
    pub cost_usd: Option<f64>,
    /// The whole document.
    pub json: Json,
}

/// One request of a run: an entry of [`RunResponse::attempts`], or of
/// [`Error::run_attempts`](crate::Error::run_attempts) for a run that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The model asked.
    pub model: String,
    /// `"ok"`, or the kind of the error the request (or its answer) ended in, e.g.
    /// `"invalid_result"` or `"http_status"`.
    pub kind: String,
    /// 0 for the model's first answer, n for its n-th repair.
    pub repair: u32,
    /// What the request asked for: `"off"`, `"json_object"` or `"json_schema"`.
    pub json_mode: String,
    /// Prompt tokens of its answer (0 when it failed).
    pub input_tokens: u64,
    /// Completion tokens of its answer.
    pub output_tokens: u64,
    /// Its cost (USD), when the server reported one.
    pub cost_usd: Option<f64>,
    /// How long it took, in milliseconds.
    pub latency_ms: f64,
}

impl Attempt {
    /// The entries of a JSON array of attempts (missing or malformed members read as empty).
    pub(crate) fn list(array: Option<&Json>) -> Vec<Attempt> {
        array
            .and_then(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .map(|a| Attempt {
                model: string_field(a, "model").unwrap_or_default(),
                kind: string_field(a, "kind").unwrap_or_default(),
                repair: a
                    .get("repair")
                    .and_then(Json::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0),
                json_mode: string_field(a, "json_mode").unwrap_or_default(),
                input_tokens: a.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
                output_tokens: a.get("output_tokens").and_then(Json::as_u64).unwrap_or(0),
                cost_usd: a.get("cost_usd").and_then(Json::as_f64),
                latency_ms: a.get("latency_ms").and_then(Json::as_f64).unwrap_or(0.0),
            })
            .collect()
    }
}

impl RunResponse {
    /// Reads a run result document. Fails with [`ErrorKind::BadResponse`] when it is not a
    /// JSON object.
    pub fn from_json(text: &str) -> Result<RunResponse> {
        let json = parse_document("run result document", text)?;
        Ok(RunResponse {
            result: json.get("result").cloned().unwrap_or(Json::Null),
            model: string_field(&json, "model"),
            escalations: json.get("escalations").and_then(Json::as_array).unwrap_or(&[]).to_vec(),
            attempts: Attempt::list(json.get("attempts")),
            input_tokens: json.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
            output_tokens: json.get("output_tokens").and_then(Json::as_u64).unwrap_or(0),
            cost_usd: json.get("cost_usd").and_then(Json::as_f64),
            json,
        })
    }
}

/// One event of [`Client::generate_stream_events`](crate::Client::generate_stream_events).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// A piece of assistant text.
    Delta(String),
    /// A piece of the model's reasoning, before the text.
    ReasoningDelta(String),
    /// A fragment of a tool call; `id` and `name` come once, in the fragment that brings them
    /// (usually the first of its `index`), and are `None` in the others. Concatenate
    /// `arguments` per index; the calls are numbered 0, 1, ... as they first appear.
    ToolCallDelta {
        /// Which tool call of the response this fragment belongs to.
        index: u32,
        /// The call's id, in its first fragment only.
        id: Option<String>,
        /// The tool's name, in its first fragment only.
        name: Option<String>,
        /// The next piece of the arguments' JSON text.
        arguments: String,
    },
    /// The last event: the aggregated response document as JSON text (see [`Response`]).
    Done(String),
    /// An event type this binding does not know, as its JSON text.
    Other(String),
}

impl StreamEvent {
    /// Parses one event's JSON text.
    pub fn parse(text: &str) -> Result<StreamEvent> {
        let json = parse_document("stream event", text)?;
        Ok(match json.get("type").and_then(Json::as_str) {
            Some("delta") => StreamEvent::Delta(string_field(&json, "content").unwrap_or_default()),
            Some("reasoning_delta") => {
                StreamEvent::ReasoningDelta(string_field(&json, "content").unwrap_or_default())
            }
            Some("tool_call_delta") => StreamEvent::ToolCallDelta {
                index: json
                    .get("index")
                    .and_then(Json::as_u64)
                    .and_then(|i| u32::try_from(i).ok())
                    .unwrap_or(0),
                id: string_field(&json, "id"),
                name: string_field(&json, "name"),
                arguments: string_field(&json, "arguments").unwrap_or_default(),
            },
            Some("done") => {
                StreamEvent::Done(json.get("response").map(Json::to_json).unwrap_or_default())
            }
            _ => StreamEvent::Other(text.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_events() {
        assert_eq!(
            StreamEvent::parse(r#"{"type":"delta","content":"Hi"}"#).unwrap(),
            StreamEvent::Delta("Hi".into())
        );
        assert_eq!(
            StreamEvent::parse(
                r#"{"type":"tool_call_delta","index":1,"id":null,"name":null,"arguments":"{\"ci"}"#
            )
            .unwrap(),
            StreamEvent::ToolCallDelta {
                index: 1,
                id: None,
                name: None,
                arguments: "{\"ci".into()
            }
        );
        let done =
            StreamEvent::parse(r#"{"type":"done","response":{"content":"Hi","input_tokens":3}}"#)
                .unwrap();
        let StreamEvent::Done(doc) = done else { panic!("{done:?}") };
        let r = Response::from_json(&doc).unwrap();
        assert_eq!((r.content.as_str(), r.input_tokens), ("Hi", 3));
        assert_eq!(
            StreamEvent::parse(r#"{"type":"reasoning_delta","content":"Hm"}"#).unwrap(),
            StreamEvent::ReasoningDelta("Hm".into())
        );
        assert!(matches!(StreamEvent::parse(r#"{"type":"new"}"#).unwrap(), StreamEvent::Other(_)));
        assert_eq!(StreamEvent::parse("nope").unwrap_err().kind(), ErrorKind::BadResponse);
    }

    #[test]
    fn run_response_view() {
        let r = RunResponse::from_json(
            r#"{"result":{"status":"success"},"model":"b","escalations":[{"model":"a","error":{}}],
                "attempts":[{"model":"a","kind":"http_status","repair":0,"json_mode":"json_schema",
                             "input_tokens":0,"output_tokens":0,"cost_usd":null,"latency_ms":3.5},
                            {"model":"b","kind":"ok","repair":1,"json_mode":"json_object",
                             "input_tokens":7,"output_tokens":2,"cost_usd":0.25,"latency_ms":9}],
                "input_tokens":7,"output_tokens":2,"cost_usd":0.25}"#,
        )
        .unwrap();
        assert_eq!(r.attempts.len(), 2);
        assert_eq!((r.attempts[0].kind.as_str(), r.attempts[0].cost_usd), ("http_status", None));
        assert_eq!(r.attempts[1].repair, 1);
        assert_eq!(r.attempts[1].json_mode, "json_object");
        assert_eq!(r.attempts[1].cost_usd, Some(0.25));
        assert_eq!(r.attempts[1].latency_ms, 9.0);
        assert_eq!(r.cost_usd, Some(0.25));
    }

    #[test]
    fn response_view() {
        let r = Response::from_json(
            r#"{"content":"","tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Oslo"}}],
                "input_tokens":12,"output_tokens":3,"model":"gpt","stop_reason":"tool_use"}"#,
        )
        .unwrap();
        assert_eq!(r.tool_calls[0].name, "get_weather");
        assert_eq!(r.tool_calls[0].arguments.get("city").unwrap().as_str(), Some("Oslo"));
        assert_eq!(r.stop_reason, "tool_use");
        assert_eq!(r.model.as_deref(), Some("gpt"));
    }
}
