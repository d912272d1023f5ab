package coro_test

// Ports of CPython 3.11's Lib/test/test_asyncio/test_futures.py: the results,
// exceptions, cancellation and done callbacks of BaseFutureTests and
// BaseFutureDoneCallbackTests (their C and Python twins are one here).

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// futuresCheckFinal checks that a done future refuses every other completion:
// Differs on purpose: SetResult, SetError and Cancel of a done future report
// false and change nothing; asyncio's set_result and set_exception raise
// InvalidStateError (its cancel returns False, as here).
func futuresCheckFinal(t *testing.T, f *coro.Future[int]) {
	t.Helper()
	if f.SetResult(1) || f.SetError(errors.New("late")) || f.Cancel(nil) {
		t.Error("a done future accepted another completion")
	}
}

// test_futures.py::BaseFutureTests::test_initial_state
func TestCPythonBaseFutureTestsInitialState(t *testing.T) {
	f := new(coro.Future[int])
	if f.Cancelled() || f.Done() {
		t.Errorf("new future: cancelled %v, done %v; want neither", f.Cancelled(), f.Done())
	}
	f.Cancel(nil)
	if !f.Cancelled() {
		t.Error("Cancelled() false after Cancel")
	}
}

// test_futures.py::BaseFutureTests::test_cancel
func TestCPythonBaseFutureTestsCancel(t *testing.T) {
	f := new(coro.Future[int])
	if !f.Cancel(nil) {
		t.Error("Cancel of a pending future reported false")
	}
	if !f.Cancelled() || !f.Done() {
		t.Errorf("cancelled %v, done %v; want both", f.Cancelled(), f.Done())
	}
	if _, err := f.Result(); !errors.Is(err, coro.ErrCancelled) {
		t.Errorf("Result: %v, want a cancellation", err)
	}
	futuresCheckFinal(t, f)
	if !f.Cancelled() {
		t.Error("a refused completion changed the cancelled future")
	}
}

// test_futures.py::BaseFutureTests::test_result
func TestCPythonBaseFutureTestsResult(t *testing.T) {
	f := new(coro.Future[int])
	if _, err := f.Result(); !errors.Is(err, coro.ErrNotDone) {
		t.Errorf("Result of a pending future: %v, want ErrNotDone", err)
	}
	f.SetResult(42)
	if f.Cancelled() || !f.Done() {
		t.Errorf("cancelled %v, done %v; want done only", f.Cancelled(), f.Done())
	}
	if v, err := f.Result(); v != 42 || err != nil {
		t.Errorf("Result = %v, %v; want 42, nil", v, err)
	}
	futuresCheckFinal(t, f)
	if v, err := f.Result(); v != 42 || err != nil {
		t.Errorf("after refused completions, Result = %v, %v; want 42, nil", v, err)
	}
}

// test_futures.py::BaseFutureTests::test_exception
func TestCPythonBaseFutureTestsException(t *testing.T) {
	exc := errors.New("runtime")
	f := new(coro.Future[int])
	if _, err := f.Result(); !errors.Is(err, coro.ErrNotDone) {
		t.Errorf("Result of a pending future: %v, want ErrNotDone", err)
	}
	f.SetError(exc)
	if f.Cancelled() || !f.Done() {
		t.Errorf("cancelled %v, done %v; want done only", f.Cancelled(), f.Done())
	}
	if _, err := f.Result(); err != exc {
		t.Errorf("Result: %v, want the error itself", err)
	}
	futuresCheckFinal(t, f)
	if _, err := f.Result(); err != exc {
		t.Errorf("after refused completions, Result: %v, want the error", err)
	}
}

// test_futures.py::BaseFutureTests::test_yield_from_twice
func TestCPythonBaseFutureTestsYieldFromTwice(t *testing.T) {
	checkTrace(t, []string{"A", "B 42", "C 42", "other"}, func(yield Y, tr *trace) error {
		f := coro.NewFuture[int](yield)
		g := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			tr.add("A")
			x, _ := f.Await(yield) // suspends
			tr.add("B %d", x)
			y, _ := f.Await(yield) // done already: goes on at once
			tr.add("C %d", y)
		}))
		coro.Sleep(0).Await(yield)
		f.SetResult(42)
		// Its first step runs after g's: had the second await suspended g, it
		// would run between B and C.
		other := coro.Spawn(yield, coro.Coroutine(func(Y) { tr.add("other") }))
		g.Await(yield)
		other.Await(yield)
		return nil
	})
}

// test_futures.py::BaseFutureTests::test_future_cancel_message_getter
func TestCPythonBaseFutureTestsFutureCancelMessageGetter(t *testing.T) {
	msg := errors.New("my message")
	_, err := run(t, func(yield Y) (int, error) {
		f := coro.NewFuture[int](yield)
		f.Cancel(msg)
		return f.Await(yield)
	})
	if cause, ok := tasksCause(err); !ok || cause != msg {
		t.Errorf("awaiting the cancelled future: %v, want the cancellation with its message", err)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result
func TestCPythonBaseFutureDoneCallbackTestsCallbacksInvokedOnSetResult(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var bag []int
		f := coro.NewFuture[string](yield)
		f.AddDoneCallback(func() { bag = append(bag, 42) })
		f.AddDoneCallback(func() { bag = append(bag, 17) })
		f.SetResult("foo")
		if len(bag) != 0 {
			t.Errorf("callbacks ran inside SetResult: %v", bag)
		}
		coro.Sleep(0).Await(yield)
		if diff := cmp.Diff([]int{42, 17}, bag); diff != "" {
			t.Errorf("callbacks (-want +got):\n%s", diff)
		}
		if v, err := f.Result(); v != "foo" || err != nil {
			t.Errorf("Result = %q, %v", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_exception
func TestCPythonBaseFutureDoneCallbackTestsCallbacksInvokedOnSetException(t *testing.T) {
	exc := errors.New("runtime")
	_, err := run(t, func(yield Y) (struct{}, error) {
		var bag []int
		f := coro.NewFuture[string](yield)
		f.AddDoneCallback(func() { bag = append(bag, 100) })
		f.SetError(exc)
		if len(bag) != 0 {
			t.Errorf("callbacks ran inside SetError: %v", bag)
		}
		coro.Sleep(0).Await(yield)
		if diff := cmp.Diff([]int{100}, bag); diff != "" {
			t.Errorf("callbacks (-want +got):\n%s", diff)
		}
		if _, err := f.Result(); err != exc {
			t.Errorf("Result: %v, want the error itself", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// futuresBag returns a callback that appends thing to bag.
func futuresBag(bag *[]int, thing int) func() {
	return func() { *bag = append(*bag, thing) }
}

// futuresRemoveAndRun adds the callbacks 42, 17 and 100 to a new future,
// removes those whose indices remove lists (in that order, each removal
// reporting what want says), completes the future, lets its callbacks run and
// returns what they appended.
func futuresRemoveAndRun(t *testing.T, remove []int, want []bool) []int {
	t.Helper()
	var bag []int
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[string](yield)
		cbs := []*coro.DoneCallback{
			f.AddDoneCallback(futuresBag(&bag, 42)),
			f.AddDoneCallback(futuresBag(&bag, 17)),
			f.AddDoneCallback(futuresBag(&bag, 100)),
		}
		for i, r := range remove {
			if got := f.RemoveDoneCallback(cbs[r]); got != want[i] {
				t.Errorf("removal %d (callback %d) reported %v, want %v", i, r, got, want[i])
			}
		}
		if len(bag) != 0 {
			t.Errorf("callbacks ran before the future was done: %v", bag)
		}
		f.SetResult("foo")
		coro.Sleep(0).Await(yield)
		if v, err := f.Result(); v != "foo" || err != nil {
			t.Errorf("Result = %q, %v", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bag
}

// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveFirstCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{0, 0}, []bool{true, false})
	if diff := cmp.Diff([]int{17, 100}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_and_second_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveFirstAndSecondCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{0, 1, 0}, []bool{true, true, false})
	if diff := cmp.Diff([]int{100}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_third_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveThirdCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{2, 2}, []bool{true, false})
	if diff := cmp.Diff([]int{42, 17}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_remove_done_callback
func TestCPythonBaseFutureDoneCallbackTestsRemoveDoneCallback(t *testing.T) {
	var bag []int
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[string](yield)
		cb1, cb2 := futuresBag(&bag, 1), futuresBag(&bag, 2)
		h1 := f.AddDoneCallback(cb1)
		h2 := f.AddDoneCallback(cb2)
		if !f.RemoveDoneCallback(h2) {
			t.Error("removing a registered callback reported false")
		}
		// A callback the future never had: one of another future.
		other := coro.NewFuture[string](yield)
		if f.RemoveDoneCallback(other.AddDoneCallback(cb1)) {
			t.Error("removing another future's callback reported true")
		}
		f.AddDoneCallback(cb2)
		ones := []*coro.DoneCallback{h1}
		for range 5 {
			ones = append(ones, f.AddDoneCallback(cb1))
		}
		for i, h := range ones { // every cb1: one cb2 remains
			if !f.RemoveDoneCallback(h) {
				t.Errorf("removing cb1 #%d reported false", i)
			}
		}
		f.SetResult("foo")
		coro.Sleep(0).Await(yield)
		if v, err := f.Result(); v != "foo" || err != nil {
			t.Errorf("Result = %q, %v", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{2}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// test_futures.py::BaseFutureDoneCallbackTests::test_schedule_callbacks_list_mutation_1
func TestCPythonBaseFutureDoneCallbackTestsScheduleCallbacksListMutation1(t *testing.T) {
	var bag []int
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](yield)
		var h2 *coro.DoneCallback
		f.AddDoneCallback(func() {
			// Too late: the future is done and every callback is scheduled.
			if f.RemoveDoneCallback(h2) {
				t.Error("removing a callback of a done future reported true")
			}
			bag = append(bag, 1)
		})
		h2 = f.AddDoneCallback(futuresBag(&bag, 2))
		f.AddDoneCallback(futuresBag(&bag, 3))
		f.SetResult(1)
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}
