//go:build !race

package coro_test

import (
	"runtime"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// A task's coroutine starts, as every goroutine does, on a 2 KiB stack,
// which the runtime doubles when a call would take it past about 1,100 bytes
// (the rest is its guard). The frames between the worker's Pull and the
// user's code (the worker, the task's run, the yield) take from that room,
// and what they leave is what the user's own code has before every suspended
// task costs 2 KiB more. This test keeps the room at 256 bytes of the user's
// frames or more (384 when it was written, against 0 to 32 before), on amd64
// where it was measured; under the race detector the guard is twice as large
// and nothing fits.
func TestTaskStackRoom(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the room was measured on amd64")
	}
	for _, tc := range []struct {
		name  string
		frame func(*coro.Event, Y) error
		grows bool
	}{
		{"256-byte frame", frame256, false},
		{"1024-byte frame", frame1024, true}, // the measure sees growth
	} {
		t.Run(tc.name, func(t *testing.T) {
			perTask := stackPerTask(t, tc.frame)
			if grew := perTask > 3<<10; grew != tc.grows {
				t.Errorf("a suspended task's stack is %.0f B, grown: %v; want grown: %v", perTask, grew, tc.grows)
			}
		})
	}
}

// stackPerTask returns the goroutine stack memory per task while 1,000 tasks
// whose bodies call frame are suspended in it on an Event.
func stackPerTask(t *testing.T, frame func(*coro.Event, Y) error) float64 {
	const n = 1000
	stackInuse := func() int64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.StackInuse)
	}
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var ev coro.Event
	task := coro.Func[int](func(yield Y) (int, error) { return 1, frame(&ev, yield) })
	runtime.GC() // frees the stacks of the goroutines that have ended
	before := stackInuse()
	var peak int64
	_, err := loop.RunUntilComplete(l, coro.Func[int](func(yield Y) (int, error) {
		tasks := make([]*coro.Task[int], n)
		for i := range tasks {
			tasks[i] = coro.Spawn(yield, task)
		}
		if _, err := coro.Sleep(0).Await(yield); err != nil { // all suspend on ev
			return 0, err
		}
		peak = stackInuse()
		ev.Set()
		for _, t := range tasks {
			if _, err := t.Await(yield); err != nil {
				return 0, err
			}
		}
		return 0, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return float64(peak-before) / n
}

var stackSink byte

//go:noinline
func frame256(ev *coro.Event, yield Y) error {
	var frame [256]byte
	stackSink += frame[stackSink]
	return ev.Wait(yield)
}

//go:noinline
func frame1024(ev *coro.Event, yield Y) error {
	var frame [1024]byte
	stackSink += frame[stackSink]
	return ev.Wait(yield)
}
