package coro

import (
	"fmt"
	"iter"
	"time"

	"github.com/corio-go/corio/timer"
)

// WaitMode says when Wait returns.
type WaitMode uint8

const (
	// AllCompleted makes Wait return when every awaitable is done.
	AllCompleted WaitMode = iota
	// FirstCompleted makes Wait return as soon as one awaitable is done.
	FirstCompleted
	// FirstError makes Wait return as soon as one awaitable fails (a
	// cancellation is not a failure, as in asyncio), or when every one is
	// done.
	FirstError
)

// waitSet is the state of one Wait or AsCompleted: the futures it watches,
// which have ended since it started, and its time limit.
type waitSet struct {
	futs     []concurrent
	ended    []int // indices, in the order they ended
	failed   bool
	timedOut bool
	inTime   int // how many had ended when the time limit passed
	waiters  WaitQueue
	sched    Scheduler
	limit    timer.Timer[Callback]
}

// waitEnd is a waitSet's done callback on its i-th future.
type waitEnd struct {
	s *waitSet
	i int
}

func (e *waitEnd) Run() {
	e.s.ended = append(e.s.ended, e.i)
	if err := e.s.futs[e.i].outcome().err; err != nil && !onlyCancellation(err) {
		e.s.failed = true
	}
	e.s.waiters.WakeOne()
}

// waitLimit is a waitSet seen as the callback of its time limit.
type waitLimit waitSet

func (l *waitLimit) Run() {
	s := (*waitSet)(l)
	s.timedOut = true
	s.inTime = len(s.ended)
	s.waiters.WakeAll()
}

// watch starts the awaitables that are not running yet, as Gather does, and
// returns the set with a callback on each, and those callbacks. A task,
// future or gathering given twice is watched once, as asyncio's wait and
// as_completed take a set. A limit other than Never times the set out after
// that long.
func watch(yield Yield, what string, limit time.Duration, fs []Awaitable) (*waitSet, []waitEnd) {
	t := running(yield, what)
	s := &waitSet{futs: make([]concurrent, 0, len(fs)), sched: t.fut.sched}
	var seen map[concurrent]bool
	for i, a := range fs {
		c := t.concurrently(a, i, what)
		if _, given := a.(concurrent); given && len(fs) > 1 {
			if seen == nil {
				seen = make(map[concurrent]bool, len(fs))
			}
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		s.futs = append(s.futs, c)
	}
	ends := make([]waitEnd, len(s.futs))
	for i, c := range s.futs {
		ends[i] = waitEnd{s, i}
		c.outcome().addCallback(&ends[i])
	}
	if limit != Never {
		s.limit.Value = (*waitLimit)(s)
		s.sched.AddTimer(&s.limit, deadlineAfter(s.sched, limit))
	}
	return s, ends
}

// unwatch removes the callbacks still pending on the futures, and the time
// limit.
func (s *waitSet) unwatch(ends []waitEnd) {
	for i := range ends {
		s.futs[i].outcome().removeCallback(&ends[i])
	}
	if s.limit.Queued() {
		s.sched.RemoveTimer(&s.limit)
	}
}

// Wait waits until the awaitables are done as mode says (asyncio.wait) and
// returns them in two lists, in argument order: those done and those still
// pending. It cancels nothing. A Task, Future or Gathering is waited for as
// itself (once, if given twice), anything else runs in a new task, which the
// lists then hold. If the calling task is cancelled, Wait returns its
// CancelError; an unknown mode is an error. With no awaitables, Wait returns
// at once (asyncio raises ValueError).
//
// As asyncio's callbacks do, a future's completion reaches Wait in the loop
// turn after it happens.
func Wait(yield Yield, mode WaitMode, fs ...Awaitable) (done, pending []Awaitable, err error) {
	return wait(yield, Never, mode, fs)
}

// WaitTimeout is Wait with a time limit (asyncio.wait with timeout=): once d
// has passed it returns what is done and what is pending, with no error, and
// cancels nothing. A negative d is ErrNegativeDuration.
func WaitTimeout(yield Yield, d time.Duration, mode WaitMode, fs ...Awaitable) (done, pending []Awaitable, err error) {
	if d < 0 {
		return nil, nil, Delay(d).negative()
	}
	return wait(yield, d, mode, fs)
}

func wait(yield Yield, limit time.Duration, mode WaitMode, fs []Awaitable) (done, pending []Awaitable, err error) {
	if mode > FirstError {
		return nil, nil, fmt.Errorf("coro: Wait with an unknown WaitMode %d", mode)
	}
	s, ends := watch(yield, "a Wait", limit, fs)
	defer s.unwatch(ends)
	for !s.satisfied(mode) && !s.timedOut {
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
// to end and yields its value and error. A task given twice comes once. The
// loop body may await. If the calling task is cancelled while it waits, the
// last iteration yields the zero value and the task's CancelError; the tasks
// themselves are not cancelled.
//
//	for v, err := range coro.AsCompleted(yield, tasks...) {
//		...
//	}
func AsCompleted[T any](yield Yield, tasks ...*Task[T]) iter.Seq2[T, error] {
	return asCompleted(yield, Never, tasks)
}

// AsCompletedTimeout is AsCompleted with a time limit, from the start of the
// range loop (asyncio.as_completed with timeout=): once d has passed, the
// next wait for a task ends the loop with an iteration that yields the zero
// value and an error matching ErrTimeout. The tasks are not cancelled. A
// negative d yields ErrNegativeDuration.
func AsCompletedTimeout[T any](yield Yield, d time.Duration, tasks ...*Task[T]) iter.Seq2[T, error] {
	if d < 0 {
		return func(body func(T, error) bool) {
			var zero T
			body(zero, Delay(d).negative())
		}
	}
	return asCompleted(yield, d, tasks)
}

func asCompleted[T any](yield Yield, limit time.Duration, tasks []*Task[T]) iter.Seq2[T, error] {
	return func(body func(T, error) bool) {
		var zero T
		fs := make([]Awaitable, 0, len(tasks))
		var given []*Task[T] // tasks as watched: duplicates dropped, nil kept
		seen := make(map[*Task[T]]bool, len(tasks))
		for _, t := range tasks {
			switch {
			case t == nil:
				fs = append(fs, nil)
			case seen[t]:
				continue
			default:
				seen[t] = true
				fs = append(fs, t)
			}
			given = append(given, t)
		}
		s, ends := watch(yield, "AsCompleted", limit, fs)
		defer s.unwatch(ends)
		for next := 0; next < len(given); next++ {
			for s.timedOut && next >= s.inTime || len(s.ended) <= next {
				if s.timedOut {
					// What ends after the limit is not yielded, as
					// asyncio's as_completed stops watching then.
					body(zero, &timeoutError{after: limit})
					return
				}
				if err := s.waiters.Wait(yield); err != nil {
					body(zero, err)
					return
				}
			}
			i := s.ended[next]
			var v T
			var err error
			if given[i] == nil {
				err = s.futs[i].outcome().err
			} else {
				v, err = given[i].Result()
			}
			if !body(v, err) {
				return
			}
		}
	}
}
