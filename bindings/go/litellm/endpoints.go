//go:build cgo

package litellm

import (
	"context"
	"encoding/json"
)

// Embed returns the embedding vector of each input, in input order. The library asks the
// server for base64 vectors and checks the answer (one finite vector per input, all of
// one length); anything else is an *Error of KindBadResponse.
func (c *Client) Embed(ctx context.Context, req *EmbedRequest) ([][]float32, error) {
	res, err := c.EmbedDetails(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Vectors, nil
}

// EmbedDetails is Embed with the rest of the answer: the model, the tokens, the cost.
func (c *Client) EmbedDetails(ctx context.Context, req *EmbedRequest) (*Embeddings, error) {
	if req == nil {
		return nil, invalidArgument("Embed: the request is nil")
	}
	if err := checkRequestID(req.RequestID); err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, invalidArgument("request: %v", err)
	}
	doc, err := c.call(ctx, callEmbed, body, nil)
	if err != nil {
		return nil, err
	}
	return decodeEmbeddings(doc)
}

// EmbedJSON is Embed on raw documents, as GenerateJSON is Generate.
func (c *Client) EmbedJSON(ctx context.Context, request []byte) ([]byte, error) {
	return c.call(ctx, callEmbed, request, nil)
}

// Models lists the models the server serves (GET /v1/models).
func (c *Client) Models(ctx context.Context) ([]Model, error) {
	doc, err := c.call(ctx, callModels, []byte(`{}`), nil)
	if err != nil {
		return nil, err
	}
	var res struct {
		Models []Model `json:"models"`
	}
	if err := json.Unmarshal(doc, &res); err != nil {
		return nil, badDocument("models", doc, err)
	}
	return res.Models, nil
}

// ModelInfo lists what LiteLLM knows of each deployment (GET /v1/model/info): limits,
// prices and capabilities. A server that is not LiteLLM answers 404: an *Error of
// KindHTTPStatus.
func (c *Client) ModelInfo(ctx context.Context) ([]ModelInfo, error) {
	doc, err := c.call(ctx, callModels, []byte(`{"info":true}`), nil)
	if err != nil {
		return nil, err
	}
	var res struct {
		Models []ModelInfo `json:"models"`
	}
	if err := json.Unmarshal(doc, &res); err != nil {
		return nil, badDocument("model info", doc, err)
	}
	return res.Models, nil
}

// ModelsJSON is litellm_models on raw documents: request may be nil (the model list)
// or a models request document such as {"info": true, "request_id": "m-1"}.
func (c *Client) ModelsJSON(ctx context.Context, request []byte) ([]byte, error) {
	if request == nil {
		request = []byte(`{}`)
	}
	return c.call(ctx, callModels, request, nil)
}

// Health asks the proxy whether it is ready (GET /health/readiness), which LiteLLM
// answers without a model call. A server without the route answers 404: an *Error of
// KindHTTPStatus.
func (c *Client) Health(ctx context.Context) (*Health, error) {
	doc, err := c.call(ctx, callHealth, []byte(`{}`), nil)
	if err != nil {
		return nil, err
	}
	var h Health
	if err := json.Unmarshal(doc, &h); err != nil {
		return nil, badDocument("health", doc, err)
	}
	return &h, nil
}
