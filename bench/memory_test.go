package bench

import (
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// memoryTasks is how many tasks (coroutines, goroutines) one operation of
// BenchmarkMemory holds at once.
const memoryTasks = 100_000

// memoryVariantEnv names, in the environment of a child process, the variant
// of BenchmarkMemory it is to measure.
const memoryVariantEnv = "CORIO_BENCH_MEMORY_VARIANT"

// quiet makes a loop that is closed with tasks pending on purpose say nothing
// of them.
var quiet = loop.WithLogger(slog.New(slog.DiscardHandler))

// memoryVariant builds n waiting tasks of one kind and returns the function
// that tears them down.
type memoryVariant struct {
	n     int
	setup func() (teardown func(), err error)
}

// memoryVariants are the variants of BenchmarkMemory, by name.
var memoryVariants = map[string]memoryVariant{
	// Tasks suspended on a Future that is never set, each in its coroutine.
	"suspended/corio": {memoryTasks, func() (func(), error) {
		l := loop.New(loop.WithVirtualClock(), quiet)
		never := new(coro.Future[int])
		wait := coro.Func[int](never.Await)
		main := coro.Coroutine(func(yield coro.Yield) {
			for range memoryTasks {
				coro.Spawn(yield, wait)
			}
			coro.Sleep(0).Await(yield) // every task takes its first step and suspends
		})
		if _, err := loop.RunUntilComplete(l, main); err != nil {
			return nil, err
		}
		if n := len(l.Tasks()); n != memoryTasks {
			return nil, fmt.Errorf("%d tasks live, want %d", n, memoryTasks)
		}
		return func() { l.Close() }, nil
	}},
	// The floor: bare iter.Pull coroutines suspended at their first yield.
	"suspended/pull": {memoryTasks, func() (func(), error) {
		stops := make([]func(), memoryTasks)
		for i := range stops {
			next, stop := iter.Pull(func(yield func(int) bool) { yield(1) })
			next()
			stops[i] = stop
		}
		return func() {
			for _, stop := range stops {
				stop()
			}
		}, nil
	}},
	// Goroutines blocked receiving from a channel.
	"suspended/goroutine": {memoryTasks, func() (func(), error) {
		never := make(chan int)
		done := make(chan struct{})
		for range memoryTasks {
			go func() {
				<-never
				done <- struct{}{}
			}()
		}
		return func() {
			close(never)
			for range memoryTasks {
				<-done
			}
		}, nil
	}},
	// Tasks started on a loop that has not run yet: none has a coroutine.
	"created/corio": {memoryTasks, func() (func(), error) {
		l := loop.New(loop.WithVirtualClock(), quiet)
		never := new(coro.Future[int])
		wait := coro.Func[int](never.Await)
		for range memoryTasks {
			loop.Start(l, wait)
		}
		return func() { l.Close() }, nil
	}},
}

// BenchmarkMemory measures the memory a waiting task holds: B/task is the
// growth of the heap and of the goroutine stacks while memoryTasks of them
// exist, divided by memoryTasks, after a garbage collection. The variants are
// those of memoryVariants: suspended/corio, its floor suspended/pull (bare
// iter.Pull), suspended/goroutine, and created/corio (started, not yet run).
// The conns=N variants measure an idle connection of each Go echo server
// instead (benchConnMemory).
//
// Each operation measures in a new process, this test binary run again with
// memoryVariantEnv set: the runtime keeps the descriptors of goroutines that
// ended for reuse, so a variant measured after another in the same process
// would find them free and seem smaller than it is.
func BenchmarkMemory(b *testing.B) {
	for _, name := range slices.Sorted(maps.Keys(memoryVariants)) {
		b.Run(name, func(b *testing.B) {
			var sum float64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), memoryVariantEnv+"="+name)
				var stderr strings.Builder
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("measuring in a child process: %v\n%s", err, stderr.String())
				}
				perTask, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
				if err != nil {
					b.Fatalf("the child printed %q: %v", out, err)
				}
				sum += perTask
			}
			b.ReportMetric(sum/float64(b.N), "B/task")
		})
	}
	benchConnMemory(b)
}

// measureMemoryChild is the child process's part: it measures the variant
// named by memoryVariantEnv, prints the bytes per task, and reports whether it
// ran (the environment asked for it).
func measureMemoryChild() (ran bool, err error) {
	name := os.Getenv(memoryVariantEnv)
	if name == "" {
		return false, nil
	}
	v, ok := memoryVariants[name]
	if !ok {
		return true, fmt.Errorf("no memory variant %q", name)
	}
	before := inUse()
	teardown, err := v.setup()
	if err != nil {
		return true, err
	}
	after := inUse()
	teardown()
	fmt.Println(float64(after-before) / float64(v.n))
	return true, nil
}

// inUse returns the bytes of heap objects and goroutine stacks in use after a
// garbage collection.
func inUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc) + int64(m.StackInuse)
}
