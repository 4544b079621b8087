package main

// The embeddings row: net/http posts the request (2,048 short texts, encoding_format
// base64, as the OpenAI SDKs ask), encoding/json decodes the answer into structs, and each
// vector's base64 is decoded into a []float32: what a typed Go client does with the same
// answer liblitellm reads.

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
)

type embedRequest struct {
	Model          string   `json:"model"`
	Input          []string `json:"input"`
	EncodingFormat string   `json:"encoding_format"`
}

type embedResponse struct {
	Object string `json:"object"`
	Data   []struct {
		Object    string `json:"object"`
		Index     int    `json:"index"`
		Embedding string `json:"embedding"`
	} `json:"data"`
	Model string `json:"model"`
	Usage struct {
		PromptTokens int `json:"prompt_tokens"`
		TotalTokens  int `json:"total_tokens"`
	} `json:"usage"`
}

// embedText is input i of the batch; host_litellm.c writes the same texts.
func embedText(i int) string { return fmt.Sprintf("bench text %d: a short sentence to embed", i) }

func (c *client) embed(inputs int) ([][]float32, error) {
	texts := make([]string, inputs)
	for i := range texts {
		texts[i] = embedText(i)
	}
	body, err := json.Marshal(embedRequest{Model: "bench-embed", Input: texts, EncodingFormat: "base64"})
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
	var out embedResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	if len(out.Data) != inputs {
		return nil, fmt.Errorf("%d vectors for %d inputs", len(out.Data), inputs)
	}
	vectors := make([][]float32, inputs)
	for _, d := range out.Data {
		raw, err := base64.StdEncoding.DecodeString(d.Embedding)
		if err != nil || len(raw)%4 != 0 || d.Index < 0 || d.Index >= inputs {
			return nil, fmt.Errorf("vector %d is malformed", d.Index)
		}
		v := make([]float32, len(raw)/4)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[j*4:]))
		}
		vectors[d.Index] = v
	}
	return vectors, nil
}

func embedLatency(url string, n, warmup, inputs int) {
	c := newClient(url)
	c.http.Timeout = 0 // a 16 MiB answer on a busy machine: no 10 s limit
	one := func() {
		if _, err := c.embed(inputs); err != nil {
			fmt.Fprintln(os.Stderr, "host_go: embed failed:", err)
			os.Exit(1)
		}
	}
	for i := 0; i < warmup; i++ {
		one()
	}
	lat := make([]int64, n)
	runtime.GC()
	before := nginxAccepts()
	cpu0 := cpuMicros()
	t0 := nanotime()
	for i := range lat {
		s := nanotime()
		one()
		lat[i] = nanotime() - s
	}
	wall := nanotime() - t0
	cpu := cpuMicros() - cpu0
	after := nginxAccepts()
	timedConns := int64(-1)
	if before >= 0 && after >= 0 {
		timedConns = after - before - 1
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Printf("kind=latency client=go threads=1 n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f rps=%.1f cpu_us_per_call=%.2f rss_kb=%d hwm_kb=%d timed_conns=%d\n",
		n, pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), pct(lat, 1.0),
		float64(n)/(float64(wall)/1e9), cpu/float64(n), statusKB("VmRSS"), statusKB("VmHWM"), timedConns)
}

// genEmbed writes the answer nginx serves: OpenAI's shape, inputs vectors of dims random
// float32s (in the range of real embeddings), base64 of their little-endian bytes.
func genEmbed(inputs, dims int) {
	rng := rand.New(rand.NewSource(14))
	w := bytes.NewBufferString(`{"object":"list","data":[`)
	raw := make([]byte, dims*4)
	for i := 0; i < inputs; i++ {
		if i > 0 {
			w.WriteByte(',')
		}
		for j := 0; j < dims; j++ {
			binary.LittleEndian.PutUint32(raw[j*4:], math.Float32bits(float32(rng.NormFloat64()*0.03)))
		}
		fmt.Fprintf(w, `{"object":"embedding","index":%d,"embedding":"%s"}`, i, base64.StdEncoding.EncodeToString(raw))
	}
	fmt.Fprintf(w, `],"model":"bench-embed","usage":{"prompt_tokens":%d,"total_tokens":%d}}`, inputs*10, inputs*10)
	os.Stdout.Write(w.Bytes())
}

// embedMain handles "embed URL N WARMUP INPUTS" and "gen-embed INPUTS DIMS"; false otherwise.
func embedMain(a []string) bool {
	atoi := func(s string) int { v, _ := strconv.Atoi(s); return v }
	switch {
	case len(a) >= 6 && a[1] == "embed":
		embedLatency(a[2], atoi(a[3]), atoi(a[4]), atoi(a[5]))
	case len(a) >= 4 && a[1] == "gen-embed":
		genEmbed(atoi(a[2]), atoi(a[3]))
	default:
		return false
	}
	return true
}
