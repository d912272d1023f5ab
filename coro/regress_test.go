package coro_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
)

// A task cancelled, then a scope around its await cancelled, in the same
// step: the await returns the scope's error, which the scope takes; the
// task's own cancellation must still end the task.
func TestTaskCancelSurvivesAScopeCancelledInTheSameStep(t *testing.T) {
	errTask, errScope := errors.New("task"), errors.New("scope")
	_, err := run(t, func(yield Y) (struct{}, error) {
		var s *coro.Scope
		child := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Cancellable(yield, func(yield Y, sc *coro.Scope) (int, error) {
				s = sc
				return coro.SleepResult(time.Hour, 0).Await(yield)
			})
		}))
		coro.Sleep(time.Second).Await(yield)
		child.Cancel(errTask)
		s.Cancel(errScope)
		_, err := child.Await(yield)
		if !errors.Is(err, errTask) {
			t.Errorf("child ended with %v; want its cancellation by errTask", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A panic in WithGroup's body cancels the children and waits for them.
func TestGroupBodyPanicCancelsChildren(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var child *coro.Task[int]
		parent := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return 0, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				child = spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					return coro.SleepResult(time.Hour, 1).Await(yield)
				}))
				coro.Sleep(0).Await(yield)
				panic("boom")
			})
		}))
		_, perr := parent.Await(yield)
		if !child.Done() {
			t.Errorf("parent ended (%v) at %v with its group's child still running", perr != nil, coro.Now(yield))
		}
		child.Cancel(nil)
		child.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The same for a bare-yielded failing Func, which fails the task like an exception.
func TestGroupBareFuncErrorCancelsChildren(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var child *coro.Task[int]
		parent := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				child = spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					return coro.SleepResult(time.Hour, 1).Await(yield)
				}))
				yield(coro.Func[int](func(Y) (int, error) { return 0, errors.New("raised") }))
				return nil
			})
		}))
		parent.Await(yield)
		if !child.Done() {
			t.Errorf("parent ended with its group's child still running")
		}
		child.Cancel(nil)
		child.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A group that has ended, failed or is stopping refuses new children at once:
// the caller learns it from SpawnIn's error, and the work never runs.
func TestSpawnInRefusedByAGroupThatRunsNoNewChild(t *testing.T) {
	errChild := errors.New("child failed")
	_, err := run(t, func(yield Y) (struct{}, error) {
		var g0 *coro.Group
		coro.WithGroup(yield, func(yield Y, g *coro.Group) error { g0 = g; return nil })
		ran := false
		body := coro.Func[int](func(Y) (int, error) { ran = true; return 1, nil })
		if late, err := coro.SpawnIn(g0, body); late != nil || !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("SpawnIn on an ended group: %v, %v; want nil, ErrGroupClosed", late, err)
		}
		var refused, stopped error
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			spawnIn(t, g, failWith(errChild))
			coro.Sleep(time.Second).Await(yield) // the child fails meanwhile
			_, refused = coro.SpawnIn(g, body)
			return nil
		})
		if !errors.Is(err, errChild) || !errors.Is(refused, coro.ErrGroupClosed) {
			t.Errorf("group %v, SpawnIn after a child failed %v; want the child's error and ErrGroupClosed", err, refused)
		}
		coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Stop()
			stopped = g.Go(func(yield Y) error { _, err := body.Await(yield); return err })
			return nil
		})
		if !errors.Is(stopped, coro.ErrGroupClosed) {
			t.Errorf("Go on a stopped group: %v; want ErrGroupClosed", stopped)
		}
		coro.Sleep(0).Await(yield)
		if ran {
			t.Errorf("a refused child ran")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Errorf("main failed: %.200v", err)
	}
}

// A Gathering cancelled before it starts, nested in another gather (or
// passed to Wait), starts no child.
func TestCancelledNestedGatherStartsNothing(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		ran := false
		inner := coro.Gather(coro.Coroutine(func(yield Y) {
			ran = true
			coro.Sleep(time.Hour).Await(yield)
			ran = false // not reached unless it slept the hour
		}))
		inner.Cancel(errors.New("stop"))
		_, err := coro.Gather(inner).Await(yield)
		coro.Sleep(0).Await(yield)
		if ran {
			t.Errorf("child of a cancelled gathering runs (outer err %v) at %v", err, coro.Now(yield))
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Errorf("main: %.300v", err)
	}
}

// Gathering.Cancel before the start cancels the children that already run
// (tasks, futures).
func TestUnstartedGatherCancelCancelsTasks(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(time.Hour, 1).Await(yield)
		}))
		g := coro.Gather(a)
		g.Cancel(nil)
		coro.Sleep(0).Await(yield)
		if !a.Done() {
			t.Errorf("Gathering.Cancel left its running Task child running")
		}
		a.Cancel(nil)
		a.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// WithGroup returns the task's CancelError even when a child fails too.
func TestGroupKeepsTheTaskCancel(t *testing.T) {
	errChild := errors.New("child")
	_, err := run(t, func(yield Y) (struct{}, error) {
		var gerr error
		parent := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			gerr = coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				coro.SpawnIn(g, coro.Func[int](func(yield Y) (int, error) {
					if _, err := coro.Sleep(time.Hour).Await(yield); err != nil {
						return 0, fmt.Errorf("cleanup failed: %v", errChild)
					}
					return 0, nil
				}))
				_, err := coro.Sleep(time.Hour).Await(yield)
				return err
			})
		}))
		coro.Sleep(time.Second).Await(yield)
		parent.Cancel(errors.New("parent"))
		_, perr := parent.Await(yield)
		if !errors.Is(gerr, coro.ErrCancelled) {
			t.Errorf("WithGroup returned %v, task ended with %v; doc: returns the task's CancelError", gerr, perr)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
