package litellm_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liblitellm/litellm-go/litellm"
)

func newCappedClient(t *testing.T, max int) *litellm.Client {
	t.Helper()
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true, MaxRetries: litellm.Int(0),
		TimeoutMs: 60000, MaxConcurrentCalls: max})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		expectNoLiveCalls(t)
	})
	return c
}

func TestMaxConcurrentCallsDefault(t *testing.T) {
	for _, tc := range []struct{ opt, want int }{
		{0, litellm.DefaultMaxConcurrentCalls}, {7, 7}, {-1, -1},
	} {
		c := newCappedClient(t, tc.opt)
		if _, max := litellm.CallsInFlight(c); max != tc.want {
			t.Errorf("MaxConcurrentCalls %d: cap %d, want %d", tc.opt, max, tc.want)
		}
	}
	if litellm.DefaultMaxConcurrentCalls != 256 {
		t.Errorf("DefaultMaxConcurrentCalls = %d; the docs say 256", litellm.DefaultMaxConcurrentCalls)
	}
}

// 200 calls of 300 ms on a client capped at 40: never more than 40 in flight, all 40
// used, all answered, and the calls beyond the cap waited (5 waves take 1.5 s or more).
func TestMaxConcurrentCallsBound(t *testing.T) {
	const n, max, latency = 200, 40, 300 * time.Millisecond
	c := newCappedClient(t, max)
	var peak int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if v, _ := litellm.CallsInFlight(c); int64(v) > atomic.LoadInt64(&peak) {
				atomic.StoreInt64(&peak, int64(v))
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	var failures int64
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			prompt := fmt.Sprintf("capped call %d", i)
			resp, err := c.Generate(context.Background(), userRequest("slow-300", prompt))
			if err != nil || resp.Content != prompt {
				if atomic.AddInt64(&failures, 1) <= 5 {
					t.Errorf("call %d: %v", i, err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-sampled
	t.Logf("%d calls, cap %d: at most %d in flight, %v", n, max, peak, elapsed)
	if peak > max {
		t.Errorf("%d calls in flight at once, cap %d", peak, max)
	}
	if peak < max {
		t.Errorf("at most %d calls in flight at once: the cap of %d was never reached", peak, max)
	}
	if want := time.Duration(n/max) * latency; elapsed < want {
		t.Errorf("%d calls of %v with a cap of %d took %v, less than %v: they did not queue", n, latency, max, elapsed, want)
	}
	if failures > 0 {
		t.Errorf("%d of %d calls failed", failures, n)
	}
	if v, _ := litellm.CallsInFlight(c); v != 0 {
		t.Errorf("%d slots still taken after every call returned", v)
	}
}

// A call waiting for a slot gives up when its context ends, and says why.
func TestQueuedCallContext(t *testing.T) {
	c := newCappedClient(t, 1)
	first := make(chan error, 1)
	go func() {
		_, err := c.Generate(context.Background(), userRequest("slow-1000", "first"))
		first <- err
	}()
	waitInFlight(t, c, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Generate(ctx, userRequest("echo", "second"))
	e := asError(t, err)
	if e.Kind != litellm.KindCancelled || !errors.Is(err, context.DeadlineExceeded) ||
		!strings.Contains(err.Error(), "MaxConcurrentCalls") {
		t.Errorf("queued call: %v (kind %v)", err, e.Kind)
	}
	if d := time.Since(start); d > 700*time.Millisecond {
		t.Errorf("the queued call returned after %v, not at its deadline", d)
	}
	if err := <-first; err != nil {
		t.Errorf("first call: %v", err)
	}
}

// Close wakes the calls waiting for a slot: they are cancelled, wrapping ErrClosed.
func TestQueuedCallClose(t *testing.T) {
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true, MaxRetries: litellm.Int(0), MaxConcurrentCalls: 1})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 3)
	go func() {
		_, err := c.Generate(context.Background(), userRequest("slow-10000", "in flight"))
		errs <- err
	}()
	waitInFlight(t, c, 1)
	for i := 0; i < 2; i++ {
		go func() {
			_, err := c.GenerateStream(context.Background(), userRequest("echo", "queued"), func(litellm.Event) error { return nil })
			errs <- err
		}()
	}
	time.Sleep(100 * time.Millisecond)
	c.Close()
	for i := 0; i < 3; i++ {
		select {
		case err := <-errs:
			if e := asError(t, err); e.Kind != litellm.KindCancelled || !errors.Is(err, litellm.ErrClosed) {
				t.Errorf("call %v (kind %v)", err, e.Kind)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("a call did not return after Close")
		}
	}
	expectNoLiveCalls(t)
}

func waitInFlight(t *testing.T, c *litellm.Client, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if v, _ := litellm.CallsInFlight(c); v >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls never got in flight", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// The case of issue 16: a fresh process limited to 150 OS threads (debug.SetMaxThreads)
// makes 200 concurrent calls on a default client. A binding that held a thread per call
// died with "fatal error: thread exhaustion"; this one must keep a few dozen threads,
// during the calls and after. It runs in a child process, so that the threads of the
// other tests do not count.
func TestThreadsUnderSetMaxThreads(t *testing.T) {
	if osThreads() < 0 {
		t.Skip("cannot count OS threads here")
	}
	if os.Getenv("LITELLM_TEST_THREADS_CHILD") == "1" {
		threadsChild(t)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestThreadsUnderSetMaxThreads$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "LITELLM_TEST_THREADS_CHILD=1", "LITELLM_TEST_BASE_URL="+baseURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child process failed (%v):\n%s", err, out)
	}
	var line string
	for _, l := range strings.Split(string(out), "\n") {
		if i := strings.Index(l, "threads:"); i >= 0 {
			line = "child process: " + l[i:]
		}
	}
	if line == "" || !strings.Contains(string(out), "PASS") {
		t.Fatalf("the child process reported nothing:\n%s", out)
	}
	t.Log(line)
}

func threadsChild(t *testing.T) {
	const n, limit = 200, 150
	prev := debug.SetMaxThreads(limit)
	defer debug.SetMaxThreads(prev)
	c, err := litellm.NewClient(litellm.Options{BaseURL: baseURL, APIKeySet: true, MaxRetries: litellm.Int(0)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	before := osThreads()
	var peak int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if v := int64(osThreads()); v > atomic.LoadInt64(&peak) {
				atomic.StoreInt64(&peak, v)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	var failures int64
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if i%4 == 3 {
				_, err = c.GenerateStream(context.Background(), userRequest("slow-300", strconv.Itoa(i)), func(litellm.Event) error { return nil })
			} else {
				_, err = c.Generate(context.Background(), userRequest("slow-300", strconv.Itoa(i)))
			}
			if err != nil {
				atomic.AddInt64(&failures, 1)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	after := osThreads()
	t.Logf("threads: %d concurrent calls under SetMaxThreads(%d): %d before, at most %d during, %d after (%s)",
		n, limit, before, peak, after, threadNames())
	if failures > 0 {
		t.Errorf("%d of %d calls failed", failures, n)
	}
	if peak >= 64 || after >= 64 {
		t.Errorf("%d OS threads during and %d after %d concurrent calls, want < 64", peak, after, n)
	}
}
