package bench

import (
	"fmt"
	"testing"
)

// The matrix of BenchmarkEcho: connections × message size × server.
var (
	echoConns = []int{1, 100, 10_000}
	echoSizes = []int{64, 4 << 10}
)

// BenchmarkEcho measures an echo server on loopback under load:
// BenchmarkEcho/conns=C/size=S/<server>. Each server (echoServers) runs in a
// child process; the load client, in the benchmark's process and the same
// for all, holds C connections, each in a closed loop: write S bytes, read
// back S bytes. One operation is one round trip; ns/roundtrip is the wall
// time over the round trips of all connections (1e9 over it is round trips
// per second), p50-µs and p99-µs the latency of one.
//
//   - corio: one loop, a task per connection (loop.StartServer).
//   - corio-pool: a loop.Pool with SO_REUSEPORT shards; pending.
//   - goroutines: plain net, a goroutine per connection.
//   - gnet, nbio: event-loop servers, one loop per CPU.
//   - asyncio: echo_asyncio.py, CPython's asyncio.start_server.
//   - node: echo_node.js, Node's net.createServer; skipped without node.
//
// C = 10,000 runs only with CORIO_BENCH_FULL=1. BenchmarkMemory's conns=N
// variants measure what an idle connection of each Go server costs.
func BenchmarkEcho(b *testing.B) {
	for _, conns := range echoConns {
		b.Run(fmt.Sprintf("conns=%d", conns), func(b *testing.B) {
			needConns(b, conns)
			for _, size := range echoSizes {
				b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
					for _, s := range echoServers {
						b.Run(s.name, func(b *testing.B) {
							if s.pending != "" {
								b.Skip(s.pending)
							}
							p := startEchoServer(b, s)
							runLoad(b, dialEcho(b, p.addr, conns, size), size)
						})
					}
				})
			}
		})
	}
}
