package coro

import "iter"

// WaitMode says when Wait returns.
type WaitMode uint8

const (
	// AllCompleted makes Wait return when every awaitable is done.
	AllCompleted WaitMode = iota
	// FirstCompleted makes Wait return as soon as one awaitable is done.
	FirstCompleted
	// FirstError makes Wait return as soon as one awaitable fails, or when
	// every one is done.
	FirstError
)

// waitSet is the state of one Wait or AsCompleted: the futures it watches,
// and which have ended since it started.
type waitSet struct {
	futs    []concurrent
	ended   []int // indices, in the order they ended
	failed  bool
	waiters WaitQueue
}

// waitEnd is a waitSet's done callback on its i-th future.
type waitEnd struct {
	s *waitSet
	i int
}

func (e *waitEnd) Run() {
	e.s.ended = append(e.s.ended, e.i)
	if e.s.futs[e.i].outcome().err != nil {
		e.s.failed = true
	}
	e.s.waiters.WakeOne()
}

// watch starts the awaitables that are not running yet, as Gather does, and
// returns the set with a callback on each, and those callbacks.
func watch(yield func(Awaitable) bool, what string, fs []Awaitable) (*waitSet, []waitEnd) {
	t := running(yield, what)
	s := &waitSet{futs: make([]concurrent, len(fs))}
	ends := make([]waitEnd, len(fs))
	for i, a := range fs {
		s.futs[i] = t.concurrently(a, i, what)
		ends[i] = waitEnd{s, i}
		s.futs[i].outcome().addCallback(&ends[i])
	}
	return s, ends
}

// unwatch removes the callbacks still pending on the futures.
func (s *waitSet) unwatch(ends []waitEnd) {
	for i := range ends {
		s.futs[i].outcome().removeCallback(&ends[i])
	}
}

// Wait waits until the awaitables are done as mode says (asyncio.wait) and
// returns them in two lists, in argument order: those done and those still
// pending. It cancels nothing: for a time limit, run it in MoveOnAfter. A
// Task, Future or Gathering is waited for as itself, anything else runs in a
// new task, which the lists then hold. If the calling task is cancelled, Wait
// returns its CancelError.
//
// As asyncio's callbacks do, a future's completion reaches Wait in the loop
// turn after it happens.
func Wait(yield func(Awaitable) bool, mode WaitMode, fs ...Awaitable) (done, pending []Awaitable, err error) {
	s, ends := watch(yield, "a Wait", fs)
	defer s.unwatch(ends)
	for !s.satisfied(mode) {
		if err = s.waiters.Wait(yield); err != nil {
			break
		}
	}
	for _, f := range s.futs {
		if f.outcome().done {
			done = append(done, f.(Awaitable))
		} else {
			pending = append(pending, f.(Awaitable))
		}
	}
	return done, pending, err
}

func (s *waitSet) satisfied(mode WaitMode) bool {
	all := len(s.ended) == len(s.futs)
	switch mode {
	case FirstCompleted:
		return len(s.ended) > 0 || len(s.futs) == 0
	case FirstError:
		return s.failed || all
	default:
		return all
	}
}

// AsCompleted runs the tasks' results through a range loop in the order the
// tasks finish (asyncio.as_completed): each iteration waits for the next task
// to end and yields its value and error. The loop body may await. If the
// calling task is cancelled while it waits, the last iteration yields the
// zero value and the task's CancelError; the tasks themselves are not
// cancelled.
//
//	for v, err := range coro.AsCompleted(yield, tasks...) {
//		...
//	}
func AsCompleted[T any](yield func(Awaitable) bool, tasks ...*Task[T]) iter.Seq2[T, error] {
	return func(body func(T, error) bool) {
		fs := make([]Awaitable, len(tasks))
		for i, t := range tasks {
			if t != nil {
				fs[i] = t
			}
		}
		s, ends := watch(yield, "AsCompleted", fs)
		defer s.unwatch(ends)
		for next := 0; next < len(tasks); next++ {
			for len(s.ended) <= next {
				if err := s.waiters.Wait(yield); err != nil {
					var zero T
					body(zero, err)
					return
				}
			}
			i := s.ended[next]
			var v T
			var err error
			if tasks[i] == nil {
				err = s.futs[i].outcome().err
			} else {
				v, err = tasks[i].Result()
			}
			if !body(v, err) {
				return
			}
		}
	}
}
