//! [`Error`]: a failed call's status plus its error document.

use std::fmt;

use crate::json::{self, Json};
use crate::response::Attempt;
use crate::sys;

/// What went wrong, mirroring `litellm_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// NULL where not allowed, bad UTF-8, interior NUL, malformed or invalid request JSON,
    /// unknown option fields.
    InvalidArgument,
    /// DNS, refused, reset, TLS failure, truncated body.
    Network,
    /// An attempt exceeded `timeout_ms`, after retries.
    Timeout,
    /// A non-2xx answer after retries; see [`Error::http_status`] and [`Error::body`].
    HttpStatus,
    /// A 2xx answer whose body is not a usable answer (a chat completion, one finite vector
    /// per input, a model list, ...).
    BadResponse,
    /// `run`: the content was not JSON or failed the result schema.
    InvalidResult,
    /// [`Client::cancel`](crate::Client::cancel), the client being freed, or a stream callback
    /// that returned `false`.
    Cancelled,
    /// A bug in liblitellm (or a status this binding does not know).
    Internal,
}

impl ErrorKind {
    /// The kind for a `litellm_status` value; unknown non-zero values map to `Internal`.
    pub fn from_status(status: i32) -> ErrorKind {
        match status {
            sys::LITELLM_ERR_INVALID_ARGUMENT => ErrorKind::InvalidArgument,
            sys::LITELLM_ERR_NETWORK => ErrorKind::Network,
            sys::LITELLM_ERR_TIMEOUT => ErrorKind::Timeout,
            sys::LITELLM_ERR_HTTP_STATUS => ErrorKind::HttpStatus,
            sys::LITELLM_ERR_BAD_RESPONSE => ErrorKind::BadResponse,
            sys::LITELLM_ERR_INVALID_RESULT => ErrorKind::InvalidResult,
            sys::LITELLM_ERR_CANCELLED => ErrorKind::Cancelled,
            _ => ErrorKind::Internal,
        }
    }

    /// The `litellm_status` value of this kind.
    pub fn status(self) -> i32 {
        match self {
            ErrorKind::InvalidArgument => sys::LITELLM_ERR_INVALID_ARGUMENT,
            ErrorKind::Network => sys::LITELLM_ERR_NETWORK,
            ErrorKind::Timeout => sys::LITELLM_ERR_TIMEOUT,
            ErrorKind::HttpStatus => sys::LITELLM_ERR_HTTP_STATUS,
            ErrorKind::BadResponse => sys::LITELLM_ERR_BAD_RESPONSE,
            ErrorKind::InvalidResult => sys::LITELLM_ERR_INVALID_RESULT,
            ErrorKind::Cancelled => sys::LITELLM_ERR_CANCELLED,
            ErrorKind::Internal => sys::LITELLM_ERR_INTERNAL,
        }
    }

    /// The lower-case name used as `"kind"` in error documents, e.g. `"http_status"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::BadResponse => "bad_response",
            ErrorKind::InvalidResult => "invalid_result",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: the `litellm_status`, plus what the library's error document says.
///
/// [`Error::document`] is the whole error document as the library returned it
/// (`{"error": {"kind", "message", "status", "body", "retryable", "attempts", ...}}`), for the
/// fields without an accessor here (`retry_after_ms`, `error_type`, `escalations`, ...);
/// [`Error::json`] parses it. Errors raised by this binding without calling the library
/// (interior NUL, unparsable response) carry a document of the same shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    code: i32,
    message: String,
    http_status: Option<u16>,
    body: Option<String>,
    document: String,
}

impl Error {
    /// Builds an error from a status and the error document the library returned with it
    /// (`None` when it produced none).
    pub(crate) fn from_document(status: i32, document: Option<String>) -> Error {
        let Some(document) = document else {
            let message = format!("liblitellm returned status {status} without an error document");
            return Error::with_status(status, message);
        };
        let parsed = Json::parse(&document).ok();
        let err = parsed.as_ref().and_then(|d| d.get("error"));
        let field = |name: &str| err.and_then(|e| e.get(name));
        let message = field("message")
            .and_then(Json::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("unreadable error document: {document}"));
        let http_status =
            field("status").and_then(Json::as_u64).and_then(|s| u16::try_from(s).ok());
        let body = field("body").and_then(Json::as_str).map(str::to_string);
        Error { code: status, message, http_status, body, document }
    }

    /// An error raised by the binding itself, with a synthesised error document.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error::with_status(kind.status(), message)
    }

    /// An error raised by the binding for a status a library function returned without a
    /// document (the raw status is kept even if this binding does not know it).
    pub(crate) fn with_status(status: i32, message: impl Into<String>) -> Error {
        let message = message.into();
        let mut document = String::from("{\"error\":{\"kind\":");
        json::push_quoted(&mut document, ErrorKind::from_status(status).as_str());
        document.push_str(",\"message\":");
        json::push_quoted(&mut document, &message);
        document.push_str("}}");
        Error { code: status, message, http_status: None, body: None, document }
    }

    /// What went wrong (derived from [`Error::raw_status`]; unknown statuses are
    /// [`ErrorKind::Internal`]).
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_status(self.code)
    }

    /// The raw `litellm_status` value (never 0), e.g. for a status newer than this binding.
    pub fn raw_status(&self) -> i32 {
        self.code
    }

    /// A human-readable message (the error document's `"message"`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status, for [`ErrorKind::HttpStatus`] (and whenever the document names one).
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The start of the server's body, when the document has one.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The error document, verbatim.
    pub fn document(&self) -> &str {
        &self.document
    }

    /// The error document parsed; `None` if it is not JSON (never expected).
    pub fn json(&self) -> Option<Json> {
        Json::parse(&self.document).ok()
    }

    /// For a failed run: every request it made, in order (the document's `run_attempts`);
    /// empty for other calls.
    pub fn run_attempts(&self) -> Vec<Attempt> {
        let doc = self.json();
        Attempt::list(doc.as_ref().and_then(|d| d.get("error")).and_then(|e| e.get("run_attempts")))
    }

    /// For a failed run: whether it was ended by a failure no other model can fix (401, 403,
    /// `budget_exceeded`, `insufficient_quota`, `invalid_argument`) or by `max_cost_usd`, not
    /// by running out of models. `false` for other calls.
    pub fn ladder_stopped(&self) -> bool {
        self.json()
            .as_ref()
            .and_then(|d| d.get("error"))
            .and_then(|e| e.get("ladder_stopped"))
            .and_then(Json::as_bool)
            .unwrap_or(false)
    }
}

/// `litellm: <kind>: <message>`, with the HTTP status after the kind when there is one:
/// `litellm: http_status 400: <the server's message>`. The library's own prefix of such
/// messages (`litellm API error 400: `) is left out of the text (not out of
/// [`Error::message`]), so that the status reads once.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "litellm: {}", self.kind())?;
        let mut message = self.message.strip_prefix("litellm: ").unwrap_or(&self.message);
        if let Some(status) = self.http_status {
            write!(f, " {status}")?;
            let prefix = format!("litellm API error {status}");
            // "litellm API error 400: x" and "litellm API error 400 (in the stream): x".
            if let Some(rest) = message.strip_prefix(prefix.as_str()) {
                if let Some(rest) = rest.strip_prefix(": ") {
                    message = rest;
                } else if rest.is_empty() || rest.starts_with(" (") {
                    f.write_str(rest)?;
                    message = "";
                }
            }
        }
        if !message.is_empty() {
            write!(f, ": {message}")?;
        } else if self.message.is_empty() {
            f.write_str(": (no message)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `Result<T, litellm::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_error_document() {
        let doc = r#"{"error":{"kind":"http_status","message":"litellm API error 429: slow","status":429,"body":"{\"x\":1}","retryable":true}}"#;
        let e = Error::from_document(4, Some(doc.to_string()));
        assert_eq!(e.kind(), ErrorKind::HttpStatus);
        assert_eq!(e.raw_status(), 4);
        assert_eq!(e.http_status(), Some(429));
        assert_eq!(e.body(), Some("{\"x\":1}"));
        assert_eq!(e.message(), "litellm API error 429: slow");
        assert_eq!(e.document(), doc);
    }

    fn display(kind: ErrorKind, http_status: Option<u16>, message: &str) -> String {
        let mut e = Error::new(kind, message);
        e.http_status = http_status;
        e.to_string()
    }

    #[test]
    fn display_names_the_kind_and_the_status_once() {
        use ErrorKind::*;
        let cases = [
            (
                HttpStatus,
                Some(400),
                "litellm API error 400: bad model",
                "litellm: http_status 400: bad model",
            ),
            (
                HttpStatus,
                Some(429),
                "litellm API error 429 (in the stream): slow down",
                "litellm: http_status 429 (in the stream): slow down",
            ),
            (HttpStatus, Some(503), "litellm API error 503", "litellm: http_status 503"),
            (HttpStatus, Some(400), "bad model", "litellm: http_status 400: bad model"),
            (
                HttpStatus,
                Some(400),
                "litellm API error 4000: odd",
                "litellm: http_status 400: litellm API error 4000: odd",
            ),
            (
                Timeout,
                None,
                "request timed out after 200 ms",
                "litellm: timeout: request timed out after 200 ms",
            ),
            (Network, None, "litellm: connection refused", "litellm: network: connection refused"),
            (Internal, None, "", "litellm: internal: (no message)"),
        ];
        for (kind, status, message, want) in cases {
            assert_eq!(display(kind, status, message), want);
        }
        let doc = r#"{"error":{"kind":"http_status","message":"litellm API error 401: fake error 401","status":401}}"#;
        let e = Error::from_document(4, Some(doc.to_string()));
        assert_eq!(e.to_string(), "litellm: http_status 401: fake error 401");
        assert_eq!(e.message(), "litellm API error 401: fake error 401");
    }

    #[test]
    fn synthesised_documents_parse() {
        let e = Error::new(ErrorKind::InvalidArgument, "nul \"byte\"\n");
        let j = e.json().unwrap();
        assert_eq!(j.get("error").unwrap().get("kind").unwrap().as_str(), Some("invalid_argument"));
        assert_eq!(
            j.get("error").unwrap().get("message").unwrap().as_str(),
            Some("nul \"byte\"\n")
        );
        assert_eq!(e.raw_status(), 1);
    }

    #[test]
    fn missing_document() {
        let e = Error::from_document(8, None);
        assert_eq!(e.kind(), ErrorKind::Internal);
        assert_eq!(e.raw_status(), 8);
        assert!(e.message().contains("without an error document"));
    }

    #[test]
    fn an_unknown_status_is_internal_but_kept() {
        let e = Error::with_status(42, "litellm_x failed with status 42");
        assert_eq!((e.kind(), e.raw_status()), (ErrorKind::Internal, 42));
        assert_eq!(
            e.json().unwrap().get("error").unwrap().get("kind").unwrap().as_str(),
            Some("internal")
        );
    }

    #[test]
    fn statuses_round_trip() {
        for s in 1..=8 {
            assert_eq!(ErrorKind::from_status(s).status(), s);
        }
        assert_eq!(ErrorKind::from_status(99), ErrorKind::Internal);
    }
}
