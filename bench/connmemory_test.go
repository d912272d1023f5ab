package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// memoryConns are the connection counts of BenchmarkMemory's connection
// variants. 10,000 and more run only with CORIO_BENCH_FULL=1; 100,000 needs
// more descriptors than a process may open here (needConns says so).
var memoryConns = []int{2000, 10_000, 100_000}

// memoryMessage is the size of the one round trip each connection makes
// before it idles.
const memoryMessage = 64

// benchConnMemory is BenchmarkMemory's connection variants,
// conns=N/<server>: what an idle connection costs a server. Each operation
// starts a Go server of echoServers in a child process, makes N connections
// from this one, each of which makes one round trip, then asks the server
// how much it grew: B/conn is the growth of its heap and goroutine stacks
// after a garbage collection, as the task variants count, divided by N;
// rss-B/conn is the growth of its resident set, which also counts what the
// runtime's statistics do not (memory a library maps on its own, the
// runtime's own structures). The servers in Python and JavaScript are not
// measured: their memory is not counted alike.
func benchConnMemory(b *testing.B) {
	for _, n := range memoryConns {
		b.Run(fmt.Sprintf("conns=%d", n), func(b *testing.B) {
			needConns(b, n)
			for _, s := range echoServers {
				if s.listen == nil {
					continue
				}
				b.Run(s.name, func(b *testing.B) {
					if s.pending != "" {
						b.Skip(s.pending)
					}
					var sum serverMemory
					for b.Loop() {
						m := connMemory(b, s, n)
						sum.heap += m.heap
						sum.rss += m.rss
					}
					per := float64(b.N) * float64(n)
					b.ReportMetric(float64(sum.heap)/per, "B/conn")
					b.ReportMetric(float64(sum.rss)/per, "rss-B/conn")
				})
			}
		})
	}
}

// connMemory measures, once, what n idle connections cost server s.
func connMemory(b *testing.B, s echoServer, n int) serverMemory {
	p := startEchoServer(b, s)
	defer p.stop() // the cleanup reports its error
	clients := dialEcho(b, p.addr, n, memoryMessage)
	defer clients.Close()
	answer, err := p.ask("memory")
	if err != nil {
		b.Fatalf("asking the %s server for its memory: %v", s.name, err)
	}
	var m serverMemory
	if _, err := fmt.Sscan(answer, &m.heap, &m.rss); err != nil {
		b.Fatalf("the %s server answered %q: %v", s.name, answer, err)
	}
	return m
}

// serverMemory is what a server process holds, in bytes.
type serverMemory struct {
	heap int64 // heap objects and goroutine stacks: inUse
	rss  int64 // resident set
}

// measureServer measures this process: inUse, then the resident set after
// the runtime has returned to the system what it freed, so that garbage
// not yet given back does not count.
func measureServer() serverMemory {
	heap := inUse()
	debug.FreeOSMemory()
	return serverMemory{heap: heap, rss: residentSet()}
}

// residentSet returns the process's resident set size (VmRSS of
// /proc/self/status), or 0 where there is no /proc.
func residentSet() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
