package litellm_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/liblitellm/litellm-go/litellm"
)

// fakeVector is the fake server's vector for a text (tests/FakeServer/Endpoints/FakeVectors.cs):
// FNV-1a of the text seeds xorshift64; each value is (unit*2-1)*0.08 as a float32.
func fakeVector(text string, dims int) []float32 {
	state := uint64(14695981039346656037)
	for _, b := range []byte(text) {
		state = (state ^ uint64(b)) * 1099511628211
	}
	if state == 0 {
		state = 1
	}
	v := make([]float32, dims)
	for i := range v {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		unit := float64(state>>11) * (1.0 / (1 << 53))
		v[i] = float32((unit*2 - 1) * 0.08)
	}
	return v
}

func sameBits(t *testing.T, what string, want, got []float32) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestEmbedReturnsTheServersFloatsInInputOrder(t *testing.T) {
	c := newClient(t)
	inputs := []string{"alpha", "beta", "gamma é"}
	vectors, err := c.Embed(context.Background(), &litellm.EmbedRequest{Model: "litellm:embed-shuffled", Input: inputs, Dimensions: 300})
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if len(vectors) != len(inputs) {
		t.Fatalf("%d vectors for %d inputs", len(vectors), len(inputs))
	}
	for i, in := range inputs {
		sameBits(t, in, fakeVector(in, 300), vectors[i])
	}
}

func TestEmbedDetailsDecodesAsEncodingJSONDoes(t *testing.T) {
	c := newClient(t)
	req := &litellm.EmbedRequest{Model: "embed-floats", Input: []string{"one", "two"}, RequestID: "go-embed-1"}
	res, err := c.EmbedDetails(context.Background(), req)
	if err != nil {
		t.Fatalf("EmbedDetails: %v", err)
	}
	body, _ := json.Marshal(req)
	raw, err := c.EmbedJSON(context.Background(), body)
	if err != nil {
		t.Fatalf("EmbedJSON: %v", err)
	}
	var plain litellm.Embeddings
	if err := json.Unmarshal(raw, &plain); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	for i := range plain.Vectors {
		sameBits(t, "vector", plain.Vectors[i], res.Vectors[i])
		sameBits(t, "fake", fakeVector(req.Input[i], 16), res.Vectors[i])
	}
	if res.Model != "embed-floats" || res.InputTokens <= 0 || res.Attempts != 1 || res.LatencyMs <= 0 {
		t.Errorf("model %q tokens %d attempts %d latency %v", res.Model, res.InputTokens, res.Attempts, res.LatencyMs)
	}
	if res.CostUSD == nil || *res.CostUSD != 0.00002 || !strings.HasPrefix(res.CallID, "call-") {
		t.Errorf("cost %v call id %q", res.CostUSD, res.CallID)
	}
}

func TestEmbedAMalformedAnswerIsABadResponse(t *testing.T) {
	c := newClient(t)
	_, err := c.Embed(context.Background(), &litellm.EmbedRequest{Model: "embed-nan", Input: []string{"x"}})
	e := asError(t, err)
	if e.Kind != litellm.KindBadResponse || !strings.Contains(e.Message, "NaN is not a usable vector value") {
		t.Fatalf("%v", err)
	}
}

func TestEmbedErrors(t *testing.T) {
	c := newClient(t)
	_, err := c.Embed(context.Background(), &litellm.EmbedRequest{Model: "m"})
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || !strings.Contains(e.Message, "$.input") {
		t.Errorf("no input: %v", err)
	}
	_, err = c.Embed(context.Background(), &litellm.EmbedRequest{Model: "status-401", Input: []string{"x"}})
	if e := asError(t, err); e.Kind != litellm.KindHTTPStatus || e.HTTPStatus != 401 || strings.Contains(e.Message, "sk-test-key") {
		t.Errorf("401: %v", err)
	}
	if _, err := c.Embed(context.Background(), nil); asError(t, err).Kind != litellm.KindInvalidArgument {
		t.Errorf("nil request: %v", err)
	}
}

func TestEmbedContextCancels(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Embed(ctx, &litellm.EmbedRequest{Model: "slow-10000", Input: []string{"x"}})
	if !errors.Is(err, context.DeadlineExceeded) || asError(t, err).Kind != litellm.KindCancelled {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestModels(t *testing.T) {
	c := newClient(t)
	models, err := c.Models(context.Background())
	if err != nil {
		t.Fatalf("Models: %v", err)
	}
	if len(models) != 3 || models[0] != (litellm.Model{ID: "gpt-4o", OwnedBy: "openai"}) {
		t.Errorf("%+v", models)
	}
	raw, err := c.ModelsJSON(context.Background(), nil)
	if err != nil || !strings.HasPrefix(string(raw), `{"models":[{"id":"gpt-4o"`) {
		t.Errorf("ModelsJSON: %s %v", raw, err)
	}
}

func TestModelInfo(t *testing.T) {
	c := newClient(t)
	infos, err := c.ModelInfo(context.Background())
	if err != nil {
		t.Fatalf("ModelInfo: %v", err)
	}
	if len(infos) != 3 {
		t.Fatalf("%d entries", len(infos))
	}
	known := infos[0]
	if known.ID != "d1f0c0ffee" || known.ModelGroup != "gpt-4o" || known.MaxInputTokens == nil || *known.MaxInputTokens != 128000 ||
		known.InputCostPerToken == nil || *known.InputCostPerToken != 2.5e-06 ||
		known.SupportsFunctionCalling == nil || !*known.SupportsFunctionCalling || known.SupportsReasoning == nil || *known.SupportsReasoning {
		t.Errorf("%+v", known)
	}
	local := infos[2]
	if local.ModelGroup != "local-llama" || local.MaxInputTokens != nil || local.InputCostPerToken != nil || local.SupportsReasoning != nil {
		t.Errorf("%+v", local)
	}
}

func TestHealth(t *testing.T) {
	c := newClient(t)
	h, err := c.Health(context.Background())
	if err != nil {
		t.Fatalf("Health: %v", err)
	}
	if !h.Healthy || h.Status != "healthy" || h.LiteLLMVersion != "1.74.0-fake" || h.DB != "Not connected" || h.LatencyMs <= 0 {
		t.Errorf("%+v", h)
	}
}

func TestARouteTheServerLacksIsA404(t *testing.T) {
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL + "/bare", MaxRetries: litellm.Int(0)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Health(context.Background()); asError(t, err).HTTPStatus != 404 {
		t.Errorf("health: %v", err)
	}
	if _, err := c.ModelInfo(context.Background()); asError(t, err).HTTPStatus != 404 {
		t.Errorf("model info: %v", err)
	}
}
