//go:build corio_pending

package coro_test

// Ports of test_taskgroups.py that fail today, or need API that is planned
// (SpawnIn and Group.Go refused with ErrGroupClosed, CurrentTask).

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
)

// taskgroupsNested returns the first error that err joins which is itself a
// group's error, or nil.
func taskgroupsNested(err error) error {
	for _, e := range taskgroupsMembers(err) {
		if taskgroupsMembers(e) != nil {
			return e
		}
	}
	return nil
}

// taskgroupsCheckNested checks that err, the outer group's error, holds the
// inner group's error with its ZeroDivisionErrors (an ExceptionGroup in an
// ExceptionGroup).
func taskgroupsCheckNested(t *testing.T, err error) {
	t.Helper()
	inner := taskgroupsNested(err)
	if inner == nil || !slices.Contains(taskgroupsTypes(inner), "ZeroDivisionError") {
		t.Errorf("runner: %v (kinds %v); want it to hold the inner group's error with its ZeroDivisionErrors", err, taskgroupsTypes(err))
	}
	if slices.Contains(taskgroupsTypes(err), "ZeroDivisionError") {
		t.Errorf("runner: %v; the ZeroDivisionErrors belong in the inner group's error", err)
	}
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_11
//
// corio today: the runner fails with its bare cancellation: the inner group
// returns its children's ZeroDivisionErrors joined with the task's
// cancellation, and the outer WithGroup, seeing a cancelled task whose body
// failed with an error matching ErrCancelled, drops that error for the
// cancellation alone.
func TestCPythonTestTaskGroupTaskgroup11(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, _ *coro.Group) error {
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					for range 5 {
						g2.Go(taskgroupsFailInCleanup(10*time.Second, taskgroupsZeroDivision))
					}
					return coro.Sleep(10 * time.Second).Await(yield)
				})
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		taskgroupsCheckNested(t, err)
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_12
//
// corio today: as test_taskgroup_11, the runner fails with its bare
// cancellation and the inner group's ZeroDivisionErrors are lost.
func TestCPythonTestTaskGroupTaskgroup12(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				g1.Go(coro.Sleep(10 * time.Second))
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					for range 5 {
						g2.Go(taskgroupsFailInCleanup(10*time.Second, taskgroupsZeroDivision))
					}
					return coro.Sleep(10 * time.Second).Await(yield)
				})
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		taskgroupsCheckNested(t, err)
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_16
//
// corio today: the runner fails with its bare cancellation: Task.Await,
// cancelled while it waits, returns the caller's cancellation once the awaited
// task has ended, and drops that task's error (the nested runner's group
// error, with the ZeroDivisionError). asyncio's await raises the awaited
// task's exception.
func TestCPythonTestTaskGroupTaskgroup16(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		nestedRunner := func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				g1.Go(taskgroupsCrashAfter(300*time.Millisecond, taskgroupsZeroDivision))
				err := coro.Sleep(10 * time.Second).Await(yield)
				if errors.Is(err, coro.ErrCancelled) {
					// Level-triggered cancellation: the cleanup sleep is shielded,
					// as in test_taskgroup_15.
					timeoutsShieldedSleep(yield, 500*time.Millisecond)
				}
				return err
			})
		}
		r := syncTask(yield, func(yield Y) error {
			_, err := syncTask(yield, nestedRunner).Await(yield)
			return err
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		if !errors.Is(err, taskgroupsZeroDivision) {
			t.Errorf("runner: %v; want the nested runner's group error, with the ZeroDivisionError", err)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_no_create_task_after_failure
//
// corio today: SpawnIn has no error result; in a failed group it returns a
// task that is cancelled before it runs (planned: refused with ErrGroupClosed).
func TestCPythonTestTaskGroupTaskgroupNoCreateTaskAfterFailure(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		lateRan := false
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			if err := g.Go(taskgroupsCrashAfter(time.Millisecond, taskgroupsZeroDivision)); err != nil {
				return err
			}
			return g.Go(coro.Coroutine(func(yield Y) { // coro2(g)
				if err := coro.Sleep(time.Second).Await(yield); !errors.Is(err, coro.ErrCancelled) {
					t.Errorf("coro2's sleep: %v, want a cancellation", err)
					return
				}
				task, err := coro.SpawnIn(g, coro.Func[int](func(Y) (int, error) {
					lateRan = true
					return 0, taskgroupsZeroDivision
				}))
				if !errors.Is(err, coro.ErrGroupClosed) {
					t.Errorf("SpawnIn in a failed group: %v, %v; want ErrGroupClosed", task, err)
				}
			}))
		})
		if err != nil && taskgroupsMembers(err) == nil {
			t.Errorf("group: %v, want a group error", err)
		}
		taskgroupsCheckTypes(t, "group", err, "ZeroDivisionError")
		if n := len(taskgroupsMembers(err)); n != 1 {
			t.Errorf("the group joins %d errors, want the one ZeroDivisionError", n)
		}
		if lateRan {
			t.Error("a task refused by the failed group ran")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_finished
//
// corio today: SpawnIn has no error result; in an ended group it returns a task
// that fails with ErrGroupClosed (planned: refused with ErrGroupClosed).
func TestCPythonTestTaskGroupTaskgroupFinished(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var tg *coro.Group
		if err := coro.WithGroup(yield, func(_ Y, g *coro.Group) error { tg = g; return nil }); err != nil {
			return err
		}
		ran := false
		body := coro.Coroutine(func(yield Y) { ran = true })
		if _, err := coro.SpawnIn(tg, body); !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("SpawnIn in an ended group: %v, want ErrGroupClosed", err)
		}
		if err := tg.Go(body); !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("Go in an ended group: %v, want ErrGroupClosed", err)
		}
		coro.Yield().Await(yield)
		if ran {
			t.Error("a coroutine refused by the ended group ran")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_name
//
// corio today: there is no CurrentTask (planned).
func TestCPythonTestTaskGroupName(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		name := ""
		err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
			return tg.Go(coro.Coroutine(func(yield Y) {
				name = coro.CurrentTask(yield).Name()
			}), coro.WithName("example name"))
		})
		if err != nil || name != "example name" {
			t.Errorf("group: %v; the child saw its name as %q, want example name", err, name)
		}
		return nil
	})
}
