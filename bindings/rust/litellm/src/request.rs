//! Request builders: typed requests that write the request JSON, and the input traits that let
//! a [`Client`](crate::Client) method take either a typed request or the JSON text. The views
//! of what the library answers are in `response.rs`.

use std::borrow::Cow;

use crate::error::Result;
use crate::json;
use crate::response::{Response, RunResponse};

mod sealed {
    /// Keeps [`GenerateInput`](super::GenerateInput) and [`RunInput`](super::RunInput) closed:
    /// their hidden methods are an implementation detail that may change.
    pub trait Sealed {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl Sealed for super::GenerateRequest {}
    impl Sealed for super::RunRequest {}
}

/// What [`Client::generate`](crate::Client::generate) and the other generate methods accept,
/// and what they answer with:
///
/// | input | a successful call returns |
/// | --- | --- |
/// | [`GenerateRequest`] | a [`Response`] |
/// | `str` or `String` (the request JSON text) | the response document as a `String` |
///
/// So `client.generate(&request)` is typed, and `client.generate(&request.to_json())` (or
/// [`Client::generate_json`](crate::Client::generate_json)) is the raw form, for fields the
/// typed view does not cover. Sealed: it cannot be implemented outside this crate.
pub trait GenerateInput: sealed::Sealed {
    /// What a successful call returns for this input.
    type Output;
    /// The request JSON text.
    #[doc(hidden)]
    fn request_json(&self) -> Cow<'_, str>;
    /// Turns the response document into [`Self::Output`].
    #[doc(hidden)]
    fn output(document: String) -> Result<Self::Output>;
}

/// What [`Client::run`](crate::Client::run) and [`Client::run_async`](crate::Client::run_async)
/// accept, and what they answer with:
///
/// | input | a successful call returns |
/// | --- | --- |
/// | [`RunRequest`] | a [`RunResponse`] |
/// | `str` or `String` (the request JSON text) | the run result document as a `String` |
///
/// Sealed: it cannot be implemented outside this crate.
pub trait RunInput: sealed::Sealed {
    /// What a successful call returns for this input.
    type Output;
    /// The request JSON text.
    #[doc(hidden)]
    fn request_json(&self) -> Cow<'_, str>;
    /// Turns the run result document into [`Self::Output`].
    #[doc(hidden)]
    fn output(document: String) -> Result<Self::Output>;
}

impl GenerateInput for str {
    type Output = String;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn output(document: String) -> Result<String> {
        Ok(document)
    }
}

impl GenerateInput for String {
    type Output = String;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn output(document: String) -> Result<String> {
        Ok(document)
    }
}

impl GenerateInput for GenerateRequest {
    type Output = Response;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_json())
    }
    fn output(document: String) -> Result<Response> {
        Response::from_json(&document)
    }
}

impl RunInput for str {
    type Output = String;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn output(document: String) -> Result<String> {
        Ok(document)
    }
}

impl RunInput for String {
    type Output = String;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn output(document: String) -> Result<String> {
        Ok(document)
    }
}

impl RunInput for RunRequest {
    type Output = RunResponse;
    fn request_json(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_json())
    }
    fn output(document: String) -> Result<RunResponse> {
        RunResponse::from_json(&document)
    }
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `system`, `user`, `assistant` or `tool`.
    pub role: String,
    /// The text.
    pub content: String,
    /// When set, the message is sent as this JSON object text instead, unchanged: an
    /// assistant message as a response returned it ([`Response::message_json`]), with its
    /// reasoning, thinking blocks and provider fields, which some providers need back.
    ///
    /// [`Response::message_json`]: crate::Response::message_json
    pub raw: Option<String>,
}

impl Message {
    /// A message with this role and text.
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Message {
        Message { role: role.into(), content: content.into(), raw: None }
    }

    /// A message sent as this JSON object text, unchanged (e.g. a previous response's
    /// [`message_json`](crate::Response::message_json)).
    pub fn raw(json: impl Into<String>) -> Message {
        Message { role: "assistant".into(), content: String::new(), raw: Some(json.into()) }
    }
}

/// Appends `,"key":` (or `"key":` first) to an object being written.
pub(crate) fn key(out: &mut String, name: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    json::push_quoted(out, name);
    out.push(':');
}

pub(crate) fn opt_str(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        key(out, name);
        json::push_quoted(out, v);
    }
}

pub(crate) fn opt_num(out: &mut String, name: &str, value: Option<f64>) {
    if let Some(v) = value {
        key(out, name);
        json::push_number(out, v);
    }
}

pub(crate) fn extras(out: &mut String, extra: &[(String, String)]) {
    for (name, raw) in extra {
        key(out, name);
        out.push_str(raw);
    }
}

/// Builder for a `litellm_generate` / `litellm_generate_stream` request.
///
/// ```
/// let req = litellm::GenerateRequest::new("gpt-4o-mini")
///     .system("You are terse.")
///     .user("Hello")
///     .max_tokens(64)
///     .extra("seed", "7");
/// assert!(req.to_json().starts_with(r#"{"model":"gpt-4o-mini","messages":[{"role":"user""#));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GenerateRequest {
    /// The model, as the proxy names it (e.g. `gpt-4o-mini`, `litellm:gpt-4o`).
    pub model: String,
    /// The conversation, in order.
    pub messages: Vec<Message>,
    /// A system prompt, before the messages.
    pub system: Option<String>,
    /// The most tokens to generate.
    pub max_tokens: Option<u32>,
    /// Sampling temperature.
    pub temperature: Option<f64>,
    /// An id of the caller's choice, for [`Client::cancel`](crate::Client::cancel) and logs.
    pub request_id: Option<String>,
    /// Canned answer; no network call (LiteLLM's convention).
    pub mock_response: Option<String>,
    /// Further request fields as `(name, raw JSON text)`, written verbatim (e.g.
    /// `("stop", r#"["\n\n"]"#)`, `("tools", ...)`, `("timeout_ms", "30000")`). The text is
    /// not checked here; the library rejects malformed JSON and unknown fields.
    pub extra: Vec<(String, String)>,
}

impl GenerateRequest {
    /// A request to `model` with no messages yet.
    pub fn new(model: impl Into<String>) -> GenerateRequest {
        GenerateRequest { model: model.into(), ..GenerateRequest::default() }
    }

    /// Appends a message with any role.
    pub fn message(mut self, role: impl Into<String>, content: impl Into<String>) -> Self {
        self.messages.push(Message::new(role, content));
        self
    }

    /// Appends a `user` message.
    pub fn user(self, content: impl Into<String>) -> Self {
        self.message("user", content)
    }

    /// Appends an `assistant` message.
    pub fn assistant(self, content: impl Into<String>) -> Self {
        self.message("assistant", content)
    }

    /// Appends a message given as JSON object text, sent unchanged: a previous response's
    /// [`message_json`](crate::Response::message_json), so that a tool loop hands the model
    /// back its own turn as it came (docs/documents.md#generate-request).
    pub fn message_json(mut self, json: impl Into<String>) -> Self {
        self.messages.push(Message::raw(json));
        self
    }

    /// Sets [`GenerateRequest::system`].
    pub fn system(mut self, system: impl Into<String>) -> Self {
        self.system = Some(system.into());
        self
    }

    /// Sets [`GenerateRequest::max_tokens`].
    pub fn max_tokens(mut self, n: u32) -> Self {
        self.max_tokens = Some(n);
        self
    }

    /// Sets [`GenerateRequest::temperature`].
    pub fn temperature(mut self, t: f64) -> Self {
        self.temperature = Some(t);
        self
    }

    /// Sets [`GenerateRequest::request_id`].
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Sets [`GenerateRequest::mock_response`].
    pub fn mock_response(mut self, text: impl Into<String>) -> Self {
        self.mock_response = Some(text.into());
        self
    }

    /// Adds a field with a raw JSON value, written verbatim.
    pub fn extra(mut self, name: impl Into<String>, raw_json: impl Into<String>) -> Self {
        self.extra.push((name.into(), raw_json.into()));
        self
    }

    /// The request JSON object.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        key(&mut out, "model");
        json::push_quoted(&mut out, &self.model);
        key(&mut out, "messages");
        out.push('[');
        for (i, m) in self.messages.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if let Some(raw) = &m.raw {
                out.push_str(raw);
                continue;
            }
            out.push_str("{\"role\":");
            json::push_quoted(&mut out, &m.role);
            out.push_str(",\"content\":");
            json::push_quoted(&mut out, &m.content);
            out.push('}');
        }
        out.push(']');
        opt_str(&mut out, "system", &self.system);
        opt_num(&mut out, "max_tokens", self.max_tokens.map(f64::from));
        opt_num(&mut out, "temperature", self.temperature);
        opt_str(&mut out, "request_id", &self.request_id);
        opt_str(&mut out, "mock_response", &self.mock_response);
        extras(&mut out, &self.extra);
        out.push('}');
        out
    }
}

/// What a run asks the server for ([`RunRequest::json_mode`]; docs/documents.md#run-request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum JsonMode {
    /// No `response_format` (the default).
    #[default]
    Off,
    /// `response_format: {"type": "json_object"}`.
    JsonObject,
    /// The result schema as a `json_schema` response format; a model that refuses it is asked
    /// again with `json_object` and the schema in the system message, and the client
    /// remembers that it takes no schema.
    JsonSchema,
    /// As [`JsonMode::JsonSchema`]: the strongest format each model accepts.
    Auto,
}

impl JsonMode {
    /// The request's `json_mode` value as JSON text.
    fn as_json(self) -> &'static str {
        match self {
            JsonMode::Off => "false",
            JsonMode::JsonObject => "\"json_object\"",
            JsonMode::JsonSchema => "\"json_schema\"",
            JsonMode::Auto => "\"auto\"",
        }
    }
}

/// `true` is [`JsonMode::JsonObject`] and `false` [`JsonMode::Off`], as the request's
/// `json_mode: true / false`.
impl From<bool> for JsonMode {
    fn from(on: bool) -> JsonMode {
        if on {
            JsonMode::JsonObject
        } else {
            JsonMode::Off
        }
    }
}

/// Builder for a `litellm_run` request (the executor).
///
/// ```
/// let req = litellm::RunRequest::new(["small-model", "big-model"])
///     .skill_prompt("You classify tickets. Answer with a Result object.")
///     .task_prompt("Ticket: my invoice is wrong")
///     .min_confidence(0.6);
/// assert!(req.to_json().starts_with(r#"{"models":["small-model","big-model"]"#));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunRequest {
    /// Tried in order; a failure on one escalates to the next.
    pub models: Vec<String>,
    /// The instructions: what to do and the shape of the answer (the system message).
    pub skill_prompt: Option<String>,
    /// The input to work on (the user message).
    pub task_prompt: Option<String>,
    /// A JSON Schema (subset) as raw JSON text; absent: the default Result schema.
    pub result_schema: Option<String>,
    /// A result whose `confidence` is below this escalates to the next model.
    pub min_confidence: Option<f64>,
    /// What to ask the server for (absent: [`JsonMode::Off`], the library's default).
    pub json_mode: Option<JsonMode>,
    /// How many times a model is asked to fix an answer that is not JSON or fails the schema
    /// (0 to 10; absent: the library's default, 1).
    pub repair_attempts: Option<u32>,
    /// Once the run has cost this much (USD), it climbs no further.
    pub max_cost_usd: Option<f64>,
    /// An id of the caller's choice, for [`Client::cancel`](crate::Client::cancel) and logs.
    pub request_id: Option<String>,
    /// Further fields as `(name, raw JSON text)`, written verbatim (e.g. `("strict_json",
    /// "true")`, `("max_tokens", "512")`).
    pub extra: Vec<(String, String)>,
}

impl RunRequest {
    /// A run over these models, tried in order.
    pub fn new<I, S>(models: I) -> RunRequest
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        RunRequest { models: models.into_iter().map(Into::into).collect(), ..RunRequest::default() }
    }

    /// Sets [`RunRequest::skill_prompt`].
    pub fn skill_prompt(mut self, text: impl Into<String>) -> Self {
        self.skill_prompt = Some(text.into());
        self
    }

    /// Sets [`RunRequest::task_prompt`].
    pub fn task_prompt(mut self, text: impl Into<String>) -> Self {
        self.task_prompt = Some(text.into());
        self
    }

    /// The result schema as raw JSON text, written verbatim.
    pub fn result_schema(mut self, raw_json: impl Into<String>) -> Self {
        self.result_schema = Some(raw_json.into());
        self
    }

    /// Sets [`RunRequest::min_confidence`].
    pub fn min_confidence(mut self, c: f64) -> Self {
        self.min_confidence = Some(c);
        self
    }

    /// Sets [`RunRequest::json_mode`]: a [`JsonMode`], or `true` / `false` for
    /// [`JsonMode::JsonObject`] / [`JsonMode::Off`].
    pub fn json_mode(mut self, mode: impl Into<JsonMode>) -> Self {
        self.json_mode = Some(mode.into());
        self
    }

    /// Sets [`RunRequest::repair_attempts`] (0: escalate at once).
    pub fn repair_attempts(mut self, n: u32) -> Self {
        self.repair_attempts = Some(n);
        self
    }

    /// Sets [`RunRequest::max_cost_usd`].
    pub fn max_cost_usd(mut self, usd: f64) -> Self {
        self.max_cost_usd = Some(usd);
        self
    }

    /// Sets [`RunRequest::request_id`].
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Adds a field with a raw JSON value, written verbatim.
    pub fn extra(mut self, name: impl Into<String>, raw_json: impl Into<String>) -> Self {
        self.extra.push((name.into(), raw_json.into()));
        self
    }

    /// The request JSON object.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        key(&mut out, "models");
        out.push('[');
        for (i, m) in self.models.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::push_quoted(&mut out, m);
        }
        out.push(']');
        opt_str(&mut out, "skill_prompt", &self.skill_prompt);
        opt_str(&mut out, "task_prompt", &self.task_prompt);
        if let Some(schema) = &self.result_schema {
            key(&mut out, "result_schema");
            out.push_str(schema);
        }
        opt_num(&mut out, "min_confidence", self.min_confidence);
        if let Some(mode) = self.json_mode {
            key(&mut out, "json_mode");
            out.push_str(mode.as_json());
        }
        if let Some(n) = self.repair_attempts {
            key(&mut out, "repair_attempts");
            out.push_str(&n.to_string());
        }
        opt_num(&mut out, "max_cost_usd", self.max_cost_usd);
        opt_str(&mut out, "request_id", &self.request_id);
        extras(&mut out, &self.extra);
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    #[test]
    fn generate_request_json() {
        let req = GenerateRequest::new("m\"1")
            .system("sys")
            .user("a\nb")
            .assistant("ok")
            .max_tokens(5)
            .temperature(0.5)
            .request_id("r-1")
            .mock_response("canned")
            .extra("stop", r#"["\n\n"]"#);
        let j = Json::parse(&req.to_json()).unwrap();
        assert_eq!(j.get("model").unwrap().as_str(), Some("m\"1"));
        assert_eq!(
            j.get("messages").unwrap().at(0).unwrap().get("content").unwrap().as_str(),
            Some("a\nb")
        );
        assert_eq!(
            j.get("messages").unwrap().at(1).unwrap().get("role").unwrap().as_str(),
            Some("assistant")
        );
        assert_eq!(j.get("max_tokens").unwrap().as_u64(), Some(5));
        assert_eq!(j.get("temperature").unwrap().as_f64(), Some(0.5));
        assert_eq!(j.get("stop").unwrap().at(0).unwrap().as_str(), Some("\n\n"));
        assert_eq!(j.get("mock_response").unwrap().as_str(), Some("canned"));
        // Minimal request.
        assert_eq!(GenerateRequest::new("x").to_json(), r#"{"model":"x","messages":[]}"#);
    }

    #[test]
    fn run_request_json() {
        let req = RunRequest::new(["a", "b"])
            .skill_prompt("s")
            .task_prompt("t")
            .result_schema(r#"{"type":"object"}"#)
            .min_confidence(0.25)
            .json_mode(true)
            .request_id("id")
            .extra("strict_json", "true");
        let j = Json::parse(&req.to_json()).unwrap();
        assert_eq!(j.get("models").unwrap().at(1).unwrap().as_str(), Some("b"));
        assert_eq!(j.get("result_schema").unwrap().get("type").unwrap().as_str(), Some("object"));
        assert_eq!(j.get("min_confidence").unwrap().as_f64(), Some(0.25));
        assert_eq!(j.get("json_mode").unwrap().as_str(), Some("json_object"));
        assert_eq!(j.get("strict_json").unwrap().as_bool(), Some(true));
        assert!(j.get("repair_attempts").is_none());

        let ladder = RunRequest::new(["a"])
            .json_mode(JsonMode::Auto)
            .repair_attempts(0)
            .max_cost_usd(0.05)
            .to_json();
        let j = Json::parse(&ladder).unwrap();
        assert_eq!(j.get("json_mode").unwrap().as_str(), Some("auto"));
        assert_eq!(j.get("repair_attempts").unwrap().as_u64(), Some(0));
        assert_eq!(j.get("max_cost_usd").unwrap().as_f64(), Some(0.05));
        let off = RunRequest::new(["a"]).json_mode(false).to_json();
        assert_eq!(Json::parse(&off).unwrap().get("json_mode").unwrap().as_bool(), Some(false));
        assert_eq!(
            Json::parse(&RunRequest::new(["a"]).json_mode(JsonMode::JsonSchema).to_json())
                .unwrap()
                .get("json_mode")
                .unwrap()
                .as_str(),
            Some("json_schema")
        );
    }
}
