package bench

import (
	"fmt"
	"iter"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// scaleCaseEnv names, in the environment of a child process, the case of
// BenchmarkScale it measures: "variant tasks state quantity", as
// "corio 100000 cold time".
const scaleCaseEnv = "CORIO_BENCH_SCALE_CASE"

// scaleMillionEnv, set to 1, adds a million live tasks to BenchmarkScale's
// sizes. They are left out by default, as a round takes seconds (CI runs
// every benchmark once, with -benchtime 1x). Under the race detector only
// 1,000 tasks run.
const scaleMillionEnv = "CORIO_BENCH_1M"

// scaleRound runs one batch of n tasks of a variant: it starts them all,
// lets each reach its one await, calls peak (if not nil) while all n are
// suspended at once, releases them and waits until every one has completed
// with its result.
type scaleRound func(n int, peak func()) error

// scaleVariants are the variants of BenchmarkScale: each makes the state its
// rounds share (a loop, for corio) and returns its round and what tears the
// state down.
var scaleVariants = map[string]func() (round scaleRound, teardown func()){
	// Tasks spawned by a main task, each awaiting one Event, which main sets
	// once all are suspended; main then awaits every task for its result.
	"corio": func() (scaleRound, func()) {
		l := loop.New(loop.WithVirtualClock(), quiet)
		round := func(n int, peak func()) error {
			var ev coro.Event
			task := coro.Func[int](func(yield coro.Yield) (int, error) {
				if err := ev.Wait(yield); err != nil {
					return 0, err
				}
				return 1, nil
			})
			main := coro.Func[int](func(yield coro.Yield) (int, error) {
				tasks := make([]*coro.Task[int], n)
				for i := range tasks {
					tasks[i] = coro.Spawn(yield, task)
				}
				// Every task takes its first step and suspends on ev.
				if _, err := coro.Sleep(0).Await(yield); err != nil {
					return 0, err
				}
				if peak != nil {
					peak()
				}
				ev.Set()
				sum := 0
				for _, t := range tasks {
					v, err := t.Await(yield)
					if err != nil {
						return 0, err
					}
					sum += v
				}
				return sum, nil
			})
			sum, err := loop.RunUntilComplete(l, main)
			return checkSum(sum, n, err)
		}
		return round, func() { l.Close() }
	},
	// Goroutines, each blocked receiving from one channel, which is closed
	// once all have reached it; each writes its result into its own slot,
	// and a WaitGroup tells when all are done.
	"goroutines": func() (scaleRound, func()) {
		round := func(n int, peak func()) error {
			release, arrived := make(chan struct{}), make(chan struct{})
			var count atomic.Int64
			results := make([]int, n)
			var wg sync.WaitGroup
			for i := range results {
				wg.Go(func() {
					if count.Add(1) == int64(n) {
						close(arrived)
					}
					<-release
					results[i] = 1
				})
			}
			<-arrived
			if peak != nil {
				peak()
			}
			close(release)
			wg.Wait()
			sum := 0
			for _, v := range results {
				sum += v
			}
			return checkSum(sum, n, nil)
		}
		return round, func() {}
	},
	// The floor under corio: n bare iter.Pull coroutines, each stepped up
	// to its one yield, then each stepped again to its end, with no
	// scheduler and no task.
	"pull": func() (scaleRound, func()) {
		round := func(n int, peak func()) error {
			nexts := make([]func() (int, bool), n)
			stops := make([]func(), n)
			for i := range nexts {
				nexts[i], stops[i] = iter.Pull(func(yield func(int) bool) {
					yield(0) // the await
				})
				nexts[i]()
			}
			if peak != nil {
				peak()
			}
			sum := 0
			for _, next := range nexts {
				if _, more := next(); !more { // the end
					sum++
				}
			}
			for _, stop := range stops {
				stop() // nothing left to stop: each has returned
			}
			return checkSum(sum, n, nil)
		}
		return round, func() {}
	},
}

func checkSum(sum, n int, err error) error {
	if err == nil && sum != n {
		err = fmt.Errorf("%d tasks completed, want %d", sum, n)
	}
	return err
}

// BenchmarkScale measures many live tasks at once: one round starts n tasks
// (1,000, 100,000, and with CORIO_BENCH_1M=1 a million), lets each await
// once, so that all n are suspended together, releases them and collects
// their results. ns/task is the time of a round per task; B/task is the
// growth of the heap and the goroutine stacks (after a garbage collection,
// as in BenchmarkMemory) from before the first round to the moment all n
// are suspended in the measured one.
//
//   - cold: the first round in a new process: no pooled coroutine, no
//     goroutine descriptor to reuse, the heap still small.
//   - warm: a round after one of the same size on the same state (the same
//     loop, whose pool holds the coroutines of the first): the mean of two
//     rounds or more, enough to make 300,000 tasks, since a round that a
//     garbage collection falls in costs far more than one it does not.
//
// The variants are those of scaleVariants: corio (tasks awaiting an Event),
// goroutines (blocked on one channel, closed to release them, and a
// WaitGroup) and pull (bare iter.Pull coroutines, stepped twice each). Each
// measurement is made in a new process, this test binary run again with
// scaleCaseEnv set, and time and memory in two of them: the garbage
// collection that measures memory at the peak would change the time.
func BenchmarkScale(b *testing.B) {
	sizes := []int{1_000, 100_000}
	if os.Getenv(scaleMillionEnv) == "1" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		for _, state := range []string{"cold", "warm"} {
			for _, variant := range []string{"corio", "goroutines", "pull"} {
				b.Run(fmt.Sprintf("tasks=%d/%s/%s", n, state, variant), func(b *testing.B) {
					if n > 1_000 && raceEnabled {
						b.Skip("more than 1,000 tasks take too long under the race detector")
					}
					var ns, bytes float64
					for b.Loop() {
						ns += measureInChild(b, scaleCaseEnv, fmt.Sprint(variant, " ", n, " ", state, " time"))
						bytes += measureInChild(b, scaleCaseEnv, fmt.Sprint(variant, " ", n, " ", state, " memory"))
					}
					b.ReportMetric(ns/float64(b.N), "ns/task")
					b.ReportMetric(bytes/float64(b.N), "B/task")
				})
			}
		}
	}
}

// measureInChild runs this test binary again with env set to value, and
// returns the number the child prints.
func measureInChild(b *testing.B, env, value string) float64 {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env+"="+value)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("measuring %s in a child process: %v\n%s", value, err, stderr.String())
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		b.Fatalf("the child measuring %s printed %q: %v", value, out, err)
	}
	return v
}

// measureScaleChild is the child process's part of BenchmarkScale: it
// measures the case named by scaleCaseEnv, prints ns/task or B/task, and
// reports whether it ran (the environment asked for it).
func measureScaleChild() (ran bool, err error) {
	spec := os.Getenv(scaleCaseEnv)
	if spec == "" {
		return false, nil
	}
	var name, state, quantity string
	var n int
	if _, err := fmt.Sscan(spec, &name, &n, &state, &quantity); err != nil {
		return true, fmt.Errorf("scale case %q: %v", spec, err)
	}
	variant, ok := scaleVariants[name]
	if !ok || n <= 0 || (state != "cold" && state != "warm") || (quantity != "time" && quantity != "memory") {
		return true, fmt.Errorf("no scale case %q", spec)
	}
	before := inUse()
	round, teardown := variant()
	defer teardown()
	rounds := 1
	if state == "warm" {
		if err := round(n, nil); err != nil {
			return true, err
		}
		if quantity == "time" {
			rounds = max(2, 300_000/n)
		}
	}
	if quantity == "memory" {
		var peak int64
		if err := round(n, func() { peak = inUse() }); err != nil {
			return true, err
		}
		fmt.Println(float64(peak-before) / float64(n))
		return true, nil
	}
	start := time.Now()
	for range rounds {
		if err := round(n, nil); err != nil {
			return true, err
		}
	}
	fmt.Println(float64(time.Since(start).Nanoseconds()) / float64(rounds*n))
	return true, nil
}
