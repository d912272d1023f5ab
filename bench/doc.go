// Package bench is corio's benchmark suite: each workload runs corio and its
// baselines side by side as sub-benchmarks (corio, goroutines, channel,
// waitgroup, pull, ...), so that one run compares them on the same machine.
// It holds benchmarks only.
//
//	BenchmarkSpawn          spawn + await once + complete, batches of 1 and 1000
//	BenchmarkResume         one resume through the scheduler, 10 and 10,000 tasks
//	BenchmarkAwaitDone      await of a finished future or task
//	BenchmarkSleep100k      100k concurrent 10 ms sleeps, wall time
//	BenchmarkMemory         bytes per suspended task, per created task, per idle connection
//	BenchmarkTimerQueue     timer queue push + pop at 100k pending
//	BenchmarkQueuePingPong  round trip through two bounded queues
//	BenchmarkLockHandoff    a contended lock passed between two tasks
//	BenchmarkEcho           TCP echo servers on loopback under load: throughput, latency
//	BenchmarkGather         gather of 10,000 children
//	BenchmarkWakeup         waking an idle loop from another goroutine
//	BenchmarkScale          1,000 and 100,000 live tasks (a million with
//	                        CORIO_BENCH_1M=1), cold and warm: ns/task, B/task
//
// Where one operation is a batch, a per-task metric (ns/task, ns/resume,
// ns/roundtrip, ns/child, B/task) is reported beside ns/op. The "pull"
// variants are the floor under corio: bare iter.Pull switches with no
// scheduler. asyncio_bench.py holds the same workloads for CPython asyncio.
//
// Run the Go suite alone with
//
//	go test -run '^$' -bench . -benchmem -count 5 ./bench/
//
// or both suites, with medians, ratios and the targets, into BENCHMARKS.md:
//
//	go run ./bench/report
//
// Every benchmark also passes with -benchtime 1x, under -race too (CI runs
// them so), and TestMain checks that none leaks a goroutine. BenchmarkScale
// leaves out a million tasks unless CORIO_BENCH_1M=1 is set (a round of them
// takes seconds), and under -race runs only 1,000. BenchmarkMemory and BenchmarkScale
// measure in child processes (the test binary run again), so that each
// measurement starts from a fresh runtime.
//
// # Echo servers
//
// BenchmarkEcho/conns=C/size=S/<server> runs each echo server in a child
// process, under one load client in the benchmark's process, plain Go and
// the same for all: C connections (1, 100, 10,000), each in a closed loop of
// S-byte round trips (64 B, 4 KiB). It reports ns/roundtrip (wall time over
// round trips: 1e9 over it is the throughput) and the latency of one round
// trip, p50-µs and p99-µs. The servers are corio (one loop on its epoll
// reactor, a task per connection), corio-pool (a loop.Pool of one loop per
// CPU, Pool.StartServer's SO_REUSEPORT shards), corio-portable (one loop
// with WithPoller(false): two goroutines per connection on Go's network
// poller, the path other systems take), and the peers the project sets
// beside it: goroutines (plain net), gnet and nbio (event loops, one per
// CPU), asyncio (echo_asyncio.py, CPython 3.11, standard library) and node
// (echo_node.js; skipped without node on PATH). The Go servers are this test
// binary run again (child_test.go); gnet and nbio are imported by these test
// files only, never by corio's packages.
//
// BenchmarkMemory/conns=N/<server> measures what an idle connection costs
// each Go server: N connections from the benchmark's process, each having
// made one round trip, then the server process's growth divided by N: B/conn
// for its heap and goroutine stacks, rss-B/conn for its resident set, which
// also sees what a library keeps outside what the runtime counts. N is
// 2,000, 10,000 and 100,000.
//
// Runs of 10,000 connections and more take a while and run only with
//
//	CORIO_BENCH_FULL=1 go test -run '^$' -bench 'Echo|Memory/conns' -benchtime 2s ./bench/
//
// 100,000 connections are skipped here whatever the setting: a process may
// open no more files than the hard limit (ulimit -Hn, 20,000 on the
// project's machines), which it cannot raise, and the server holds one per
// connection, as does the client. The skip message states the limit found.
//
// CORIO_BENCH_SERVER_PROFILE=PATH makes each Go echo server write a CPU
// profile of its process to PATH.NAME.PID (read it with go tool pprof and
// the test binary, go test -c).
//
// # Where the time goes
//
// CPU profiles (go test -cpuprofile) of the corio variants show three costs
// beyond the coroutine switches themselves:
//
//   - Bookkeeping per resume, about 50 ns over a bare iter.Pull next(): the
//     ready queue, the task's step and its await (the awaitable's wait, the
//     worker's yield, the scheduler interface). A minimal scheduler over
//     iter.Pull measured 80 ns per resume against corio's 125 ns.
//   - Cache misses: switching into 1,000 or 10,000 coroutines touches as many
//     stacks. The bare iter.Pull floor itself rises from 74 ns per resume at 10
//     tasks to 220 ns at 10,000, and to 221 ns per task for two round trips into
//     each of 1,000 coroutines (Spawn, batch=1000, pull).
//   - The garbage collector scans every goroutine stack, parked coroutines
//     included, in each cycle. With many tasks alive and a small heap, cycles
//     come often: in BenchmarkSpawn/batch=1000, GOGC=2000 takes corio from
//     ~770 to ~435 ns per task; stack scanning (runtime.scanstack, pcvalue)
//     and preemption signals lead the profile.
//
// A suspended task holds its coroutine (a goroutine with its stack, the same
// as a bare iter.Pull), a 224-byte Task, and about 170 bytes of worker,
// ready-queue slot and wait bookkeeping.
package bench
