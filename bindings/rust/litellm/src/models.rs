//! [`Model`], [`ModelInfo`] and [`Health`]: the documents of `litellm_models` and
//! `litellm_health`.

use crate::error::{Error, ErrorKind, Result};
use crate::json::Json;

fn parse(what: &str, text: &str) -> Result<Json> {
    let doc = Json::parse(text)
        .map_err(|e| Error::new(ErrorKind::BadResponse, format!("{what} is not JSON: {e}")))?;
    if doc.as_object().is_none() {
        return Err(Error::new(ErrorKind::BadResponse, format!("{what} is not a JSON object")));
    }
    Ok(doc)
}

fn text(doc: &Json, name: &str) -> Option<String> {
    doc.get(name).and_then(Json::as_str).map(str::to_string)
}

fn entries<'a>(what: &str, doc: &'a Json) -> Result<&'a [Json]> {
    doc.get("models").and_then(Json::as_array).ok_or_else(|| {
        Error::new(ErrorKind::BadResponse, format!("{what} has no \"models\" array"))
    })
}

/// One model of [`Client::models`](crate::Client::models) (`/v1/models`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The name to send as a request's model.
    pub id: String,
    /// Who owns it, as the server says.
    pub owned_by: Option<String>,
}

impl Model {
    /// Reads a models response document (`{"models": [{"id", "owned_by"}]}`).
    pub fn list_from_json(document: &str) -> Result<Vec<Model>> {
        let doc = parse("models document", document)?;
        Ok(entries("models document", &doc)?
            .iter()
            .map(|m| Model { id: text(m, "id").unwrap_or_default(), owned_by: text(m, "owned_by") })
            .collect())
    }
}

/// One deployment of [`Client::model_info`](crate::Client::model_info), from LiteLLM's
/// `/v1/model/info`; `None` where LiteLLM does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInfo {
    /// The deployment's id (what a response's `model_id` names), else the model group.
    pub id: String,
    /// The name to send as a request's model; several deployments may share it.
    pub model_group: Option<String>,
    /// The most input tokens.
    pub max_input_tokens: Option<u64>,
    /// The most output tokens.
    pub max_output_tokens: Option<u64>,
    /// USD per input token.
    pub input_cost_per_token: Option<f64>,
    /// USD per output token.
    pub output_cost_per_token: Option<f64>,
    /// Takes `response_format: {"type": "json_schema", ...}`.
    pub supports_response_schema: Option<bool>,
    /// Takes tools.
    pub supports_function_calling: Option<bool>,
    /// Reasons before answering.
    pub supports_reasoning: Option<bool>,
}

impl ModelInfo {
    /// Reads a models response document of `{"info": true}`.
    pub fn list_from_json(document: &str) -> Result<Vec<ModelInfo>> {
        let doc = parse("model info document", document)?;
        Ok(entries("model info document", &doc)?
            .iter()
            .map(|m| ModelInfo {
                id: text(m, "id").unwrap_or_default(),
                model_group: text(m, "model_group"),
                max_input_tokens: m.get("max_input_tokens").and_then(Json::as_u64),
                max_output_tokens: m.get("max_output_tokens").and_then(Json::as_u64),
                input_cost_per_token: m.get("input_cost_per_token").and_then(Json::as_f64),
                output_cost_per_token: m.get("output_cost_per_token").and_then(Json::as_f64),
                supports_response_schema: m.get("supports_response_schema").and_then(Json::as_bool),
                supports_function_calling: m
                    .get("supports_function_calling")
                    .and_then(Json::as_bool),
                supports_reasoning: m.get("supports_reasoning").and_then(Json::as_bool),
            })
            .collect())
    }
}

/// The answer of [`Client::health`](crate::Client::health) (`/health/readiness`).
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// False only when a 2xx answer's status says so; an unhealthy LiteLLM answers 503, which
    /// is an [`ErrorKind::HttpStatus`] error.
    pub healthy: bool,
    /// The answer's status, e.g. `healthy`.
    pub status: Option<String>,
    /// The proxy's LiteLLM version.
    pub litellm_version: Option<String>,
    /// Its database state, e.g. `connected`.
    pub db: Option<String>,
    /// Wall time of the check.
    pub latency_ms: f64,
}

impl Health {
    /// Reads a health response document.
    pub fn from_json(document: &str) -> Result<Health> {
        let doc = parse("health document", document)?;
        Ok(Health {
            healthy: doc.get("healthy").and_then(Json::as_bool).unwrap_or(false),
            status: text(&doc, "status"),
            litellm_version: text(&doc, "litellm_version"),
            db: text(&doc, "db"),
            latency_ms: doc.get("latency_ms").and_then(Json::as_f64).unwrap_or(0.0),
        })
    }
}
