// Scale benchmark report: reads the raw result lines and the machine description that
// bench/scale/run.sh collected, prints the table and the target checks, and writes
// results.md. Standard library only.
//
//	report -raw raw.txt -meta meta.txt [-notes notes.txt] [-build-notes build.txt] [-md results.md]
//
// A raw line is space-separated key=value pairs: the host's own kind=scale line (answered,
// wall_s, ttfd_*, threads_*), then run.sh's (round, job, rc, outcome, conns, and GNU time's
// time_wall_s, time_user_s, time_sys_s, time_maxrss_kb of the host process).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

var clientOrder = []string{"async", "threads", "go", "rust"}

var clientLabel = map[string]string{
	"async":   "liblitellm async",
	"threads": "liblitellm blocking, thread per call",
	"go":      "Go net/http",
	"rust":    "Rust reqwest + tokio",
}

type run struct {
	kv map[string]string
}

func (r run) s(k string) string { return r.kv[k] }

func (r run) f(k string) float64 {
	v, err := strconv.ParseFloat(r.kv[k], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func (r run) i(k string) int {
	v, err := strconv.Atoi(r.kv[k])
	if err != nil {
		return -1
	}
	return v
}

func (r run) cpu() float64 { return r.f("time_user_s") + r.f("time_sys_s") }

func (r run) rssMiB() float64 { return r.f("time_maxrss_kb") / 1024 }

func (r run) above() int {
	p, s := r.i("threads_peak"), r.i("threads_start")
	if p < 0 || s < 0 {
		return -1
	}
	return p - s
}

// complete: the process ended by itself (rc 0 or 1) and left its measurements.
func (r run) measured() bool {
	return (r.s("outcome") == "ok" || r.s("outcome") == "failed") && r.f("time_wall_s") >= 0 && r.s("wall_s") != ""
}

type key struct {
	n      int
	client string
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
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}

func collect(runs []run, f func(run) float64) []float64 {
	var out []float64
	for _, r := range runs {
		if r.measured() {
			out = append(out, f(r))
		}
	}
	return out
}

func fmtF(x float64, prec int) string {
	if math.IsNaN(x) || x < 0 {
		return "—"
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

func readLines(path string) []string {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func parse(line string) run {
	r := run{kv: map[string]string{}}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			if _, dup := r.kv[k]; !dup {
				r.kv[k] = v
			}
		}
	}
	return r
}

type report struct {
	ns     []int
	groups map[key][]run
	order  []string
}

// answeredCell: "10000/10000", or the worst round and what went wrong.
func (R *report) answeredCell(k key) string {
	runs := R.groups[k]
	if len(runs) == 0 {
		return "not run"
	}
	minA, maxA := math.MaxInt, -1
	var bad []string
	for _, r := range runs {
		a := r.i("answered")
		if a < minA {
			minA = a
		}
		if a > maxA {
			maxA = a
		}
		switch o := r.s("outcome"); {
		case r.s("timed_out") == "1":
			bad = append(bad, "TIMED OUT (its own limit)")
		case o == "ok":
		case o == "timeout":
			bad = append(bad, "TIMED OUT")
		case o == "not-built":
			bad = append(bad, "NOT BUILT")
		default:
			bad = append(bad, "FAILED rc="+r.s("rc"))
		}
	}
	cell := fmt.Sprintf("%d/%d", minA, k.n)
	if minA != maxA {
		cell = fmt.Sprintf("%d–%d/%d", minA, maxA, k.n)
	}
	if len(bad) > 0 {
		cell += " **" + strings.Join(uniq(bad), ", ") + "**"
	}
	return cell
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (R *report) threadsCell(k key) string {
	runs := R.groups[k]
	peak := median(collect(runs, func(r run) float64 { return float64(r.i("threads_peak")) }))
	maxAbove := -1
	for _, r := range runs {
		if r.measured() && r.above() > maxAbove {
			maxAbove = r.above()
		}
	}
	if math.IsNaN(peak) {
		return "—"
	}
	return fmt.Sprintf("%s (+%d)", fmtF(peak, 0), maxAbove)
}

func (R *report) table() string {
	var b strings.Builder
	b.WriteString("| N | client | answered | wall s | CPU s | peak RSS MiB | threads (peak, above start) | p99 TTFD ms |\n")
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, n := range R.ns {
		for _, c := range R.order {
			k := key{n, c}
			runs := R.groups[k]
			if runs == nil {
				continue
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", n, clientLabel[c], R.answeredCell(k),
				fmtF(median(collect(runs, func(r run) float64 { return r.f("time_wall_s") })), 2),
				fmtF(median(collect(runs, run.cpu)), 2),
				fmtF(median(collect(runs, run.rssMiB)), 1),
				R.threadsCell(k),
				fmtF(median(collect(runs, func(r run) float64 { return r.f("ttfd_p99_ms") })), 0))
		}
	}
	return b.String()
}

func (R *report) details() string {
	var b strings.Builder
	b.WriteString("| N | client | round | outcome | in-process wall s | submit s | TTFD p50 / p99 / max ms | user s | sys s | peak RSS MiB | threads main / start / peak | connections opened | server CPU s | listen overflows / SYN retransmits |\n")
	b.WriteString("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, n := range R.ns {
		for _, c := range R.order {
			for _, r := range R.groups[key{n, c}] {
				fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s / %s / %s | %s | %s | %s | %s / %s / %s | %s | %s | %s / %s |\n",
					n, clientLabel[c], r.s("round"), r.s("outcome"), fmtF(r.f("wall_s"), 3), fmtF(r.f("submit_s"), 3),
					fmtF(r.f("ttfd_p50_ms"), 0), fmtF(r.f("ttfd_p99_ms"), 0), fmtF(r.f("ttfd_max_ms"), 0),
					fmtF(r.f("time_user_s"), 2), fmtF(r.f("time_sys_s"), 2), fmtF(r.rssMiB(), 1),
					orDash(r.s("threads_main")), orDash(r.s("threads_start")), orDash(r.s("threads_peak")), orDash(r.s("conns")), orDash(r.s("server_cpu_s")),
					orDash(r.s("listen_overflows")), orDash(r.s("syn_retrans")))
			}
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

type target struct {
	name, value string
	pass        bool
}

func (R *report) targets() []target {
	var ts []target
	const bigN = 10000
	async, rust := R.groups[key{bigN, "async"}], R.groups[key{bigN, "rust"}]
	if async == nil {
		ts = append(ts, target{"N=10,000: liblitellm async answers all", "not run (N=10000 not in BENCH_SCALE_N, or async not in BENCH_SCALE_CLIENTS)", false})
	} else {
		all := true
		var vals []string
		for _, r := range async {
			vals = append(vals, fmt.Sprintf("%d/%d (%s)", r.i("answered"), bigN, r.s("outcome")))
			all = all && r.s("outcome") == "ok" && r.i("answered") == bigN
		}
		ts = append(ts, target{"N=10,000: liblitellm async answers all", strings.Join(vals, ", "), all})
		cmp := func(name, unit string, f func(run) float64, prec int) {
			a, r := median(collect(async, f)), median(collect(rust, f))
			if math.IsNaN(a) || math.IsNaN(r) {
				why := "no measurement of liblitellm async"
				if !math.IsNaN(a) {
					why = "no measurement of Rust reqwest + tokio (it did not run or did not finish)"
				}
				ts = append(ts, target{name, why, false})
				return
			}
			ts = append(ts, target{name, fmt.Sprintf("%s vs %s %s (%.2fx)", fmtF(a, prec), fmtF(r, prec), unit, a/r), a <= r})
		}
		cmp("N=10,000: wall ≤ Rust reqwest + tokio's", "s", func(r run) float64 { return r.f("time_wall_s") }, 2)
		cmp("N=10,000: CPU (user + sys) ≤ Rust reqwest + tokio's", "s", run.cpu, 2)
		cmp("N=10,000: peak RSS ≤ Rust reqwest + tokio's", "MiB", run.rssMiB, 1)
	}
	worst, any, val := -1, false, []string{}
	for _, n := range R.ns {
		for _, r := range R.groups[key{n, "async"}] {
			if !r.measured() {
				continue
			}
			any = true
			if r.above() > worst {
				worst = r.above()
			}
			val = append(val, fmt.Sprintf("N=%d: +%d", n, r.above()))
		}
	}
	if !any {
		ts = append(ts, target{"liblitellm async: threads ≤ 16 above the count before the first call, every N", "no measurement", false})
	} else {
		ts = append(ts, target{"liblitellm async: threads ≤ 16 above the count before the first call, every N",
			strings.Join(val, ", "), worst >= 0 && worst <= 16})
	}
	return ts
}

func targetsTable(ts []target) string {
	var b strings.Builder
	b.WriteString("| target | this run | |\n| --- | --- | --- |\n")
	for _, t := range ts {
		v := "**MISS**"
		if t.pass {
			v = "**PASS**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", t.name, t.value, v)
	}
	return b.String()
}

func main() {
	rawPath := flag.String("raw", "", "raw result lines")
	metaPath := flag.String("meta", "", "machine description (key TAB value)")
	notesPath := flag.String("notes", "", "host failures and stderr")
	buildNotesPath := flag.String("build-notes", "", "hosts that did not build (name TAB error)")
	mdPath := flag.String("md", "", "results.md to write")
	flag.Parse()

	rawLines := readLines(*rawPath)
	R := &report{groups: map[key][]run{}}
	seenN := map[int]bool{}
	seenC := map[string]bool{}
	for _, l := range rawLines {
		r := parse(l)
		if r.s("kind") != "scale" {
			continue
		}
		n, err := strconv.Atoi(r.s("n"))
		if err != nil {
			continue
		}
		c := r.s("job")
		R.groups[key{n, c}] = append(R.groups[key{n, c}], r)
		if !seenN[n] {
			seenN[n] = true
			R.ns = append(R.ns, n)
		}
		seenC[c] = true
	}
	sort.Ints(R.ns)
	for _, c := range clientOrder {
		if seenC[c] {
			R.order = append(R.order, c)
		}
	}
	ts := R.targets()
	table := R.table()
	fmt.Println()
	fmt.Print(table)
	fmt.Println()
	for _, t := range ts {
		v := "MISS"
		if t.pass {
			v = "PASS"
		}
		fmt.Printf("  %-4s  %s: %s\n", v, t.name, t.value)
	}
	notes := readLines(*notesPath)
	buildNotes := readLines(*buildNotesPath)
	for _, l := range buildNotes {
		fmt.Printf("  build: %s\n", l)
	}
	for _, l := range notes {
		fmt.Printf("  note: %s\n", l)
	}
	fmt.Println()

	if *mdPath == "" {
		return
	}
	var b strings.Builder
	b.WriteString("# liblitellm scale benchmark results\n\n")
	b.WriteString("Written by `bench/scale/run.sh` (`./build.sh bench scale`); see `bench/scale/README.md` for the method. " +
		"Each host is one process holding N concurrent streams against `slow_server` (20 SSE chunks 100 ms apart per stream, " +
		"so a stream takes 2 s however fast the client is). **wall s**, **CPU s** (user + system) and **peak RSS** are the " +
		"host process measured from outside by GNU time (`wait4` rusage), start-up and teardown included; **threads** is " +
		"the host's own peak of `/proc/self/status` Threads (sampled every 10 ms) and how far it rose above the count just " +
		"before the first call; **p99 TTFD** is the 99th percentile, over the calls, of call start → first delta. " +
		"With several rounds a cell is the median over rounds (answered: the worst round; threads above start: the largest). " +
		"The machine's 2 cores are shared by the server, the host and whatever else runs: absolute numbers are rough.\n\n")
	b.WriteString("## Results\n\n")
	b.WriteString(table)
	b.WriteString("\n## Targets\n\n")
	b.WriteString(targetsTable(ts))
	b.WriteString("\n## Machine\n\n| | |\n| --- | --- |\n")
	for _, l := range readLines(*metaPath) {
		k, v, _ := strings.Cut(l, "\t")
		fmt.Fprintf(&b, "| %s | %s |\n", k, strings.ReplaceAll(v, "|", "\\|"))
	}
	b.WriteString("\n## Every run\n\n")
	b.WriteString("*In-process wall* is the host's own clock from just before its first call to its last answer; *submit s* " +
		"is how long liblitellm async's N `litellm_generate_async` calls took to return; *connections opened* is how many " +
		"connections the server accepted while the host ran; *server CPU s* is the server's own CPU time meanwhile (it shares the cores with the host); " +
		"*listen overflows / SYN retransmits* are the kernel's TcpExt ListenOverflows and TCPSynRetrans counters over the host's run: " +
		"they are machine-wide, so other jobs' sockets count too, but a connect burst that overflowed our accept queue shows there " +
		"(and as ~1 s or ~3 s steps in the first-delta times).\n\n")
	b.WriteString(R.details())
	if len(buildNotes) > 0 || len(notes) > 0 {
		b.WriteString("\n## Failures and host messages\n\n")
		for _, l := range buildNotes {
			k, v, _ := strings.Cut(l, "\t")
			fmt.Fprintf(&b, "- %s did not build: `%s`\n", k, v)
		}
		for _, l := range notes {
			fmt.Fprintf(&b, "- %s\n", strings.ReplaceAll(l, "`", "'"))
		}
	}
	b.WriteString("\n## Raw result lines\n\n```\n")
	for _, l := range rawLines {
		b.WriteString(l + "\n")
	}
	b.WriteString("```\n")
	if err := os.WriteFile(*mdPath, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}
