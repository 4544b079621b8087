// Scale host: Go net/http, one goroutine per stream. Standard library only.
//
//	host_go URL N      (URL = http://127.0.0.1:PORT/v1/chat/completions)
//
// N goroutines share one http.Client whose Transport allows N connections to the host
// (MaxConnsPerHost 0 = no limit, MaxIdleConnsPerHost N). Each posts a streamed chat
// request built with encoding/json, reads the SSE body line by line with bufio, decodes
// every "data:" chunk into a struct with encoding/json, and verifies the answer (20
// deltas, contents "t0 t1 ... t19 ", finish_reason "stop"). Prints the same kind=scale
// line as the C hosts (bench/scale/scale_common.h); exits 1 unless every call answered.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const chunks = 20

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model    string    `json:"model"`
	Messages []message `json:"messages"`
	Stream   bool      `json:"stream"`
}

type chunk struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	Model   string `json:"model"`
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Role    string  `json:"role"`
			Content *string `json:"content"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

type result struct {
	ok   bool
	ttfd time.Duration // 0: no delta
	err  error
}

func threadCount() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Threads:") {
			n, _ := strconv.Atoi(strings.TrimSpace(line[8:]))
			return n
		}
	}
	return -1
}

var peakThreads int64

func noteThreads() {
	t := int64(threadCount())
	for {
		p := atomic.LoadInt64(&peakThreads)
		if t <= p || atomic.CompareAndSwapInt64(&peakThreads, p, t) {
			return
		}
	}
}

func raiseNofile() {
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) == nil && rl.Cur < rl.Max {
		rl.Cur = rl.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
}

var expected string

func oneCall(client *http.Client, url string, body []byte) result {
	t0 := time.Now()
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return result{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		io.Copy(io.Discard, resp.Body)
		return result{err: fmt.Errorf("HTTP %d", resp.StatusCode)}
	}
	var r result
	var content strings.Builder
	deltas, stop, done := 0, false, false
	br := bufio.NewReader(resp.Body)
	for {
		line, err := br.ReadSlice('\n')
		if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
			if errors.Is(err, io.EOF) {
				break
			}
			return result{ttfd: r.ttfd, err: err}
		}
		line = bytes.TrimRight(line, "\r\n")
		if !bytes.HasPrefix(line, []byte("data:")) {
			continue
		}
		data := bytes.TrimSpace(line[5:])
		if bytes.Equal(data, []byte("[DONE]")) {
			done = true
			break
		}
		var c chunk
		if err := json.Unmarshal(data, &c); err != nil {
			return result{ttfd: r.ttfd, err: err}
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content != nil {
				if deltas == 0 {
					r.ttfd = time.Since(t0)
				}
				deltas++
				content.WriteString(*ch.Delta.Content)
			}
			if ch.FinishReason != nil && *ch.FinishReason == "stop" {
				stop = true
			}
		}
	}
	io.Copy(io.Discard, resp.Body)
	r.ok = done && stop && deltas == chunks && content.String() == expected
	if !r.ok {
		r.err = fmt.Errorf("deltas=%d stop=%v done=%v content=%q", deltas, stop, done, content.String())
	}
	return r
}

func pct(s []time.Duration, p float64) float64 {
	if len(s) == 0 {
		return -1
	}
	rank := int(p*float64(len(s)) + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(s) {
		rank = len(s)
	}
	return float64(s[rank-1]) / 1e6
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: host_go URL N")
		os.Exit(64)
	}
	url := os.Args[1]
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "host_go: N must be a positive integer")
		os.Exit(64)
	}
	raiseNofile()
	var sb strings.Builder
	for k := 0; k < chunks; k++ {
		fmt.Fprintf(&sb, "t%d ", k)
	}
	expected = sb.String()

	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				noteThreads()
			}
		}
	}()
	threadsMain := threadCount()

	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 60 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        0, // no limit
		MaxIdleConnsPerHost: n,
		MaxConnsPerHost:     0, // no limit
		IdleConnTimeout:     90 * time.Second,
	}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	body, err := json.Marshal(chatRequest{Model: "m", Messages: []message{{Role: "user", Content: "hi"}}, Stream: true})
	if err != nil {
		panic(err)
	}

	results := make([]result, n)
	var wg sync.WaitGroup
	threadsStart := threadCount()
	start := time.Now()
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			results[i] = oneCall(client, url, body)
		}(i)
	}
	wg.Wait()
	wall := time.Since(start)
	close(stop)
	noteThreads()

	answered := 0
	var ttfd []time.Duration
	var firstErr error
	for _, r := range results {
		if r.ok {
			answered++
		} else if firstErr == nil {
			firstErr = r.err
		}
		if r.ttfd > 0 {
			ttfd = append(ttfd, r.ttfd)
		}
	}
	sort.Slice(ttfd, func(a, b int) bool { return ttfd[a] < ttfd[b] })
	fmt.Printf("kind=scale client=go n=%d answered=%d failed=%d wall_s=%.3f ttfd_p50_ms=%.1f ttfd_p99_ms=%.1f ttfd_max_ms=%.1f "+
		"threads_main=%d threads_start=%d threads_peak=%d timed_out=0\n",
		n, answered, n-answered, wall.Seconds(), pct(ttfd, 0.50), pct(ttfd, 0.99), pct(ttfd, 1.0),
		threadsMain, threadsStart, atomic.LoadInt64(&peakThreads))
	if answered < n {
		fmt.Fprintf(os.Stderr, "go: %d of %d calls failed; first: %v\n", n-answered, n, firstErr)
		os.Exit(1)
	}
}
