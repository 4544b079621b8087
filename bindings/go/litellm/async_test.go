package litellm_test

// Tests of the asynchronous path: every call goes through litellm_generate_async or
// litellm_run_async, waits without an OS thread, and is cancelled through its handle.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liblitellm/litellm-go/litellm"
)

// expectNoLiveCalls fails the test when a call's cgo.Handle is still alive: every call
// must have released it by the time it returned.
func expectNoLiveCalls(t *testing.T) {
	t.Helper()
	if n := litellm.LiveCalls(); n != 0 {
		t.Errorf("%d calls still hold a cgo.Handle", n)
	}
}

// stallServer is an OpenAI-compatible endpoint that streams one delta ("Hel") and then
// holds the stream open until the client goes away (or 30 s). gone is closed when the
// client has closed the connection.
type stallServer struct {
	*httptest.Server
	gone     chan struct{}
	goneOnce sync.Once
}

func newStallServer(t *testing.T) *stallServer {
	t.Helper()
	s := &stallServer{gone: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `data: {"id":"c1","object":"chat.completion.chunk","model":"stall",`+
			`"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}`+"\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			s.goneOnce.Do(func() { close(s.gone) })
		case <-time.After(30 * time.Second):
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *stallServer) client(t *testing.T) *litellm.Client {
	t.Helper()
	c, err := litellm.NewClient(litellm.Options{BaseURL: s.URL, APIKeySet: true, MaxRetries: litellm.Int(0), TimeoutMs: 60000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// expectGone fails unless the stall server saw the client close its connection.
func (s *stallServer) expectGone(t *testing.T) {
	t.Helper()
	select {
	case <-s.gone:
	case <-time.After(2 * time.Second):
		t.Error("the stream's connection was not closed")
	}
}

func TestAbiVersion(t *testing.T) {
	if v := litellm.AbiVersion(); v < 2 {
		t.Fatalf("AbiVersion() = %d, want >= 2", v)
	}
	if err := litellm.CheckAbi(2); err != nil {
		t.Errorf("CheckAbi(2) = %v", err)
	}
	if err := litellm.CheckAbi(3); err != nil {
		t.Errorf("CheckAbi(3) = %v", err)
	}
	err := litellm.CheckAbi(1)
	e := asError(t, err)
	if e.Kind != litellm.KindInvalidArgument || !strings.Contains(e.Message, "has ABI 1") ||
		!strings.Contains(e.Message, "needs ABI 2") {
		t.Errorf("CheckAbi(1) = %v", err)
	}
}

// Each status through the asynchronous path, for Generate, GenerateStream and Run.
func TestAsyncStatuses(t *testing.T) {
	c := newClient(t)
	closedPort, err := litellm.NewClient(litellm.Options{BaseURL: "http://127.0.0.1:9", APIKeySet: true, MaxRetries: litellm.Int(0)})
	if err != nil {
		t.Fatal(err)
	}
	defer closedPort.Close()

	type outcome struct {
		kind litellm.Kind // 0: success
		http int
	}
	cases := []struct {
		name   string
		client *litellm.Client
		model  string
		prompt string
		mutate func(*litellm.GenerateRequest)
		want   outcome
	}{
		{name: "ok", client: c, model: "echo", prompt: `{"status":"success","output":"fine"}`},
		{name: "http_status", client: c, model: "status-429", prompt: "x", want: outcome{litellm.KindHTTPStatus, 429}},
		{name: "bad_response", client: c, model: "garbage", prompt: "x", want: outcome{litellm.KindBadResponse, 0}},
		{name: "network", client: closedPort, model: "echo", prompt: "x", want: outcome{litellm.KindNetwork, 0}},
		{name: "network-reset", client: c, model: "reset", prompt: "x", want: outcome{litellm.KindNetwork, 0}},
		{name: "timeout", client: c, model: "slow-3000", prompt: "x", want: outcome{litellm.KindTimeout, 0},
			mutate: func(r *litellm.GenerateRequest) { r.TimeoutMs = 200 }},
		{name: "invalid_argument", client: c, model: "echo", prompt: "x", want: outcome{litellm.KindInvalidArgument, 0},
			mutate: func(r *litellm.GenerateRequest) { r.Messages[0].Role = "bot" }},
	}
	check := func(t *testing.T, what string, err error, want outcome, start time.Time) {
		t.Helper()
		if want.kind == 0 {
			if err != nil {
				t.Errorf("%s: %v", what, err)
			}
			return
		}
		e := asError(t, err)
		if e.Kind != want.kind || e.Status != int(want.kind) || e.HTTPStatus != want.http || e.Document == nil {
			t.Errorf("%s: %v (kind %v, status %d, HTTP %d, document %q)", what, err, e.Kind, e.Status, e.HTTPStatus, e.Document)
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, litellm.ErrClosed) {
			t.Errorf("%s: %v wraps a cancel", what, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v", what, d)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := userRequest(tc.model, tc.prompt)
			if tc.mutate != nil {
				tc.mutate(req)
			}
			start := time.Now()
			resp, err := tc.client.Generate(context.Background(), req)
			check(t, "Generate", err, tc.want, start)
			if err == nil && resp.Content != tc.prompt {
				t.Errorf("Generate: content %q", resp.Content)
			}

			start = time.Now()
			var streamed strings.Builder
			resp, err = tc.client.GenerateStream(context.Background(), req, func(ev litellm.Event) error {
				streamed.WriteString(ev.Content)
				return nil
			})
			check(t, "GenerateStream", err, tc.want, start)
			if err == nil && (resp.Content != tc.prompt || streamed.String() != tc.prompt) {
				t.Errorf("GenerateStream: content %q, streamed %q", resp.Content, streamed.String())
			}

			run := &litellm.RunRequest{Model: req.Model, TaskPrompt: tc.prompt, TimeoutMs: req.TimeoutMs}
			if tc.name == "invalid_argument" {
				run.TaskPrompt = "" // required
			}
			start = time.Now()
			res, err := tc.client.Run(context.Background(), run)
			check(t, "Run", err, tc.want, start)
			if err == nil && !strings.Contains(string(res.Result), "fine") {
				t.Errorf("Run: result %s", res.Result)
			}
			expectNoLiveCalls(t)
		})
	}
}

// A context already done: no call is started at all.
func TestCancelBeforeCall(t *testing.T) {
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.GenerateStream(ctx, userRequest("echo", "x"), func(litellm.Event) error {
		t.Error("the callback ran for a call whose context was already done")
		return nil
	}); err != context.Canceled {
		t.Errorf("GenerateStream: %v", err)
	}
	if _, err := c.Run(ctx, &litellm.RunRequest{Model: "echo", TaskPrompt: "x"}); err != context.Canceled {
		t.Errorf("Run: %v", err)
	}
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	if _, err := c.Generate(dctx, userRequest("echo", "x")); err != context.DeadlineExceeded {
		t.Errorf("Generate past its deadline: %v", err)
	}
	expectNoLiveCalls(t)
}

// Cancels while the call waits for its answer, for each kind of call; a raw document
// without request_id is cancelled just as well (nothing is added to it any more).
func TestCancelDuringWait(t *testing.T) {
	c := newClient(t)
	calls := map[string]func(ctx context.Context) error{
		"Generate": func(ctx context.Context) error {
			_, err := c.Generate(ctx, userRequest("slow-10000", "wait"))
			return err
		},
		"GenerateStream": func(ctx context.Context) error {
			_, err := c.GenerateStream(ctx, userRequest("slow-10000", "wait"), func(litellm.Event) error { return nil })
			return err
		},
		"Run": func(ctx context.Context) error {
			_, err := c.Run(ctx, &litellm.RunRequest{Models: []string{"slow-10000", "echo"}, TaskPrompt: `{"status":"success"}`})
			return err
		},
		"GenerateJSON": func(ctx context.Context) error {
			_, err := c.GenerateJSON(ctx, []byte(`{"model":"slow-10000","messages":[{"role":"user","content":"raw"}]}`))
			return err
		},
		"RunJSON": func(ctx context.Context) error {
			_, err := c.RunJSON(ctx, []byte(`{"model":"slow-10000","task_prompt":"raw"}`))
			return err
		},
	}
	for name, call := range calls {
		for _, deadline := range []bool{false, true} {
			var ctx context.Context
			var cancel context.CancelFunc
			want := context.Canceled
			if deadline {
				ctx, cancel = context.WithTimeout(context.Background(), 150*time.Millisecond)
				want = context.DeadlineExceeded
			} else {
				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(150*time.Millisecond, cancel)
			}
			start := time.Now()
			err := call(ctx)
			elapsed := time.Since(start)
			cancel()
			if !errors.Is(err, want) {
				t.Errorf("%s (deadline %v): %v, want %v", name, deadline, err, want)
				continue
			}
			e := asError(t, err)
			if e.Kind != litellm.KindCancelled || e.Document == nil {
				t.Errorf("%s (deadline %v): kind %v, document %q", name, deadline, e.Kind, e.Document)
			}
			if elapsed < 100*time.Millisecond || elapsed > time.Second {
				t.Errorf("%s (deadline %v): returned after %v, want about 150 ms", name, deadline, elapsed)
			}
		}
	}
	expectNoLiveCalls(t)
}

// Nothing is added to the request any more: a call without request_id is cancelled
// through its handle, and its error has no request_id; a caller's id is kept.
func TestNoRequestIDAdded(t *testing.T) {
	c := newClient(t)
	for _, id := range []string{"", "mine-1"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		req := userRequest("slow-10000", "x")
		req.RequestID = id
		_, err := c.Generate(ctx, req)
		e := asError(t, err)
		if !errors.Is(err, context.Canceled) || e.RequestID != id {
			t.Errorf("request_id %q: err %v, error's request_id %q", id, err, e.RequestID)
		}
		if req.RequestID != id {
			t.Errorf("the caller's request was changed: %q", req.RequestID)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.RunJSON(ctx, []byte(`{"model":"slow-10000","task_prompt":"raw"}`))
	if e := asError(t, err); !errors.Is(err, context.Canceled) || e.RequestID != "" ||
		strings.Contains(string(e.Document), `"request_id":"go-`) {
		t.Errorf("RunJSON: %v, document %s", err, e.Document)
	}
}

// A ctx cancelled (or its deadline passed) in the middle of a stream: the call returns
// at once, after the events so far, and the connection is closed.
func TestCancelMidStream(t *testing.T) {
	for _, deadline := range []bool{false, true} {
		s := newStallServer(t)
		c := s.client(t)
		var ctx context.Context
		var cancel context.CancelFunc
		want := context.Canceled
		if deadline {
			ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
			want = context.DeadlineExceeded
		} else {
			ctx, cancel = context.WithCancel(context.Background())
		}
		var got []string
		start := time.Now()
		cancelledAt := start.Add(300 * time.Millisecond) // the deadline
		_, err := c.GenerateStream(ctx, userRequest("stall", "x"), func(ev litellm.Event) error {
			got = append(got, ev.Content)
			if !deadline {
				cancelledAt = time.Now()
				cancel() // from the callback itself: it runs on this goroutine
			}
			return nil
		})
		elapsed := time.Since(cancelledAt)
		cancel()
		if !errors.Is(err, want) {
			t.Fatalf("deadline %v: err = %v, want %v", deadline, err, want)
		}
		e := asError(t, err)
		if e.Kind != litellm.KindCancelled || e.PartialContent != "Hel" {
			t.Errorf("deadline %v: kind %v, partial content %q", deadline, e.Kind, e.PartialContent)
		}
		if len(got) != 1 || got[0] != "Hel" {
			t.Errorf("deadline %v: events %q", deadline, got)
		}
		if elapsed < -50*time.Millisecond || elapsed > time.Second {
			t.Errorf("deadline %v: returned %v after the cancel", deadline, elapsed)
		}
		s.expectGone(t)
	}
	expectNoLiveCalls(t)
}

// A stream callback's error stops a stream in the middle: the connection is closed at
// once and the error comes back as it is.
func TestStreamCallbackStopsMidStream(t *testing.T) {
	s := newStallServer(t)
	c := s.client(t)
	stop := errors.New("stop here")
	calls := 0
	start := time.Now()
	resp, err := c.GenerateStream(context.Background(), userRequest("stall", "x"), func(ev litellm.Event) error {
		calls++
		return stop
	})
	if err != stop || resp != nil {
		t.Fatalf("GenerateStream = %v, %v; want the callback's error itself", resp, err)
	}
	if calls != 1 {
		t.Errorf("the callback ran %d times", calls)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	s.expectGone(t)
	expectNoLiveCalls(t)
}

// A panic in the stream callback stops the stream, closes the connection, releases the
// call and goes on from GenerateStream with the callback's value.
func TestStreamCallbackPanicMidStream(t *testing.T) {
	s := newStallServer(t)
	c := s.client(t)
	start := time.Now()
	func() {
		defer func() {
			if r := recover(); r != "mid-stream boom" {
				t.Errorf("recovered %v", r)
			}
		}()
		c.GenerateStream(context.Background(), userRequest("stall", "x"), func(litellm.Event) error {
			panic("mid-stream boom")
		})
		t.Error("GenerateStream returned instead of panicking")
	}()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	s.expectGone(t)
	expectNoLiveCalls(t)
	if _, err := newClient(t).Generate(context.Background(), userRequest("echo", "after")); err != nil {
		t.Errorf("Generate after the panic: %v", err)
	}
}

// runtime.Goexit in the stream callback (t.FailNow does that) ends the goroutine
// without leaking the call.
func TestStreamCallbackGoexit(t *testing.T) {
	s := newStallServer(t)
	c := s.client(t)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		c.GenerateStream(context.Background(), userRequest("stall", "x"), func(litellm.Event) error {
			runtime.Goexit()
			return nil
		})
		t.Error("GenerateStream returned after runtime.Goexit")
	}()
	select {
	case <-exited:
	case <-time.After(3 * time.Second):
		t.Fatal("the goroutine did not end")
	}
	s.expectGone(t)
	expectNoLiveCalls(t)
}

// The stream callback runs on the calling goroutine, so it may even close the client.
func TestCloseFromStreamCallback(t *testing.T) {
	s := newStallServer(t)
	c := s.client(t)
	done := make(chan error, 1)
	go func() {
		_, err := c.GenerateStream(context.Background(), userRequest("stall", "x"), func(litellm.Event) error {
			return c.Close()
		})
		done <- err
	}()
	select {
	case err := <-done:
		if e := asError(t, err); e.Kind != litellm.KindCancelled || !errors.Is(err, litellm.ErrClosed) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("GenerateStream did not return after Close from its callback")
	}
	s.expectGone(t)
	expectNoLiveCalls(t)
}

// Many calls in flight at once (slow answers, so that they overlap) on one client;
// returns the highest OS thread count seen while they ran.
func manyConcurrentCalls(t *testing.T, c *litellm.Client, n int, model string) (maxThreads int) {
	t.Helper()
	var stopSampling = make(chan struct{})
	var sampled = make(chan int)
	go func() {
		max := osThreads()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopSampling:
				sampled <- max
				return
			case <-tick.C:
				if v := osThreads(); v > max {
					max = v
				}
			}
		}
	}()

	var wg sync.WaitGroup
	var failures, inFlightPeak, inFlight int64
	errs := make(chan error, 20)
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			prompt := fmt.Sprintf("concurrent call %d", i)
			cur := atomic.AddInt64(&inFlight, 1)
			for {
				p := atomic.LoadInt64(&inFlightPeak)
				if cur <= p || atomic.CompareAndSwapInt64(&inFlightPeak, p, cur) {
					break
				}
			}
			defer atomic.AddInt64(&inFlight, -1)
			var content string
			var err error
			if i%4 == 3 {
				var sb strings.Builder
				var resp *litellm.Response
				resp, err = c.GenerateStream(context.Background(), userRequest(model, prompt), func(ev litellm.Event) error {
					sb.WriteString(ev.Content)
					return nil
				})
				if err == nil && sb.String() != resp.Content {
					err = fmt.Errorf("streamed %q, response %q", sb.String(), resp.Content)
				}
				if resp != nil {
					content = resp.Content
				}
			} else {
				var resp *litellm.Response
				resp, err = c.Generate(context.Background(), userRequest(model, prompt))
				if resp != nil {
					content = resp.Content
				}
			}
			if err == nil && content != prompt {
				err = fmt.Errorf("content %q, want %q", content, prompt)
			}
			if err != nil {
				atomic.AddInt64(&failures, 1)
				select {
				case errs <- fmt.Errorf("call %d: %w", i, err):
				default:
				}
			}
		}()
	}
	wg.Wait()
	close(stopSampling)
	maxThreads = <-sampled
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if failures > 0 {
		t.Errorf("%d of %d calls failed", failures, n)
	}
	t.Logf("%d calls (%s), at most %d goroutines in a call at once", n, model, inFlightPeak)
	return maxThreads
}

func newLoadClient(t *testing.T) *litellm.Client {
	t.Helper()
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true, MaxRetries: litellm.Int(0), TimeoutMs: 120000,
		MaxConcurrentCalls: -1}) // no cap: every call in flight at once
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// 200 calls in flight at once leave no OS thread per call behind, nor use one while
// they wait (a blocking cgo call would hold 200).
func TestConcurrentCallsHoldNoThreads(t *testing.T) {
	if osThreads() < 0 {
		t.Skip("cannot count OS threads here")
	}
	if lim, err := raiseFileLimit(); err != nil || lim < 1024 {
		t.Skipf("RLIMIT_NOFILE %d (%v): too low for 200 calls", lim, err)
	}
	c := newLoadClient(t)
	before := osThreads()
	const n = 200
	start := time.Now()
	max := manyConcurrentCalls(t, c, n, "slow-1000")
	elapsed := time.Since(start)
	after := osThreads()
	t.Logf("%d concurrent calls: OS threads %d before, at most %d during, %d after (%s); %v",
		n, before, max, after, threadNames(), elapsed)
	if max >= 64 {
		t.Errorf("%d OS threads during %d concurrent calls, want < 64", max, n)
	}
	if after > before+16 {
		t.Errorf("%d OS threads after the calls, %d before", after, before)
	}
	if elapsed > 10*time.Second {
		t.Errorf("%d calls of 1 s each took %v: they did not run concurrently", n, elapsed)
	}
	expectNoLiveCalls(t)
}

// 10,000 goroutines each make one call at once (2,000 under the race detector, which
// allows 8,128 goroutines, and in -short mode): all are answered, and the process
// keeps a few dozen OS threads.
func TestTenThousandConcurrentCalls(t *testing.T) {
	if osThreads() < 0 {
		t.Skip("cannot count OS threads here")
	}
	n := 10000
	if raceEnabled || testing.Short() {
		n = 2000
	}
	lim, err := raiseFileLimit()
	if err != nil {
		t.Skipf("cannot raise RLIMIT_NOFILE: %v", err)
	}
	if need := uint64(n) + 512; lim < need {
		t.Logf("RLIMIT_NOFILE is %d: %d calls instead of %d", lim, lim-512, n)
		n = int(lim - 512)
	}
	c := newLoadClient(t)
	before := osThreads()
	start := time.Now()
	max := manyConcurrentCalls(t, c, n, "slow-2000")
	elapsed := time.Since(start)
	t.Logf("%d concurrent calls: OS threads %d before, at most %d during, %d after (%s); %v",
		n, before, max, osThreads(), threadNames(), elapsed)
	if max >= 64 {
		t.Errorf("%d OS threads during %d concurrent calls, want < 64", max, n)
	}
	expectNoLiveCalls(t)
}

// Without cgo the package does not build, and the error says why: for the package
// itself, and for a program that imports it, under go build and go vet alike (not
// "undefined: litellm.NewClient").
func TestBuildWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	module, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/nocgo\n\ngo 1.19\n\nrequire github.com/liblitellm/litellm-go v0.0.0-00010101000000-000000000000\n\n" +
			"replace github.com/liblitellm/litellm-go => " + module + "\n",
		"main.go": "package main\n\nimport \"github.com/liblitellm/litellm-go/litellm\"\n\n" +
			"func main() { c, _ := litellm.NewClient(litellm.Options{}); c.Close() }\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(app, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ dir, verb string }{{".", "build"}, {app, "build"}, {app, "vet"}} {
		cmd := exec.Command(goTool, tc.verb, ".")
		cmd.Dir = tc.dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("go %s in %s with CGO_ENABLED=0 succeeded:\n%s", tc.verb, tc.dir, out)
		}
		if !strings.Contains(string(out), "requires_cgo") || strings.Contains(string(out), "undefined: litellm.NewClient") ||
			strings.Contains(string(out), "undefined: NewClient") {
			t.Fatalf("go %s in %s with CGO_ENABLED=0 did not say that cgo is needed:\n%s", tc.verb, tc.dir, out)
		}
		t.Logf("CGO_ENABLED=0 go %s (%s): %s", tc.verb, tc.dir, strings.TrimSpace(string(out)))
	}
}
