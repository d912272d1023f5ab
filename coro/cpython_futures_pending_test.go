//go:build corio_pending

package coro_test

// Ports of CPython 3.11's test_futures.py that need API that is planned but
// does not exist yet: Future.AddDoneCallback returning a *coro.DoneCallback,
// and Future.RemoveDoneCallback. asyncio removes a callback by the function
// (every instance of it, returning the count); here each AddDoneCallback
// gives a handle, and RemoveDoneCallback takes that one registration out.

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

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
		f := coro.NewFuture[string](coro.Running(yield))
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
		coro.Yield().Await(yield)
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

// corio today: AddDoneCallback returns nothing and there is no
// RemoveDoneCallback (both planned).
//
// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveFirstCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{0, 0}, []bool{true, false})
	if diff := cmp.Diff([]int{17, 100}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// corio today: no RemoveDoneCallback (planned).
//
// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_and_second_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveFirstAndSecondCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{0, 1, 0}, []bool{true, true, false})
	if diff := cmp.Diff([]int{100}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// corio today: no RemoveDoneCallback (planned).
//
// test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_third_callback
func TestCPythonBaseFutureDoneCallbackTestsCallbacksRemoveThirdCallback(t *testing.T) {
	bag := futuresRemoveAndRun(t, []int{2, 2}, []bool{true, false})
	if diff := cmp.Diff([]int{42, 17}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// corio today: no RemoveDoneCallback (planned).
//
// test_futures.py::BaseFutureDoneCallbackTests::test_remove_done_callback
func TestCPythonBaseFutureDoneCallbackTestsRemoveDoneCallback(t *testing.T) {
	var bag []int
	_, err := run(t, func(yield Y) (struct{}, error) {
		s := coro.Running(yield)
		f := coro.NewFuture[string](s)
		cb1, cb2 := futuresBag(&bag, 1), futuresBag(&bag, 2)
		h1 := f.AddDoneCallback(cb1)
		h2 := f.AddDoneCallback(cb2)
		if !f.RemoveDoneCallback(h2) {
			t.Error("removing a registered callback reported false")
		}
		// A callback the future never had: one of another future.
		other := coro.NewFuture[string](s)
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
		coro.Yield().Await(yield)
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

// corio today: no RemoveDoneCallback (planned).
//
// test_futures.py::BaseFutureDoneCallbackTests::test_schedule_callbacks_list_mutation_1
func TestCPythonBaseFutureDoneCallbackTestsScheduleCallbacksListMutation1(t *testing.T) {
	var bag []int
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](coro.Running(yield))
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
		coro.Yield().Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, bag); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}
