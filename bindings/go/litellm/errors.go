package litellm

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind is the category of a failure. Its values are those of the C ABI's
// litellm_status (LITELLM_ERR_*), and String gives the lower-case name used as "kind"
// in error documents.
type Kind int

// The kinds of failure, mirroring litellm_status.
const (
	KindInvalidArgument Kind = 1 // NULL where not allowed, bad UTF-8, malformed or invalid request JSON
	KindNetwork         Kind = 2 // DNS, refused, reset, TLS failure, truncated body
	KindTimeout         Kind = 3 // an attempt exceeded timeout_ms, after retries
	KindHTTPStatus      Kind = 4 // non-2xx answer after retries
	KindBadResponse     Kind = 5 // 2xx whose body is not a usable answer (chat completion, embeddings, ...)
	KindInvalidResult   Kind = 6 // Run: content not JSON, or fails the result schema
	KindCancelled       Kind = 7 // context done, client closed, or a stream callback said stop
	KindInternal        Kind = 8 // a bug in liblitellm or in this binding
)

var kindNames = [...]string{
	KindInvalidArgument: "invalid_argument",
	KindNetwork:         "network",
	KindTimeout:         "timeout",
	KindHTTPStatus:      "http_status",
	KindBadResponse:     "bad_response",
	KindInvalidResult:   "invalid_result",
	KindCancelled:       "cancelled",
	KindInternal:        "internal",
}

// String returns the kind's name as in error documents, e.g. "http_status".
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// MarshalText encodes the kind as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a kind name; an unknown name gives Kind(0).
func (k *Kind) UnmarshalText(b []byte) error {
	*k = 0
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			break
		}
	}
	return nil
}

// ErrClosed is wrapped by the *Error of a call made on, or cancelled by, a closed Client.
var ErrClosed = errors.New("litellm: client is closed")

// Error is a failure reported by liblitellm (or detected by this binding before the
// call). It carries the fields of the error document (docs/documents.md#error-document). Use errors.As to get
// at it; errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded)
// and errors.Is(err, ErrClosed) work through Unwrap.
type Error struct {
	Kind    Kind   // category; equal to Kind(Status) for errors of a call
	Status  int    // the litellm_status the C function returned (0 inside an escalation entry)
	Message string // human-readable; never contains the API key

	HTTPStatus      int    // the HTTP status, 0 when there was none
	Body            string // first 4 KiB of the server's body, "" when none
	Retryable       bool   // whether the failure was of a retryable sort
	Attempts        int    // attempts made
	RetryAfterMs    *int64 // the server's retry-after when it ended the retries
	ErrorType       string // "type" of the server's {"error": {...}} envelope
	ErrorCode       string // "code" of the server's envelope, as a string
	ServerRequestID string // x-request-id of the answer
	Model           string // the model called
	RequestID       string // the call's request_id; "" when the request had none
	PartialContent  string // streaming: what had arrived before the stream was cut

	// Escalations lists, for a Run in which every model failed, each model's failure.
	Escalations []Escalation
	// RunAttempts lists, for a failed Run, every request it made (the run result's
	// Attempts); nil for other calls.
	RunAttempts []Attempt
	// LadderStopped is true for a Run ended by a failure no other model can fix (401,
	// 403, budget_exceeded, insufficient_quota, invalid_argument) or by MaxCostUSD, not
	// by running out of models.
	LadderStopped bool

	// Document is the whole error document as the library returned it; nil for errors
	// detected by the binding and for escalation entries.
	Document []byte

	ctxErr error // context error or ErrClosed, returned by Unwrap
}

// Error formats the error as "litellm: <kind>: <message>", with the HTTP status after
// the kind when there is one: "litellm: http_status 400: <the server's message>". The
// library's own prefix of such messages ("litellm API error 400: ") is left out of the
// text, not out of Message, so that the status reads once. The context error or
// ErrClosed of a cancelled call follows in parentheses: "litellm: cancelled: the call
// was cancelled (context deadline exceeded)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("litellm: ")
	b.WriteString(e.Kind.String())
	msg := strings.TrimPrefix(e.Message, "litellm: ")
	if e.HTTPStatus != 0 {
		status := strconv.Itoa(e.HTTPStatus)
		b.WriteString(" ")
		b.WriteString(status)
		// "litellm API error 400: x" and "litellm API error 400 (in the stream): x".
		if rest := strings.TrimPrefix(msg, "litellm API error "+status); len(rest) < len(msg) &&
			(rest == "" || strings.HasPrefix(rest, ": ") || strings.HasPrefix(rest, " (")) {
			if strings.HasPrefix(rest, " (") {
				b.WriteString(rest)
				msg = ""
			} else {
				msg = strings.TrimPrefix(rest, ": ")
			}
		}
	}
	if msg == "" && e.Message == "" {
		msg = "(no message)"
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.ctxErr != nil {
		why := strings.TrimPrefix(e.ctxErr.Error(), "litellm: ")
		if !(e.ctxErr == ErrClosed && strings.Contains(msg, "closed")) {
			b.WriteString(" (")
			b.WriteString(why)
			b.WriteString(")")
		}
	}
	return b.String()
}

// Unwrap returns the context error (context.Canceled or context.DeadlineExceeded) when
// the call was cancelled because its context was done, ErrClosed when it failed because
// the client was closed, and nil otherwise.
func (e *Error) Unwrap() error { return e.ctxErr }

// errorBody is the "error" object of an error document.
type errorBody struct {
	Kind            Kind         `json:"kind"`
	Message         string       `json:"message"`
	Status          *int         `json:"status"`
	Body            *string      `json:"body"`
	Retryable       bool         `json:"retryable"`
	Attempts        int          `json:"attempts"`
	RetryAfterMs    *int64       `json:"retry_after_ms"`
	ErrorType       *string      `json:"error_type"`
	ErrorCode       *string      `json:"error_code"`
	ServerRequestID *string      `json:"server_request_id"`
	Model           *string      `json:"model"`
	RequestID       *string      `json:"request_id"`
	PartialContent  *string      `json:"partial_content,omitempty"`
	Escalations     []Escalation `json:"escalations,omitempty"`
	RunAttempts     []Attempt    `json:"run_attempts,omitempty"`
	LadderStopped   *bool        `json:"ladder_stopped,omitempty"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// UnmarshalJSON decodes the "error" object of an error document (the inner object,
// as found in an escalation entry).
func (e *Error) UnmarshalJSON(b []byte) error {
	var body errorBody
	if err := json.Unmarshal(b, &body); err != nil {
		return err
	}
	e.Kind = body.Kind
	e.Message = body.Message
	if body.Status != nil {
		e.HTTPStatus = *body.Status
	}
	e.Body = str(body.Body)
	e.Retryable = body.Retryable
	e.Attempts = body.Attempts
	e.RetryAfterMs = body.RetryAfterMs
	e.ErrorType = str(body.ErrorType)
	e.ErrorCode = str(body.ErrorCode)
	e.ServerRequestID = str(body.ServerRequestID)
	e.Model = str(body.Model)
	e.RequestID = str(body.RequestID)
	e.PartialContent = str(body.PartialContent)
	e.Escalations = body.Escalations
	e.RunAttempts = body.RunAttempts
	e.LadderStopped = body.LadderStopped != nil && *body.LadderStopped
	return nil
}

// MarshalJSON encodes the error as the "error" object of an error document.
func (e *Error) MarshalJSON() ([]byte, error) {
	body := errorBody{
		Kind: e.Kind, Message: e.Message, Body: strPtr(e.Body), Retryable: e.Retryable,
		Attempts: e.Attempts, RetryAfterMs: e.RetryAfterMs, ErrorType: strPtr(e.ErrorType),
		ErrorCode: strPtr(e.ErrorCode), ServerRequestID: strPtr(e.ServerRequestID),
		Model: strPtr(e.Model), RequestID: strPtr(e.RequestID),
		PartialContent: strPtr(e.PartialContent), Escalations: e.Escalations,
		RunAttempts: e.RunAttempts,
	}
	if e.LadderStopped {
		stopped := true
		body.LadderStopped = &stopped
	}
	if e.HTTPStatus != 0 {
		s := e.HTTPStatus
		body.Status = &s
	}
	return json.Marshal(&body)
}

// Escalation is one failed rung of a Run: the model and why it failed.
type Escalation struct {
	Model string `json:"model"`
	Error *Error `json:"error"`
}

// newError builds the *Error of a failed call from its status and error document.
func newError(status int, doc []byte) *Error {
	e := &Error{Kind: Kind(status), Status: status, Document: doc}
	if doc == nil {
		e.Message = fmt.Sprintf("the library returned status %d without an error document", status)
		return e
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(doc, &env); err != nil || len(env.Error) == 0 {
		e.Message = "unreadable error document: " + string(doc)
		return e
	}
	if err := e.UnmarshalJSON(env.Error); err != nil {
		e.Message = "unreadable error document: " + string(doc)
	}
	// The status returned by the C function is authoritative.
	e.Kind = Kind(status)
	e.Status = status
	e.Document = doc
	return e
}

// invalidArgument is an error detected by the binding before calling C.
func invalidArgument(format string, args ...interface{}) *Error {
	return &Error{Kind: KindInvalidArgument, Status: int(KindInvalidArgument), Message: fmt.Sprintf(format, args...)}
}
