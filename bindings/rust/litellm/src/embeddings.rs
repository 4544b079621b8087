//! [`EmbedRequest`] and [`Embeddings`]: the documents of `litellm_embed`.

use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Json};
use crate::request::{extras, key, opt_num, opt_str};

/// Builder for a `litellm_embed` request (docs/documents.md#embed-request).
///
/// ```
/// let req = litellm::EmbedRequest::new("text-embedding-3-small", ["a text", "another"]).dimensions(256);
/// assert_eq!(req.to_json(), r#"{"model":"text-embedding-3-small","input":["a text","another"],"dimensions":256}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbedRequest {
    /// The embedding model, as the proxy names it.
    pub model: String,
    /// The texts, one vector each; none may be empty.
    pub input: Vec<String>,
    /// Vectors of this many values, for models that can shorten theirs (`text-embedding-3-*`);
    /// a vector of another length is then [`ErrorKind::BadResponse`].
    pub dimensions: Option<u32>,
    /// An id of the caller's choice, for [`Client::cancel`](crate::Client::cancel) and logs.
    pub request_id: Option<String>,
    /// Further request fields as `(name, raw JSON text)`, written verbatim (e.g. `("user",
    /// r#""u-1""#)`, `("extra_body", ...)`, `("timeout_ms", "30000")`).
    pub extra: Vec<(String, String)>,
}

impl EmbedRequest {
    /// A request for the vectors of `input` from `model`.
    pub fn new<I, S>(model: impl Into<String>, input: I) -> EmbedRequest
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        EmbedRequest {
            model: model.into(),
            input: input.into_iter().map(Into::into).collect(),
            ..EmbedRequest::default()
        }
    }

    /// Sets [`EmbedRequest::dimensions`].
    pub fn dimensions(mut self, n: u32) -> Self {
        self.dimensions = Some(n);
        self
    }

    /// Sets [`EmbedRequest::request_id`].
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
        key(&mut out, "model");
        json::push_quoted(&mut out, &self.model);
        key(&mut out, "input");
        out.push('[');
        for (i, text) in self.input.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::push_quoted(&mut out, text);
        }
        out.push(']');
        opt_num(&mut out, "dimensions", self.dimensions.map(f64::from));
        opt_str(&mut out, "request_id", &self.request_id);
        extras(&mut out, &self.extra);
        out.push('}');
        out
    }
}

/// The `litellm_embed` response (docs/documents.md#embed-response).
///
/// The vectors are read straight into `f32`s (each number is the shortest text of the
/// server's float, so it parses back to exactly that float); the document itself is not
/// kept (a batch of 2,048 vectors of 1,536 floats is a document of about 37 MiB).
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    /// One vector per input, in input order, all of one length.
    pub vectors: Vec<Vec<f32>>,
    /// The model that answered, as the server names it.
    pub model: Option<String>,
    /// `usage.prompt_tokens`; 0 when the server sent none.
    pub input_tokens: u64,
    /// From `x-litellm-response-cost`.
    pub cost_usd: Option<f64>,
    /// From `x-litellm-call-id`.
    pub call_id: Option<String>,
    /// Attempts made (1 + retries).
    pub attempts: u32,
    /// Wall time of the call, retries included.
    pub latency_ms: f64,
}

impl Embeddings {
    /// Reads an embed response document. Fails with [`ErrorKind::BadResponse`] when it is not
    /// one.
    pub fn from_json(text: &str) -> Result<Embeddings> {
        let bad = |why: &str| {
            Error::new(ErrorKind::BadResponse, format!("embed response document: {why}"))
        };
        let (vectors, rest) = scan_vectors(text)
            .ok_or_else(|| bad("no \"embeddings\" array of arrays of numbers first"))?;
        let json = Json::parse(&rest).map_err(|e| bad(&e.to_string()))?;
        let number = |name: &str| json.get(name).and_then(Json::as_f64);
        Ok(Embeddings {
            vectors,
            model: json.get("model").and_then(Json::as_str).map(str::to_string),
            input_tokens: json.get("input_tokens").and_then(Json::as_u64).unwrap_or(0),
            cost_usd: number("cost_usd"),
            call_id: json.get("call_id").and_then(Json::as_str).map(str::to_string),
            attempts: json
                .get("attempts")
                .and_then(Json::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            latency_ms: number("latency_ms").unwrap_or(0.0),
        })
    }
}

/// The leading `"embeddings"` member of the library's document (`[[n,n,...],...]`, no spaces,
/// as it writes it), parsed without building a [`Json`] tree of millions of numbers; and the
/// rest of the document as a JSON object of the other members.
fn scan_vectors(text: &str) -> Option<(Vec<Vec<f32>>, String)> {
    let mut rest = text.strip_prefix("{\"embeddings\":[")?;
    let mut vectors: Vec<Vec<f32>> = Vec::new();
    while let Some(after) = rest.strip_prefix('[') {
        let end = after.find(']')?;
        let width = vectors.last().map_or(0, Vec::len);
        let mut vector = Vec::with_capacity(width);
        for number in after[..end].split(',') {
            vector.push(number.parse::<f32>().ok().filter(|f| f.is_finite())?);
        }
        vectors.push(vector);
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    let rest = rest.strip_prefix(']')?;
    let others = match rest.strip_prefix(',') {
        Some(members) => format!("{{{members}"),
        None if rest == "}" => String::from("{}"),
        None => return None,
    };
    Some((vectors, others))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_the_vectors_and_keeps_the_other_members() {
        let doc = r#"{"embeddings":[[0.5,-1E-05,3],[1,2,3.25]],"model":"m","input_tokens":4,"cost_usd":null,"call_id":"c","attempts":1,"latency_ms":2.5}"#;
        let e = Embeddings::from_json(doc).unwrap();
        assert_eq!(e.vectors, vec![vec![0.5, -1e-5, 3.0], vec![1.0, 2.0, 3.25]]);
        assert_eq!(e.model.as_deref(), Some("m"));
        assert_eq!((e.input_tokens, e.cost_usd, e.attempts), (4, None, 1));
        assert_eq!(e.call_id.as_deref(), Some("c"));
        assert_eq!(e.latency_ms, 2.5);
    }

    #[test]
    fn a_document_of_another_shape_is_a_bad_response() {
        for doc in
            [r#"{"model":"m"}"#, r#"{"embeddings":[[1,"x"]]}"#, r#"{"embeddings":[[1,2]"#, "[]"]
        {
            assert_eq!(
                Embeddings::from_json(doc).unwrap_err().kind(),
                ErrorKind::BadResponse,
                "{doc}"
            );
        }
    }
}
