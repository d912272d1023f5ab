package coro_test

// Ports of CPython's Lib/test/test_asyncio/test_taskgroups.py (3.11, and the
// tests added up to 3.14). WithGroup is the TaskGroup; an ExceptionGroup is the
// errors.Join of the group's errors, a nested ExceptionGroup a join in a join.

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// Errors standing for the Python exceptions the CPython tests raise.
var (
	errTaskgroupsZeroDivision = errors.New("ZeroDivisionError")
	errTaskgroupsValueError   = errors.New("ValueError")
	errTaskgroupsRuntimeError = errors.New("RuntimeError")
	errTaskgroupsTypeError    = errors.New("TypeError")
	errTaskgroupsMyExc        = errors.New("MyExc")
)

// taskgroupsMembers returns the errors that err, a group's error, joins; nil
// if err joins none.
func taskgroupsMembers(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return nil
}

// taskgroupsTypes is CPython's get_error_types: the sorted set of the kinds of
// the errors that err joins. A kind is the error's message, "group" for a
// nested join, "cancelled" for a cancellation, "panic: V" for a panic.
func taskgroupsTypes(err error) []string {
	set := map[string]bool{}
	for _, e := range taskgroupsMembers(err) {
		var pe *coro.PanicError
		switch {
		case taskgroupsMembers(e) != nil:
			set["group"] = true
		case errors.As(e, &pe):
			set[fmt.Sprint("panic: ", pe.Value)] = true
		case errors.Is(e, coro.ErrCancelled):
			set["cancelled"] = true
		default:
			set[e.Error()] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// checkTypes compares the kinds of the errors err joins with want.
func taskgroupsCheckTypes(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, taskgroupsTypes(err)); diff != "" {
		t.Errorf("%s: error %v joins the wrong kinds (-want +got):\n%s", what, err, diff)
	}
}

// taskgroupsCrashAfter sleeps d and fails with err (CPython's crash_after,
// crash_soon, foo1).
func taskgroupsCrashAfter(d time.Duration, err error) coro.Func[int] {
	return func(yield Y) (int, error) {
		if _, e := coro.Sleep(d).Await(yield); e != nil {
			return 0, e
		}
		return 0, err
	}
}

// taskgroupsFailInCleanup sleeps d and fails with err however the sleep ended
// (try: await sleep(d) finally: raise err).
func taskgroupsFailInCleanup(d time.Duration, err error) coro.Func[int] {
	return func(yield Y) (int, error) {
		coro.Sleep(d).Await(yield)
		return 0, err
	}
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_01
func TestCPythonTestTaskGroupTaskgroup01(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			t1 = spawnIn(t, g, after(&tr, "foo1", 100*time.Millisecond, 42))
			t2 = spawnIn(t, g, after(&tr, "foo2", 200*time.Millisecond, 11))
			return nil
		})
		if err != nil {
			t.Errorf("group: %v", err)
		}
		v1, err1 := t1.Result()
		v2, err2 := t2.Result()
		if v1 != 42 || err1 != nil || v2 != 11 || err2 != nil {
			t.Errorf("results %d, %v and %d, %v; want 42 and 11", v1, err1, v2, err2)
		}
		if now := coro.Now(yield); now != 200*time.Millisecond {
			t.Errorf("the group ended at %v, want 200ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_02
func TestCPythonTestTaskGroupTaskgroup02(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			t1 = spawnIn(t, g, after(&tr, "foo1", 100*time.Millisecond, 42))
			if _, err := coro.Sleep(150 * time.Millisecond).Await(yield); err != nil {
				return err
			}
			t2 = spawnIn(t, g, after(&tr, "foo2", 200*time.Millisecond, 11))
			return nil
		})
		if err != nil {
			t.Errorf("group: %v", err)
		}
		v1, err1 := t1.Result()
		v2, err2 := t2.Result()
		if v1 != 42 || err1 != nil || v2 != 11 || err2 != nil {
			t.Errorf("results %d, %v and %d, %v; want 42 and 11", v1, err1, v2, err2)
		}
		if now := coro.Now(yield); now != 350*time.Millisecond {
			t.Errorf("the group ended at %v, want 350ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_03
func TestCPythonTestTaskGroupTaskgroup03(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			t1 = spawnIn(t, g, after(&tr, "foo1", time.Second, 42))
			if _, err := coro.Sleep(150 * time.Millisecond).Await(yield); err != nil {
				return err
			}
			// Cancelling a child on purpose is not the group's failure.
			t1.Cancel(nil)
			t2 = spawnIn(t, g, after(&tr, "foo2", 200*time.Millisecond, 11))
			return nil
		})
		if err != nil {
			t.Errorf("group: %v", err)
		}
		if !t1.Cancelled() {
			t.Error("t1 is not cancelled")
		}
		if v2, err2 := t2.Result(); v2 != 11 || err2 != nil {
			t.Errorf("t2: %d, %v; want 11", v2, err2)
		}
		if now := coro.Now(yield); now != 350*time.Millisecond {
			t.Errorf("the group ended at %v, want 350ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_04
func TestCPythonTestTaskGroupTaskgroup04(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num, t2Cancel := 0, false
		var t2 *coro.Task[int]
		runner := syncTask(yield, func(yield Y) error {
			err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				spawnIn(t, g, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsZeroDivision))
				t2 = spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
						t2Cancel = errors.Is(err, coro.ErrCancelled)
						return 0, err
					}
					num++
					return 0, nil
				}))
				return nil
			})
			if err != nil {
				return err
			}
			num += 10
			return nil
		})
		_, err := runner.Await(yield)
		taskgroupsCheckTypes(t, "runner", err, "ZeroDivisionError")
		if num != 0 || !t2Cancel || !t2.Cancelled() {
			t.Errorf("NUM=%d t2_cancel=%v t2 cancelled=%v; want 0, true, true", num, t2Cancel, t2.Cancelled())
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_cancel_children_on_child_error
func TestCPythonTestTaskGroupCancelChildrenOnChildError(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num, t2Cancel, runnerCancel := 0, false, false
		runner := syncTask(yield, func(yield Y) error {
			err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				for range 3 {
					spawnIn(t, g, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsZeroDivision))
				}
				spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					if _, err := coro.Sleep(5 * time.Second).Await(yield); err != nil {
						t2Cancel = errors.Is(err, coro.ErrCancelled)
						return 0, err
					}
					num++
					return 0, nil
				}))
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				runnerCancel = errors.Is(err, coro.ErrCancelled)
				return err
			})
			if err != nil {
				return err
			}
			num += 10
			return nil
		})
		_, err := runner.Await(yield)
		taskgroupsCheckTypes(t, "runner", err, "ZeroDivisionError")
		if num != 0 || !t2Cancel || !runnerCancel {
			t.Errorf("NUM=%d t2_cancel=%v runner_cancel=%v; want 0, true, true", num, t2Cancel, runnerCancel)
		}
		return nil
	})
}

// taskgroupsCountCancel returns a child that sleeps d and counts in *n the
// times its sleep was cancelled.
func taskgroupsCountCancel(d time.Duration, n *int) coro.Func[int] {
	return func(yield Y) (int, error) {
		_, err := coro.Sleep(d).Await(yield)
		if errors.Is(err, coro.ErrCancelled) {
			*n++
		}
		return 0, err
	}
}

// test_taskgroups.py::TestTaskGroup::test_cancellation
func TestCPythonTestTaskGroupCancellation(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num := 0
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				for range 5 {
					spawnIn(t, g, taskgroupsCountCancel(5*time.Second, &num))
				}
				return nil
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		cause := errors.New("test")
		r.Cancel(cause)
		_, err := r.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) || !errors.Is(err, cause) || !r.Cancelled() {
			t.Errorf("runner: %v, cancelled %v; want its cancellation, with its cause", err, r.Cancelled())
		}
		if num != 5 {
			t.Errorf("NUM=%d, want 5", num)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_07
func TestCPythonTestTaskGroupTaskgroup07(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num := 0
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				for range 5 {
					spawnIn(t, g, taskgroupsCountCancel(5*time.Second, &num))
				}
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				if errors.Is(err, coro.ErrCancelled) {
					num += 10
				}
				return err
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		if _, err := r.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("runner: %v, want its cancellation", err)
		}
		if num != 15 {
			t.Errorf("NUM=%d, want 15", num)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_08
func TestCPythonTestTaskGroupTaskgroup08(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				for range 5 {
					spawnIn(t, g, taskgroupsFailInCleanup(10*time.Second, errTaskgroupsZeroDivision))
				}
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				return err
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		// Differs on purpose: WithGroup joins its task's cancellation to the children's errors.
		// (asyncio's group holds the ZeroDivisionErrors alone, and cancels the task again.)
		taskgroupsCheckTypes(t, "runner", err, "ZeroDivisionError", "cancelled")
		if n := len(taskgroupsMembers(err)); n != 6 {
			t.Errorf("the group joins %d errors, want 5 ZeroDivisionErrors and the cancellation", n)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_09
func TestCPythonTestTaskGroupTaskgroup09(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			t1 = spawnIn(t, g, after(&tr, "foo1", time.Second, 42))
			t2 = spawnIn(t, g, after(&tr, "foo2", 2*time.Second, 11))
			if _, err := coro.Sleep(100 * time.Millisecond).Await(yield); err != nil {
				return err
			}
			return errTaskgroupsZeroDivision
		})
		taskgroupsCheckTypes(t, "group", err, "ZeroDivisionError")
		if !t1.Cancelled() || !t2.Cancelled() {
			t.Errorf("t1 cancelled %v, t2 cancelled %v; want both", t1.Cancelled(), t2.Cancelled())
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("the group ended at %v, want 100ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_10
func TestCPythonTestTaskGroupTaskgroup10(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			t1 = spawnIn(t, g, after(&tr, "foo1", time.Second, 42))
			t2 = spawnIn(t, g, after(&tr, "foo2", 2*time.Second, 11))
			return errTaskgroupsZeroDivision
		})
		taskgroupsCheckTypes(t, "group", err, "ZeroDivisionError")
		if !t1.Cancelled() || !t2.Cancelled() {
			t.Errorf("t1 cancelled %v, t2 cancelled %v; want both", t1.Cancelled(), t2.Cancelled())
		}
		if len(tr.lines) != 0 {
			t.Errorf("children cancelled before their first step ran: %q", tr.lines)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_13
func TestCPythonTestTaskGroupTaskgroup13(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				spawnIn(t, g1, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsValueError))
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					spawnIn(t, g2, taskgroupsCrashAfter(10*time.Second, errTaskgroupsValueError))
					return nil
				})
			})
		})
		_, err := r.Await(yield)
		// The inner group was cancelled by the outer one: it is no error.
		taskgroupsCheckTypes(t, "runner", err, "ValueError")
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("the groups ended at %v, want 100ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_14
func TestCPythonTestTaskGroupTaskgroup14(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				spawnIn(t, g1, taskgroupsCrashAfter(10*time.Second, errTaskgroupsValueError))
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					spawnIn(t, g2, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsValueError))
					return nil
				})
			})
		})
		_, err := r.Await(yield)
		taskgroupsCheckTypes(t, "runner", err, "group")
		if m := taskgroupsMembers(err); len(m) == 1 {
			taskgroupsCheckTypes(t, "the nested group", m[0], "ValueError")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_15
func TestCPythonTestTaskGroupTaskgroup15(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				spawnIn(t, g1, taskgroupsCrashAfter(300*time.Millisecond, errTaskgroupsZeroDivision))
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				if errors.Is(err, coro.ErrCancelled) {
					// Differs on purpose: level-triggered cancellation: the cleanup sleep needs a Shield.
					// The group's own cancellation cannot enter the shield either,
					// so the body sleeps its 500ms in full.
					coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
						return coro.Sleep(500 * time.Millisecond).Await(yield)
					}))
				}
				return err
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		// Differs on purpose: WithGroup joins its task's cancellation to the children's errors.
		taskgroupsCheckTypes(t, "runner", err, "ZeroDivisionError", "cancelled")
		if now := coro.Now(yield); now != 600*time.Millisecond {
			t.Errorf("the group ended at %v, want 600ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_17
func TestCPythonTestTaskGroupTaskgroup17(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num := 0
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				if errors.Is(err, coro.ErrCancelled) {
					num += 10
				}
				return err
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) || taskgroupsMembers(err) != nil {
			t.Errorf("runner: %v, want its cancellation alone", err)
		}
		if num != 10 {
			t.Errorf("NUM=%d, want 10", num)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_18
func TestCPythonTestTaskGroupTaskgroup18(t *testing.T) {
	mustRun(t, func(yield Y) error {
		num := 0
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				if _, err := coro.Sleep(10 * time.Second).Await(yield); errors.Is(err, coro.ErrCancelled) {
					num += 10
					// Not a good idea, but supported: the body turns its
					// cancellation into an error of its own.
					return errTaskgroupsMyExc
				}
				return nil
			})
		})
		coro.Sleep(100 * time.Millisecond).Await(yield)
		if r.Done() {
			return errors.New("runner done before it was cancelled")
		}
		r.Cancel(nil)
		_, err := r.Await(yield)
		// Differs on purpose: a cancelled caller of WithGroup sees its CancelError beside the group's errors.
		taskgroupsCheckTypes(t, "runner", err, "MyExc", "cancelled")
		if num != 10 {
			t.Errorf("NUM=%d, want 10", num)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_19
func TestCPythonTestTaskGroupTaskgroup19(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				spawnIn(t, g, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsZeroDivision))
				_, err := taskgroupsFailInCleanup(10*time.Second, errTaskgroupsMyExc)(yield) // nested()
				return err
			})
		})
		_, err := r.Await(yield)
		taskgroupsCheckTypes(t, "runner", err, "MyExc", "ZeroDivisionError")
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_20
//
// KeyboardInterrupt, which a TaskGroup does not wrap in a group, is a panic
// here: it goes through WithGroup as it is.
func TestCPythonTestTaskGroupTaskgroup20(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var crash *coro.Task[int]
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				crash = spawnIn(t, g, taskgroupsCrashAfter(100*time.Millisecond, errTaskgroupsZeroDivision))
				coro.Sleep(10 * time.Second).Await(yield) // nested()
				panic("KeyboardInterrupt")
			})
		})
		_, err := r.Await(yield)
		if msg := panicMessage(err); msg != "KeyboardInterrupt" || errors.Is(err, errTaskgroupsZeroDivision) {
			t.Errorf("runner: %v; want the panic alone", err)
		}
		if !crash.Done() {
			t.Error("the child outlived its group")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_21a
//
// MyBaseExc, a BaseException raised by a child, is a child's panic here.
func TestCPythonTestTaskGroupTaskgroup21a(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					coro.Sleep(100 * time.Millisecond).Await(yield)
					panic("MyBaseExc")
				}))
				_, err := taskgroupsFailInCleanup(10*time.Second, errTaskgroupsTypeError)(yield) // nested()
				return err
			})
		})
		_, err := r.Await(yield)
		taskgroupsCheckTypes(t, "runner", err, "TypeError", "panic: MyBaseExc")
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_22
func TestCPythonTestTaskGroupTaskgroup22(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		var t1, t2 *coro.Task[int]
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				t1 = spawnIn(t, g, after(&tr, "foo1", time.Second, 42))
				t2 = spawnIn(t, g, after(&tr, "foo2", 2*time.Second, 11))
				return nil
			})
		})
		coro.Sleep(50 * time.Millisecond).Await(yield)
		r.Cancel(nil)
		if _, err := r.Await(yield); !errors.Is(err, coro.ErrCancelled) || taskgroupsMembers(err) != nil {
			t.Errorf("runner: %v, want its cancellation alone", err)
		}
		if !t1.Cancelled() || !t2.Cancelled() || coro.Now(yield) != 50*time.Millisecond {
			t.Errorf("t1 cancelled %v, t2 cancelled %v, at %v; want both at 50ms", t1.Cancelled(), t2.Cancelled(), coro.Now(yield))
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_23
func TestCPythonTestTaskGroupTaskgroup23(t *testing.T) {
	mustRun(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			for count := range 10 {
				if _, err := coro.Sleep(100 * time.Millisecond).Await(yield); err != nil {
					return err
				}
				coro.SpawnIn(g, coro.Sleep(300*time.Millisecond))
				if count == 5 && g.Len() >= 5 {
					t.Errorf("%d children running at %v, want fewer than 5: the group forgets those that ended", g.Len(), coro.Now(yield))
				}
			}
			if _, err := coro.Sleep(1350 * time.Millisecond).Await(yield); err != nil {
				return err
			}
			if g.Len() != 0 {
				t.Errorf("%d children running at the end, want 0", g.Len())
			}
			return nil
		})
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_24
func TestCPythonTestTaskGroupTaskgroup24(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, coro.Coroutine(func(yield Y) { // root(g)
				coro.Sleep(100 * time.Millisecond).Await(yield)
				spawnIn(t, g, after(&tr, "coro1(0.1)", 100*time.Millisecond, 0))
				spawnIn(t, g, after(&tr, "coro1(0.2)", 200*time.Millisecond, 0))
			}))
			return nil
		})
		if err != nil {
			t.Errorf("group: %v", err)
		}
		want := []string{"coro1(0.1) start", "coro1(0.2) start", "coro1(0.1) done", "coro1(0.2) done"}
		if diff := cmp.Diff(want, tr.lines); diff != "" {
			t.Errorf("the group did not wait for the grandchildren (-want +got):\n%s", diff)
		}
		if now := coro.Now(yield); now != 300*time.Millisecond {
			t.Errorf("the group ended at %v, want 300ms", now)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_25
func TestCPythonTestTaskGroupTaskgroup25(t *testing.T) {
	mustRun(t, func(yield Y) error {
		nhydras := 0
		var hydra func(g *coro.Group) coro.Coroutine
		hydra = func(g *coro.Group) coro.Coroutine {
			return func(yield Y) {
				nhydras++
				if _, err := coro.Sleep(10 * time.Millisecond).Await(yield); err != nil {
					return
				}
				coro.SpawnIn(g, hydra(g))
				coro.SpawnIn(g, hydra(g))
			}
		}
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, hydra(g))
			coro.SpawnIn(g, coro.Func[int](func(yield Y) (int, error) { // hercules
				for nhydras < 10 {
					if _, err := coro.Sleep(15 * time.Millisecond).Await(yield); err != nil {
						return 0, err
					}
				}
				return 0, errTaskgroupsZeroDivision
			}))
			return nil
		})
		taskgroupsCheckTypes(t, "group", err, "ZeroDivisionError")
		if nhydras < 10 {
			t.Errorf("%d hydras, want at least 10", nhydras)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_task_name
func TestCPythonTestTaskGroupTaskgroupTaskName(t *testing.T) {
	mustRun(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			task := spawnIn(t, g, coro.Coroutine(func(yield Y) { coro.Sleep(0).Await(yield) }), coro.WithName("yolo"))
			if name := task.Name(); name != "yolo" {
				t.Errorf("name %q, want yolo", name)
			}
			return nil
		})
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_context_manager_exit_raises
func TestCPythonTestTaskGroupTaskgroupContextManagerExitRaises(t *testing.T) {
	custom := errors.New("CustomException")
	mustRun(t, func(yield Y) error {
		main := syncTask(yield, func(yield Y) error {
			err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
				// async with database(): whose exit raises, however the body ends.
				coro.SpawnIn(tg, failWith(custom))
				coro.Sleep(time.Second).Await(yield)
				return custom
			})
			n := 0
			for _, e := range taskgroupsMembers(err) {
				if errors.Is(e, custom) {
					n++
				}
			}
			if n != 2 {
				t.Errorf("group error %v: %d CustomExceptions, want 2", err, n)
			}
			// task.cancelling() == 0: the group's cancellation of its body ends
			// with the group.
			if err := coro.Checkpoint(yield); err != nil {
				t.Errorf("an await after the group: %v", err)
			}
			return nil
		})
		_, err := main.Await(yield)
		return err
	})
}

// test_taskgroups.py::TestTaskGroup::test_cancelling_level_preserved
func TestCPythonTestTaskGroupCancellingLevelPreserved(t *testing.T) {
	mustRun(t, func(yield Y) error {
		err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
			coro.SpawnIn(tg, taskgroupsCrashAfter(0, errTaskgroupsRuntimeError))
			return nil
		})
		taskgroupsCheckTypes(t, "group", err, "RuntimeError")
		if _, err := coro.Sleep(0).Await(yield); err != nil {
			t.Errorf("an await after the group: %v; the group's failure must not cancel its caller", err)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_nested_groups_both_cancelled
func TestCPythonTestTaskGroupNestedGroupsBothCancelled(t *testing.T) {
	mustRun(t, func(yield Y) error {
		err := coro.WithGroup(yield, func(yield Y, outer *coro.Group) error {
			innerErr := coro.WithGroup(yield, func(yield Y, inner *coro.Group) error {
				coro.SpawnIn(inner, taskgroupsCrashAfter(0, errTaskgroupsRuntimeError))
				coro.SpawnIn(outer, taskgroupsCrashAfter(0, errTaskgroupsValueError))
				return nil
			})
			// except* RuntimeError: pass
			// Differs on purpose: the inner group joins the outer group's cancellation to its RuntimeError.
			// That cancellation's cause is the ValueError, which errors.Is finds through it.
			taskgroupsCheckTypes(t, "inner group", innerErr, "RuntimeError", "cancelled")
			var ce *coro.CancelError
			if !errors.As(innerErr, &ce) || ce.Cause != errTaskgroupsValueError {
				t.Errorf("inner group: %v, want a cancellation caused by the outer group's ValueError", innerErr)
			}
			// cancelling() == 1: the outer group's cancellation is still in force.
			if err := coro.Checkpoint(yield); !errors.Is(err, coro.ErrCancelled) {
				t.Errorf("an await in the failed outer group: %v, want a cancellation", err)
			}
			return nil
		})
		taskgroupsCheckTypes(t, "outer group", err, "ValueError")
		// cancelling() == 0
		if err := coro.Checkpoint(yield); err != nil {
			t.Errorf("an await after the groups: %v", err)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_error_and_cancel
func TestCPythonTestTaskGroupErrorAndCancel(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var event coro.Event
		inner := syncTask(yield, func(yield Y) error {
			err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
				coro.SpawnIn(tg, coro.Func[int](func(yield Y) (int, error) { // raise_error()
					event.Set()
					coro.Sleep(0).Await(yield)
					return 0, errTaskgroupsRuntimeError
				}))
				_, err := coro.Sleep(time.Second).Await(yield)
				if err == nil {
					t.Error("Sleep in group should have been cancelled")
				}
				return err
			})
			// except* RuntimeError
			if !errors.Is(err, errTaskgroupsRuntimeError) {
				t.Errorf("group: %v, want the RuntimeError", err)
			}
			// cancelling() == 1 after the group.
			_, err = coro.Sleep(time.Second).Await(yield)
			if err == nil {
				t.Error("Sleep after group should have been cancelled")
			}
			return err
		})
		if err := event.Wait(yield); err != nil {
			return err
		}
		inner.Cancel(nil)
		if _, err := inner.Await(yield); !errors.Is(err, coro.ErrCancelled) || !inner.Cancelled() {
			t.Errorf("inner: %v, cancelled %v; want its cancellation", err, inner.Cancelled())
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_cancels_task_if_created_during_creation
func TestCPythonTestTaskGroupCancelsTaskIfCreatedDuringCreation(t *testing.T) {
	myError := errors.New("third task failed")
	mustRun(t, func(yield Y) error {
		ran := false
		err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
			coro.SpawnIn(tg, coro.Coroutine(func(yield Y) { // second_task
				coro.SpawnIn(tg, failWith(myError)) // third_task
				_, err := coro.Sleep(0).Await(yield)
				if err == nil {
					_, err = coro.Sleep(0).Await(yield)
				}
				if !errors.Is(err, coro.ErrCancelled) {
					t.Errorf("second task: %v, want a cancellation by the third's failure", err)
				}
				ran = true
			}))
			return nil
		})
		taskgroupsCheckTypes(t, "group", err, myError.Error())
		if !ran {
			t.Error("the second task did not finish")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_cancellation_does_not_leak_out_of_tg
func TestCPythonTestTaskGroupCancellationDoesNotLeakOutOfTg(t *testing.T) {
	myError := errors.New("MyError")
	mustRun(t, func(yield Y) error {
		err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
			coro.SpawnIn(tg, failWith(myError))
			return nil
		})
		taskgroupsCheckTypes(t, "group", err, "MyError")
		if _, err := coro.Sleep(0).Await(yield); err != nil {
			t.Errorf("an await after the group: %v", err)
		}
		return nil
	})
}

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
func TestCPythonTestTaskGroupTaskgroup11(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, _ *coro.Group) error {
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					for range 5 {
						coro.SpawnIn(g2, taskgroupsFailInCleanup(10*time.Second, errTaskgroupsZeroDivision))
					}
					_, err := coro.Sleep(10 * time.Second).Await(yield)
					return err
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
func TestCPythonTestTaskGroupTaskgroup12(t *testing.T) {
	mustRun(t, func(yield Y) error {
		r := syncTask(yield, func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				coro.SpawnIn(g1, coro.Sleep(10*time.Second))
				return coro.WithGroup(yield, func(yield Y, g2 *coro.Group) error {
					for range 5 {
						coro.SpawnIn(g2, taskgroupsFailInCleanup(10*time.Second, errTaskgroupsZeroDivision))
					}
					_, err := coro.Sleep(10 * time.Second).Await(yield)
					return err
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
func TestCPythonTestTaskGroupTaskgroup16(t *testing.T) {
	mustRun(t, func(yield Y) error {
		nestedRunner := func(yield Y) error {
			return coro.WithGroup(yield, func(yield Y, g1 *coro.Group) error {
				coro.SpawnIn(g1, taskgroupsCrashAfter(300*time.Millisecond, errTaskgroupsZeroDivision))
				_, err := coro.Sleep(10 * time.Second).Await(yield)
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
		if !errors.Is(err, errTaskgroupsZeroDivision) {
			t.Errorf("runner: %v; want the nested runner's group error, with the ZeroDivisionError", err)
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_taskgroup_no_create_task_after_failure
func TestCPythonTestTaskGroupTaskgroupNoCreateTaskAfterFailure(t *testing.T) {
	mustRun(t, func(yield Y) error {
		lateRan := false
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			if _, err := coro.SpawnIn(g, taskgroupsCrashAfter(time.Millisecond, errTaskgroupsZeroDivision)); err != nil {
				return err
			}
			_, err := coro.SpawnIn(g, coro.Coroutine(func(yield Y) { // coro2(g)
				if _, err := coro.Sleep(time.Second).Await(yield); !errors.Is(err, coro.ErrCancelled) {
					t.Errorf("coro2's sleep: %v, want a cancellation", err)
					return
				}
				task, err := coro.SpawnIn(g, coro.Func[int](func(Y) (int, error) {
					lateRan = true
					return 0, errTaskgroupsZeroDivision
				}))
				if !errors.Is(err, coro.ErrGroupClosed) {
					t.Errorf("SpawnIn in a failed group: %v, %v; want ErrGroupClosed", task, err)
				}
			}))
			return err
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
func TestCPythonTestTaskGroupTaskgroupFinished(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tg *coro.Group
		if err := coro.WithGroup(yield, func(_ Y, g *coro.Group) error { tg = g; return nil }); err != nil {
			return err
		}
		ran := false
		body := coro.Coroutine(func(yield Y) { ran = true })
		if _, err := coro.SpawnIn(tg, body); !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("SpawnIn in an ended group: %v, want ErrGroupClosed", err)
		}
		if err := tg.Go(func(yield Y) error { _, err := body.Await(yield); return err }); !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("Go in an ended group: %v, want ErrGroupClosed", err)
		}
		coro.Sleep(0).Await(yield)
		if ran {
			t.Error("a coroutine refused by the ended group ran")
		}
		return nil
	})
}

// test_taskgroups.py::TestTaskGroup::test_name
func TestCPythonTestTaskGroupName(t *testing.T) {
	mustRun(t, func(yield Y) error {
		name := ""
		err := coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
			_, err := coro.SpawnIn(tg, coro.Coroutine(func(yield Y) {
				name = coro.CurrentTask(yield).Name()
			}), coro.WithName("example name"))
			return err
		})
		if err != nil || name != "example name" {
			t.Errorf("group: %v; the child saw its name as %q, want example name", err, name)
		}
		return nil
	})
}
