package litellm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liblitellm/litellm-go/litellm"
)

// newClient returns a client of the fake server without retries, closed at the end of the test.
func newClient(t *testing.T) *litellm.Client {
	t.Helper()
	c, err := litellm.NewClient(litellm.Options{
		BaseURL:    baseURL,
		APIKey:     "sk-test-key",
		TimeoutMs:  30000,
		MaxRetries: litellm.Int(0),
		Headers:    map[string]string{"x-test": "go"},
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() {
		c.Close()
		expectNoLiveCalls(t) // every call of the test has released its cgo.Handle
	})
	return c
}

func userRequest(model, prompt string) *litellm.GenerateRequest {
	return &litellm.GenerateRequest{Model: model, Messages: []litellm.Message{litellm.UserMessage(prompt)}}
}

func asError(t *testing.T, err error) *litellm.Error {
	t.Helper()
	var e *litellm.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *litellm.Error", err, err)
	}
	return e
}

func TestVersion(t *testing.T) {
	v := litellm.Version()
	if v == "" || !strings.Contains(v, ".") {
		t.Fatalf("Version() = %q", v)
	}
	t.Logf("liblitellm %s", v)
}

func TestGenerateEcho(t *testing.T) {
	c := newClient(t)
	const prompt = "Hello from Go, with ünïcode ✓"
	resp, err := c.Generate(context.Background(), userRequest("litellm:echo", prompt))
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if resp.Content != prompt {
		t.Errorf("Content = %q, want %q", resp.Content, prompt)
	}
	if resp.InputTokens <= 0 || resp.OutputTokens <= 0 {
		t.Errorf("tokens = %d/%d, want > 0", resp.InputTokens, resp.OutputTokens)
	}
	if resp.StopReason != "end_turn" || resp.FinishReason != "stop" {
		t.Errorf("stop_reason %q finish_reason %q", resp.StopReason, resp.FinishReason)
	}
	if resp.CostUSD == nil || *resp.CostUSD != 0.00042 {
		t.Errorf("CostUSD = %v, want 0.00042", resp.CostUSD)
	}
	if !strings.HasPrefix(resp.CallID, "call-") || !strings.HasPrefix(resp.ServerRequestID, "req-") {
		t.Errorf("CallID %q ServerRequestID %q", resp.CallID, resp.ServerRequestID)
	}
	if resp.Attempts != 1 || resp.Model == "" || len(resp.Raw) == 0 {
		t.Errorf("Attempts %d Model %q Raw %d bytes", resp.Attempts, resp.Model, len(resp.Raw))
	}
}

func TestGenerateToolCall(t *testing.T) {
	c := newClient(t)
	req := userRequest("tool", "weather in Oslo?")
	req.Tools = []litellm.Tool{{Name: "get_weather", Description: "weather of a city",
		Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}}}`)}}
	req.ToolChoice = "auto"
	resp, err := c.Generate(context.Background(), req)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if resp.StopReason != "tool_use" || len(resp.ToolCalls) != 1 {
		t.Fatalf("StopReason %q ToolCalls %+v", resp.StopReason, resp.ToolCalls)
	}
	tc := resp.ToolCalls[0]
	var args struct{ City string }
	if err := json.Unmarshal(tc.Arguments, &args); err != nil || tc.ID != "call_1" || tc.Name != "get_weather" || args.City != "Oslo" {
		t.Fatalf("tool call %+v (%s): %v", tc, tc.Arguments, err)
	}

	// The tool call goes back as an assistant message, with the tool's answer.
	req.Model = "echo"
	req.Messages = append(req.Messages,
		litellm.Message{Role: litellm.RoleAssistant, ToolCalls: resp.ToolCalls},
		litellm.ToolResultMessage(tc.ID, `{"temp_c": 3}`),
		litellm.UserMessage("and tomorrow?"))
	resp, err = c.Generate(context.Background(), req)
	if err != nil {
		t.Fatalf("Generate with the tool result: %v", err)
	}
	if resp.Content != "and tomorrow?" {
		t.Fatalf("Content = %q", resp.Content)
	}
}

func TestGenerateStream(t *testing.T) {
	c := newClient(t)
	const prompt = "The quick brown fox jumps over the lazy dog"
	var deltas []string
	var types []string
	resp, err := c.GenerateStream(context.Background(), userRequest("echo", prompt), func(ev litellm.Event) error {
		types = append(types, ev.Type)
		if ev.Type == litellm.EventDelta {
			deltas = append(deltas, ev.Content)
		}
		if ev.Type == litellm.EventDone && (ev.Response == nil || ev.Response.Content != prompt) {
			return fmt.Errorf("done event without the aggregated response: %s", ev.Raw)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("GenerateStream: %v", err)
	}
	if got := strings.Join(deltas, ""); got != prompt {
		t.Errorf("deltas concatenate to %q, want %q", got, prompt)
	}
	if len(deltas) < 2 {
		t.Errorf("%d deltas, want several", len(deltas))
	}
	if len(types) == 0 || types[len(types)-1] != litellm.EventDone {
		t.Errorf("event types %v: done is not last", types)
	}
	for _, ty := range types[:len(types)-1] {
		if ty == litellm.EventDone {
			t.Errorf("event types %v: done before the end", types)
		}
	}
	if resp.Content != prompt || resp.InputTokens <= 0 || resp.OutputTokens <= 0 {
		t.Errorf("response %+v", resp)
	}
}

func TestGenerateStreamToolCall(t *testing.T) {
	c := newClient(t)
	var args strings.Builder
	var name string
	resp, err := c.GenerateStream(context.Background(), userRequest("tool", "weather?"), func(ev litellm.Event) error {
		if ev.Type == litellm.EventToolCallDelta {
			args.WriteString(ev.Arguments)
			if ev.Name != "" {
				name = ev.Name
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("GenerateStream: %v", err)
	}
	if name != "get_weather" || args.String() != `{"city":"Oslo"}` {
		t.Errorf("tool_call_delta name %q arguments %q", name, args.String())
	}
	if len(resp.ToolCalls) != 1 || resp.StopReason != "tool_use" {
		t.Errorf("response %+v", resp)
	}
}

// A recorded LiteLLM answer (tests/FakeServer/Fixtures): the reasoning, the thinking blocks,
// the whole usage and the proxy's headers reach the typed view, and the message goes back
// as it came.
func TestGenerateFidelity(t *testing.T) {
	c := newClient(t)
	resp, err := c.Generate(context.Background(), userRequest("fixture-litellm/anthropic-thinking-tool-call", "weather?"))
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if !strings.HasPrefix(resp.ReasoningContent, "The user is asking") || len(resp.ThinkingBlocks) != 1 ||
		!strings.Contains(string(resp.ThinkingBlocks[0]), `"signature"`) {
		t.Errorf("reasoning %q thinking blocks %s", resp.ReasoningContent, resp.ThinkingBlocks)
	}
	if resp.ID != "chatcmpl-9b3e4f5a-6c7d-4e8f-9a0b-1c2d3e4f5a6b" || resp.ReasoningTokens != 62 || resp.CachedTokens != 0 || resp.CacheCreationTokens != 0 {
		t.Errorf("id %q tokens %d/%d/%d", resp.ID, resp.ReasoningTokens, resp.CachedTokens, resp.CacheCreationTokens)
	}
	if resp.KeySpendUSD == nil || *resp.KeySpendUSD != 1.52 || resp.KeyMaxBudgetUSD == nil || *resp.KeyMaxBudgetUSD != 10 ||
		resp.AttemptedRetries == nil || *resp.AttemptedRetries != 1 || resp.AttemptedFallbacks == nil || *resp.AttemptedFallbacks != 0 {
		t.Errorf("key spend %v budget %v retries %v fallbacks %v", resp.KeySpendUSD, resp.KeyMaxBudgetUSD, resp.AttemptedRetries, resp.AttemptedFallbacks)
	}
	var message map[string]json.RawMessage
	if err := json.Unmarshal(resp.Message, &message); err != nil || message["provider_specific_fields"] == nil || message["thinking_blocks"] == nil {
		t.Fatalf("message %s: %v", resp.Message, err)
	}
	// The next turn: the message exactly as it came, then the tool's answer.
	sent, _ := json.Marshal(resp.AsMessage())
	var message0 bytes.Buffer
	if err := json.Compact(&message0, resp.Message); err != nil || !bytes.Equal(sent, message0.Bytes()) {
		t.Errorf("AsMessage marshals to %s, not the message %s (%v)", sent, message0.Bytes(), err)
	}
	next := userRequest("echo", "weather?")
	next.Messages = append(next.Messages, resp.AsMessage(), litellm.ToolResultMessage(resp.ToolCalls[0].ID, "72F"), litellm.UserMessage("thanks"))
	if again, err := c.Generate(context.Background(), next); err != nil || again.Content != "thanks" {
		t.Fatalf("the next turn: %v %+v", err, again)
	}
}

func TestGenerateStreamReasoning(t *testing.T) {
	c := newClient(t)
	var reasoning, text strings.Builder
	resp, err := c.GenerateStream(context.Background(), userRequest("fixture-vllm/stream-reasoning", "x"), func(ev litellm.Event) error {
		switch ev.Type {
		case litellm.EventReasoningDelta:
			reasoning.WriteString(ev.Content)
		case litellm.EventDelta:
			text.WriteString(ev.Content)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("GenerateStream: %v", err)
	}
	if reasoning.String() != "Compare the tenths." || text.String() != "9.8 is greater." || resp.ReasoningContent != "Compare the tenths." {
		t.Errorf("reasoning %q text %q response reasoning %q", reasoning.String(), text.String(), resp.ReasoningContent)
	}
}

func TestGenerateStreamCallbackError(t *testing.T) {
	c := newClient(t)
	stop := errors.New("enough")
	events := 0
	resp, err := c.GenerateStream(context.Background(), userRequest("echo", "a fairly long prompt to stream in pieces"),
		func(ev litellm.Event) error {
			events++
			return stop
		})
	if !errors.Is(err, stop) || resp != nil {
		t.Fatalf("GenerateStream = %v, %v; want the callback's error", resp, err)
	}
	if events != 1 {
		t.Errorf("the callback was called %d times after returning an error, want 1", events)
	}
	// The client is still usable.
	if _, err := c.Generate(context.Background(), userRequest("echo", "still there")); err != nil {
		t.Fatalf("Generate after a stopped stream: %v", err)
	}
}

func TestGenerateStreamPanic(t *testing.T) {
	c := newClient(t)
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Fatalf("recovered %v, want the callback's panic", r)
			}
		}()
		c.GenerateStream(context.Background(), userRequest("echo", "panic please"), func(litellm.Event) error {
			panic("boom")
		})
		t.Fatal("GenerateStream returned instead of panicking")
	}()
	if _, err := c.Generate(context.Background(), userRequest("echo", "after a panic")); err != nil {
		t.Fatalf("Generate after a panic: %v", err)
	}
}

func TestRunEscalates(t *testing.T) {
	c := newClient(t)
	res, err := c.Run(context.Background(), &litellm.RunRequest{
		Models:      []string{"status-500", "echo"},
		SkillPrompt: "Answer with a Result object.",
		TaskPrompt:  `{"status":"success","output":1}`,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var result struct {
		Status string
		Output int
	}
	if err := json.Unmarshal(res.Result, &result); err != nil || result.Status != "success" || result.Output != 1 {
		t.Errorf("Result %s: %v", res.Result, err)
	}
	if res.Model != "echo" {
		t.Errorf("Model = %q, want echo", res.Model)
	}
	if len(res.Escalations) != 1 {
		t.Fatalf("Escalations = %+v, want one", res.Escalations)
	}
	esc := res.Escalations[0]
	if esc.Model != "status-500" || esc.Error == nil || esc.Error.Kind != litellm.KindHTTPStatus || esc.Error.HTTPStatus != 500 {
		t.Errorf("escalation %+v / %+v", esc, esc.Error)
	}
	if res.InputTokens <= 0 || res.CostUSD == nil {
		t.Errorf("tokens %d cost %v", res.InputTokens, res.CostUSD)
	}
}

func TestRunAllFail(t *testing.T) {
	c := newClient(t)
	_, err := c.Run(context.Background(), &litellm.RunRequest{
		Models:     []string{"status-503", "echo"},
		TaskPrompt: "not json at all",
	})
	e := asError(t, err)
	if e.Kind != litellm.KindInvalidResult || e.Status != 6 || len(e.Escalations) != 2 {
		t.Fatalf("error %v, escalations %+v", e, e.Escalations)
	}
	if e.Escalations[0].Error.Kind != litellm.KindHTTPStatus || e.Escalations[0].Error.HTTPStatus != 503 ||
		e.Escalations[1].Error.Kind != litellm.KindInvalidResult {
		t.Errorf("escalations %+v %+v", e.Escalations[0].Error, e.Escalations[1].Error)
	}
}

// The ladder through the binding: a model that refuses json_schema is asked again with
// json_object, a repairable one is repaired, and Attempts lists every request.
func TestRunLadderAttempts(t *testing.T) {
	c := newClient(t)
	res, err := c.Run(context.Background(), &litellm.RunRequest{
		Models:     []string{"no-schema", "repairable"},
		TaskPrompt: `{"status":"escalate","summary":"too hard"}`,
		JSONMode:   litellm.JSONAuto,
		MaxCostUSD: litellm.Float64(5),
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var trail []string
	var input int64
	for _, a := range res.Attempts {
		trail = append(trail, fmt.Sprintf("%s %s %d %s", a.Model, a.Kind, a.Repair, a.JSONMode))
		input += a.InputTokens
	}
	want := []string{
		"no-schema http_status 0 json_schema", "no-schema invalid_result 0 json_object",
		"repairable invalid_result 0 json_schema", "repairable ok 1 json_schema",
	}
	if !reflect.DeepEqual(trail, want) {
		t.Errorf("attempts %v, want %v", trail, want)
	}
	if res.Model != "repairable" || input != res.InputTokens || res.Attempts[0].CostUSD != nil || res.Attempts[1].LatencyMs < 0 {
		t.Errorf("result %+v", res)
	}
}

func TestRunRepairsOff(t *testing.T) {
	c := newClient(t)
	res, err := c.Run(context.Background(), &litellm.RunRequest{
		Models: []string{"repairable", "echo"}, TaskPrompt: `{"status":"success","output":1}`,
		RepairAttempts: litellm.Int(0),
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Model != "echo" || len(res.Attempts) != 2 || res.Attempts[0].Kind != "invalid_result" {
		t.Errorf("result %+v", res)
	}
}

func TestRunStoppedLadder(t *testing.T) {
	c := newClient(t)
	_, err := c.Run(context.Background(), &litellm.RunRequest{
		Models: []string{"budget-exceeded", "echo"}, TaskPrompt: "x",
	})
	e := asError(t, err)
	if e.Kind != litellm.KindHTTPStatus || !e.LadderStopped || len(e.RunAttempts) != 1 || e.RunAttempts[0].Model != "budget-exceeded" {
		t.Fatalf("error %v, run attempts %+v, stopped %v", e, e.RunAttempts, e.LadderStopped)
	}
	if e.ErrorType != "budget_exceeded" || len(e.Escalations) != 1 || e.Escalations[0].Error.LadderStopped {
		t.Errorf("error fields %#v", e)
	}
}

func TestHTTPStatusError(t *testing.T) {
	c := newClient(t)
	resp, err := c.Generate(context.Background(), userRequest("status-401", "hi"))
	if resp != nil {
		t.Fatalf("response %+v on error", resp)
	}
	e := asError(t, err)
	if e.Kind != litellm.KindHTTPStatus || e.Status != 4 || e.HTTPStatus != 401 {
		t.Fatalf("error %#v", e)
	}
	if e.ErrorType != "fake_error" || e.ErrorCode != "401" || !strings.Contains(e.Message, "401") || e.Document == nil {
		t.Errorf("error fields %#v", e)
	}
	if strings.Contains(e.Error(), "sk-test-key") || strings.Contains(string(e.Document), "sk-test-key") {
		t.Errorf("the API key leaked: %s", e.Document)
	}
	if e.Kind.String() != "http_status" || e.Error() != "litellm: http_status 401: fake error 401" {
		t.Errorf("Kind.String() = %q, Error() = %q", e.Kind, e.Error())
	}
}

// Error() names the binding once, the kind once and the HTTP status once.
func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		e    litellm.Error
		want string
	}{
		{litellm.Error{Kind: litellm.KindHTTPStatus, HTTPStatus: 400, Message: "litellm API error 400: bad model"},
			"litellm: http_status 400: bad model"},
		{litellm.Error{Kind: litellm.KindHTTPStatus, HTTPStatus: 429, Message: "litellm API error 429 (in the stream): slow down"},
			"litellm: http_status 429 (in the stream): slow down"},
		{litellm.Error{Kind: litellm.KindHTTPStatus, HTTPStatus: 503, Message: "litellm API error 503"},
			"litellm: http_status 503"},
		{litellm.Error{Kind: litellm.KindHTTPStatus, HTTPStatus: 400, Message: "bad model"},
			"litellm: http_status 400: bad model"},
		{litellm.Error{Kind: litellm.KindHTTPStatus, HTTPStatus: 400, Message: "litellm API error 4000: odd"},
			"litellm: http_status 400: litellm API error 4000: odd"},
		{litellm.Error{Kind: litellm.KindTimeout, Message: "request timed out after 200 ms"},
			"litellm: timeout: request timed out after 200 ms"},
		{litellm.Error{Kind: litellm.KindNetwork, Message: "litellm: connection refused"},
			"litellm: network: connection refused"},
		{litellm.Error{Kind: litellm.KindInternal}, "litellm: internal: (no message)"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// The errors of cancelled and closed calls read once too.
func TestErrorTextCancelledAndClosed(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Generate(ctx, userRequest("slow-5000", "x"))
	if err == nil || err.Error() != "litellm: cancelled: the call was cancelled (context canceled)" {
		t.Errorf("cancelled: %v", err)
	}
	c.Close()
	_, err = c.Generate(context.Background(), userRequest("echo", "x"))
	if err == nil || err.Error() != "litellm: invalid_argument: the client is closed" {
		t.Errorf("closed: %v", err)
	}
}

func TestBadResponse(t *testing.T) {
	c := newClient(t)
	_, err := c.Generate(context.Background(), userRequest("garbage", "hi"))
	if e := asError(t, err); e.Kind != litellm.KindBadResponse {
		t.Fatalf("error %v", e)
	}
}

func TestContextCancel(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Generate(ctx, userRequest("slow-10000", "hi"))
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if e := asError(t, err); e.Kind != litellm.KindCancelled {
		t.Errorf("Kind = %v", e.Kind)
	}
	if elapsed > time.Second {
		t.Errorf("returned after %v, want < 1 s", elapsed)
	}
}

func TestContextCancelStream(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GenerateStream(ctx, userRequest("slow-10000", "hi"), func(litellm.Event) error { return nil })
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("err = %v after %v, want context.Canceled within 1 s", err, time.Since(start))
	}
}

func TestContextCancelRun(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Run(ctx, &litellm.RunRequest{Models: []string{"slow-10000", "echo"}, TaskPrompt: `{"status":"success","output":1}`})
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("err = %v after %v, want context.Canceled within 1 s", err, time.Since(start))
	}
}

func TestContextDeadline(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Generate(ctx, userRequest("slow-10000", "hi"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if e := asError(t, err); e.Kind != litellm.KindCancelled {
		t.Errorf("Kind = %v", e.Kind)
	}
	if time.Since(start) > time.Second {
		t.Errorf("returned after %v", time.Since(start))
	}
}

func TestContextAlreadyDone(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Generate(ctx, userRequest("echo", "hi"))
	if err != context.Canceled {
		t.Fatalf("err = %v (%T), want context.Canceled itself", err, err)
	}
	_, err = c.RunJSON(ctx, []byte(`{}`))
	if err != context.Canceled {
		t.Fatalf("RunJSON err = %v, want context.Canceled", err)
	}
}

func TestCallerRequestID(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	req := userRequest("slow-10000", "hi")
	req.RequestID = "caller-id-1"
	_, err := c.Generate(ctx, req)
	e := asError(t, err)
	if !errors.Is(err, context.Canceled) || e.RequestID != "caller-id-1" {
		t.Fatalf("err = %v, request_id %q", err, e.RequestID)
	}
	if req.RequestID != "caller-id-1" {
		t.Errorf("the caller's request was modified")
	}
}

func TestCloseWithCallsInFlight(t *testing.T) {
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true, MaxRetries: litellm.Int(0)})
	if err != nil {
		t.Fatal(err)
	}
	const n = 4
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		i := i
		go func() {
			var err error
			if i%2 == 0 {
				_, err = c.Generate(context.Background(), userRequest("slow-10000", "hi"))
			} else {
				_, err = c.GenerateStream(context.Background(), userRequest("slow-10000", "hi"), func(litellm.Event) error { return nil })
			}
			errs <- err
		}()
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ { // concurrent Close calls are fine
		wg.Add(1)
		go func() { defer wg.Done(); c.Close() }()
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		select {
		case err := <-errs:
			e := asError(t, err)
			if e.Kind != litellm.KindCancelled || !errors.Is(err, litellm.ErrClosed) {
				t.Errorf("in-flight call: %v (kind %v)", err, e.Kind)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("an in-flight call did not return after Close")
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close and the cancelled calls took %v", d)
	}
	_, err = c.Generate(context.Background(), userRequest("echo", "hi"))
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || !errors.Is(err, litellm.ErrClosed) {
		t.Errorf("call after Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestConcurrentCalls(t *testing.T) {
	c := newClient(t)
	const goroutines, calls = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls)
	for g := 0; g < goroutines; g++ {
		g := g
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				prompt := fmt.Sprintf("goroutine %d call %d", g, i)
				if i%3 == 2 {
					var sb strings.Builder
					resp, err := c.GenerateStream(context.Background(), userRequest("echo", prompt), func(ev litellm.Event) error {
						sb.WriteString(ev.Content)
						return nil
					})
					if err != nil || resp.Content != prompt || sb.String() != prompt {
						errs <- fmt.Errorf("stream %q: %v / %q", prompt, err, sb.String())
					}
					continue
				}
				resp, err := c.Generate(context.Background(), userRequest("echo", prompt))
				if err != nil || resp.Content != prompt {
					errs <- fmt.Errorf("generate %q: %v / %+v", prompt, err, resp)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestInvalidOptions(t *testing.T) {
	cases := map[string]litellm.Options{
		"bad url":        {BaseURL: "not a url"},
		"header CRLF":    {BaseURL: baseURL, Headers: map[string]string{"x-bad": "a\r\nb"}},
		"negative retry": {BaseURL: baseURL, MaxRetries: litellm.Int(-1)},
	}
	for name, opts := range cases {
		c, err := litellm.NewClient(opts)
		if c != nil {
			c.Close()
			t.Errorf("%s: got a client", name)
			continue
		}
		e := asError(t, err)
		if e.Kind != litellm.KindInvalidArgument || e.Status != 1 || e.Message == "" || e.Document == nil {
			t.Errorf("%s: error %#v", name, e)
		}
	}
}

func TestInvalidRequest(t *testing.T) {
	c := newClient(t)
	_, err := c.Generate(context.Background(), &litellm.GenerateRequest{Model: "echo"}) // no messages
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || !strings.Contains(e.Message, "messages") {
		t.Errorf("no messages: %v", err)
	}
	_, err = c.GenerateJSON(context.Background(), []byte(`{"model":"echo","messages":[],"bogus":1}`))
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || !strings.Contains(e.Message, "bogus") {
		t.Errorf("unknown field: %v", err)
	}
	_, err = c.GenerateJSON(context.Background(), []byte(`not json`))
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || e.Document == nil {
		t.Errorf("not json: %v", err)
	}
	_, err = c.Run(context.Background(), &litellm.RunRequest{Model: "echo"}) // no task prompt
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument {
		t.Errorf("run without task prompt: %v", err)
	}
	if _, err := c.Generate(context.Background(), nil); asError(t, err).Kind != litellm.KindInvalidArgument {
		t.Errorf("nil request: %v", err)
	}
	if _, err := c.GenerateStream(context.Background(), userRequest("echo", "x"), nil); asError(t, err).Kind != litellm.KindInvalidArgument {
		t.Errorf("nil callback: %v", err)
	}
}

func TestRawJSON(t *testing.T) {
	c := newClient(t)
	doc, err := c.GenerateJSON(context.Background(), []byte(` {"model":"echo","messages":[{"role":"user","content":"raw"}]}`))
	if err != nil {
		t.Fatalf("GenerateJSON: %v", err)
	}
	var resp litellm.Response
	if err := json.Unmarshal(doc, &resp); err != nil || resp.Content != "raw" {
		t.Fatalf("GenerateJSON returned %s: %v", doc, err)
	}
	doc, err = c.RunJSON(context.Background(), []byte(`{"model":"echo","task_prompt":"{\"status\":\"success\",\"output\":\"x\"}","request_id":"raw-run"}`))
	if err != nil || !bytes.Contains(doc, []byte(`"result"`)) {
		t.Fatalf("RunJSON: %s, %v", doc, err)
	}
	// A raw request without request_id can still be cancelled: the binding adds one.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.GenerateJSON(ctx, []byte(`{"model":"slow-10000","messages":[{"role":"user","content":"x"}]}`))
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("cancelled GenerateJSON: %v after %v", err, time.Since(start))
	}
}

func TestNULByte(t *testing.T) {
	c := newClient(t)
	_, err := c.GenerateJSON(context.Background(), []byte("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\x00b\"}]}"))
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || e.Document != nil {
		t.Errorf("GenerateJSON with NUL: %v", err)
	}
	req := userRequest("echo", "hi")
	req.RequestID = "id\x00x"
	_, err = c.Generate(context.Background(), req)
	if e := asError(t, err); e.Kind != litellm.KindInvalidArgument || !strings.Contains(e.Message, "NUL") {
		t.Errorf("request_id with NUL: %v", err)
	}
	// Inside typed requests text is JSON-encoded: a NUL travels as \u0000.
	resp, err := c.Generate(context.Background(), userRequest("echo", "a\x00b"))
	if err != nil || resp.Content != "a\x00b" {
		t.Errorf("content with NUL: %+v, %v", resp, err)
	}
}

func TestLogCallback(t *testing.T) {
	c := newClient(t)
	var mu sync.Mutex
	var events []string
	var levels []int
	if err := litellm.SetLogCallback(func(level int, event []byte) {
		mu.Lock()
		defer mu.Unlock()
		levels = append(levels, level)
		events = append(events, string(event))
	}, litellm.LogDebug); err != nil {
		t.Fatalf("SetLogCallback: %v", err)
	}
	req := userRequest("echo", "log me")
	req.RequestID = "log-test-1"
	_, err := c.Generate(context.Background(), req)
	if err2 := litellm.SetLogCallback(nil, litellm.LogDebug); err2 != nil {
		t.Fatalf("SetLogCallback(nil): %v", err2)
	}
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	mu.Lock()
	got := append([]string(nil), events...)
	mu.Unlock()
	found := false
	for i, ev := range got {
		var m map[string]interface{}
		if err := json.Unmarshal([]byte(ev), &m); err != nil {
			t.Errorf("log event %q is not JSON: %v", ev, err)
			continue
		}
		if m["event"] == "attempt" && m["request_id"] == "log-test-1" {
			found = true
			if m["gen_ai.system"] != "litellm" || levels[i] != litellm.LogInfo || strings.Contains(ev, "sk-test-key") {
				t.Errorf("attempt event %s at level %d", ev, levels[i])
			}
		}
	}
	if !found {
		t.Fatalf("no attempt event with gen_ai.system among %q", got)
	}

	// Off: no more events.
	n := len(got)
	if _, err := c.Generate(context.Background(), userRequest("echo", "quiet")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(events) != n {
		t.Errorf("events after SetLogCallback(nil): %q", events[n:])
	}
	mu.Unlock()

	if err := litellm.SetLogCallback(func(int, []byte) {}, 4); asError(t, err).Kind != litellm.KindInvalidArgument {
		t.Errorf("min level 4: %v", err)
	}
}

func TestLogCallbackPanicAndSwap(t *testing.T) {
	c := newClient(t)
	// A panicking log callback is recovered; the call still succeeds.
	if err := litellm.SetLogCallback(func(int, []byte) { panic("log boom") }, litellm.LogInfo); err != nil {
		t.Fatal(err)
	}
	defer litellm.SetLogCallback(nil, 0)
	if _, err := c.Generate(context.Background(), userRequest("echo", "x")); err != nil {
		t.Fatalf("Generate with a panicking log callback: %v", err)
	}
	// Swapping callbacks while calls run.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			c.Generate(context.Background(), userRequest("echo", "swap"))
		}
	}()
	for i := 0; i < 50; i++ {
		if err := litellm.SetLogCallback(func(int, []byte) {}, i%4); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

func TestOptionsJSON(t *testing.T) {
	b, _ := json.Marshal(litellm.Options{})
	if string(b) != `{}` {
		t.Errorf("empty options: %s", b)
	}
	b, _ = json.Marshal(litellm.Options{APIKeySet: true, MaxRetries: litellm.Int(0), TimeoutMs: 5, IdleTimeoutMs: 7})
	if string(b) != `{"api_key":"","timeout_ms":5,"idle_timeout_ms":7,"max_retries":0}` {
		t.Errorf("options: %s", b)
	}
}

func TestErrorKinds(t *testing.T) {
	for k, name := range map[litellm.Kind]string{
		litellm.KindInvalidArgument: "invalid_argument", litellm.KindNetwork: "network",
		litellm.KindTimeout: "timeout", litellm.KindHTTPStatus: "http_status",
		litellm.KindBadResponse: "bad_response", litellm.KindInvalidResult: "invalid_result",
		litellm.KindCancelled: "cancelled", litellm.KindInternal: "internal",
	} {
		if k.String() != name {
			t.Errorf("%d: %q, want %q", int(k), k.String(), name)
		}
	}
}

func TestNetworkError(t *testing.T) {
	c, err := litellm.NewClient(litellm.Options{BaseURL: "http://127.0.0.1:1", MaxRetries: litellm.Int(0), APIKeySet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Generate(context.Background(), userRequest("echo", "x"))
	if e := asError(t, err); e.Kind != litellm.KindNetwork {
		t.Fatalf("error %v", err)
	}
}

func TestTimeout(t *testing.T) {
	c := newClient(t)
	req := userRequest("slow-5000", "x")
	req.TimeoutMs = 200
	start := time.Now()
	_, err := c.Generate(context.Background(), req)
	if e := asError(t, err); e.Kind != litellm.KindTimeout || time.Since(start) > 2*time.Second {
		t.Fatalf("error %v after %v", err, time.Since(start))
	}
}

// A context cancelled while the call is still being set up (before the library has
// registered its request_id) must still cancel it.
func TestContextCancelEarly(t *testing.T) {
	c := newClient(t)
	for i := 0; i < 20; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Duration(i)*50*time.Microsecond, cancel)
		start := time.Now()
		_, err := c.Generate(ctx, userRequest("slow-10000", "early"))
		if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
			t.Fatalf("round %d: err = %v after %v", i, err, time.Since(start))
		}
	}
}

func TestFinalizerClosesUnreachableClient(t *testing.T) {
	for i := 0; i < 10; i++ {
		c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Generate(context.Background(), userRequest("echo", "x")); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
}
