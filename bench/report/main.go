// Command report runs the benchmark suite of bench/ and its CPython asyncio
// counterpart, and writes BENCHMARKS.md: the median of every variant over
// -count runs, the ratio of corio to each baseline measured in the same run,
// the performance targets with what was reached, and the machine.
//
//	go run ./bench/report              # -count 5, writes bench/BENCHMARKS.md
//	go run ./bench/report -short -o /tmp/B.md   # one quick run of each: CI's smoke test
//	CORIO_BENCH_FULL=1 go run ./bench/report    # with the 10,000-connection echo and memory rows
//
// Both suites print `go test -bench` lines; the asyncio script names its rows
// like the Go sub-benchmarks with "asyncio" as the variant, so one parser
// reads both and the rows pair up by name.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/exp/stats"
)

func main() {
	count := flag.Int("count", 5, "runs of each benchmark; the report shows medians")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime")
	short := flag.Bool("short", false, "one quick run of everything (-count 1, -benchtime 1x): checks that the pipeline works, not the numbers")
	out := flag.String("o", "bench/BENCHMARKS.md", "the report to write")
	python := flag.String("python", "python3", "the CPython that runs bench/asyncio_bench.py")
	flag.Parse()
	if *short {
		*count, *benchtime = 1, "1x"
	}

	goOut, err := run("go", "test", "-run", "^$", "-bench", ".", "-benchmem",
		"-count", strconv.Itoa(*count), "-benchtime", *benchtime, "./bench/")
	if err != nil {
		log.Fatalf("go test -bench: %v\n%s", err, goOut)
	}
	pyArgs := []string{"bench/asyncio_bench.py", "-count", strconv.Itoa(*count)}
	if *short {
		pyArgs = append(pyArgs, "-short")
	}
	pyOut, err := run(*python, pyArgs...)
	if err != nil {
		log.Fatalf("%s %s: %v\n%s", *python, strings.Join(pyArgs, " "), err, pyOut)
	}

	results := parse(goOut)
	maps.Copy(results, parse(pyOut))
	if len(results) == 0 {
		log.Fatal("no benchmark results")
	}
	var buf bytes.Buffer
	writeReport(&buf, results, machine(goOut, pyOut, *count, *benchtime))
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d results\n", *out, len(results))
}

func run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	return cmd.Output()
}

// result is one benchmark's runs: for each unit (ns/op, B/op, ns/task, ...)
// the values of every run.
type result map[string][]float64

// median returns the median of the runs in unit, and whether there were any.
func (r result) median(unit string) (float64, bool) {
	v := r[unit]
	if len(v) == 0 {
		return 0, false
	}
	return stats.Median(v), true
}

// parse reads `go test -bench` lines, keyed by name without the -GOMAXPROCS
// suffix.
func parse(out []byte) map[string]result {
	results := map[string]result{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		r := results[name]
		if r == nil {
			r = result{}
			results[name] = r
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			r[f[i+1]] = append(r[f[i+1]], v)
		}
	}
	return results
}

// split divides a benchmark name into its workload and its variant, the last
// element: BenchmarkSpawn/batch=1000/corio is workload BenchmarkSpawn/batch=1000,
// variant corio.
func split(name string) (workload, variant string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}

// customUnits returns the units a benchmark reports beside go test's own
// (ns/task, ns/roundtrip, p50-µs, B/conn, ...), sorted as go test prints
// them.
func customUnits(r result) []string {
	var units []string
	for unit := range r {
		if unit != "ns/op" && unit != "B/op" && unit != "allocs/op" {
			units = append(units, unit)
		}
	}
	slices.Sort(units)
	return units
}

// perUnit returns the unit that best describes a workload's cost, the one
// the ratios compare: its first custom metric if it reports any (the
// throughput before the latencies, the heap before the RSS), else ns/op.
func perUnit(r result) string {
	if units := customUnits(r); len(units) > 0 {
		return units[0]
	}
	return "ns/op"
}

// inChild tells the workloads whose subject runs in a child process: the
// echo servers and the memory measurements. Their B/op and allocs/op are
// the benchmark process's bookkeeping, and their ns/op is not the cost, so
// the report shows their own metrics only.
func inChild(workload string) bool {
	return strings.HasPrefix(workload, "BenchmarkEcho") || strings.HasPrefix(workload, "BenchmarkMemory")
}

// isCorio tells corio's variants (corio, corio-pool) from the baselines.
func isCorio(variant string) bool {
	return variant == "corio" || strings.HasPrefix(variant, "corio-")
}

func writeReport(w io.Writer, results map[string]result, machine string) {
	fmt.Fprintln(w, "# Benchmarks")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Written by `go run ./bench/report` (see bench/doc.go): medians over the runs, and for each")
	fmt.Fprintln(w, "workload the ratio corio / baseline, both measured in the same run (below 1: corio is")
	fmt.Fprintln(w, "faster or smaller). The asyncio rows come from `bench/asyncio_bench.py`; its memory rows")
	fmt.Fprintln(w, "count what tracemalloc sees (Python objects: a task and its coroutine frame), the Go")
	fmt.Fprintln(w, "rows the heap and the goroutine stacks. The \"pull\" rows are the floor under corio:")
	fmt.Fprintln(w, "bare iter.Pull switches, with no scheduler.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Echo/conns=C/size=S: each server runs in a child process (the asyncio and node ones are")
	fmt.Fprintln(w, "`bench/echo_asyncio.py` and `bench/echo_node.js`) under one Go load client of C connections,")
	fmt.Fprintln(w, "each in a closed loop of S-byte round trips: ns/roundtrip is wall time over round trips (the")
	fmt.Fprintln(w, "inverse of the throughput), p50-µs and p99-µs the latency of one. Memory/conns=N: what an")
	fmt.Fprintln(w, "idle connection costs a Go server, B/conn its heap and stacks, rss-B/conn its resident set.")
	fmt.Fprintln(w, "10,000 connections are measured only with CORIO_BENCH_FULL=1.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, machine)
	fmt.Fprintln(w)

	fmt.Fprintln(w, "## Targets")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| workload | target | measured | met |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, t := range targets {
		measured, ok := t.check(results)
		met := "no"
		switch {
		case measured == "":
			measured, met = "not measured", "—"
		case ok:
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.workload, t.goal, measured, met)
	}
	fmt.Fprintln(w)

	writeScale(w, results)

	workloads := map[string][]string{}
	for name := range results {
		if strings.HasPrefix(name, scalePrefix) {
			continue // in the table of their own, above
		}
		wl, v := split(name)
		workloads[wl] = append(workloads[wl], v)
	}
	fmt.Fprintln(w, "## Every workload")
	for _, wl := range slices.SortedFunc(maps.Keys(workloads), natural) {
		variants := workloads[wl]
		slices.SortFunc(variants, func(a, b string) int {
			// corio first, its other variants next, then the baselines by name
			return cmp.Or(cmp.Compare(boolInt(a != "corio"), boolInt(b != "corio")),
				cmp.Compare(boolInt(!isCorio(a)), boolInt(!isCorio(b))), cmp.Compare(a, b))
		})
		first := results[wl+"/"+variants[0]]
		unit := perUnit(first)
		fmt.Fprintf(w, "\n### %s\n\n", strings.TrimPrefix(wl, "Benchmark"))
		cols := append(customUnits(first), "ns/op", "B/op", "allocs/op")
		switch {
		case inChild(wl) && unit != "ns/op":
			cols = customUnits(first)
		case unit == "ns/op":
			cols = cols[len(cols)-3:]
		}
		var corios []string // a ratio column for each of corio's variants
		for _, v := range variants {
			if isCorio(v) {
				corios = append(corios, v)
			}
		}
		header := []string{"variant"}
		header = append(header, cols...)
		header = append(header, "runs")
		for _, c := range corios {
			header = append(header, c+" / variant")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(header, " | "))
		fmt.Fprintf(w, "|%s\n", strings.Repeat(" --- |", len(header)))
		for _, v := range variants {
			r := results[wl+"/"+v]
			row := []string{v}
			for _, c := range cols {
				row = append(row, cell(r, c))
			}
			row = append(row, strconv.Itoa(len(r["ns/op"])))
			for _, c := range corios {
				ratio := ""
				x, ok1 := results[wl+"/"+c].median(unit)
				y, ok2 := r.median(unit)
				if c != v && ok1 && ok2 && y > 0 {
					ratio = fmt.Sprintf("%.2f", x/y)
				}
				row = append(row, ratio)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
	}
}

// natural orders names as a reader expects, the numbers in them by value:
// conns=1, conns=100, conns=10000; size=64 before size=4096.
func natural(a, b string) int {
	for a != "" && b != "" {
		x, y := chunk(a), chunk(b)
		a, b = a[len(x):], b[len(y):]
		if c := compareChunk(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// chunk returns the leading run of s of digits, or of other bytes.
func chunk(s string) string {
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	i := 1
	for i < len(s) && digit(s[i]) == digit(s[0]) {
		i++
	}
	return s[:i]
}

// compareChunk compares two chunks, by value if both are numbers.
func compareChunk(x, y string) int {
	m, err1 := strconv.ParseUint(x, 10, 64)
	n, err2 := strconv.ParseUint(y, 10, 64)
	if err1 == nil && err2 == nil {
		return cmp.Compare(m, n)
	}
	return cmp.Compare(x, y)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cell(r result, unit string) string {
	m, ok := r.median(unit)
	if !ok {
		return ""
	}
	return format(m)
}

// format prints a number with three significant digits at most, as
// benchstat does.
func format(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// machine describes where the report was made.
func machine(goOut, pyOut []byte, count int, benchtime string) string {
	line := func(out []byte, prefix string) string {
		for l := range strings.Lines(string(out)) {
			if rest, ok := strings.CutPrefix(l, prefix); ok {
				return strings.TrimSpace(rest)
			}
		}
		return "unknown"
	}
	node := "none"
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		node = strings.TrimSpace(string(out))
	}
	full := "without CORIO_BENCH_FULL (up to 2,000 connections)"
	if os.Getenv("CORIO_BENCH_FULL") == "1" {
		full = "with CORIO_BENCH_FULL=1 (10,000 connections too)"
	}
	return fmt.Sprintf("Machine: %s, %d CPUs (GOMAXPROCS %d), %s/%s, %s, Python %s, Node %s. "+
		"Runs: -count %d, -benchtime %s, %s. Made %s.",
		line(goOut, "cpu:"), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), line(pyOut, "python:"), node, count, benchtime, full, time.Now().UTC().Format("2006-01-02 15:04 MST"))
}

// target is one line of the performance targets of issues 3 (numbered 1 to
// 7, as there) and 13 (the echo servers).
type target struct {
	workload, goal string
	// check returns what was measured, as text, and whether it meets the
	// goal; "" if the results lack what it needs.
	check func(map[string]result) (string, bool)
}

// med returns the median of a benchmark's unit, or an error naming what is
// missing.
func med(rs map[string]result, name, unit string) (float64, error) {
	r, ok := rs[name]
	if !ok {
		return 0, errors.New("missing " + name)
	}
	m, ok := r.median(unit)
	if !ok {
		return 0, errors.New("missing " + name + " " + unit)
	}
	return m, nil
}

// ratio returns median(a)/median(b) in unit.
func ratio(rs map[string]result, a, b, unit string) (float64, error) {
	x, err := med(rs, a, unit)
	if err != nil {
		return 0, err
	}
	y, err := med(rs, b, unit)
	if err != nil || y == 0 {
		return 0, cmp.Or(err, errors.New("zero baseline"))
	}
	return x / y, nil
}

// all combines the checks of one target: measured texts joined, met if all are.
func all(checks ...func(map[string]result) (string, bool, error)) func(map[string]result) (string, bool) {
	return func(rs map[string]result) (string, bool) {
		var texts []string
		met := true
		for _, c := range checks {
			text, ok, err := c(rs)
			if err != nil {
				return "", false
			}
			texts = append(texts, text)
			met = met && ok
		}
		return strings.Join(texts, "; "), met
	}
}

// atMost checks that the median of name in unit is at most limit.
func atMost(name, unit string, limit float64) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		m, err := med(rs, name, unit)
		return format(m) + " " + unit, m <= limit, err
	}
}

// faster checks that name is at least times faster than baseline (or, for
// times < 1, at most 1/times slower) in unit.
func faster(name, baseline, unit string, times float64, label string) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		r, err := ratio(rs, baseline, name, unit)
		return fmt.Sprintf("%.2f× faster than %s", r, label), r >= times, err
	}
}

// slowerAtMost checks that name costs at most times the baseline in unit.
func slowerAtMost(name, baseline, unit string, times float64, label string) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		r, err := ratio(rs, name, baseline, unit)
		return fmt.Sprintf("%.2f× %s", r, label), r <= times, err
	}
}

// moreThan checks that name's median in unit exceeds baseline's by at most
// extra.
func moreThan(name, baseline, unit string, extra float64, label string) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		x, err := med(rs, name, unit)
		if err != nil {
			return "", false, err
		}
		y, err := med(rs, baseline, unit)
		return fmt.Sprintf("%s %+.0f B", label, x-y), x-y <= extra, err
	}
}

// throughput checks that name makes at least times as many round trips a
// second as baseline: baseline's ns/roundtrip over name's.
func throughput(name, baseline string, times float64, label string) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		r, err := ratio(rs, baseline, name, "ns/roundtrip")
		return fmt.Sprintf("throughput %.2f× %s", r, label), r >= times, err
	}
}

// firstMeasured is the first of checks whose results are there: the same
// goal measured at several sizes, the largest first.
func firstMeasured(checks ...func(map[string]result) (string, bool, error)) func(map[string]result) (string, bool, error) {
	return func(rs map[string]result) (string, bool, error) {
		var err error
		for _, c := range checks {
			var text string
			var ok bool
			if text, ok, err = c(rs); err == nil {
				return text, ok, nil
			}
		}
		return "", false, err
	}
}

// echo names a variant of BenchmarkEcho.
func echo(conns, size int, server string) string {
	return fmt.Sprintf("BenchmarkEcho/conns=%d/size=%d/%s", conns, size, server)
}

var targets = []target{
	{"1. spawn + await once + complete, batch 1000", "≤250 ns/task, ≥3× faster than go + channel, ≥20× faster than asyncio", all(
		atMost("BenchmarkSpawn/batch=1000/corio", "ns/task", 250),
		faster("BenchmarkSpawn/batch=1000/corio", "BenchmarkSpawn/batch=1000/goroutines", "ns/task", 3, "go + channel"),
		faster("BenchmarkSpawn/batch=1000/corio", "BenchmarkSpawn/batch=1000/asyncio", "ns/task", 20, "asyncio"),
	)},
	{"2. resume, 10 tasks", "≤1.3× bare iter.Pull, ≥4× faster than channel ping-pong, 0 allocs", all(
		slowerAtMost("BenchmarkResume/tasks=10/corio", "BenchmarkResume/tasks=10/pull", "ns/resume", 1.3, "bare iter.Pull"),
		faster("BenchmarkResume/tasks=10/corio", "BenchmarkResume/tasks=10/channel", "ns/resume", 4, "channel"),
		atMost("BenchmarkResume/tasks=10/corio", "allocs/op", 0),
	)},
	{"2. resume, 10,000 tasks", "≤1.3× bare iter.Pull, ≥4× faster than channel ping-pong, 0 allocs", all(
		slowerAtMost("BenchmarkResume/tasks=10000/corio", "BenchmarkResume/tasks=10000/pull", "ns/resume", 1.3, "bare iter.Pull"),
		faster("BenchmarkResume/tasks=10000/corio", "BenchmarkResume/tasks=10000/channel", "ns/resume", 4, "channel"),
		atMost("BenchmarkResume/tasks=10000/corio", "allocs/op", 0),
	)},
	{"3. await of a finished future", "≤10 ns, no switch", all(atMost("BenchmarkAwaitDone/future/corio", "ns/op", 10))},
	{"3. await of a finished task", "≤10 ns, no switch", all(atMost("BenchmarkAwaitDone/task/corio", "ns/op", 10))},
	{"4. 100k concurrent 10 ms sleeps", "≥4× faster than goroutines", all(
		faster("BenchmarkSleep100k/corio", "BenchmarkSleep100k/goroutines", "ns/op", 4, "goroutines"),
	)},
	{"5. memory, suspended task", "≤ bare suspended iter.Pull + 256 B", all(
		moreThan("BenchmarkMemory/suspended/corio", "BenchmarkMemory/suspended/pull", "B/task", 256, "bare iter.Pull"),
	)},
	{"5. memory, created task", "≤256 B", all(atMost("BenchmarkMemory/created/corio", "B/task", 256))},
	{"6. timer queue push + pop at 100k", "≤100 ns, 0 allocs", all(
		atMost("BenchmarkTimerQueue/corio", "ns/op", 100),
		atMost("BenchmarkTimerQueue/corio", "allocs/op", 0),
	)},
	{"7. bounded queue ping-pong", "faster than an unbuffered channel", all(
		faster("BenchmarkQueuePingPong/corio", "BenchmarkQueuePingPong/channel", "ns/roundtrip", 1, "channel"),
	)},
	{"13. memory per idle connection", "≤ half a goroutine server's (heap + stacks)", all(firstMeasured(
		slowerAtMost("BenchmarkMemory/conns=10000/corio", "BenchmarkMemory/conns=10000/goroutines", "B/conn", 0.5, "a goroutine server's at 10,000 connections"),
		slowerAtMost("BenchmarkMemory/conns=2000/corio", "BenchmarkMemory/conns=2000/goroutines", "B/conn", 0.5, "a goroutine server's at 2,000 connections"),
	))},
	{"13. echo, 100 connections, 64 B", "throughput ≥ a goroutine server's, ≥ 0.8× gnet's", all(
		throughput(echo(100, 64, "corio"), echo(100, 64, "goroutines"), 1, "a goroutine server's"),
		throughput(echo(100, 64, "corio"), echo(100, 64, "gnet"), 0.8, "gnet's"),
	)},
	{"13. echo, 100 connections, 4 KiB", "throughput ≥ a goroutine server's, ≥ 0.8× gnet's", all(
		throughput(echo(100, 4096, "corio"), echo(100, 4096, "goroutines"), 1, "a goroutine server's"),
		throughput(echo(100, 4096, "corio"), echo(100, 4096, "gnet"), 0.8, "gnet's"),
	)},
	{"13. echo, 1 connection, 64 B", "round trip no slower than a goroutine server's", all(
		slowerAtMost(echo(1, 64, "corio"), echo(1, 64, "goroutines"), "ns/roundtrip", 1, "a goroutine server's round trip"),
	)},
	{"13. echo, 1 connection, 4 KiB", "round trip no slower than a goroutine server's", all(
		slowerAtMost(echo(1, 4096, "corio"), echo(1, 4096, "goroutines"), "ns/roundtrip", 1, "a goroutine server's round trip"),
	)},
	{"13. spawn + await once + complete, batch 1000", "≤1.5× two bare iter.Pull round trips", all(
		slowerAtMost("BenchmarkSpawn/batch=1000/corio", "BenchmarkSpawn/batch=1000/pull", "ns/task", 1.5, "bare iter.Pull"),
	)},
	{"13. memory, suspended task", "≤ bare suspended iter.Pull + 128 B", all(
		moreThan("BenchmarkMemory/suspended/corio", "BenchmarkMemory/suspended/pull", "B/task", 128, "bare iter.Pull"),
	)},
	scaleTarget(1_000, "cold"), scaleTarget(1_000, "warm"),
	scaleTarget(100_000, "cold"), scaleTarget(100_000, "warm"),
	scaleTarget(1_000_000, "cold"), scaleTarget(1_000_000, "warm"),
}

// scaleTarget is the target of BenchmarkScale at n tasks, cold or warm: no
// more time and no more memory per task than goroutines.
func scaleTarget(n int, state string) target {
	wl := fmt.Sprintf("%stasks=%d/%s/", scalePrefix, n, state)
	return target{fmt.Sprintf("13. %d live tasks, %s", n, state), "ns/task and B/task ≤ goroutines blocked on a channel", all(
		slowerAtMost(wl+"corio", wl+"goroutines", "ns/task", 1, "goroutines in ns/task"),
		slowerAtMost(wl+"corio", wl+"goroutines", "B/task", 1, "goroutines in B/task"),
	)}
}

// scalePrefix starts the names of BenchmarkScale's results, which the report
// shows in a table of their own: BenchmarkScale/tasks=N/state/variant.
const scalePrefix = "BenchmarkScale/"

// scaleVariants are the variants of BenchmarkScale, corio first.
var scaleVariants = []string{"corio", "goroutines", "pull"}

// writeScale writes the table of BenchmarkScale: for each number of live
// tasks, cold and warm, the time and the memory of each variant per task and
// corio's ratio to each baseline. It writes nothing if the results have none.
func writeScale(w io.Writer, results map[string]result) {
	type size struct {
		tasks int
		state string
	}
	var sizes []size
	for name := range results {
		rest, ok := strings.CutPrefix(name, scalePrefix+"tasks=")
		if !ok || !strings.HasSuffix(name, "/corio") {
			continue
		}
		f := strings.Split(rest, "/")
		n, err := strconv.Atoi(f[0])
		if err != nil || len(f) != 3 {
			continue
		}
		sizes = append(sizes, size{n, f[1]})
	}
	if len(sizes) == 0 {
		return
	}
	slices.SortFunc(sizes, func(a, b size) int {
		return cmp.Or(cmp.Compare(a.tasks, b.tasks), cmp.Compare(a.state, b.state))
	})
	fmt.Fprintln(w, "## Tasks at scale")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "BenchmarkScale: n tasks alive at once, each awaiting once; per task, the time of a round")
	fmt.Fprintln(w, "and the growth of heap and stacks at its peak, each measured in a new process. Cold: the")
	fmt.Fprintln(w, "first round of the process; warm: later rounds on the same loop.")
	fmt.Fprintln(w)
	for _, unit := range []string{"ns/task", "B/task"} {
		fmt.Fprintf(w, "| tasks | state | %s | corio / goroutines | corio / pull |\n",
			strings.Join(mapSlice(scaleVariants, func(v string) string { return v + " " + unit }), " | "))
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- |")
		for _, sz := range sizes {
			wl := fmt.Sprintf("%stasks=%d/%s/", scalePrefix, sz.tasks, sz.state)
			cells := mapSlice(scaleVariants, func(v string) string { return cell(results[wl+v], unit) })
			for _, base := range scaleVariants[1:] {
				r, err := ratio(results, wl+"corio", wl+base, unit)
				if err != nil {
					cells = append(cells, "")
					continue
				}
				cells = append(cells, fmt.Sprintf("%.2f", r))
			}
			fmt.Fprintf(w, "| %d | %s | %s |\n", sz.tasks, sz.state, strings.Join(cells, " | "))
		}
		fmt.Fprintln(w)
	}
}

func mapSlice(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
