package litellm

// EmbedRequest is the request of Embed and EmbedDetails (docs/documents.md#embed-request).
// Model and Input are required; every other zero field is left out.
type EmbedRequest struct {
	Model string `json:"model"`
	// Input holds the texts to embed, one vector each; none may be empty.
	Input []string `json:"input"`
	// Dimensions asks a model that can shorten its vectors (text-embedding-3-*) for
	// that many values; a vector of another length is then an *Error of
	// KindBadResponse. 0 leaves it to the model.
	Dimensions int                    `json:"dimensions,omitempty"`
	User       string                 `json:"user,omitempty"`
	ExtraBody  map[string]interface{} `json:"extra_body,omitempty"`
	Headers    map[string]string      `json:"headers,omitempty"`
	// RequestID as in GenerateRequest.
	RequestID  string `json:"request_id,omitempty"`
	TimeoutMs  int64  `json:"timeout_ms,omitempty"`
	MaxRetries *int   `json:"max_retries,omitempty"`
}

// Embeddings is the result of EmbedDetails (docs/documents.md#embed-response).
type Embeddings struct {
	// Vectors holds one vector per input, in input order, all of one length: exactly
	// the 32-bit floats the server sent.
	Vectors     [][]float32 `json:"embeddings"`
	Model       string      `json:"model"`
	InputTokens int64       `json:"input_tokens"`
	CostUSD     *float64    `json:"cost_usd"` // from x-litellm-response-cost; nil when absent
	CallID      string      `json:"call_id"`
	Attempts    int         `json:"attempts"`
	LatencyMs   float64     `json:"latency_ms"`
}

// Model is one entry of Models: a name to send as a request's Model.
type Model struct {
	ID      string `json:"id"`
	OwnedBy string `json:"owned_by"`
}

// ModelInfo is one deployment of ModelInfo, from LiteLLM's /v1/model/info
// (docs/documents.md#models-response). A nil field is one LiteLLM does not know.
type ModelInfo struct {
	// ID is the deployment's id (what Response.ModelID names), else the model group.
	ID string `json:"id"`
	// ModelGroup is the name to send as a request's Model; several deployments may share it.
	ModelGroup              string   `json:"model_group"`
	MaxInputTokens          *int64   `json:"max_input_tokens"`
	MaxOutputTokens         *int64   `json:"max_output_tokens"`
	InputCostPerToken       *float64 `json:"input_cost_per_token"` // USD
	OutputCostPerToken      *float64 `json:"output_cost_per_token"`
	SupportsResponseSchema  *bool    `json:"supports_response_schema"`
	SupportsFunctionCalling *bool    `json:"supports_function_calling"`
	SupportsReasoning       *bool    `json:"supports_reasoning"`
}

// Health is the result of Health (docs/documents.md#health-response).
type Health struct {
	// Healthy is false only when a 2xx answer's status says so; an unhealthy LiteLLM
	// answers 503, which Health returns as an *Error of KindHTTPStatus.
	Healthy        bool    `json:"healthy"`
	Status         string  `json:"status"`
	LiteLLMVersion string  `json:"litellm_version"`
	DB             string  `json:"db"`
	LatencyMs      float64 `json:"latency_ms"`
}
