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
// CPU profiles (go test -cpuprofile, or perf for a child process), heap
// profiles, GODEBUG=gctrace=1 and runtime.MemStats.StackInuse per task show
// these costs beyond the coroutine switches themselves (numbers from a
// 2-core VM, medians of interleaved runs):
//
//   - The coroutine's stack. Every goroutine starts on 2 KiB, which the
//     runtime doubles when a call would go past about 1,100 bytes (the rest
//     is its guard). The frames corio put between the worker's iter.Pull
//     and the user's code (the worker's loop and its method-value wrapper,
//     the task's run, Func.Await, inline and its closure, the yield's
//     wrapper, the await) took nearly all of that: a task body with 32 bytes
//     of frames of its own above an Event wait already doubled its stack
//     (StackInuse per suspended task 2,061 B with none, 2,900 B with 32,
//     4,090 B from 96 on). This was the 1.6 KB per task above a blocked
//     goroutine, and a doubled stack is also copied, and shrunk back by the
//     next collection. The task's run now calls a Func or Coroutine main
//     directly, and the worker and the yield are closures with no wrapper:
//     the user's frames may take 352 bytes (TestTaskStackRoom keeps 256).
//   - Memory per suspended task, at 100,000 tasks: 3,105 B for corio,
//     2,730 B for a bare iter.Pull and 2,660 B for a goroutine blocked on a
//     channel. Every one of them has a goroutine: its g descriptor (480 B)
//     and its 2 KiB stack; a Pull adds its state (208 B: the coroutine, its
//     closures), a goroutine a closure and the channel's waiter. corio keeps
//     176 B of the Pull's state (not the stop closure: a worker needs no
//     stop) and adds the Task (224 B for Task[int]), the worker (112 B, with
//     the task's place in a WaitQueue, so that a wait in a queue allocates
//     nothing) and its closure (16 B), and the ready queue's slot (16 B,
//     kept after a peak until the loop trims it). A suspended task cannot be
//     smaller than a goroutine while it holds a Pull of its own.
//   - The garbage collector scans every goroutine stack, parked coroutines
//     and pooled idle workers included, in every cycle: a full collection
//     costs about 1.9 µs per suspended corio task (2.4 µs before the frames
//     above went; a bare Pull 1.25 µs, a goroutine 1.05 µs), and about
//     1.2 µs per idle pooled worker, until the loop trims the pool. In
//     BenchmarkScale a round that a collection falls in costs about 1.5 µs
//     per task more than one it does not. With a small heap, cycles come
//     often: BenchmarkSpawn/batch=1000 goes from about 640 to 450 ns per task
//     with GOGC=400, the Task being the one allocation per spawn.
//   - Memory latency at scale. A step of one of 100,000 tasks touches its
//     Task (four cache lines), its worker, its g and the top of its stack,
//     none of them in cache; at 100,000 tasks, warm, the profile has 38% in
//     the switches (runtime.coroswitch and its atomics, as in bare Pull), 15%
//     in the collector, 9% in allocation and the rest in corio's bookkeeping,
//     much of it the first touch of a task's or worker's line (a WaitQueue
//     wait's check of the task's loop, the removal from the queue).
//   - A cold start. In a new process, more than half of the time of the
//     first round goes to the kernel's page faults on the memory of new
//     stacks (runtime.stackpoolalloc writes into each 2 KiB stack of a fresh
//     span), which every variant pays per goroutine; corio pays for its
//     larger heap too.
//   - Parallelism. Goroutines released at once run on every P (two here); a
//     loop runs its tasks on one goroutine, with the collector on the other
//     core.
//   - Bookkeeping per resume, about 50 ns over a bare iter.Pull next(): the
//     ready queue, the task's step and its await (the awaitable's wait, the
//     worker's yield, the scheduler interface). The bare iter.Pull floor
//     itself rises from 74 ns per resume at 10 tasks to 220 ns at 10,000
//     (cache misses).
//
// The pool keeps at most 131,072 idle workers: at a million tasks most
// workers are new each round, and one whose task ends while the pool is full
// ends its coroutine there, rather than park and be ended by one more switch
// into it.
package bench
