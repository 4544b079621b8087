// report turns the raw result lines of bench/run.sh into the printed table, results.md
// and latency.svg. Standard library only.
//
// Every number in the table is the median, across rounds, of that round's value (a
// round's p50 is the p50 of its N calls); ratios are ratios of those medians, and the
// "rounds" column gives the range of the same ratio computed round by round.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type rec map[string]string

func (r rec) f(k string) float64 {
	v, err := strconv.ParseFloat(r[k], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func median(xs []float64) float64 {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func minmax(xs []float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

// byRound groups values of one metric by round, then takes each round's median.
type byRound map[int][]float64

func (b byRound) add(round int, v float64) { b[round] = append(b[round], v) }
func (b byRound) rounds() []int {
	var rs []int
	for r := range b {
		rs = append(rs, r)
	}
	sort.Ints(rs)
	return rs
}
func (b byRound) perRound() map[int]float64 {
	m := map[int]float64{}
	for r, xs := range b {
		m[r] = median(xs)
	}
	return m
}
func (b byRound) med() float64 {
	var xs []float64
	for _, v := range b.perRound() {
		xs = append(xs, v)
	}
	return median(xs)
}

// metrics[key] where key is e.g. "lat/liblitellm/1/p50_us".
type metrics map[string]byRound

func (m metrics) add(key string, round int, v float64) {
	if m[key] == nil {
		m[key] = byRound{}
	}
	m[key].add(round, v)
}
func (m metrics) med(key string) float64 {
	if m[key] == nil {
		return math.NaN()
	}
	return m[key].med()
}

// ratio: the ratio a/b computed in each round (the two were measured back to back), then
// the median over rounds, with the smallest and largest round's ratio.
func (m metrics) ratio(a, b string) (med, lo, hi float64) {
	if m[a] == nil || m[b] == nil {
		return math.NaN(), math.NaN(), math.NaN()
	}
	pa, pb := m[a].perRound(), m[b].perRound()
	var rs []float64
	for r, va := range pa {
		if vb, ok := pb[r]; ok && vb != 0 {
			rs = append(rs, va/vb)
		}
	}
	if len(rs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	lo, hi = minmax(rs)
	return median(rs), lo, hi
}

// diffRange: a-b per round, as a median and a range.
func (m metrics) diff(a, b string) (float64, float64, float64) {
	if m[a] == nil || m[b] == nil {
		return math.NaN(), math.NaN(), math.NaN()
	}
	pa, pb := m[a].perRound(), m[b].perRound()
	var ds []float64
	for r, va := range pa {
		if vb, ok := pb[r]; ok {
			ds = append(ds, va-vb)
		}
	}
	lo, hi := minmax(ds)
	return median(ds), lo, hi
}

type hyperfineFile struct {
	Results []struct {
		Command string    `json:"command"`
		Mean    float64   `json:"mean"`
		Median  float64   `json:"median"`
		Times   []float64 `json:"times"`
	} `json:"results"`
}

func main() {
	rawPath := flag.String("raw", "", "raw result lines")
	metaPath := flag.String("meta", "", "key<TAB>value machine lines")
	sectionsPath := flag.String("sections", "", "size -A output of liblitellm.so")
	hfDir := flag.String("hyperfine-dir", "", "directory with hyperfine_<round>.json")
	mdPath := flag.String("md", "", "results.md to write")
	svgPath := flag.String("svg", "", "latency.svg to write")
	flag.Parse()

	var recs []rec
	f, err := os.Open(*rawPath)
	if err != nil {
		fail(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var rawLines []string
	for sc.Scan() {
		line := sc.Text()
		rawLines = append(rawLines, line)
		r := rec{}
		for _, kv := range strings.Fields(line) {
			if i := strings.IndexByte(kv, '='); i > 0 {
				r[kv[:i]] = kv[i+1:]
			}
		}
		recs = append(recs, r)
	}
	f.Close()

	meta := map[string]string{}
	var metaKeys []string
	if b, err := os.ReadFile(*metaPath); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if k, v, ok := strings.Cut(line, "\t"); ok {
				meta[k] = v
				metaKeys = append(metaKeys, k)
			}
		}
	}

	m := metrics{}
	rssSeries := map[int]float64{}
	rssHWM := 0.0
	sizes := map[string]rec{}
	connIssues := []string{}
	goConnNotes := []string{}
	for _, r := range recs {
		round, _ := strconv.Atoi(r["round"])
		// The TLS rows' jobs are named tls-*, tlsnew-* (a new connection per call), tlscold-*:
		// their metrics live under their own prefix.
		set := ""
		switch job := r["job"]; {
		case strings.HasPrefix(job, "tlsnew-"):
			set = "tlsnew/"
		case strings.HasPrefix(job, "tls-"), strings.HasPrefix(job, "tlscold-"):
			set = "tls/"
		case strings.HasPrefix(job, "embed-"):
			set = "embed/"
		}
		switch r["kind"] {
		case "latency":
			k := set + "lat/" + r["client"] + "/" + r["threads"] + "/"
			for _, f := range []string{"p50_us", "p90_us", "p99_us", "max_us", "rps", "cpu_us_per_call", "rss_kb", "hwm_kb"} {
				m.add(k+f, round, r.f(f))
			}
			if set == "tlsnew/" {
				// Every call must have opened its own connection (and so made a handshake).
				if c, n := r.f("timed_conns"), r.f("n"); !(c >= n) {
					connIssues = append(connIssues, fmt.Sprintf("round %d %s: %s new connections for %s calls: not a connection per call", round, r["job"], r["timed_conns"], r["n"]))
				}
			} else if c := r["timed_conns"]; c != "0" {
				msg := fmt.Sprintf("round %d %s: %s new connections while timed (process total %s for %s threads)", round, r["job"], c, r["conns"], r["threads"])
				if r["client"] == "go" {
					// Go's Transport returns a connection to its pool from the connection's
					// read goroutine, after the caller has read the body: a request issued at
					// once may find no idle connection and dial one more. That is how Go
					// behaves; the dials are part of Go's numbers, not a server-side close.
					goConnNotes = append(goConnNotes, msg)
				} else {
					connIssues = append(connIssues, msg)
				}
			}
			m.add(set+"conns/"+r["client"]+"/"+r["threads"], round, r.f("conns"))
		case "stream":
			k := "stream/" + r["client"] + "/"
			for _, f := range []string{"p50_us", "p90_us", "p99_us"} {
				m.add(k+f, round, r.f(f))
			}
			if c := r["timed_conns"]; c != "0" && r["client"] == "liblitellm" {
				connIssues = append(connIssues, fmt.Sprintf("round %d stream: %s new connections while timed (process total %s for 2 clients)", round, c, r["conns"]))
			}
		case "cold":
			k := set + "cold/" + r["client"] + "/"
			for _, f := range []string{"exec_to_main_us", "client_new_us", "first_call_us", "exec_to_first_us", "second_call_us", "wall_us", "rss_kb"} {
				m.add(k+f, round, r.f(f))
			}
		case "exec": // CLI timing without hyperfine
			m.add("cli/"+r["name"], round, r.f("wall_us")/1e3)
		case "rss":
			calls, _ := strconv.Atoi(r["calls"])
			rssSeries[calls] = r.f("rss_kb")
			if h := r.f("hwm_kb"); !math.IsNaN(h) {
				rssHWM = math.Max(rssHWM, h)
			}
		case "size":
			sizes[r["file"]] = r
		}
	}
	// hyperfine: every run's time, grouped by round (the round's median is what counts).
	cliTool := "own loop (bench/coldstart.c -n), 30 runs + 3 warm-up per round"
	if *hfDir != "" {
		plain, _ := filepath.Glob(filepath.Join(*hfDir, "hyperfine_*.json"))
		overTLS, _ := filepath.Glob(filepath.Join(*hfDir, "hyperfine-tls_*.json"))
		for _, path := range append(plain, overTLS...) {
			base := filepath.Base(path)
			prefix := "hyperfine_"
			if strings.HasPrefix(base, "hyperfine-tls_") {
				prefix = "hyperfine-tls_"
			}
			round, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(base, prefix), ".json"))
			b, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			var hf hyperfineFile
			if json.Unmarshal(b, &hf) != nil {
				continue
			}
			cliTool = "hyperfine -N --warmup 3 --runs 30, per round"
			for i, res := range hf.Results {
				name := []string{"litellm-cli", "curl-cli"}[min(i, 1)]
				if strings.Contains(res.Command, "curl") {
					name = "curl-cli"
				} else if strings.Contains(res.Command, "litellm") {
					name = "litellm-cli"
				}
				if prefix == "hyperfine-tls_" {
					name = "tls-" + name
				}
				for _, t := range res.Times {
					m.add("cli/"+name, round, t*1e3)
				}
			}
		}
	}

	R := newReport(m, meta)
	R.build(rssSeries, rssHWM, sizes)

	fmt.Print(R.text())
	if len(connIssues) > 0 {
		fmt.Println("\nconnection check FAILED: liblitellm or libcurl opened connections while being timed (a reconnect):")
		for _, s := range connIssues {
			fmt.Println("  " + s)
		}
	} else {
		fmt.Println("\nconnection check: liblitellm and libcurl opened no connection while being timed (nginx stub_status accepts, read before and after each timed loop).")
	}

	goNote := ""
	if len(goConnNotes) > 0 {
		goNote = "Go's Transport dialed extra connections while timed (it returns a connection to its pool asynchronously, so a request sent at once may find none idle and dial; nginx never closed one): " + strings.Join(goConnNotes, "; ") + "."
		fmt.Println("note: " + goNote)
	}

	if *mdPath != "" {
		sections, _ := os.ReadFile(*sectionsPath)
		md := R.markdown(meta, metaKeys, cliTool, connIssues, goNote, string(sections), rawLines)
		if err := os.WriteFile(*mdPath, []byte(md), 0o644); err != nil {
			fail(err)
		}
	}
	if *svgPath != "" {
		if err := os.WriteFile(*svgPath, []byte(R.svg(meta)), 0o644); err != nil {
			fail(err)
		}
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}

// ---------------------------------------------------------------- the report

type row struct {
	label          string
	lit, curl, gov float64 // NaN: not measured
	unit           string
	ratioCurl      string // "" : computed; "-" : none
	ratioGo        string
	rangeCurl      string
	rangeGo        string
	digits         int
}

type target struct {
	name   string
	value  string
	pass   bool
	detail string
}

type report struct {
	m       metrics
	meta    map[string]string
	rows    []row
	targets []target
	extra   []string
}

func newReport(m metrics, meta map[string]string) *report { return &report{m: m, meta: meta} }

func (R *report) ratioCols(r *row, a, b, c string) {
	m := R.m
	if b != "" {
		med, lo, hi := m.ratio(a, b)
		r.ratioCurl = fmtRatio(med)
		r.rangeCurl = fmt.Sprintf("%.2f–%.2f", lo, hi)
	}
	if c != "" {
		med, lo, hi := m.ratio(a, c)
		r.ratioGo = fmtRatio(med)
		r.rangeGo = fmt.Sprintf("%.2f–%.2f", lo, hi)
	}
}

func fmtRatio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return fmt.Sprintf("%.2fx", x)
}

func (R *report) build(rss map[int]float64, rssHWM float64, sizes map[string]rec) {
	m := R.m
	nan := math.NaN()
	add3 := func(label, unit, kl, kc, kg string, scale float64, digits int) {
		r := row{label: label, unit: unit, lit: m.med(kl) * scale, curl: nan, gov: nan, digits: digits}
		if kc != "" {
			r.curl = m.med(kc) * scale
		}
		if kg != "" {
			r.gov = m.med(kg) * scale
		}
		R.ratioCols(&r, kl, kc, kg)
		R.rows = append(R.rows, r)
	}
	for _, th := range []string{"1", "4"} {
		shape := "sequential (1 thread)"
		if th != "1" {
			shape = th + " threads"
		}
		for _, p := range []string{"p50", "p90", "p99"} {
			add3(shape+" "+p, "µs", "lat/liblitellm/"+th+"/"+p+"_us", "lat/libcurl/"+th+"/"+p+"_us", "lat/go/"+th+"/"+p+"_us", 1, 1)
		}
		add3(shape+" throughput", "req/s", "lat/liblitellm/"+th+"/rps", "lat/libcurl/"+th+"/rps", "lat/go/"+th+"/rps", 1, 0)
		add3(shape+" CPU per call (all threads)", "µs", "lat/liblitellm/"+th+"/cpu_us_per_call", "lat/libcurl/"+th+"/cpu_us_per_call", "lat/go/"+th+"/cpu_us_per_call", 1, 1)
		add3(shape+" RSS at end", "MiB", "lat/liblitellm/"+th+"/rss_kb", "lat/libcurl/"+th+"/rss_kb", "lat/go/"+th+"/rss_kb", 1.0/1024, 1)
	}
	for _, p := range []string{"p50", "p90", "p99"} {
		add3("stream: first delta "+p, "µs", "stream/liblitellm/"+p+"_us", "stream/libcurl/"+p+"_us", "", 1, 1)
	}
	add3("fresh process: exec → main()", "ms", "cold/liblitellm/exec_to_main_us", "cold/libcurl/exec_to_main_us", "cold/go/exec_to_main_us", 1e-3, 2)
	add3("fresh process: client init", "ms", "cold/liblitellm/client_new_us", "cold/libcurl/client_new_us", "cold/go/client_new_us", 1e-3, 2)
	// Go's "client init" is building a struct (~0 ms): a ratio to it means nothing.
	R.rows[len(R.rows)-1].ratioGo, R.rows[len(R.rows)-1].rangeGo = "-", ""
	add3("fresh process: first call (main → 1st response)", "ms", "cold/liblitellm/first_call_us", "cold/libcurl/first_call_us", "cold/go/first_call_us", 1e-3, 2)
	add3("fresh process: exec → 1st response", "ms", "cold/liblitellm/exec_to_first_us", "cold/libcurl/exec_to_first_us", "cold/go/exec_to_first_us", 1e-3, 2)
	add3("fresh process: 2nd call", "ms", "cold/liblitellm/second_call_us", "cold/libcurl/second_call_us", "cold/go/second_call_us", 1e-3, 3)
	add3("CLI cold start, one request (litellm vs curl)", "ms", "cli/litellm-cli", "cli/curl-cli", "", 1, 2)
	// ---- embeddings: 2,048 short inputs, a 16 MiB base64 answer (libcurl not measured)
	const embed = "embeddings, 2,048 inputs × 1,536 floats: "
	add3(embed+"p50 per call", "ms", "embed/lat/liblitellm/1/p50_us", "", "embed/lat/go/1/p50_us", 1e-3, 1)
	add3(embed+"p90 per call", "ms", "embed/lat/liblitellm/1/p90_us", "", "embed/lat/go/1/p90_us", 1e-3, 1)
	add3(embed+"CPU per call (all threads)", "ms", "embed/lat/liblitellm/1/cpu_us_per_call", "", "embed/lat/go/1/cpu_us_per_call", 1e-3, 1)
	add3(embed+"peak RSS", "MiB", "embed/lat/liblitellm/1/hwm_kb", "", "embed/lat/go/1/hwm_kb", 1.0/1024, 1)
	// ---- HTTPS (nginx TLS, private CA; Go not measured)
	for _, th := range []string{"1", "4"} {
		shape := "TLS keep-alive, sequential"
		if th != "1" {
			shape = "TLS keep-alive, " + th + " threads"
		}
		for _, p := range []string{"p50", "p90", "p99"} {
			add3(shape+" "+p, "µs", "tls/lat/liblitellm/"+th+"/"+p+"_us", "tls/lat/libcurl/"+th+"/"+p+"_us", "", 1, 1)
		}
		add3(shape+" throughput", "req/s", "tls/lat/liblitellm/"+th+"/rps", "tls/lat/libcurl/"+th+"/rps", "", 1, 0)
		add3(shape+" CPU per call", "µs", "tls/lat/liblitellm/"+th+"/cpu_us_per_call", "tls/lat/libcurl/"+th+"/cpu_us_per_call", "", 1, 1)
	}
	for _, p := range []string{"p50", "p90", "p99"} {
		add3("TLS new connection per call "+p, "µs", "tlsnew/lat/liblitellm/1/"+p+"_us", "tlsnew/lat/libcurl/1/"+p+"_us", "", 1, 1)
	}
	add3("TLS new connection per call CPU per call", "µs", "tlsnew/lat/liblitellm/1/cpu_us_per_call", "tlsnew/lat/libcurl/1/cpu_us_per_call", "", 1, 1)
	add3("TLS fresh process: client init (ca_file)", "ms", "tls/cold/liblitellm/client_new_us", "tls/cold/libcurl/client_new_us", "", 1e-3, 2)
	add3("TLS fresh process: first call (main → 1st response)", "ms", "tls/cold/liblitellm/first_call_us", "tls/cold/libcurl/first_call_us", "", 1e-3, 2)
	add3("TLS fresh process: exec → 1st response", "ms", "tls/cold/liblitellm/exec_to_first_us", "tls/cold/libcurl/exec_to_first_us", "", 1e-3, 2)
	add3("TLS CLI cold start (system trust + CA; litellm vs curl)", "ms", "cli/tls-litellm-cli", "cli/tls-curl-cli", "", 1, 2)

	// ---- targets
	seqL, seqC, seqG := m.med("lat/liblitellm/1/p50_us"), m.med("lat/libcurl/1/p50_us"), m.med("lat/go/1/p50_us")
	rt, lo, hi := m.ratio("lat/liblitellm/1/p50_us", "lat/libcurl/1/p50_us")
	R.targets = append(R.targets, target{"sequential p50 ≤ 1.2 × libcurl", fmt.Sprintf("%.2fx (%.1f vs %.1f µs; rounds %.2f–%.2f)", rt, seqL, seqC, lo, hi), rt <= 1.2, ""})
	rt, lo, hi = m.ratio("lat/liblitellm/1/p50_us", "lat/go/1/p50_us")
	R.targets = append(R.targets, target{"sequential p50 below Go's", fmt.Sprintf("%.2fx (%.1f vs %.1f µs; rounds %.2f–%.2f)", rt, seqL, seqG, lo, hi), rt < 1, ""})
	tL, tC := m.med("lat/liblitellm/4/rps"), m.med("lat/libcurl/4/rps")
	rt, lo, hi = m.ratio("lat/liblitellm/4/rps", "lat/libcurl/4/rps")
	R.targets = append(R.targets, target{"4-thread throughput ≥ 0.9 × libcurl", fmt.Sprintf("%.2fx (%.0f vs %.0f req/s; rounds %.2f–%.2f)", rt, tL, tC, lo, hi), rt >= 0.9, ""})
	cL, cC := m.med("cli/litellm-cli"), m.med("cli/curl-cli")
	rt, lo, hi = m.ratio("cli/litellm-cli", "cli/curl-cli")
	R.targets = append(R.targets, target{"CLI cold start ≤ 1.0 × curl", fmt.Sprintf("%.2fx (%.2f vs %.2f ms; rounds %.2f–%.2f)", rt, cL, cC, lo, hi), rt <= 1.0, ""})
	fc := m.med("cold/liblitellm/first_call_us") / 1e3
	e2f := m.med("cold/liblitellm/exec_to_first_us") / 1e3
	fcLo, fcHi := minmax(vals(m["cold/liblitellm/first_call_us"].perRound()))
	R.targets = append(R.targets, target{"first call in a fresh process ≤ 10 ms", fmt.Sprintf("%.2f ms main → 1st response (rounds %.2f–%.2f); exec → 1st response %.2f ms", fc, fcLo/1e3, fcHi/1e3, e2f), fc <= 10, ""})
	if s, ok := sizes["lib/liblitellm.so"]; ok {
		b := s.f("stripped_bytes")
		// Issue 6 says 5 MB: decimal megabytes, the stricter reading.
		R.targets = append(R.targets, target{"stripped liblitellm.so ≤ 5 MB", fmt.Sprintf("%.2f MB = %.2f MiB (%.0f bytes)", b/1e6, b/1048576, b), b <= 5e6, ""})
	}
	last := 0 // the RSS run's last checkpoint: 100,000 calls unless BENCH_RSS_CALLS says otherwise
	for c := range rss {
		if c > last {
			last = c
		}
	}
	// Flat is judged over the second half of the run: the GC commits its heap a 4 MiB region at
	// a time while it settles, and the less a call allocates the more calls that takes (calls
	// allocate a fraction of what they once did; one region step was seen as late as ~35,000
	// generate calls). A leak grows on; a settling heap stops.
	flatFrom := last / 2
	rN, r2 := rss[last], rss[flatFrom]
	if last > 0 {
		R.targets = append(R.targets, target{fmt.Sprintf("RSS after %s calls ≤ 40 MiB", thousands(last)), fmt.Sprintf("%.1f MiB (peak %.1f MiB)", rN/1024, rssHWM/1024), rN <= 40*1024, ""})
	} else {
		R.targets = append(R.targets, target{"RSS after 100,000 calls ≤ 40 MiB", "not measured", false, ""})
	}
	if last > flatFrom && r2 > 0 {
		g := (rN - r2) / r2 * 100
		R.targets = append(R.targets, target{fmt.Sprintf("RSS flat: %s → %s calls grows ≤ 10 %%", thousands(flatFrom), thousands(last)), fmt.Sprintf("%.1f → %.1f MiB (%+.1f %%)", r2/1024, rN/1024, g), g <= 10, ""})
	} else {
		R.targets = append(R.targets, target{"RSS flat: 50,000 → 100,000 calls grows ≤ 10 %", "not measured", false, ""})
	}
	// ---- HTTPS targets (issue 18)
	cL, cC = m.med("cli/tls-litellm-cli"), m.med("cli/tls-curl-cli")
	rt, lo, hi = m.ratio("cli/tls-litellm-cli", "cli/tls-curl-cli")
	R.targets = append(R.targets, target{"TLS CLI cold start ≤ 1.0 × curl, same trust", fmt.Sprintf("%.2fx (%.2f vs %.2f ms; rounds %.2f–%.2f)", rt, cL, cC, lo, hi), rt <= 1.0, ""})
	fc = m.med("tls/cold/liblitellm/first_call_us") / 1e3
	if pr := m["tls/cold/liblitellm/first_call_us"]; pr != nil {
		fcLo, fcHi = minmax(vals(pr.perRound()))
	}
	R.targets = append(R.targets, target{"TLS first call in a fresh process ≤ 15 ms", fmt.Sprintf("%.2f ms main → 1st response, one-certificate ca_file (rounds %.2f–%.2f)", fc, fcLo/1e3, fcHi/1e3), fc <= 15, ""})
	seqL, seqC = m.med("tls/lat/liblitellm/1/p50_us"), m.med("tls/lat/libcurl/1/p50_us")
	rt, lo, hi = m.ratio("tls/lat/liblitellm/1/p50_us", "tls/lat/libcurl/1/p50_us")
	R.targets = append(R.targets, target{"TLS keep-alive sequential p50 ≤ 1.0 × libcurl", fmt.Sprintf("%.2fx (%.1f vs %.1f µs; rounds %.2f–%.2f)", rt, seqL, seqC, lo, hi), rt <= 1.0, ""})
	tL, tC = m.med("tls/lat/liblitellm/4/rps"), m.med("tls/lat/libcurl/4/rps")
	rt, lo, hi = m.ratio("tls/lat/liblitellm/4/rps", "tls/lat/libcurl/4/rps")
	R.targets = append(R.targets, target{"TLS 4-thread throughput ≥ 0.95 × libcurl", fmt.Sprintf("%.2fx (%.0f vs %.0f req/s; rounds %.2f–%.2f)", rt, tL, tC, lo, hi), rt >= 0.95, ""})
	nL, nC := m.med("tlsnew/lat/liblitellm/1/p50_us"), m.med("tlsnew/lat/libcurl/1/p50_us")
	rt, lo, hi = m.ratio("tlsnew/lat/liblitellm/1/p50_us", "tlsnew/lat/libcurl/1/p50_us")
	R.targets = append(R.targets, target{"TLS new connection per call p50 ≤ 1.0 × libcurl", fmt.Sprintf("%.2fx (%.1f vs %.1f µs; rounds %.2f–%.2f)", rt, nL, nC, lo, hi), rt <= 1.0, ""})

	d, dlo, dhi := m.diff("stream/liblitellm/p50_us", "stream/libcurl/p50_us")
	R.targets = append(R.targets, target{"first-delta overhead ≤ 0.2 ms over libcurl", fmt.Sprintf("%+.3f ms at p50 (%.1f vs %.1f µs; rounds %+.3f…%+.3f)", d/1e3, m.med("stream/liblitellm/p50_us"), m.med("stream/libcurl/p50_us"), dlo/1e3, dhi/1e3), d <= 200, ""})

	// ---- extra lines: RSS series and sizes
	var calls []int
	for c := range rss {
		calls = append(calls, c)
	}
	sort.Ints(calls)
	var parts []string
	for _, c := range calls {
		parts = append(parts, fmt.Sprintf("%d: %.1f", c, rss[c]/1024))
	}
	if len(parts) > 0 {
		R.extra = append(R.extra, "liblitellm host VmRSS (MiB) after N sequential calls — "+strings.Join(parts, ", "))
	}
	if v := R.meta["tls_resumption"]; v != "" {
		R.extra = append(R.extra, "TLS connection per call, nginx's $ssl_session_reused over the whole run: "+v)
	}
	for _, k := range []string{"lib/liblitellm.so", "bin/litellm"} {
		if s, ok := sizes[k]; ok {
			R.extra = append(R.extra, fmt.Sprintf("%s: %.2f MiB as shipped, %.2f MiB stripped", k, s.f("bytes")/1048576, s.f("stripped_bytes")/1048576))
		}
	}
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func vals(m map[int]float64) []float64 {
	var v []float64
	for _, x := range m {
		v = append(v, x)
	}
	return v
}

func num(x float64, digits int) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', digits, 64)
}

func passMiss(p bool) string {
	if p {
		return "PASS"
	}
	return "MISS"
}

func (R *report) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nliblitellm benchmark — %s rounds, interleaved. Values: median over rounds of each round's value.\n", R.meta["rounds"])
	fmt.Fprintf(&b, "Ratios: median over rounds of the round's ratio (the two measured back to back); lower is better except req/s.\n")
	fmt.Fprintf(&b, "(%s × %s calls/thread per run; %s; nproc %s; %s)\n\n", R.meta["threads"]+" threads or 1", R.meta["n"], R.meta["cpu"], R.meta["nproc"], R.meta["date"])
	fmt.Fprintf(&b, "%-48s %6s %11s %11s %11s %9s %9s\n", "metric", "unit", "liblitellm", "libcurl", "Go", "lit/curl", "lit/Go")
	fmt.Fprintln(&b, strings.Repeat("-", 112))
	for _, r := range R.rows {
		curlH, goH := "libcurl", "Go"
		_ = curlH
		_ = goH
		fmt.Fprintf(&b, "%-48s %6s %11s %11s %11s %9s %9s\n", r.label, r.unit, num(r.lit, r.digits), num(r.curl, r.digits), num(r.gov, r.digits), orDash(r.ratioCurl), orDash(r.ratioGo))
	}
	fmt.Fprintln(&b, "(CLI rows: the libcurl column is the curl(1) command line; lit/Go blank where Go was not measured; TLS rows: nginx over TLS")
	fmt.Fprintln(&b, " with a private CA, by name (localhost); library rows trust the CA as ca_file / CURLOPT_CAINFO, CLI rows the system + CA)")
	for _, e := range R.extra {
		fmt.Fprintln(&b, e)
	}
	fmt.Fprintf(&b, "\n%-46s %-70s %s\n", "target", "value (this run)", "")
	fmt.Fprintln(&b, strings.Repeat("-", 122))
	pass := 0
	for _, t := range R.targets {
		fmt.Fprintf(&b, "%-46s %-70s %s\n", t.name, t.value, passMiss(t.pass))
		if t.pass {
			pass++
		}
	}
	fmt.Fprintf(&b, "%d of %d targets PASS\n", pass, len(R.targets))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (R *report) markdown(meta map[string]string, metaKeys []string, cliTool string, connIssues []string, goNote string, sections string, raw []string) string {
	var b strings.Builder
	b.WriteString("# liblitellm benchmark results\n\n")
	b.WriteString("Written by `bench/run.sh` (`./build.sh bench`); see `bench/README.md` for the method. ")
	b.WriteString("Every value is the median, across rounds, of that round's value; every ratio is the median, across rounds, of the ratio within a round (where the two clients ran back to back), with the smallest and largest round's ratio in brackets. The clients ran interleaved, in an order rotated every round. ")
	b.WriteString("Compare ratios within this file only: absolute numbers move with the machine.\n\n")
	b.WriteString("## Machine\n\n| | |\n| --- | --- |\n")
	for _, k := range metaKeys {
		fmt.Fprintf(&b, "| %s | %s |\n", k, strings.ReplaceAll(meta[k], "|", "\\|"))
	}
	b.WriteString("\n## Targets\n\n| target | value (this run) | |\n| --- | --- | --- |\n")
	pass := 0
	for _, t := range R.targets {
		fmt.Fprintf(&b, "| %s | %s | **%s** |\n", t.name, t.value, passMiss(t.pass))
		if t.pass {
			pass++
		}
	}
	fmt.Fprintf(&b, "\n%d of %d targets PASS.\n", pass, len(R.targets))
	b.WriteString("\n## Table\n\n")
	b.WriteString("| metric | unit | liblitellm | libcurl | Go | liblitellm / libcurl (rounds) | liblitellm / Go (rounds) |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range R.rows {
		rc, rg := orDash(r.ratioCurl), orDash(r.ratioGo)
		if r.rangeCurl != "" && rc != "-" {
			rc += " (" + r.rangeCurl + ")"
		}
		if r.rangeGo != "" && rg != "-" {
			rg += " (" + r.rangeGo + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.label, r.unit, num(r.lit, r.digits), num(r.curl, r.digits), num(r.gov, r.digits), rc, rg)
	}
	b.WriteString("\nIn the CLI row the libcurl column is the `curl` command line (" + cliTool + "). ")
	b.WriteString("libcurl does no JSON work at all (it posts a constant body and copies the answer into a buffer): it is the native floor, not a like-for-like client. ")
	b.WriteString("Go marshals the request from a struct and decodes the answer into a struct with `encoding/json`, as liblitellm does with its documents.\n\n")
	for _, e := range R.extra {
		b.WriteString("- " + e + "\n")
	}
	if len(connIssues) > 0 {
		b.WriteString("- **connection check failed**: " + strings.Join(connIssues, "; ") + "\n")
	} else {
		b.WriteString("- connection check: liblitellm and libcurl opened no connection while being timed (nginx `stub_status` accepts, read before and after each timed loop; the raw lines also give each process's total as `conns`).\n")
	}
	if goNote != "" {
		b.WriteString("- " + goNote + "\n")
	}
	b.WriteString("\n![latency percentiles](latency.svg)\n")
	if strings.TrimSpace(sections) != "" {
		b.WriteString("\n## Sections of liblitellm.so (`size -A`)\n\n```\n" + strings.TrimSpace(sections) + "\n```\n")
	}
	b.WriteString("\n## Raw result lines\n\n<details><summary>one line per measurement process (round 0: the RSS run)</summary>\n\n```\n")
	for _, l := range raw {
		b.WriteString(l + "\n")
	}
	b.WriteString("```\n\n</details>\n")
	return b.String()
}

// ---------------------------------------------------------------- SVG

func (R *report) svg(meta map[string]string) string {
	type panel struct {
		title   string
		clients []string
		keys    []string
	}
	panels := []panel{
		{"1 thread × N (µs)", []string{"liblitellm", "libcurl", "Go"}, []string{"lat/liblitellm/1/", "lat/libcurl/1/", "lat/go/1/"}},
		{meta["threads"] + " threads × N (µs)", []string{"liblitellm", "libcurl", "Go"}, []string{"lat/liblitellm/4/", "lat/libcurl/4/", "lat/go/4/"}},
		{"stream: first delta (µs)", []string{"liblitellm", "libcurl"}, []string{"stream/liblitellm/", "stream/libcurl/"}},
	}
	pcts := []string{"p50", "p90", "p99"}
	colors := []string{"#4e79a7", "#f28e2b", "#e15759"}
	const W, H = 960, 450
	const top, bottom, left = 90, 72, 50
	panelW := (W - left - 20) / len(panels)
	plotH := H - top - bottom
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15" font-weight="bold">liblitellm vs libcurl vs Go net/http — latency percentiles (median of %s rounds)</text>`+"\n", left, meta["rounds"])
	fmt.Fprintf(&b, `<text x="%d" y="40" fill="#555">%s, nproc %s, %s — local nginx, keep-alive; lower is better</text>`+"\n", left, esc(meta["cpu"]), meta["nproc"], esc(meta["date"]))
	for i, p := range pcts {
		x := left + i*60
		fmt.Fprintf(&b, `<rect x="%d" y="52" width="12" height="12" fill="%s"/><text x="%d" y="62">%s</text>`+"\n", x, colors[i], x+16, p)
	}
	for pi, p := range panels {
		x0 := left + pi*panelW
		maxV := 0.0
		for _, k := range p.keys {
			for _, pc := range pcts {
				if v := R.m.med(k + pc + "_us"); !math.IsNaN(v) {
					maxV = math.Max(maxV, v)
				}
			}
		}
		if maxV <= 0 {
			continue
		}
		step := niceStep(maxV / 4)
		yMax := math.Ceil(maxV/step) * step
		y := func(v float64) float64 { return float64(top+plotH) - v/yMax*float64(plotH) }
		// axis + grid
		for t := 0.0; t <= yMax+step/2; t += step {
			fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", x0+30, x0+panelW-10, y(t), y(t))
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>`+"\n", x0+26, y(t)+4, trimNum(t))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s</text>`+"\n", x0+30+(panelW-40)/2, top-8, esc(p.title))
		groupW := float64(panelW-50) / float64(len(p.clients))
		barW := math.Min(22, (groupW-16)/3)
		for ci, c := range p.clients {
			gx := float64(x0+35) + float64(ci)*groupW
			bx := gx + (groupW-barW*3)/2
			for j, pc := range pcts {
				v := R.m.med(p.keys[ci] + pc + "_us")
				if math.IsNaN(v) {
					continue
				}
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %.1f µs</title></rect>`+"\n",
					bx+float64(j)*barW, y(v), barW-2, float64(top+plotH)-y(v), colors[j], c, pc, v)
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="9" fill="#333">%s</text>`+"\n", bx+float64(j)*barW+(barW-2)/2, y(v)-3, trimNum(math.Round(v)))
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", gx+groupW/2, top+plotH+16, esc(c))
		}
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#333"/>`+"\n", x0+30, x0+panelW-10, top+plotH, top+plotH)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">libcurl does no JSON work (the native floor); Go marshals the request and decodes the answer with encoding/json;</text>`+"\n", left, H-30)
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">liblitellm parses the request document, writes the wire JSON, parses the answer and writes the response document.</text>`+"\n", left, H-14)
	b.WriteString("</svg>\n")
	return b.String()
}

func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

func trimNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
