package coro_test

// Ports of CPython 3.11's Lib/test/test_asyncio/test_tasks.py: the cancel,
// wait, as_completed, shield and gather tests of BaseTaskTests, and the
// gather test classes. Every test runs under the virtual clock, so the
// durations CPython's test loop checks with assertAlmostEqual are exact here.

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// tasksSleepValue is asyncio.sleep(d, v): it sleeps d and returns v.
func tasksSleepValue[T any](d time.Duration, v T) coro.Func[T] {
	return func(yield Y) (T, error) {
		if _, err := coro.Sleep(d).Await(yield); err != nil {
			var zero T
			return zero, err
		}
		return v, nil
	}
}

// tasksSettle lets the loop run until nothing is ready (CPython's _run_loop,
// which runs the loop while loop._ready is not empty): under the virtual
// clock a short sleep ends only once the ready queue is empty.
func tasksSettle(yield Y) {
	coro.Sleep(time.Millisecond).Await(yield)
}

// tasksCause returns the cause of the cancellation err carries, and whether
// it carries one.
func tasksCause(err error) (error, bool) {
	var ce *coro.CancelError
	if !errors.As(err, &ce) {
		return nil, false
	}
	return ce.Cause, true
}

// tasksResult returns the outcome of a, which must be a *coro.Task[T].
func tasksResult[T any](t *testing.T, a coro.Awaitable) (T, error) {
	t.Helper()
	task, ok := a.(*coro.Task[T])
	if !ok {
		t.Fatalf("%v is not a *coro.Task[%T]", a, *new(T))
	}
	return task.Result()
}

// test_tasks.py::BaseTaskTests::test_cancel
func TestCPythonBaseTaskTestsCancel(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			if _, err := coro.Sleep(10 * time.Second).Await(yield); err != nil {
				return 0, err
			}
			return 12, nil
		}))
		if _, err := loop.Current(yield).CallSoon(func() { task.Cancel(nil) }); err != nil {
			return struct{}{}, err
		}
		v, err := task.Await(yield)
		if v != 0 || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task = %v, %v; want 0 and a cancellation", v, err)
		}
		if !task.Done() || !task.Cancelled() {
			t.Errorf("Done() = %v, Cancelled() = %v; want both true", task.Done(), task.Cancelled())
		}
		if task.Cancel(nil) {
			t.Error("Cancel of a cancelled task reported true")
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("the cancelled sleep took %v, want 0", now)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_result
func TestCPythonBaseTaskTestsCancelWithMessageThenFutureResult(t *testing.T) {
	for _, cause := range []error{nil, errors.New("my message")} {
		t.Run(fmt.Sprint(cause), func(t *testing.T) {
			_, err := run(t, func(yield Y) (struct{}, error) {
				task := coro.Spawn(yield, sleepFunc(10*time.Second))
				coro.Sleep(0).Await(yield)
				task.Cancel(cause)
				if _, _, err := coro.Wait(yield, coro.AllCompleted, task); err != nil {
					t.Errorf("Wait: %v", err)
				}
				_, err := task.Result()
				return struct{}{}, err // as task.result() raises out of coro()
			})
			if !errors.Is(err, coro.ErrCancelled) {
				t.Fatalf("main: %v, want a cancellation", err)
			}
			if got, _ := tasksCause(err); got != cause {
				t.Errorf("cancellation cause = %v, want %v", got, cause)
			}
		})
	}
}

// test_tasks.py::BaseTaskTests::test_cancellation_exception_context
func TestCPythonBaseTaskTestsCancellationExceptionContext(t *testing.T) {
	msg := errors.New("msg")
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut := coro.NewFuture[struct{}](yield)
		inner := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			fut.SetResult(struct{}{})
			return sleepFunc(10 * time.Second)(yield)
		}))
		fut.Await(yield)
		if _, err := loop.Current(yield).CallSoon(func() { inner.Cancel(msg) }); err != nil {
			return struct{}{}, err
		}
		if _, err := inner.Await(yield); err != nil {
			// raise ValueError("cancelled") from ex
			return struct{}{}, fmt.Errorf("cancelled: %w", err)
		}
		return struct{}{}, nil
	})
	if err == nil || err.Error() != "cancelled: coro: cancelled: msg" {
		t.Fatalf("main: %v, want the wrapping error", err)
	}
	if cause, ok := tasksCause(err); !ok || cause != msg {
		t.Errorf("the chain holds cancellation %v (found %v), want one caused by %v", cause, ok, msg)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_with_message_before_starting_task
func TestCPythonBaseTaskTestsCancelWithMessageBeforeStartingTask(t *testing.T) {
	msg := errors.New("my message")
	started := false
	_, err := run(t, func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			started = true
			return sleepFunc(10 * time.Second)(yield)
		}))
		task.Cancel(msg) // no sleep before: the task has not started
		if _, _, err := coro.Wait(yield, coro.AllCompleted, task); err != nil {
			t.Errorf("Wait: %v", err)
		}
		_, err := task.Result()
		return struct{}{}, err
	})
	if cause, ok := tasksCause(err); !ok || cause != msg {
		t.Errorf("main: %v, want the cancellation caused by %v", err, msg)
	}
	if started {
		t.Error("a task cancelled before its first step ran its body")
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_yield
func TestCPythonBaseTaskTestsCancelYield(t *testing.T) {
	steps := 0
	_, err := run(t, func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			for range 2 {
				steps++
				if _, err := coro.Sleep(0).Await(yield); err != nil {
					return 0, err
				}
			}
			return 12, nil
		}))
		coro.Sleep(0).Await(yield) // start the task
		task.Cancel(nil)
		if v, err := task.Await(yield); v != 0 || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task = %v, %v; want a cancellation", v, err)
		}
		if !task.Done() || !task.Cancelled() || task.Cancel(nil) {
			t.Errorf("Done() = %v, Cancelled() = %v; a second Cancel must report false", task.Done(), task.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if steps != 1 {
		t.Errorf("the task passed %d of its yields, want 1 (it started, then was cancelled)", steps)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_inner_future
func TestCPythonBaseTaskTestsCancelInnerFuture(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](yield)
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			if _, err := f.Await(yield); err != nil {
				return 0, err
			}
			return 12, nil
		}))
		coro.Sleep(0).Await(yield) // start the task
		f.Cancel(nil)
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task: %v, want the future's cancellation", err)
		}
		if !f.Cancelled() || !task.Cancelled() {
			t.Errorf("future cancelled %v, task cancelled %v; want both", f.Cancelled(), task.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_both_task_and_inner_future
func TestCPythonBaseTaskTestsCancelBothTaskAndInnerFuture(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](yield)
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			if _, err := f.Await(yield); err != nil {
				return 0, err
			}
			return 12, nil
		}))
		coro.Sleep(0).Await(yield)
		f.Cancel(nil)
		task.Cancel(nil)
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task: %v, want a cancellation", err)
		}
		if !task.Done() || !f.Cancelled() || !task.Cancelled() {
			t.Errorf("task done %v, future cancelled %v, task cancelled %v; want all", task.Done(), f.Cancelled(), task.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_task_catching
func TestCPythonBaseTaskTestsCancelTaskCatching(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut1, fut2 := coro.NewFuture[struct{}](yield), coro.NewFuture[struct{}](yield)
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			fut1.Await(yield)
			if _, err := fut2.Await(yield); errors.Is(err, coro.ErrCancelled) {
				return 42, nil
			}
			return 0, nil
		}))
		coro.Sleep(0).Await(yield) // the task waits on fut1
		fut1.SetResult(struct{}{})
		coro.Sleep(0).Await(yield) // the task waits on fut2
		task.Cancel(nil)
		if !fut2.Cancelled() {
			t.Error("cancelling the task did not cancel the future it waits on at once")
		}
		if v, err := task.Await(yield); v != 42 || err != nil {
			t.Errorf("task = %v, %v; want 42, nil", v, err)
		}
		if task.Cancelled() {
			t.Error("a task that caught its cancellation and returned ended cancelled")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_task_ignoring
func TestCPythonBaseTaskTestsCancelTaskIgnoring(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut1, fut2, fut3 := coro.NewFuture[int](yield), coro.NewFuture[int](yield), coro.NewFuture[int](yield)
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			fut1.Await(yield)
			fut2.Await(yield) // the cancellation is ignored
			return fut3.Await(yield)
		}))
		coro.Sleep(0).Await(yield)
		fut1.SetResult(0)
		coro.Sleep(0).Await(yield)
		task.Cancel(nil)
		if !fut2.Cancelled() {
			t.Error("cancelling the task did not cancel the future it waits on at once")
		}
		coro.Sleep(0).Await(yield)
		// As in asyncio, fut3 itself is not cancelled: the cancellation was
		// delivered at fut2.
		if fut3.Cancelled() || !fut3.SetResult(42) {
			t.Error("fut3 was cancelled by an await that the delivered cancellation failed")
		}
		// Differs on purpose: cancellation is level-triggered, so the await of
		// fut3 fails too and the task ends cancelled; asyncio's task, having
		// swallowed its CancelledError, goes on and returns fut3's 42.
		if v, err := task.Await(yield); v != 0 || !errors.Is(err, coro.ErrCancelled) || !task.Cancelled() {
			t.Errorf("task = %v, %v; want a cancellation", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_current_task
func TestCPythonBaseTaskTestsCancelCurrentTask(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var task *coro.Task[int]
		task = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			if !task.Cancel(nil) {
				t.Error("a task's Cancel of itself reported false")
			}
			// The sleep fails at once.
			if _, err := coro.Sleep(100 * time.Second).Await(yield); err != nil {
				return 0, err
			}
			return 12, nil
		}))
		if task.Cancelled() {
			t.Error("Cancelled() before the task ran")
		}
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task: %v, want a cancellation", err)
		}
		if !task.Done() || !task.Cancelled() || task.Cancel(nil) {
			t.Errorf("Done() = %v, Cancelled() = %v; a later Cancel must report false", task.Done(), task.Cancelled())
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("the sleep of a cancelled task lasted %v, want 0", now)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_at_end
func TestCPythonBaseTaskTestsCancelAtEnd(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var task *coro.Task[int]
		task = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			task.Cancel(nil)
			return 12, nil // ends right after its cancellation
		}))
		if task.Cancelled() {
			t.Error("Cancelled() before the task ran")
		}
		if v, err := task.Await(yield); v != 0 || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task = %v, %v; want 0 and a cancellation", v, err)
		}
		if !task.Done() || !task.Cancelled() || task.Cancel(nil) {
			t.Errorf("Done() = %v, Cancelled() = %v; a later Cancel must report false", task.Done(), task.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_gather_2
func TestCPythonBaseTaskTestsCancelGather2(t *testing.T) {
	for _, cause := range []error{nil, errors.New("my message")} {
		t.Run(fmt.Sprint(cause), func(t *testing.T) {
			var ended time.Duration
			_, err := run(t, func(yield Y) (struct{}, error) {
				qwe := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					var elapsed time.Duration
					for {
						elapsed += 50 * time.Millisecond
						if _, err := coro.GatherAll(coro.Sleep(50 * time.Millisecond)).Await(yield); err != nil {
							return struct{}{}, err
						}
						if elapsed > time.Second {
							return struct{}{}, nil
						}
					}
				}))
				coro.Sleep(200 * time.Millisecond).Await(yield)
				qwe.Cancel(cause)
				_, err := qwe.Await(yield)
				ended = coro.Now(yield)
				return struct{}{}, err
			})
			if !errors.Is(err, coro.ErrCancelled) {
				t.Fatalf("main: %v; GatherAll must pass its caller's cancellation on", err)
			}
			if got, _ := tasksCause(err); got != cause {
				t.Errorf("cancellation cause = %v, want %v", got, cause)
			}
			if ended != 200*time.Millisecond {
				t.Errorf("the cancelled task ended at %v, want 200ms", ended)
			}
		})
	}
}

// test_tasks.py::BaseTaskTests::test_wait
func TestCPythonBaseTaskTestsWait(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(100*time.Millisecond))
		b := coro.Spawn(yield, sleepFunc(150*time.Millisecond))
		foo := coro.Func[int](func(yield Y) (int, error) {
			done, pending, err := coro.Wait(yield, coro.AllCompleted, b, a)
			// done and pending are lists in argument order (asyncio: sets).
			if err != nil || !slices.Equal(done, []coro.Awaitable{b, a}) || len(pending) != 0 {
				t.Errorf("Wait = %v, %v, %v; want [b a], [], nil", done, pending, err)
			}
			return 42, nil
		})
		for i := range 2 { // the second time takes no time
			if v, err := coro.Spawn(yield, foo).Await(yield); v != 42 || err != nil {
				t.Errorf("foo = %v, %v", v, err)
			}
			if now := coro.Now(yield); now != 150*time.Millisecond {
				t.Errorf("run %d ended at %v, want 150ms", i, now)
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_duplicate_coroutines
func TestCPythonBaseTaskTestsWaitDuplicateCoroutines(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		c := coro.Spawn(yield, tasksSleepValue(0, "test"))
		spam := coro.Spawn(yield, tasksSleepValue(0, "spam"))
		done, pending, err := coro.Wait(yield, coro.AllCompleted, c, c, spam)
		if err != nil || len(pending) != 0 {
			t.Errorf("Wait: pending %v, err %v", pending, err)
		}
		// done is a list in argument order; the task given twice is in it
		// once, as in asyncio's set.
		var got []string
		for _, f := range done {
			v, err := tasksResult[string](t, f)
			if err != nil {
				t.Errorf("result: %v", err)
			}
			got = append(got, v)
		}
		if diff := cmp.Diff([]string{"test", "spam"}, got); diff != "" {
			t.Errorf("results of done (-want +got):\n%s", diff)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_first_completed
func TestCPythonBaseTaskTestsWaitFirstCompleted(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(10*time.Second))
		b := coro.Spawn(yield, sleepFunc(100*time.Millisecond))
		done, pending, err := coro.Wait(yield, coro.FirstCompleted, b, a)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b}) || !slices.Equal(pending, []coro.Awaitable{a}) {
			t.Errorf("Wait = %v, %v, %v; want [b], [a], nil", done, pending, err)
		}
		if a.Done() || !b.Done() {
			t.Errorf("a done %v, b done %v; want only b", a.Done(), b.Done())
		}
		if _, err := b.Result(); err != nil {
			t.Errorf("b: %v", err)
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("Wait returned at %v, want 100ms", now)
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_really_done
func TestCPythonBaseTaskTestsWaitReallyDone(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		// b ended by the time the waiting task wakes on a's completion, though
		// its own callbacks have not run yet: done holds it too.
		a := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return coro.Sleep(0).Await(yield)
		}))
		b := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			coro.Sleep(0).Await(yield)
			return coro.Sleep(0).Await(yield)
		}))
		waiter := coro.Spawn(yield, coro.Func[[]coro.Awaitable](func(yield Y) ([]coro.Awaitable, error) {
			done, _, err := coro.Wait(yield, coro.FirstCompleted, b, a)
			return done, err
		}))
		done, err := waiter.Await(yield)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b, a}) {
			t.Errorf("Wait done = %v, %v; want [b a]", done, err)
		}
		for name, task := range map[string]*coro.Task[struct{}]{"a": a, "b": b} {
			if _, err := task.Result(); !task.Done() || err != nil {
				t.Errorf("%s: done %v, err %v", name, task.Done(), err)
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_first_exception
func TestCPythonBaseTaskTestsWaitFirstException(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(10*time.Second))
		b := coro.Spawn(yield, coro.Func[struct{}](func(Y) (struct{}, error) {
			return struct{}{}, errors.New("err")
		}))
		done, pending, err := coro.Wait(yield, coro.FirstError, b, a)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b}) || !slices.Equal(pending, []coro.Awaitable{a}) {
			t.Errorf("Wait = %v, %v, %v; want [b], [a], nil", done, pending, err)
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("Wait returned at %v, want 0", now)
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_first_exception_in_wait
func TestCPythonBaseTaskTestsWaitFirstExceptionInWait(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(10*time.Second))
		b := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			coro.Sleep(10 * time.Millisecond).Await(yield)
			return struct{}{}, errors.New("err")
		}))
		done, pending, err := coro.Wait(yield, coro.FirstError, b, a)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b}) || !slices.Equal(pending, []coro.Awaitable{a}) {
			t.Errorf("Wait = %v, %v, %v; want [b], [a], nil", done, pending, err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("Wait returned at %v, want 10ms", now)
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_with_exception
func TestCPythonBaseTaskTestsWaitWithException(t *testing.T) {
	really := errors.New("really")
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(100*time.Millisecond))
		b := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			coro.Sleep(150 * time.Millisecond).Await(yield)
			return struct{}{}, really
		}))
		foo := coro.Func[struct{}](func(yield Y) (struct{}, error) {
			done, pending, err := coro.Wait(yield, coro.AllCompleted, b, a)
			if err != nil || len(done) != 2 || len(pending) != 0 {
				t.Errorf("Wait = %v, %v, %v; want both done", done, pending, err)
			}
			var failed []error
			for _, f := range done {
				if _, err := tasksResult[struct{}](t, f); err != nil {
					failed = append(failed, err)
				}
			}
			if len(failed) != 1 || failed[0] != really {
				t.Errorf("errors of done = %v, want [really]", failed)
			}
			return struct{}{}, nil
		})
		for i := range 2 {
			coro.Spawn(yield, foo).Await(yield)
			if now := coro.Now(yield); now != 150*time.Millisecond {
				t.Errorf("run %d ended at %v, want 150ms", i, now)
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_concurrent_complete
func TestCPythonBaseTaskTestsWaitConcurrentComplete(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(100*time.Millisecond))
		b := coro.Spawn(yield, sleepFunc(150*time.Millisecond))
		// asyncio.wait(timeout=0.1), run as a task made after a and b: a's
		// timer, due with the timeout, fires first, and a has ended by the
		// time the waiter looks. Wait has no timeout of its own; its doc's
		// MoveOnAfter gives it one.
		var done, pending []coro.Awaitable
		waiter := coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			_, timedOut, err := coro.MoveOnAfter(yield, 100*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				var err error
				done, pending, err = coro.Wait(yield, coro.AllCompleted, b, a)
				return struct{}{}, err
			}))
			return timedOut, err
		}))
		if timedOut, err := waiter.Await(yield); !timedOut || err != nil {
			t.Errorf("MoveOnAfter: timedOut %v, err %v; want a timeout", timedOut, err)
		}
		if !slices.Equal(done, []coro.Awaitable{a}) || !slices.Equal(pending, []coro.Awaitable{b}) {
			t.Errorf("Wait = %v, %v; want [a], [b]", done, pending)
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("Wait returned at %v, want 100ms", now)
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_yield_wait_does_not_shield_cancel
func TestCPythonBaseTaskTestsYieldWaitDoesNotShieldCancel(t *testing.T) {
	proof := 0
	_, err := run(t, func(yield Y) (struct{}, error) {
		waiter := coro.NewFuture[struct{}](yield)
		outer := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			inner := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
				if _, err := waiter.Await(yield); err == nil {
					proof++
				}
			}))
			if _, _, err := coro.Wait(yield, coro.AllCompleted, inner); err != nil {
				return struct{}{}, err
			}
			proof += 100
			return struct{}{}, nil
		}))
		coro.Sleep(0).Await(yield)
		outer.Cancel(nil)
		if _, err := outer.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("outer: %v, want a cancellation", err)
		}
		waiter.SetResult(struct{}{})
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if proof != 1 {
		t.Errorf("proof = %d, want 1: Wait returns early, inner goes on", proof)
	}
}

// test_tasks.py::BaseTaskTests::test_as_completed
func TestCPythonBaseTaskTestsAsCompleted(t *testing.T) {
	var completed []string
	_, err := run(t, func(yield Y) (struct{}, error) {
		sleeper := func(d time.Duration, x string) coro.Func[string] {
			return func(yield Y) (string, error) {
				coro.Sleep(d).Await(yield)
				completed = append(completed, x)
				return x, nil
			}
		}
		// asyncio.as_completed wraps the coroutines in tasks; here the caller
		// does, in argument order.
		tasks := []*coro.Task[string]{
			coro.Spawn(yield, sleeper(10*time.Millisecond, "b")),
			coro.Spawn(yield, sleeper(150*time.Millisecond, "c")),
			coro.Spawn(yield, sleeper(10*time.Millisecond, "a")),
		}
		var values []string
		for v, err := range coro.AsCompleted(yield, tasks...) {
			if err != nil {
				t.Errorf("AsCompleted: %v", err)
			}
			values = append(values, v)
		}
		// asyncio only promises a and b before c (its order of the two
		// follows a set); corio's follows the timers, b's first.
		if diff := cmp.Diff([]string{"b", "a", "c"}, values); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
		if now := coro.Now(yield); now != 150*time.Millisecond {
			t.Errorf("ended at %v, want 150ms", now)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(completed) != 3 {
		t.Errorf("completed %v", completed)
	}
}

// test_tasks.py::BaseTaskTests::test_as_completed_duplicate_coroutines
func TestCPythonBaseTaskTestsAsCompletedDuplicateCoroutines(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		runs := 0
		c := coro.Spawn(yield, coro.Func[string](func(Y) (string, error) { runs++; return "ham", nil }))
		spam := coro.Spawn(yield, tasksSleepValue(0, "spam"))
		var result []string
		for v, err := range coro.AsCompleted(yield, c, c, spam) {
			if err != nil {
				t.Errorf("AsCompleted: %v", err)
			}
			result = append(result, v)
		}
		// The task given twice is yielded once, as asyncio's set makes it.
		if diff := cmp.Diff([]string{"ham", "spam"}, result); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
		if runs != 1 {
			t.Errorf("the task given twice ran %d times, want 1", runs)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_result
func TestCPythonBaseTaskTestsShieldResult(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		inner := coro.NewFuture[int](yield)
		outer := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Shield(yield, inner)
		}))
		inner.SetResult(42)
		if v, err := outer.Await(yield); v != 42 || err != nil {
			t.Errorf("outer = %v, %v; want 42, nil", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_exception
func TestCPythonBaseTaskTestsShieldException(t *testing.T) {
	expected := errors.New("expected")
	_, err := run(t, func(yield Y) (struct{}, error) {
		inner := coro.NewFuture[int](yield)
		outer := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Shield(yield, inner)
		}))
		coro.Sleep(0).Await(yield)
		inner.SetError(expected)
		coro.Sleep(0).Await(yield)
		if !outer.Done() {
			t.Fatal("outer is not done one turn after the inner future failed")
		}
		if _, err := outer.Result(); err != expected {
			t.Errorf("outer: %v, want the inner future's error itself", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_cancel_inner
func TestCPythonBaseTaskTestsShieldCancelInner(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		inner := coro.NewFuture[int](yield)
		outer := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Shield(yield, inner)
		}))
		coro.Sleep(0).Await(yield)
		inner.Cancel(nil)
		coro.Sleep(0).Await(yield)
		if !outer.Done() || !outer.Cancelled() {
			t.Errorf("outer: done %v, cancelled %v; want cancelled with the inner future", outer.Done(), outer.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_cancel_outer
func TestCPythonBaseTaskTestsShieldCancelOuter(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		inner := coro.NewFuture[int](yield)
		outer := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Shield(yield, inner)
		}))
		coro.Sleep(0).Await(yield)
		outer.Cancel(nil)
		coro.Sleep(0).Await(yield)
		// Differs on purpose: Shield is trio's shielded region, not a task
		// around the inner awaitable: the outer task stays inside it until the
		// inner future is done, and ends cancelled after; asyncio's outer
		// future is cancelled at once and the inner one runs on alone.
		if inner.Cancelled() || outer.Done() {
			t.Errorf("inner cancelled %v, outer done %v; want neither while shielded", inner.Cancelled(), outer.Done())
		}
		inner.SetResult(42)
		if v, err := outer.Await(yield); v != 0 || !errors.Is(err, coro.ErrCancelled) || !outer.Cancelled() {
			t.Errorf("outer = %v, %v; want it cancelled once the shield is left", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_effect
func TestCPythonBaseTaskTestsShieldEffect(t *testing.T) {
	proof := 0
	_, err := run(t, func(yield Y) (struct{}, error) {
		waiter := coro.NewFuture[struct{}](yield)
		inner := coro.Func[struct{}](func(yield Y) (struct{}, error) {
			if _, err := waiter.Await(yield); err != nil {
				return struct{}{}, err
			}
			proof++
			return struct{}{}, nil
		})
		outer := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			if _, err := coro.Shield(yield, inner); err != nil {
				return struct{}{}, err
			}
			// Differs on purpose: leaving a trio shield is no await; the
			// cancellation kept out reaches outer at its next one (asyncio's
			// await shield(...) raises it itself, and at once).
			if err := coro.Checkpoint(yield); err != nil {
				return struct{}{}, err
			}
			proof += 100
			return struct{}{}, nil
		}))
		coro.Sleep(0).Await(yield)
		outer.Cancel(nil)
		coro.Sleep(0).Await(yield)
		if outer.Done() || waiter.Cancelled() {
			t.Errorf("outer done %v, waiter cancelled %v: the shield let the cancellation in", outer.Done(), waiter.Cancelled())
		}
		waiter.SetResult(struct{}{})
		if _, err := outer.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("outer: %v, want a cancellation", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if proof != 1 {
		t.Errorf("proof = %d, want 1: inner finished, outer did not go on", proof)
	}
}

// test_tasks.py::BaseTaskTests::test_shield_gather
func TestCPythonBaseTaskTestsShieldGather(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		child1, child2 := coro.NewFuture[int](yield), coro.NewFuture[int](yield)
		parent := coro.Gather(child1, child2)
		var got []int
		outer := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			v, err := coro.Shield(yield, parent)
			got = v
			return struct{}{}, err
		}))
		coro.Sleep(0).Await(yield)
		outer.Cancel(nil)
		coro.Sleep(0).Await(yield)
		// Differs on purpose: the outer task waits in the shield for the
		// gathering (asyncio's outer is cancelled at once).
		if outer.Done() || child1.Cancelled() || child2.Cancelled() || parent.Done() {
			t.Error("the cancellation of outer reached into the shield")
		}
		child1.SetResult(1)
		child2.SetResult(2)
		if _, err := outer.Await(yield); !outer.Cancelled() {
			t.Errorf("outer: %v, want it cancelled once the shield is left", err)
		}
		if diff := cmp.Diff([]int{1, 2}, got); diff != "" || !parent.Done() {
			t.Errorf("gathering done %v, values (-want +got):\n%s", parent.Done(), diff)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_gather_shield
func TestCPythonBaseTaskTestsGatherShield(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		child1, child2 := coro.NewFuture[int](yield), coro.NewFuture[int](yield)
		inner1 := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return coro.Shield(yield, child1) }))
		inner2 := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return coro.Shield(yield, child2) }))
		parent := coro.Gather(inner1, inner2)
		awaiter := coro.Spawn(yield, coro.Func[[]int](parent.Await))
		coro.Sleep(0).Await(yield)
		if !parent.Cancel(nil) {
			t.Error("Cancel of a running gathering reported false")
		}
		coro.Sleep(0).Await(yield)
		if child1.Cancelled() || child2.Cancelled() {
			t.Error("cancelling the gathering reached into the shields")
		}
		// Differs on purpose: Gather waits for its children, and a child in a
		// shield ends only once its body has; asyncio's gather completes at
		// once, leaving child1 and child2 to run unwatched.
		if parent.Done() || inner1.Done() || inner2.Done() {
			t.Errorf("gathering done %v, inner1 done %v, inner2 done %v; want none yet", parent.Done(), inner1.Done(), inner2.Done())
		}
		child1.SetResult(1)
		child2.SetResult(2)
		if _, err := awaiter.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("gathering: %v, want a cancellation", err)
		}
		if !inner1.Cancelled() || !inner2.Cancelled() {
			t.Errorf("inner1 cancelled %v, inner2 cancelled %v; want both", inner1.Cancelled(), inner2.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Gather: GatherTestsBase runs each of its tests twice, with futures as the
// children (FutureGatherTests) and with coroutines awaiting them
// (CoroutineGatherTests, where each child runs in a task).

// tasksAsFutures gives the futures to a gather as themselves.
func tasksAsFutures(fs ...*coro.Future[int]) []coro.Awaiter[int] {
	as := make([]coro.Awaiter[int], len(fs))
	for i, f := range fs {
		as[i] = f
	}
	return as
}

// tasksAsCoroutines gives a gather, for each future, a coroutine that returns
// what the future gives.
func tasksAsCoroutines(fs ...*coro.Future[int]) []coro.Awaiter[int] {
	as := make([]coro.Awaiter[int], len(fs))
	for i, f := range fs {
		as[i] = coro.Func[int](f.Await)
	}
	return as
}

// tasksGatherWatch starts g in a task that awaits it, lets the loop start it,
// and returns how often that task has resumed and what it got, as asyncio's
// tests watch a gather with a done callback.
func tasksGatherWatch(yield Y, g *coro.Gathering[int]) (resumed *int, got *[]int, gotErr *error) {
	resumed, got, gotErr = new(int), new([]int), new(error)
	coro.Spawn(yield, coro.Coroutine(func(yield Y) {
		*got, *gotErr = g.Await(yield)
		*resumed++
	}))
	coro.Sleep(0).Await(yield)
	return resumed, got, gotErr
}

func tasksFutures(yield Y, n int) []*coro.Future[int] {
	fs := make([]*coro.Future[int], n)
	for i := range fs {
		fs[i] = coro.NewFuture[int](yield)
	}
	return fs
}

// tasksCheckGatherSuccess is GatherTestsBase._check_success.
func tasksCheckGatherSuccess(t *testing.T, wrap func(...*coro.Future[int]) []coro.Awaiter[int], gather func(...coro.Awaiter[int]) *coro.Gathering[int]) {
	t.Helper()
	_, err := run(t, func(yield Y) (struct{}, error) {
		fs := tasksFutures(yield, 3)
		a, b, c := fs[0], fs[1], fs[2]
		g := gather(wrap(a, b, c)...)
		resumed, got, gotErr := tasksGatherWatch(yield, g)
		b.SetResult(1)
		a.SetResult(2)
		tasksSettle(yield)
		if *resumed != 0 || g.Done() {
			t.Errorf("gathering done %v with a child pending", g.Done())
		}
		c.SetResult(3)
		tasksSettle(yield)
		if *resumed != 1 || *gotErr != nil {
			t.Errorf("awaiter resumed %d times, err %v; want once, nil", *resumed, *gotErr)
		}
		if diff := cmp.Diff([]int{2, 1, 3}, *got); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_success
func TestCPythonFutureGatherTestsSuccess(t *testing.T) {
	tasksCheckGatherSuccess(t, tasksAsFutures, coro.Gather)
}

// test_tasks.py::CoroutineGatherTests::test_success
func TestCPythonCoroutineGatherTestsSuccess(t *testing.T) {
	tasksCheckGatherSuccess(t, tasksAsCoroutines, coro.Gather)
}

// test_tasks.py::FutureGatherTests::test_result_exception_success
func TestCPythonFutureGatherTestsResultExceptionSuccess(t *testing.T) {
	tasksCheckGatherSuccess(t, tasksAsFutures, coro.GatherAll)
}

// test_tasks.py::CoroutineGatherTests::test_result_exception_success
func TestCPythonCoroutineGatherTestsResultExceptionSuccess(t *testing.T) {
	tasksCheckGatherSuccess(t, tasksAsCoroutines, coro.GatherAll)
}

// tasksCheckGatherOneException is GatherTestsBase.test_one_exception.
func tasksCheckGatherOneException(t *testing.T, wrap func(...*coro.Future[int]) []coro.Awaiter[int]) {
	t.Helper()
	exc := errors.New("division by zero")
	_, err := run(t, func(yield Y) (struct{}, error) {
		fs := tasksFutures(yield, 5)
		g := coro.Gather(wrap(fs...)...)
		resumed, _, gotErr := tasksGatherWatch(yield, g)
		fs[0].SetResult(1)
		fs[1].SetError(exc)
		tasksSettle(yield)
		if !g.Done() || *resumed != 1 || *gotErr != exc {
			t.Errorf("gathering done %v, awaiter resumed %d times with %v; want done, once, the error", g.Done(), *resumed, *gotErr)
		}
		// Differs on purpose: Gather cancels the children still running when
		// one fails, so c, d and e are cancelled futures and these change
		// nothing; in asyncio they are left pending and these complete them,
		// unwatched.
		for i, f := range fs[2:] {
			if !f.Cancelled() {
				t.Errorf("future %c was not cancelled by the failing gathering", 'c'+i)
			}
		}
		if fs[2].SetResult(3) || fs[3].Cancel(nil) || fs[4].SetError(errors.New("runtime")) {
			t.Error("completing a cancelled child reported true")
		}
		tasksSettle(yield)
		if *resumed != 1 {
			t.Errorf("awaiter resumed %d times, want once", *resumed)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_one_exception
func TestCPythonFutureGatherTestsOneException(t *testing.T) {
	tasksCheckGatherOneException(t, tasksAsFutures)
}

// test_tasks.py::CoroutineGatherTests::test_one_exception
func TestCPythonCoroutineGatherTestsOneException(t *testing.T) {
	tasksCheckGatherOneException(t, tasksAsCoroutines)
}

// tasksCheckGatherReturnExceptions is GatherTestsBase.test_return_exceptions.
func tasksCheckGatherReturnExceptions(t *testing.T, wrap func(...*coro.Future[int]) []coro.Awaiter[int]) {
	t.Helper()
	exc, exc2 := errors.New("division by zero"), errors.New("runtime")
	_, err := run(t, func(yield Y) (struct{}, error) {
		fs := tasksFutures(yield, 4)
		g := coro.GatherAll(wrap(fs...)...)
		resumed, got, gotErr := tasksGatherWatch(yield, g)
		fs[1].SetResult(1)
		fs[2].SetError(exc)
		fs[0].SetResult(3)
		tasksSettle(yield)
		if g.Done() || *resumed != 0 {
			t.Errorf("gathering done %v with a child pending", g.Done())
		}
		fs[3].SetError(exc2)
		tasksSettle(yield)
		if !g.Done() || *resumed != 1 || *gotErr != nil {
			t.Errorf("gathering done %v, awaiter resumed %d times with %v; want done, once, nil", g.Done(), *resumed, *gotErr)
		}
		want, wantErrs := []int{3, 1, 0, 0}, []error{nil, nil, exc, exc2}
		if len(*got) != len(want) {
			t.Fatalf("values %v, want %v", *got, want)
		}
		for i := range want {
			if (*got)[i] != want[i] {
				t.Errorf("value %d = %v, want %v", i, (*got)[i], want[i])
			}
		}
		errs := g.Errors()
		if len(errs) != len(wantErrs) {
			t.Fatalf("errors %v, want %v", errs, wantErrs)
		}
		for i := range wantErrs {
			if errs[i] != wantErrs[i] {
				t.Errorf("error %d = %v, want %v", i, errs[i], wantErrs[i])
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_return_exceptions
func TestCPythonFutureGatherTestsReturnExceptions(t *testing.T) {
	tasksCheckGatherReturnExceptions(t, tasksAsFutures)
}

// test_tasks.py::CoroutineGatherTests::test_return_exceptions
func TestCPythonCoroutineGatherTestsReturnExceptions(t *testing.T) {
	tasksCheckGatherReturnExceptions(t, tasksAsCoroutines)
}

// test_tasks.py::FutureGatherTests::test_constructor_empty_sequence_use_running_loop
func TestCPythonFutureGatherTestsConstructorEmptySequenceUseRunningLoop(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		ran := false
		coro.Spawn(yield, coro.Coroutine(func(Y) { ran = true }))
		g := coro.Gather[int, coro.Awaiter[int]]()
		v, err := g.Await(yield)
		if err != nil || len(v) != 0 || !g.Done() {
			t.Errorf("empty gather = %v, %v, done %v; want [], nil, done", v, err, g.Done())
		}
		if ran {
			t.Error("awaiting an empty gather let another task run: it must be done at once")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_constructor_heterogenous_futures
func TestCPythonFutureGatherTestsConstructorHeterogenousFutures(t *testing.T) {
	fut2 := futureOfAnotherLoop(t)
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut1 := coro.NewFuture[int](yield)
		task := coro.Spawn(yield, coro.Func[[]int](func(yield Y) ([]int, error) {
			return coro.Gather(fut1, fut2).Await(yield)
		}))
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrWrongLoop) {
			t.Errorf("gather of futures of two loops: %v, want ErrWrongLoop", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_one_cancellation
func TestCPythonFutureGatherTestsOneCancellation(t *testing.T) {
	causeB := errors.New("b cancelled")
	_, err := run(t, func(yield Y) (struct{}, error) {
		fs := tasksFutures(yield, 5)
		g := coro.Gather(tasksAsFutures(fs...)...)
		resumed, _, gotErr := tasksGatherWatch(yield, g)
		fs[0].SetResult(1)
		fs[1].Cancel(causeB)
		tasksSettle(yield)
		if !g.Done() || *resumed != 1 {
			t.Errorf("gathering done %v, awaiter resumed %d times; want done, once", g.Done(), *resumed)
		}
		// The gathering is not cancelled itself: it fails with b's
		// cancellation.
		if cause, ok := tasksCause(*gotErr); !ok || cause != causeB {
			t.Errorf("gathering: %v, want b's cancellation", *gotErr)
		}
		// Differs on purpose: Gather cancels the children still running when
		// one fails, so these change nothing (asyncio's change the futures).
		if fs[2].SetResult(3) || fs[3].Cancel(nil) || fs[4].SetError(errors.New("runtime")) {
			t.Error("completing a child that Gather cancelled reported true")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::FutureGatherTests::test_result_exception_one_cancellation
func TestCPythonFutureGatherTestsResultExceptionOneCancellation(t *testing.T) {
	zde, rte := errors.New("division by zero"), errors.New("runtime")
	_, err := run(t, func(yield Y) (struct{}, error) {
		fs := tasksFutures(yield, 6)
		g := coro.GatherAll(tasksAsFutures(fs...)...)
		resumed, got, gotErr := tasksGatherWatch(yield, g)
		fs[0].SetResult(1)
		fs[1].SetError(zde)
		fs[2].Cancel(nil)
		tasksSettle(yield)
		if g.Done() {
			t.Error("gathering done with children pending")
		}
		fs[3].SetResult(3)
		fs[4].Cancel(nil)
		fs[5].SetError(rte)
		tasksSettle(yield)
		if *resumed != 1 || *gotErr != nil || len(*got) != 6 {
			t.Fatalf("awaiter resumed %d times with %v, %v; want once, six values", *resumed, *got, *gotErr)
		}
		res, errs := *got, slices.Clone(g.Errors())
		if len(errs) != 6 {
			t.Fatalf("errors %v, want six", errs)
		}
		for _, i := range []int{2, 4} {
			if !errors.Is(errs[i], coro.ErrCancelled) {
				t.Errorf("error %d = %v, want a cancellation", i, errs[i])
			}
			errs[i] = nil
		}
		want, wantErrs := []int{1, 0, 0, 3, 0, 0}, []error{nil, zde, nil, nil, nil, rte}
		for i := range want {
			if res[i] != want[i] {
				t.Errorf("value %d = %v, want %v", i, res[i], want[i])
			}
			if errs[i] != wantErrs[i] {
				t.Errorf("error %d = %v, want %v", i, errs[i], wantErrs[i])
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::CoroutineGatherTests::test_duplicate_coroutines
func TestCPythonCoroutineGatherTestsDuplicateCoroutines(t *testing.T) {
	runs := 0
	got, err := run(t, func(yield Y) ([]string, error) {
		// A coroutine object awaited twice is a task in Go: c runs once.
		c := coro.Spawn(yield, coro.Func[string](func(Y) (string, error) { runs++; return "abc", nil }))
		def := coro.Func[string](func(Y) (string, error) { return "def", nil })
		return coro.Gather([]coro.Awaiter[string]{c, c, def, c}...).Await(yield)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"abc", "abc", "def", "abc"}, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if runs != 1 {
		t.Errorf("c ran %d times, want 1", runs)
	}
}

// test_tasks.py::CoroutineGatherTests::test_cancellation_broadcast
func TestCPythonCoroutineGatherTestsCancellationBroadcast(t *testing.T) {
	proof := 0
	_, err := run(t, func(yield Y) (struct{}, error) {
		waiter := coro.NewFuture[struct{}](yield)
		inner := coro.Func[struct{}](func(yield Y) (struct{}, error) {
			if _, err := waiter.Await(yield); err != nil {
				return struct{}{}, err
			}
			proof++
			return struct{}{}, nil
		})
		child1, child2 := coro.Spawn(yield, inner), coro.Spawn(yield, inner)
		var gatherer *coro.Gathering[struct{}]
		f := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			gatherer = coro.Gather(child1, child2)
			if _, err := gatherer.Await(yield); err != nil {
				return struct{}{}, err
			}
			proof += 100
			return struct{}{}, nil
		}))
		coro.Sleep(0).Await(yield)
		if !f.Cancel(nil) {
			t.Error("Cancel of the outer task reported false")
		}
		if _, err := f.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("outer: %v, want a cancellation", err)
		}
		if gatherer.Cancel(nil) {
			t.Error("Cancel of a done gathering reported true")
		}
		if !waiter.Cancelled() || !child1.Cancelled() || !child2.Cancelled() {
			t.Errorf("waiter %v, child1 %v, child2 %v cancelled; want all", waiter.Cancelled(), child1.Cancelled(), child2.Cancelled())
		}
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if proof != 0 {
		t.Errorf("proof = %d, want 0", proof)
	}
}

// test_tasks.py::CoroutineGatherTests::test_exception_marking
func TestCPythonCoroutineGatherTestsExceptionMarking(t *testing.T) {
	boom := errors.New("should not be ignored")
	var log bytes.Buffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		a, b := coro.NewFuture[struct{}](yield), coro.NewFuture[struct{}](yield)
		inner := func(f *coro.Future[struct{}]) coro.Func[struct{}] {
			return func(yield Y) (struct{}, error) {
				if _, err := f.Await(yield); err != nil {
					return struct{}{}, err
				}
				return struct{}{}, boom
			}
		}
		outer := coro.Spawn(yield, coro.Func[[]struct{}](func(yield Y) ([]struct{}, error) {
			return coro.Gather(inner(a), inner(b)).Await(yield)
		}))
		coro.Sleep(0).Await(yield)
		a.SetResult(struct{}{})
		tasksSettle(yield)
		// Differs on purpose: the failing Gather has cancelled inner(b), and
		// with it b; asyncio's inner(b) runs on and fails too.
		if b.SetResult(struct{}{}) || !b.Cancelled() {
			t.Error("b was not cancelled by the failing gather")
		}
		coro.Sleep(0).Await(yield)
		if _, err := outer.Await(yield); err != boom {
			t.Errorf("outer: %v, want the child's error itself", err)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock(), loop.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	if err != nil {
		t.Fatal(err)
	}
	// The gather took the children's errors: none is reported as unseen.
	if log.Len() != 0 {
		t.Errorf("the loop reported:\n%s", log.String())
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_awaited_task
func TestCPythonBaseTaskTestsCancelAwaitedTask(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut := coro.NewFuture[struct{}](yield)
		var task, nested *coro.Task[struct{}]
		task = coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			nested = coro.Spawn(yield, coro.Func[struct{}](fut.Await))
			coro.Sleep(0).Await(yield) // nested waits on fut
			task.Cancel(nil)           // not blocked: the cancellation is pending
			return nested.Await(yield)
		}))
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) || !task.Cancelled() {
			t.Errorf("task: %v, want a cancellation", err)
		}
		if !nested.Done() || !nested.Cancelled() {
			t.Errorf("nested task: done %v, cancelled %v; want cancelled with the task awaiting it", nested.Done(), nested.Cancelled())
		}
		if !fut.Cancelled() {
			t.Error("the future the nested task awaits was not cancelled")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_cancel_gather_1
func TestCPythonBaseTaskTestsCancelGather1(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		fut := coro.NewFuture[int](yield)
		// The child coroutine between fut and the gathering makes the
		// gathering complete a turn after fut.
		gathering := coro.Gather(coro.Func[int](fut.Await))
		awaiter := coro.Spawn(yield, coro.Func[[]int](gathering.Await))
		tasksSettle(yield) // the gathering started, its child waits on fut
		called, cancelResult := false, false
		fut.AddDoneCallback(func() {
			called, cancelResult = true, gathering.Cancel(nil)
		})
		fut.SetResult(42) // the child ends, then the callback cancels
		v, err := awaiter.Await(yield)
		if !called || cancelResult {
			t.Errorf("Cancel after every child ended: called %v, reported %v; want false", called, cancelResult)
		}
		if err != nil || gathering.Cancelled() {
			t.Errorf("gathering: %v, cancelled %v; want it not cancelled", err, gathering.Cancelled())
		}
		if diff := cmp.Diff([]int{42}, v); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_errors
func TestCPythonBaseTaskTestsWaitErrors(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		// Differs on purpose: Wait of nothing returns at once, with nothing
		// done and no error (asyncio raises ValueError for an empty set).
		if done, pending, err := coro.Wait(yield, coro.AllCompleted); done != nil || pending != nil || err != nil {
			t.Errorf("Wait of nothing = %v, %v, %v", done, pending, err)
		}
		sleep := coro.Spawn(yield, sleepFunc(time.Second))
		_, _, err := coro.Wait(yield, coro.WaitMode(255), sleep)
		if err == nil || errors.Is(err, coro.ErrCancelled) {
			t.Errorf("Wait with a bad mode: %v, want an error", err)
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("Wait with a bad mode returned at %v, want at once", now)
		}
		sleep.Cancel(nil)
		sleep.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_wait_with_timeout
func TestCPythonBaseTaskTestsWaitWithTimeout(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, sleepFunc(100*time.Millisecond))
		b := coro.Spawn(yield, sleepFunc(150*time.Millisecond))
		foo := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			done, pending, err := coro.WaitTimeout(yield, 110*time.Millisecond, coro.AllCompleted, b, a)
			if err != nil || !slices.Equal(done, []coro.Awaitable{a}) || !slices.Equal(pending, []coro.Awaitable{b}) {
				t.Errorf("WaitTimeout = %v, %v, %v; want [a], [b], nil", done, pending, err)
			}
			return struct{}{}, nil
		}))
		foo.Await(yield)
		if now := coro.Now(yield); now != 110*time.Millisecond {
			t.Errorf("WaitTimeout returned at %v, want 110ms", now)
		}
		if b.Done() || b.Cancelled() {
			t.Error("the timeout did something to b: Wait cancels nothing")
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_as_completed_with_timeout
func TestCPythonBaseTaskTestsAsCompletedWithTimeout(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, tasksSleepValue(100*time.Millisecond, "a"))
		b := coro.Spawn(yield, tasksSleepValue(150*time.Millisecond, "b"))
		var values []string
		var errs []error
		for v, err := range coro.AsCompletedTimeout(yield, 120*time.Millisecond, a, b) {
			values = append(values, v)
			errs = append(errs, err)
		}
		if diff := cmp.Diff([]string{"a", ""}, values); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
		if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], coro.ErrTimeout) {
			t.Errorf("errors %v, want [nil, a timeout]", errs)
		}
		if now := coro.Now(yield); now != 120*time.Millisecond {
			t.Errorf("the loop ended at %v, want 120ms", now)
		}
		if b.Done() {
			t.Error("b ended before its time: the timeout must not cancel it")
		}
		coro.Wait(yield, coro.AllCompleted, a, b)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_tasks.py::BaseTaskTests::test_as_completed_with_unused_timeout
func TestCPythonBaseTaskTestsAsCompletedWithUnusedTimeout(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, tasksSleepValue(10*time.Millisecond, "a"))
		n := 0
		for v, err := range coro.AsCompletedTimeout(yield, time.Second, a) {
			n++
			if v != "a" || err != nil {
				t.Errorf("AsCompletedTimeout yielded %q, %v; want a, nil", v, err)
			}
		}
		if n != 1 {
			t.Errorf("AsCompletedTimeout yielded %d times, want 1", n)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("the loop ended at %v, want 10ms", now)
		}
		// The unused timeout comes to nothing when its time passes.
		coro.Sleep(2 * time.Second).Await(yield)
		if n != 1 {
			t.Errorf("after the timeout's time, %d values, want 1", n)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
