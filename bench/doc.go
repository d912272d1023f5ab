// Package bench is corio's benchmark suite: each workload runs corio and its
// baselines side by side as sub-benchmarks (corio, goroutines, channel,
// waitgroup, pull, ...), so that one run compares them on the same machine.
// It holds benchmarks only.
//
//	BenchmarkSpawn          spawn + await once + complete, batches of 1 and 1000
//	BenchmarkResume         one resume through the scheduler, 10 and 10,000 tasks
//	BenchmarkAwaitDone      await of a finished future or task
//	BenchmarkSleep100k      100k concurrent 10 ms sleeps, wall time
//	BenchmarkMemory         bytes per suspended task, per created task, per connection
//	BenchmarkTimerQueue     timer queue push + pop at 100k pending
//	BenchmarkQueuePingPong  round trip through two bounded queues
//	BenchmarkLockHandoff    a contended lock passed between two tasks
//	BenchmarkEcho           round trips through a TCP echo server on loopback
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
