package coro_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// finishAfter returns a Func that sleeps d, then returns name, or fails with err.
func finishAfter(d time.Duration, name string, err error) coro.Func[string] {
	return func(yield Y) (string, error) {
		if _, e := coro.Sleep(d).Await(yield); e != nil {
			return "", e
		}
		return name, err
	}
}

func TestWaitModes(t *testing.T) {
	errBad := errors.New("bad")
	_, err := run(t, func(yield Y) (struct{}, error) {
		spawn := func() (a, b, c *coro.Task[string]) {
			return coro.Spawn(yield, finishAfter(3*time.Second, "a", nil)),
				coro.Spawn(yield, finishAfter(time.Second, "b", nil)),
				coro.Spawn(yield, finishAfter(2*time.Second, "c", errBad))
		}
		start := coro.Now(yield)
		a, b, c := spawn()
		done, pending, err := coro.Wait(yield, coro.FirstCompleted, a, b, c)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b}) || !slices.Equal(pending, []coro.Awaitable{a, c}) {
			t.Errorf("FirstCompleted: done %v pending %v err %v", done, pending, err)
		}
		if got := coro.Now(yield) - start; got != time.Second {
			t.Errorf("FirstCompleted returned after %v, want 1s", got)
		}
		done, pending, err = coro.Wait(yield, coro.FirstError, a, b, c)
		if err != nil || !slices.Equal(done, []coro.Awaitable{b, c}) || !slices.Equal(pending, []coro.Awaitable{a}) {
			t.Errorf("FirstError: done %v pending %v err %v", done, pending, err)
		}
		done, pending, err = coro.Wait(yield, coro.AllCompleted, a, b, c)
		if err != nil || len(done) != 3 || len(pending) != 0 {
			t.Errorf("AllCompleted: done %v pending %v err %v", done, pending, err)
		}
		if got := coro.Now(yield) - start; got != 3*time.Second {
			t.Errorf("AllCompleted returned after %v, want 3s", got)
		}
		// Nothing to wait for: at once.
		if done, pending, err := coro.Wait(yield, coro.FirstCompleted); done != nil || pending != nil || err != nil {
			t.Errorf("Wait of nothing: %v %v %v", done, pending, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWaitCancelledAndLeavesTasksAlone checks that a cancelled Wait returns
// the task's cancellation without cancelling what it waited for.
func TestWaitCancelledAndLeavesTasksAlone(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		slow := coro.Spawn(yield, finishAfter(time.Hour, "slow", nil))
		waiter := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			_, pending, err := coro.Wait(yield, coro.AllCompleted, slow)
			return len(pending), err
		}))
		coro.Sleep(time.Second).Await(yield)
		waiter.Cancel(nil)
		if _, err := waiter.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled Wait: %v", err)
		}
		if slow.Done() {
			t.Error("cancelling a Wait cancelled what it waited for")
		}
		slow.Cancel(nil)
		slow.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAsCompleted(t *testing.T) {
	errBad := errors.New("bad")
	var got []string
	_, err := run(t, func(yield Y) (struct{}, error) {
		tasks := []*coro.Task[string]{
			coro.Spawn(yield, finishAfter(3*time.Second, "a", nil)),
			coro.Spawn(yield, finishAfter(time.Second, "b", nil)),
			coro.Spawn(yield, finishAfter(2*time.Second, "c", errBad)),
			nil,
		}
		for v, err := range coro.AsCompleted(yield, tasks...) {
			got = append(got, v+" "+errString(err)+" at "+coro.Now(yield).String())
			coro.Sleep(100 * time.Millisecond).Await(yield) // the body may await
		}
		// Breaking out early stops the waiting.
		for range coro.AsCompleted(yield, coro.Spawn(yield, finishAfter(time.Second, "x", nil)), coro.Spawn(yield, finishAfter(time.Hour, "y", nil))) {
			break
		}
		got = append(got, "broke out at "+coro.Now(yield).String())
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		" coro: nil coroutine: argument 3 of AsCompleted is nil at 0s",
		"b <nil> at 1s",
		" bad at 2s",
		"a <nil> at 3s",
		"broke out at 4.1s",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
