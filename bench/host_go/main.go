// Go benchmark host: net/http with one keep-alive http.Client, encoding/json marshalling
// the request from a struct and decoding the response into a struct. Standard library only.
//
//	host_go lat  URL THREADS N WARMUP   (THREADS goroutines x N calls each)
//	host_go cold URL                    (under coldstart, which sets BENCH_T0)
//	host_go embed URL N WARMUP INPUTS   (N embeddings calls of INPUTS texts; embed.go)
//	host_go gen-embed INPUTS DIMS       (the embeddings answer nginx serves, to stdout)
//	host_go version
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "unsafe"
)

// nanotime is the runtime's CLOCK_MONOTONIC reading, comparable with the C hosts' clock
// (BENCH_T0 is a CLOCK_MONOTONIC value taken by coldstart before it spawned us).
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model     string    `json:"model"`
	Messages  []message `json:"messages"`
	MaxTokens int       `json:"max_tokens"`
}

type chatResponse struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	Model   string `json:"model"`
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Role      string            `json:"role"`
			Content   *string           `json:"content"`
			ToolCalls []json.RawMessage `json:"tool_calls"`
		} `json:"message"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

type client struct {
	http *http.Client
	url  string
}

func newClient(url string) *client {
	tr := &http.Transport{
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64, // the default (2) would make 4 goroutines reconnect
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &client{http: &http.Client{Transport: tr, Timeout: 10 * time.Second}, url: url}
}

func (c *client) call() (*chatResponse, error) {
	body, err := json.Marshal(chatRequest{
		Model:     "bench-model",
		Messages:  []message{{Role: "user", Content: "Say hello in five words."}},
		MaxTokens: 16,
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		io.Copy(io.Discard, resp.Body)
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var out chatResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body) // drain, so the connection goes back to the pool
	if len(out.Choices) == 0 || out.Choices[0].Message.Content == nil || !strings.HasPrefix(*out.Choices[0].Message.Content, "Hello") {
		return nil, fmt.Errorf("unexpected response")
	}
	return &out, nil
}

func must(c *client) {
	if _, err := c.call(); err != nil {
		fmt.Fprintln(os.Stderr, "host_go: call failed:", err)
		os.Exit(1)
	}
}

func statusKB(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, key+":") {
			fields := strings.Fields(line[len(key)+1:])
			if len(fields) > 0 {
				v, _ := strconv.ParseInt(fields[0], 10, 64)
				return v
			}
		}
	}
	return -1
}

// cpuMicros: user + system CPU time of the whole process (all threads), in microseconds.
func cpuMicros() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec)*1e6 + float64(ru.Utime.Usec+ru.Stime.Usec)
}

// nginxAccepts reads nginx's "accepts" counter from stub_status over a throw-away
// connection (BENCH_STATUS_PORT); -1 when unset or on any failure. See bench_common.h.
func nginxAccepts() int64 {
	port := os.Getenv("BENCH_STATUS_PORT")
	if port == "" {
		return -1
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 2*time.Second)
	if err != nil {
		return -1
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	io.WriteString(c, "GET /nginx_status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
	b, _ := io.ReadAll(c)
	_, rest, ok := strings.Cut(string(b), "requests\n")
	if !ok {
		return -1
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return -1
	}
	return v
}

func pct(sorted []int64, p float64) float64 {
	n := len(sorted)
	rank := int(p*float64(n) + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return float64(sorted[rank-1]) / 1e3
}

func latency(url string, threads, n, warmup int) {
	c := newClient(url)
	lat := make([]int64, threads*n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(threads)
	done.Add(threads)
	for t := 0; t < threads; t++ {
		go func(t int) {
			defer done.Done()
			for i := 0; i < warmup; i++ {
				must(c)
			}
			ready.Done()
			<-start
			mine := lat[t*n : (t+1)*n]
			for i := range mine {
				s := nanotime()
				must(c)
				mine[i] = nanotime() - s
			}
		}(t)
	}
	ready.Wait()
	runtime.GC()
	before := nginxAccepts()
	cpu0 := cpuMicros()
	t0 := nanotime()
	close(start)
	done.Wait()
	wall := nanotime() - t0
	cpu := cpuMicros() - cpu0
	after := nginxAccepts()
	timedConns := int64(-1)
	if before >= 0 && after >= 0 {
		timedConns = after - before - 1
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Printf("kind=latency client=go threads=%d n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f rps=%.1f cpu_us_per_call=%.2f rss_kb=%d hwm_kb=%d timed_conns=%d\n",
		threads, len(lat), pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), pct(lat, 1.0),
		float64(len(lat))/(float64(wall)/1e9), cpu/float64(len(lat)), statusKB("VmRSS"), statusKB("VmHWM"), timedConns)
}

func cold(url string) {
	tMain := nanotime()
	t0, _ := strconv.ParseInt(os.Getenv("BENCH_T0"), 10, 64)
	c := newClient(url)
	tClient := nanotime()
	must(c)
	tFirst := nanotime()
	s := nanotime()
	must(c)
	second := nanotime() - s
	e2m, e2f := -1.0, -1.0
	if t0 != 0 {
		e2m = float64(tMain-t0) / 1e3
		e2f = float64(tFirst-t0) / 1e3
	}
	fmt.Printf("kind=cold client=go exec_to_main_us=%.1f client_new_us=%.1f first_call_us=%.1f exec_to_first_us=%.1f second_call_us=%.1f rss_kb=%d\n",
		e2m, float64(tClient-tMain)/1e3, float64(tFirst-tMain)/1e3, e2f, float64(second)/1e3, statusKB("VmRSS"))
}

func main() {
	a := os.Args
	if embedMain(a) {
		return
	}
	switch {
	case len(a) >= 2 && a[1] == "version":
		fmt.Println(runtime.Version())
	case len(a) >= 6 && a[1] == "lat":
		threads, _ := strconv.Atoi(a[3])
		n, _ := strconv.Atoi(a[4])
		warmup, _ := strconv.Atoi(a[5])
		latency(a[2], threads, n, warmup)
	case len(a) >= 3 && a[1] == "cold":
		cold(a[2])
	default:
		fmt.Fprintln(os.Stderr, "usage: host_go lat URL THREADS N WARMUP | cold URL | version")
		os.Exit(64)
	}
}
