package main

import (
	"bytes"
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
	if diff := cmp.Diff([]string{"0", "1.50", "150.0", "1500"}, []string{format(0), format(1.5), format(150), format(1500)}); diff != "" {
		t.Errorf("format (-want +got):\n%s", diff)
	}
}
