//! A small, strict JSON reader and writer (RFC 8259), std only: the helper behind the typed
//! views and the request builders. Private: users see [`Json`] and [`ParseError`] only.

use std::fmt::{self, Write as _};

/// Deepest nesting of arrays and objects [`Json::parse`] accepts.
const MAX_DEPTH: usize = 256;

/// A JSON value: what the typed views keep of the whole document, so that callers can read
/// the fields the views do not cover. It is not a general serialisation framework: use your
/// own JSON library for that and hand the text to the `&str` entry points of
/// [`Client`](crate::Client).
///
/// * Objects keep their members in document order ([`Json::Object`] is a `Vec`); [`Json::get`]
///   returns the last member of that name, as most parsers do.
/// * Numbers are `f64`; integers up to 2^53 are exact.
/// * Strings: all escapes including `\uXXXX` and surrogate pairs; a lone surrogate, a raw
///   control character or invalid escape is an error.
/// * Nesting is limited to 256 levels so hostile input cannot overflow the stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (integers are exact up to 2^53).
    Number(f64),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// Members in document order; duplicates are kept.
    Object(Vec<(String, Json)>),
}

/// Why [`Json::parse`] failed, and where (byte offset into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    offset: usize,
    message: String,
}

impl ParseError {
    /// The byte offset into the input where parsing failed.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

impl Json {
    /// Parses one JSON text (surrounding whitespace allowed, nothing else).
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        let mut p = Parser { s: text, b: text.as_bytes(), pos: 0, depth: 0 };
        p.skip_ws();
        let value = p.value()?;
        p.skip_ws();
        if p.pos != p.b.len() {
            return Err(p.err("unexpected data after the JSON value"));
        }
        Ok(value)
    }

    /// The member `key` of an object (the last one if repeated); `None` for other values.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Element `index` of an array; `None` for other values or out of range.
    pub fn at(&self, index: usize) -> Option<&Json> {
        match self {
            Json::Array(items) => items.get(index),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The boolean, for `true` and `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Json::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, for a number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `u64` when it is a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Json::Number(n) if n >= 0.0 && n.fract() == 0.0 && n <= u64::MAX as f64 => {
                Some(n as u64)
            }
            _ => None,
        }
    }

    /// The number as `i64` when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Json::Number(n) if n.fract() == 0.0 && n >= i64::MIN as f64 && n <= i64::MAX as f64 => {
                Some(n as i64)
            }
            _ => None,
        }
    }

    /// The string, for a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, for an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members in document order, for an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Compact JSON text; the same as `to_string()`.
    pub fn to_json(&self) -> String {
        self.to_string()
    }
}

/// Writes compact JSON. Non-finite numbers (which JSON cannot express) are written as `null`.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Number(n) => write_number(f, *n),
            Json::String(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    fmt::Display::fmt(item, f)?;
                }
                f.write_char(']')
            }
            Json::Object(members) => {
                f.write_char('{')?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, k)?;
                    f.write_char(':')?;
                    fmt::Display::fmt(v, f)?;
                }
                f.write_char('}')
            }
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Number(n)
    }
}

impl Json {
    /// `s` as a quoted JSON string literal: `"`, `\` and every control character escaped,
    /// everything else (including non-ASCII) passed through as UTF-8. For the raw JSON of the
    /// request builders' `extra`, e.g. `.extra("user", Json::quote(name))`.
    pub fn quote(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        push_quoted(&mut out, s);
        out
    }
}

/// Appends `s` to `out` as a quoted JSON string literal (see [`Json::quote`]).
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = write_string(out, s);
}

/// Appends `n` to `out` as a JSON number (`null` if it is not finite).
pub(crate) fn push_number(out: &mut String, n: f64) {
    let _ = write_number(out, n);
}

fn write_string<W: fmt::Write + ?Sized>(w: &mut W, s: &str) -> fmt::Result {
    w.write_char('"')?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{08}' => Some("\\b"),
            '\u{0C}' => Some("\\f"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        w.write_str(&s[start..i])?;
        match escape {
            Some(e) => w.write_str(e)?,
            None => write!(w, "\\u{:04x}", c as u32)?,
        }
        start = i + c.len_utf8();
    }
    w.write_str(&s[start..])?;
    w.write_char('"')
}

fn write_number<W: fmt::Write + ?Sized>(w: &mut W, n: f64) -> fmt::Result {
    if !n.is_finite() {
        w.write_str("null")
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        // Integral: no ".0", and -0 as 0.
        write!(w, "{}", n as i64)
    } else {
        // Rust prints the shortest text that reads back as the same f64, without exponent.
        write!(w, "{n}")
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, message: &str) -> ParseError {
        ParseError { offset: self.pos, message: message.to_string() }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, word: &str, value: Json) -> Result<Json, ParseError> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn value(&mut self) -> Result<Json, ParseError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.expect_literal("true", Json::Bool(true)),
            Some(b'f') => self.expect_literal("false", Json::Bool(false)),
            Some(b'n') => self.expect_literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn nested(
        &mut self,
        inner: fn(&mut Parser<'a>) -> Result<Json, ParseError>,
    ) -> Result<Json, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn object(&mut self) -> Result<Json, ParseError> {
        self.pos += 1; // '{'
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self) -> Result<Json, ParseError> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    // Byte indices here are always at ASCII bytes, hence char boundaries.
                    out.push_str(&self.s[start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.s[start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    start = self.pos;
                }
                Some(c) if c < 0x20 => {
                    return Err(self.err("raw control character in string"));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let c = self.peek().ok_or_else(|| self.err("unterminated escape"))?;
        self.pos += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{08}',
            b'f' => '\u{0C}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                match first {
                    0xD800..=0xDBFF => {
                        if !self.b[self.pos..].starts_with(b"\\u") {
                            return Err(self.err("lone high surrogate"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.err("high surrogate not followed by a low surrogate"));
                        }
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        char::from_u32(code).ok_or_else(|| self.err("invalid code point"))?
                    }
                    0xDC00..=0xDFFF => return Err(self.err("lone low surrogate")),
                    _ => char::from_u32(first).ok_or_else(|| self.err("invalid code point"))?,
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.err("invalid escape"));
            }
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits =
            self.b.get(self.pos..self.pos + 4).ok_or_else(|| self.err("truncated \\u escape"))?;
        let mut value = 0u32;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.err("invalid \\u escape"))?;
            value = value * 16 + v;
        }
        self.pos += 4;
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err("leading zero in number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("expected a digit after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("expected a digit in the exponent"));
            }
        }
        let text = &self.s[start..self.pos];
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Json::Number(n)),
            _ => Err(ParseError { offset: start, message: "number out of range".to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scalars_and_structures() {
        let v = Json::parse(r#" {"a": [1, -2.5e2, true, false, null], "b": {"c": "d"}, "e": 0} "#)
            .unwrap();
        assert_eq!(v.get("a").unwrap().at(1).unwrap().as_f64(), Some(-250.0));
        assert_eq!(v.get("a").unwrap().at(2).unwrap().as_bool(), Some(true));
        assert!(v.get("a").unwrap().at(4).unwrap().is_null());
        assert_eq!(v.get("b").unwrap().get("c").unwrap().as_str(), Some("d"));
        assert_eq!(v.get("e").unwrap().as_u64(), Some(0));
        assert_eq!(v.get("missing"), None);
    }

    #[test]
    fn escapes_and_surrogate_pairs() {
        let v = Json::parse(r#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\tAé€😀"));
        // Raw non-ASCII passes through.
        assert_eq!(Json::parse("\"ÿ€😀\"").unwrap().as_str(), Some("ÿ€😀"));
    }

    #[test]
    fn rejects_invalid_documents() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "01",
            "-",
            "1.",
            "1e",
            ".5",
            "+1",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "\"a\u{1}b\"",
            "\"unterminated",
            "tru",
            "nul",
            "[1 2]",
            "1 2",
            "1e999",
            "{\"a\" 1}",
            "[\"a\":1]",
        ] {
            assert!(Json::parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(Json::parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(Json::parse(&deep).is_err());
        let hostile = "[".repeat(1_000_000);
        assert!(Json::parse(&hostile).is_err());
    }

    #[test]
    fn writer_escapes_control_characters_and_passes_non_ascii() {
        assert_eq!(
            Json::quote("a\"b\\c\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}é😀\u{2028}"),
            "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\u{7f}é😀\u{2028}\""
        );
    }

    #[test]
    fn numbers_are_written_as_json() {
        let n = |x: f64| Json::Number(x).to_string();
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.0), "0");
        assert_eq!(n(0.2), "0.2");
        assert_eq!(n(-12.5), "-12.5");
        assert_eq!(n(f64::NAN), "null");
        assert_eq!(n(f64::INFINITY), "null");
        assert_eq!(Json::parse(&n(1e300)).unwrap().as_f64(), Some(1e300));
        assert_eq!(Json::parse(&n(1.5e-300)).unwrap().as_f64(), Some(1.5e-300));
    }

    #[test]
    fn round_trips_tricky_strings() {
        let mut tricky: Vec<String> = vec![
            String::new(),
            "plain".into(),
            "quote \" backslash \\ slash /".into(),
            "\u{0}\u{1}\u{2}\u{1f} controls \u{7f}".into(),
            "new\nline\r\n\ttab \u{8}\u{c}".into(),
            "é ü ß 中文 😀 🏳️‍🌈 \u{2028}\u{2029} \u{fffd} \u{10ffff}".into(),
            "\\u0041 is not an escape here".into(),
        ];
        tricky.push((0u32..0x80).filter_map(char::from_u32).collect());
        for s in &tricky {
            let written = Json::quote(s);
            assert_eq!(Json::parse(&written).unwrap().as_str(), Some(s.as_str()), "{written}");
            // No raw control characters in the output.
            assert!(!written.chars().any(|c| (c as u32) < 0x20), "{written:?}");
        }
        let doc = Json::Object(
            tricky
                .iter()
                .map(|s| {
                    (
                        s.clone(),
                        Json::Array(vec![Json::from(s.as_str()), Json::Null, Json::from(1.5)]),
                    )
                })
                .collect(),
        );
        assert_eq!(Json::parse(&doc.to_string()).unwrap(), doc);
    }

    #[test]
    fn get_returns_last_duplicate() {
        let v = Json::parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a").unwrap().as_u64(), Some(2));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }
}
