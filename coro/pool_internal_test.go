package coro

import (
	"runtime"
	"testing"
	"time"

	"github.com/corio-go/corio/timer"
)

// fifoSched is the least scheduler that runs tasks: a ready queue, no clock.
type fifoSched struct {
	ready []Callback
	tasks TaskSet
}

func (f *fifoSched) Now() time.Duration                             { return 0 }
func (f *fifoSched) Schedule(c Callback)                            { f.ready = append(f.ready, c) }
func (f *fifoSched) AddTimer(*timer.Timer[Callback], time.Duration) {}
func (f *fifoSched) RemoveTimer(*timer.Timer[Callback]) bool        { return false }
func (f *fifoSched) Tasks() *TaskSet                                { return &f.tasks }
func (f *fifoSched) CallSoonThreadsafe(func()) error                { return nil }
func (f *fifoSched) Hold() func()                                   { return func() {} }

func (f *fifoSched) runAll() {
	for len(f.ready) > 0 {
		c := f.ready[0]
		f.ready = f.ready[1:]
		c.Run()
	}
}

// When the pool of idle workers is full, a worker whose task ends is not
// kept: its coroutine ends with the task, and nothing is left running.
func TestWorkerBeyondAFullPoolEnds(t *testing.T) {
	defer func(n int) { maxIdleWorkers = n }(maxIdleWorkers)
	maxIdleWorkers = 4
	before := runtime.NumGoroutine()
	s := new(fifoSched)
	done := new(Future[int])
	tasks := make([]*Task[int], 10)
	for i := range tasks {
		tasks[i] = Start[int](s, done)
	}
	s.runAll() // every task suspends on done, each in its worker
	if n := runtime.NumGoroutine() - before; n != 10 {
		t.Fatalf("%d coroutines while 10 tasks wait, want 10", n)
	}
	done.SetResult(1)
	s.runAll()
	for i, task := range tasks {
		if v, err := task.Result(); v != 1 || err != nil {
			t.Errorf("task %d: %v, %v; want 1, nil", i, v, err)
		}
	}
	if n := s.tasks.Idle(); n != 4 {
		t.Errorf("%d idle workers, want the pool's 4", n)
	}
	if n := runtime.NumGoroutine() - before; n != 4 {
		t.Errorf("%d coroutines left, want the 4 in the pool", n)
	}
	s.tasks.Close()
	if n := runtime.NumGoroutine() - before; n != 0 {
		t.Errorf("%d coroutines left after Close, want none", n)
	}
}
