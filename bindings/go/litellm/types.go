package litellm

import (
	"encoding/json"
)

// Options configures a Client (docs/configuration.md#client-options-litellm_client_new). Zero values mean "the library's default".
type Options struct {
	// BaseURL is the proxy root; calls go to <BaseURL>/v1/chat/completions (or
	// <BaseURL>/chat/completions when it ends in /v1). "" means env
	// LITELLM_PROXY_API_BASE, else LITELLM_BASE_URL, else http://localhost:4000.
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <APIKey>". It is sent when it is not
	// empty or when APIKeySet is true; otherwise the library reads env
	// LITELLM_PROXY_API_KEY, else LITELLM_API_KEY.
	APIKey string
	// APIKeySet sends APIKey even when it is empty: an empty key sends no
	// Authorization header at all, whatever the environment says.
	APIKeySet bool
	// TimeoutMs bounds one attempt, connect to last byte. 0 means the default (600000).
	TimeoutMs int64
	// IdleTimeoutMs bounds the server's silence between bytes of an answer (the wait
	// for its first byte included); 0 means none (docs/configuration.md#timeouts).
	IdleTimeoutMs int64
	// MaxRetries is the number of extra attempts; nil means the default (2).
	MaxRetries *int
	// Headers are extra headers sent on every request.
	Headers map[string]string
	// MaxConcurrentCalls caps the calls of this client in flight at once. A call
	// beyond the cap waits in its goroutine, holding no OS thread, until one ends; its
	// context still applies while it waits. 0 means DefaultMaxConcurrentCalls (256),
	// a negative value means no cap. The binding applies it: it is not sent to the
	// library.
	MaxConcurrentCalls int
}

// DefaultMaxConcurrentCalls is the cap on a client's calls in flight when
// Options.MaxConcurrentCalls is 0. It is the number of idle keep-alive connections the
// library keeps per client, so that under a steady load every call finds a pooled
// connection instead of opening (and then closing) one of its own. It is far above
// what one proxy key is usually allowed at once, and each call in flight holds a
// socket: 256 stays well inside the common limit of 1,024 file descriptors.
const DefaultMaxConcurrentCalls = 256

type optionsDocument struct {
	BaseURL       string            `json:"base_url,omitempty"`
	APIKey        *string           `json:"api_key,omitempty"`
	TimeoutMs     int64             `json:"timeout_ms,omitempty"`
	IdleTimeoutMs int64             `json:"idle_timeout_ms,omitempty"`
	MaxRetries    *int              `json:"max_retries,omitempty"`
	Headers       map[string]string `json:"headers,omitempty"`
}

// MarshalJSON encodes the options as the options document of litellm_client_new,
// leaving out every unset field.
func (o Options) MarshalJSON() ([]byte, error) {
	doc := optionsDocument{BaseURL: o.BaseURL, TimeoutMs: o.TimeoutMs, IdleTimeoutMs: o.IdleTimeoutMs, MaxRetries: o.MaxRetries, Headers: o.Headers}
	if o.APIKey != "" || o.APIKeySet {
		key := o.APIKey
		doc.APIKey = &key
	}
	return json.Marshal(&doc)
}

// Roles of a Message.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool"
)

// Message is one chat message.
type Message struct {
	Role string // RoleSystem, RoleUser, RoleAssistant or RoleTool
	// Content is the text. It is sent as null when it is empty, Parts is nil and the
	// message is an assistant message carrying ToolCalls.
	Content string
	// Parts, when not nil, is sent as "content" instead of Content: a JSON array of
	// OpenAI content parts, passed through as is.
	Parts json.RawMessage
	// Name is the optional participant name.
	Name string
	// ToolCallID is required on a RoleTool message: the ToolCall.ID it answers.
	ToolCallID string
	// ToolCalls, on an assistant message, are the calls the model made, as returned
	// in Response.ToolCalls.
	ToolCalls []ToolCall
	// Raw, when not nil, is sent instead of every other field, unchanged: an assistant
	// message as a response returned it (Response.Message, see Response.AsMessage), with
	// its reasoning, thinking blocks and provider fields, which some providers need back.
	Raw json.RawMessage
}

type messageDocument struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content,omitempty"`
	Name       string          `json:"name,omitempty"`
	ToolCallID string          `json:"tool_call_id,omitempty"`
	ToolCalls  []ToolCall      `json:"tool_calls,omitempty"`
}

// MarshalJSON encodes the message as docs/documents.md#generate-request describes.
func (m Message) MarshalJSON() ([]byte, error) {
	if m.Raw != nil {
		return m.Raw, nil
	}
	doc := messageDocument{Role: m.Role, Name: m.Name, ToolCallID: m.ToolCallID, ToolCalls: m.ToolCalls}
	switch {
	case m.Parts != nil:
		doc.Content = m.Parts
	case m.Content == "" && m.Role == RoleAssistant && len(m.ToolCalls) > 0:
		doc.Content = nil // omitted: null
	default:
		b, err := json.Marshal(m.Content)
		if err != nil {
			return nil, err
		}
		doc.Content = b
	}
	return json.Marshal(&doc)
}

// UnmarshalJSON decodes a message; an array "content" goes to Parts.
func (m *Message) UnmarshalJSON(b []byte) error {
	var doc messageDocument
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	*m = Message{Role: doc.Role, Name: doc.Name, ToolCallID: doc.ToolCallID, ToolCalls: doc.ToolCalls}
	if len(doc.Content) > 0 && doc.Content[0] == '[' {
		m.Parts = doc.Content
	} else if len(doc.Content) > 0 && string(doc.Content) != "null" {
		return json.Unmarshal(doc.Content, &m.Content)
	}
	return nil
}

// SystemMessage returns a system message.
func SystemMessage(text string) Message { return Message{Role: RoleSystem, Content: text} }

// UserMessage returns a user message.
func UserMessage(text string) Message { return Message{Role: RoleUser, Content: text} }

// AssistantMessage returns an assistant message.
func AssistantMessage(text string) Message { return Message{Role: RoleAssistant, Content: text} }

// ToolResultMessage returns the tool message answering the tool call toolCallID.
func ToolResultMessage(toolCallID, content string) Message {
	return Message{Role: RoleTool, ToolCallID: toolCallID, Content: content}
}

// Tool is a function the model may call.
type Tool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"` // a JSON Schema object
}

// ToolCall is a call of a Tool made by the model.
type ToolCall struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Arguments is the parsed JSON when the model produced valid JSON, else a JSON
	// string holding the raw text.
	Arguments json.RawMessage `json:"arguments"`
}

// ToolChoiceFunction is a GenerateRequest.ToolChoice forcing one tool: {"name": "f"}.
type ToolChoiceFunction struct {
	Name string `json:"name"`
}

// GenerateRequest is the request of Generate and GenerateStream (docs/documents.md#generate-request). Model and
// Messages are required; every other zero field is left out.
type GenerateRequest struct {
	Model          string                 `json:"model"`
	Messages       []Message              `json:"messages"`
	System         string                 `json:"system,omitempty"`
	MaxTokens      int                    `json:"max_tokens,omitempty"`
	Temperature    *float64               `json:"temperature,omitempty"`
	TopP           *float64               `json:"top_p,omitempty"`
	Stop           []string               `json:"stop,omitempty"`
	Seed           *int64                 `json:"seed,omitempty"`
	Tools          []Tool                 `json:"tools,omitempty"`
	ToolChoice     interface{}            `json:"tool_choice,omitempty"` // "auto", "none", "required" or ToolChoiceFunction
	ResponseFormat map[string]interface{} `json:"response_format,omitempty"`
	User           string                 `json:"user,omitempty"`
	Metadata       map[string]interface{} `json:"metadata,omitempty"`
	ExtraBody      map[string]interface{} `json:"extra_body,omitempty"`
	MockResponse   string                 `json:"mock_response,omitempty"`
	Headers        map[string]string      `json:"headers,omitempty"`
	// RequestID names the call in the logs and error documents, and for litellm_cancel;
	// "" sends none. The binding cancels through the call's own handle, so ctx cancels
	// a call with or without it.
	RequestID string `json:"request_id,omitempty"`
	TimeoutMs int64  `json:"timeout_ms,omitempty"`
	// IdleTimeoutMs bounds the server's silence for this call; 0 leaves the client's.
	IdleTimeoutMs int64 `json:"idle_timeout_ms,omitempty"`
	MaxRetries    *int  `json:"max_retries,omitempty"`
}

// RateLimit is what the x-ratelimit-remaining-* headers said; nil fields were absent.
type RateLimit struct {
	RemainingRequests *int64 `json:"remaining_requests"`
	RemainingTokens   *int64 `json:"remaining_tokens"`
}

// Response is the response of Generate and GenerateStream (docs/documents.md#generate-response). String fields
// that are null in the document are "".
type Response struct {
	Content   string     `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls"`
	// ReasoningContent is the model's reasoning text ("" when it sent none).
	ReasoningContent string `json:"reasoning_content"`
	// ThinkingBlocks are the message's thinking blocks as received (nil when none).
	ThinkingBlocks []json.RawMessage `json:"thinking_blocks"`
	// Message is the assistant message exactly as received, every member included;
	// append it to the next request's messages with AsMessage.
	Message             json.RawMessage `json:"message"`
	InputTokens         int64           `json:"input_tokens"`
	OutputTokens        int64           `json:"output_tokens"`
	CachedTokens        int64           `json:"cached_tokens"`
	CacheCreationTokens int64           `json:"cache_creation_tokens"`
	ReasoningTokens     int64           `json:"reasoning_tokens"`
	Model               string          `json:"model"`
	ID                  string          `json:"id"`            // the completion's id
	StopReason          string          `json:"stop_reason"`   // end_turn, tool_use, max_tokens or content_filter
	FinishReason        string          `json:"finish_reason"` // the raw finish_reason
	CostUSD             *float64        `json:"cost_usd"`      // x-litellm-response-cost, else usage.cost; nil when neither
	CallID              string          `json:"call_id"`
	ModelID             string          `json:"model_id"`
	KeySpendUSD         *float64        `json:"key_spend_usd"`       // x-litellm-key-spend
	KeyMaxBudgetUSD     *float64        `json:"key_max_budget_usd"`  // x-litellm-key-max-budget
	AttemptedRetries    *int64          `json:"attempted_retries"`   // x-litellm-attempted-retries
	AttemptedFallbacks  *int64          `json:"attempted_fallbacks"` // x-litellm-attempted-fallbacks
	RateLimit           *RateLimit      `json:"rate_limit"`
	ServerRequestID     string          `json:"server_request_id"`
	Attempts            int             `json:"attempts"`
	LatencyMs           float64         `json:"latency_ms"`

	// Raw is the whole response document as the library returned it.
	Raw json.RawMessage `json:"-"`
}

// AsMessage returns the response's assistant message, to append to the next request's
// Messages: it goes back exactly as the server sent it (a tool loop with a thinking model
// needs its thinking blocks back).
func (r *Response) AsMessage() Message {
	return Message{Role: RoleAssistant, Raw: r.Message}
}

// Types of stream Event.
const (
	EventDelta          = "delta"
	EventReasoningDelta = "reasoning_delta"
	EventToolCallDelta  = "tool_call_delta"
	EventDone           = "done"
)

// Event is one event of GenerateStream.
type Event struct {
	Type string `json:"type"` // EventDelta, EventReasoningDelta, EventToolCallDelta or EventDone

	// Content is the text fragment of a delta event, or of the reasoning in a
	// reasoning_delta event.
	Content string `json:"content"`

	// Index, ID, Name and Arguments describe a tool_call_delta event. Index numbers
	// the calls 0, 1, ... as they first appear; ID and Name are set once, in the
	// fragment that brings them, and "" in the others; Arguments is a fragment of the
	// arguments' JSON text.
	Index     int    `json:"index"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	Arguments string `json:"arguments"`

	// Response is the aggregated response, on the done event (the last one).
	Response *Response `json:"response"`

	// Raw is the event document as the library delivered it (a copy).
	Raw json.RawMessage `json:"-"`
}

// RunRequest is the request of Run (docs/documents.md#run-request). One of Models and Model is required,
// and TaskPrompt is.
type RunRequest struct {
	Models       []string        `json:"models,omitempty"`
	Model        string          `json:"model,omitempty"`
	SkillPrompt  string          `json:"skill_prompt,omitempty"`
	TaskPrompt   string          `json:"task_prompt"`
	ResultSchema json.RawMessage `json:"result_schema,omitempty"` // nil: the default Result schema
	// MinConfidence escalates a result whose "confidence" is below it.
	MinConfidence *float64 `json:"min_confidence,omitempty"`
	StrictJSON    bool     `json:"strict_json,omitempty"`
	// JSONMode is what to ask the server for: JSONObject, JSONSchema, JSONAuto, or ""
	// (the default: no response_format).
	JSONMode JSONMode `json:"json_mode,omitempty"`
	// RepairAttempts is how many times a model is asked to fix an answer that is not
	// JSON or fails the schema (0 to 10); nil: the library's default, 1.
	RepairAttempts *int `json:"repair_attempts,omitempty"`
	// MaxCostUSD ends the run, trying no further model, once it has cost this much.
	MaxCostUSD   *float64               `json:"max_cost_usd,omitempty"`
	MaxTokens    int                    `json:"max_tokens,omitempty"`
	Temperature  *float64               `json:"temperature,omitempty"`
	TopP         *float64               `json:"top_p,omitempty"`
	Seed         *int64                 `json:"seed,omitempty"`
	User         string                 `json:"user,omitempty"`
	Metadata     map[string]interface{} `json:"metadata,omitempty"`
	ExtraBody    map[string]interface{} `json:"extra_body,omitempty"`
	MockResponse string                 `json:"mock_response,omitempty"`
	Headers      map[string]string      `json:"headers,omitempty"`
	// RequestID as in GenerateRequest.
	RequestID  string `json:"request_id,omitempty"`
	TimeoutMs  int64  `json:"timeout_ms,omitempty"`
	MaxRetries *int   `json:"max_retries,omitempty"`
}

// RunResult is the result of Run (docs/documents.md#run-result).
type RunResult struct {
	// Result is the validated JSON object the model answered.
	Result json.RawMessage `json:"result"`
	// Model is the model that produced it.
	Model string `json:"model"`
	// Escalations are the models that failed before it (empty when the first succeeded).
	Escalations []Escalation `json:"escalations"`
	// Attempts lists every request the run made, in order; the token and cost totals
	// are their sums.
	Attempts     []Attempt `json:"attempts"`
	InputTokens  int64     `json:"input_tokens"`
	OutputTokens int64     `json:"output_tokens"`
	CostUSD      *float64  `json:"cost_usd"`

	// Raw is the whole result document as the library returned it.
	Raw json.RawMessage `json:"-"`
}

// JSONMode is RunRequest.JSONMode (docs/documents.md#run-request).
type JSONMode string

// The values of JSONMode.
const (
	// JSONOff sends no response_format (the default).
	JSONOff JSONMode = ""
	// JSONObject sends response_format {"type": "json_object"}.
	JSONObject JSONMode = "json_object"
	// JSONSchema sends the result schema as a json_schema response_format; a model that
	// refuses it is asked again with json_object and the schema in the system message,
	// and the client remembers it.
	JSONSchema JSONMode = "json_schema"
	// JSONAuto is JSONSchema: the strongest format each model accepts.
	JSONAuto JSONMode = "auto"
)

// Attempt is one request a Run made (docs/documents.md#run-result).
type Attempt struct {
	Model string `json:"model"`
	// Kind is "ok" or the kind of error the request, or its answer, ended in.
	Kind string `json:"kind"`
	// Repair is 0 for the model's first answer, n for its n-th repair.
	Repair int `json:"repair"`
	// JSONMode is what the request asked for: "off", "json_object" or "json_schema".
	JSONMode     string   `json:"json_mode"`
	InputTokens  int64    `json:"input_tokens"`
	OutputTokens int64    `json:"output_tokens"`
	CostUSD      *float64 `json:"cost_usd"` // nil when the server reported none
	LatencyMs    float64  `json:"latency_ms"`
}

// Int returns a pointer to v, for optional fields such as Options.MaxRetries.
func Int(v int) *int { return &v }

// Int64 returns a pointer to v, for optional fields such as GenerateRequest.Seed.
func Int64(v int64) *int64 { return &v }

// Float64 returns a pointer to v, for optional fields such as GenerateRequest.Temperature.
func Float64(v float64) *float64 { return &v }
