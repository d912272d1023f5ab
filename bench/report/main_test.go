package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const sample = `goos: linux
cpu: Some CPU
BenchmarkSpawn/batch=1000/corio-2   	 1000	 600000 ns/op	 600.0 ns/task	 224000 B/op	 1000 allocs/op
BenchmarkSpawn/batch=1000/corio-2   	 1000	 700000 ns/op	 700.0 ns/task	 224000 B/op	 1000 allocs/op
BenchmarkSpawn/batch=1000/corio-2   	 1000	 650000 ns/op	 650.0 ns/task	 224000 B/op	 1000 allocs/op
BenchmarkSpawn/batch=1000/goroutines-2	 1000	 1500000 ns/op	 1500 ns/task	 24000 B/op	 1000 allocs/op
BenchmarkSpawn/batch=1000/asyncio 	 3 	 6000000.0 ns/op 	 6000.00 ns/task
PASS
`

func TestParseAndMedians(t *testing.T) {
	rs := parse([]byte(sample))
	if len(rs) != 3 {
		t.Fatalf("parsed %d benchmarks, want 3: %v", len(rs), rs)
	}
	corio := rs["BenchmarkSpawn/batch=1000/corio"]
	if m, ok := corio.median("ns/task"); !ok || m != 650 {
		t.Errorf("median ns/task = %v, %v; want 650", m, ok)
	}
	if got := len(corio["ns/op"]); got != 3 {
		t.Errorf("%d runs of ns/op, want 3", got)
	}
	if _, ok := rs["BenchmarkSpawn/batch=1000/asyncio"].median("ns/task"); !ok {
		t.Error("the asyncio line, without a -N suffix, was not read")
	}
	wl, v := split("BenchmarkSpawn/batch=1000/corio")
	if wl != "BenchmarkSpawn/batch=1000" || v != "corio" {
		t.Errorf("split = %q, %q", wl, v)
	}
}

func TestReportRatiosAndTargets(t *testing.T) {
	var b bytes.Buffer
	writeReport(&b, parse([]byte(sample)), "Machine: test.")
	out := b.String()
	for _, want := range []string{
		"| 1. spawn + await once + complete, batch 1000 | ≤250 ns/task, ≥3× faster than go + channel, ≥20× faster than asyncio | 650.0 ns/task; 2.31× faster than go + channel; 9.23× faster than asyncio | no |",
		"| goroutines | 1500 | 1500000 | 24000 | 1000 | 1 | 0.43 |",
		"| 7. bounded queue ping-pong | faster than an unbuffered channel | not measured | — |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if diff := cmp.Diff([]string{"a/n=1/x", "a/n=2/x", "a/n=10/x", "a/n=100", "b"}, slices.SortedFunc(slices.Values([]string{"b", "a/n=100", "a/n=10/x", "a/n=2/x", "a/n=1/x"}), natural)); diff != "" {
		t.Errorf("natural order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"0", "1.50", "150.0", "1500"}, []string{format(0), format(1.5), format(150), format(1500)}); diff != "" {
		t.Errorf("format (-want +got):\n%s", diff)
	}
}

const echoSample = `BenchmarkEcho/conns=100/size=64/corio-2     	 10000	 30000 ns/op	 30000 ns/roundtrip	 250.0 p50-µs	 900.0 p99-µs	 300 B/op	 6 allocs/op
BenchmarkEcho/conns=100/size=64/corio-pool-2	 10000	 15000 ns/op	 15000 ns/roundtrip	 120.0 p50-µs	 400.0 p99-µs	 300 B/op	 6 allocs/op
BenchmarkEcho/conns=100/size=64/goroutines-2	 10000	 20000 ns/op	 20000 ns/roundtrip	 180.0 p50-µs	 700.0 p99-µs	 300 B/op	 6 allocs/op
BenchmarkEcho/conns=100/size=64/gnet-2      	 10000	 24000 ns/op	 24000 ns/roundtrip	 200.0 p50-µs	 800.0 p99-µs	 300 B/op	 6 allocs/op
BenchmarkEcho/conns=1/size=64/corio-2       	 10000	 40000 ns/op	 40000 ns/roundtrip	 39.00 p50-µs	 60.00 p99-µs	 300 B/op	 6 allocs/op
BenchmarkEcho/conns=1/size=64/goroutines-2  	 10000	 50000 ns/op	 50000 ns/roundtrip	 49.00 p50-µs	 70.00 p99-µs	 300 B/op	 6 allocs/op
BenchmarkMemory/conns=2000/corio-2          	 1	 900000000 ns/op	 20000 B/conn	 22000 rss-B/conn
BenchmarkMemory/conns=2000/goroutines-2     	 1	 500000000 ns/op	 7000 B/conn	 8000 rss-B/conn
`

func TestReportEchoAndMemory(t *testing.T) {
	var b bytes.Buffer
	writeReport(&b, parse([]byte(echoSample)), "Machine: test.")
	out := b.String()
	for _, want := range []string{
		// the echo table: its own metrics only, a ratio column for each corio variant
		"| variant | ns/roundtrip | p50-µs | p99-µs | runs | corio / variant | corio-pool / variant |",
		"| corio | 30000 | 250.0 | 900.0 | 1 |  | 0.50 |",
		"| corio-pool | 15000 | 120.0 | 400.0 | 1 | 2.00 |  |",
		"| gnet | 24000 | 200.0 | 800.0 | 1 | 1.25 | 0.62 |",
		// the memory table
		"| variant | B/conn | rss-B/conn | runs | corio / variant |",
		"| goroutines | 7000 | 8000 | 1 | 2.86 |",
		// the targets of issue 13, the memory one at the size that was measured
		"| 13. memory per idle connection | ≤ half a goroutine server's (heap + stacks) | 2.86× a goroutine server's at 2,000 connections | no |",
		"| 13. echo, 100 connections, 64 B | throughput ≥ a goroutine server's, ≥ 0.8× gnet's | throughput 0.67× a goroutine server's; throughput 0.80× gnet's | no |",
		"| 13. echo, 1 connection, 64 B | round trip no slower than a goroutine server's | 0.80× a goroutine server's round trip | yes |",
		"| 13. echo, 1 connection, 4 KiB | round trip no slower than a goroutine server's | not measured | — |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

const scaleSample = `BenchmarkScale/tasks=1000/warm/corio-2      	 30	 40000000 ns/op	 3100 B/task	 900.0 ns/task
BenchmarkScale/tasks=1000/warm/goroutines-2 	 30	 40000000 ns/op	 2650 B/task	 1200 ns/task
BenchmarkScale/tasks=1000/warm/pull-2       	 30	 40000000 ns/op	 2700 B/task	 600.0 ns/task
BenchmarkScale/tasks=1000/cold/corio-2      	 30	 40000000 ns/op	 3100 B/task	 9000 ns/task
BenchmarkScale/tasks=1000/cold/goroutines-2 	 30	 40000000 ns/op	 2650 B/task	 9000 ns/task
`

func TestReportScale(t *testing.T) {
	var b bytes.Buffer
	writeReport(&b, parse([]byte(scaleSample)), "Machine: test.")
	out := b.String()
	for _, want := range []string{
		"| tasks | state | corio ns/task | goroutines ns/task | pull ns/task | corio / goroutines | corio / pull |",
		"| 1000 | cold | 9000 | 9000 |  | 1.00 |  |\n| 1000 | warm | 900.0 | 1200 | 600.0 | 0.75 | 1.50 |",
		"| 1000 | warm | 3100 | 2650 | 2700 | 1.17 | 1.15 |",
		"| 13. 1000 live tasks, warm | ns/task and B/task ≤ goroutines blocked on a channel | 0.75× goroutines in ns/task; 1.17× goroutines in B/task | no |",
		"| 13. 1000 live tasks, cold | ns/task and B/task ≤ goroutines blocked on a channel | 1.00× goroutines in ns/task; 1.17× goroutines in B/task | no |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### Scale") {
		t.Errorf("the scale rows are in the table of every workload too:\n%s", out)
	}
}
