// Package bench measures corio's hot paths against their plain-Go baselines:
// spawning tasks, resuming them through the scheduler, many concurrent sleeps,
// and waking an idle loop from another goroutine. It holds benchmarks only.
//
// Each benchmark runs corio and its baseline side by side as sub-benchmarks
// (corio, goroutines, channel, ...), so one run compares them on the same
// machine. Run them with
//
//	go test -run '^$' -bench . -benchmem -count 5 ./bench/
//
// and read the medians (benchstat does this). Where one operation is a batch,
// a per-task metric (ns/task) is reported beside ns/op; BenchmarkResume
// reports ns/switch. Every benchmark also passes with -benchtime 1x, under
// -race too, and TestMain checks that none leaks a goroutine.
package bench
