package coro_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// sleeper returns a body that sleeps d, recording in tr when it starts and how
// its sleep ended, and returns the sleep's error.
func sleeper(tr *trace, name string, d time.Duration) coro.Func[string] {
	return func(yield Y) (string, error) {
		tr.add("%s sleeps %v at %v", name, d, coro.Now(yield))
		if _, err := coro.Sleep(d).Await(yield); err != nil {
			tr.add("%s interrupted at %v: %v", name, coro.Now(yield), err)
			return "", err
		}
		tr.add("%s woke at %v", name, coro.Now(yield))
		return name, nil
	}
}

func TestMoveOnAfter(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		v, timedOut, err := coro.MoveOnAfter(yield, time.Second, sleeper(&tr, "body", 10*time.Second))
		tr.add("returned %q timedOut=%v err=%v", v, timedOut, err)
		// The scope is gone: awaits succeed again.
		if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
			t.Errorf("sleep after the scope: %v", err)
		}
		v, timedOut, err = coro.MoveOnAfter(yield, 5*time.Second, sleeper(&tr, "quick", time.Second))
		tr.add("returned %q timedOut=%v err=%v at %v", v, timedOut, err, coro.Now(yield))
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"body sleeps 10s at 0s",
		"body interrupted at 1s: coro: cancelled: coro: deadline exceeded",
		`returned "" timedOut=true err=<nil>`,
		"quick sleeps 1s at 2s",
		"quick woke at 3s",
		`returned "quick" timedOut=false err=<nil> at 3s`,
	}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestTimeout(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var tr trace
		_, err := coro.Timeout(yield, time.Second, sleeper(&tr, "slow", time.Hour))
		if !errors.Is(err, coro.ErrTimeout) || errors.Is(err, coro.ErrCancelled) {
			t.Errorf("expired Timeout: %v, want ErrTimeout and not ErrCancelled", err)
		}
		if now := coro.Now(yield); now != time.Second {
			t.Errorf("expired at %v, want 1s", now)
		}
		v, err := coro.Timeout(yield, time.Hour, sleeper(&tr, "fast", time.Second))
		if v != "fast" || err != nil {
			t.Errorf("Timeout that did not expire: %q, %v", v, err)
		}
		// The unexpired deadline is gone: nothing wakes the loop at 1h.
		if now := coro.Now(yield); now != 2*time.Second {
			t.Errorf("after the second Timeout the time is %v, want 2s", now)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestScopeIsLevelTriggered checks that a body that ignores the first failed
// await cannot await again inside its expired scope.
func TestScopeIsLevelTriggered(t *testing.T) {
	var fails int
	_, err := run(t, func(yield Y) (struct{}, error) {
		_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
			var last error
			for range 3 {
				if _, err := coro.Sleep(time.Hour).Await(yield); err != nil {
					fails++
					last = err
				}
			}
			return 0, last
		}))
		if !timedOut || err != nil {
			t.Errorf("timedOut=%v err=%v, want true, nil", timedOut, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fails != 3 {
		t.Errorf("%d of 3 awaits in the expired scope failed", fails)
	}
}

func TestNestedDeadlines(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var tr trace
		// The inner deadline is later: the outer one still ends the inner body.
		_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[string](func(yield Y) (string, error) {
			v, err := coro.Timeout(yield, time.Hour, sleeper(&tr, "inner", 10*time.Second))
			if !errors.Is(err, coro.ErrCancelled) {
				t.Errorf("inner Timeout: %v; the outer scope expired, so it must pass on its cancellation", err)
			}
			return v, err
		}))
		if !timedOut || err != nil || coro.Now(yield) != time.Second {
			t.Errorf("outer: timedOut=%v err=%v at %v, want true, nil at 1s", timedOut, err, coro.Now(yield))
		}
		// The inner deadline is earlier: it expires alone and the outer body goes on.
		v, timedOut, err := coro.MoveOnAfter(yield, time.Hour, coro.Func[string](func(yield Y) (string, error) {
			if _, err := coro.Timeout(yield, time.Second, sleeper(&tr, "inner2", 10*time.Second)); !errors.Is(err, coro.ErrTimeout) {
				t.Errorf("inner Timeout: %v, want ErrTimeout", err)
			}
			return coro.SleepResult(time.Second, "outer went on").Await(yield)
		}))
		if v != "outer went on" || timedOut || err != nil {
			t.Errorf("outer: %q timedOut=%v err=%v", v, timedOut, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWaitForCancelsWhatItAwaits(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var tr trace
		slow := coro.Spawn(yield, sleeper(&tr, "task", time.Hour))
		if _, err := coro.WaitFor(yield, time.Second, slow); !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor(task): %v, want ErrTimeout", err)
		}
		if !slow.Cancelled() {
			t.Error("WaitFor did not cancel the task it gave up on")
		}
		f := coro.NewFuture[int](yield)
		if _, err := coro.WaitFor(yield, time.Second, f); !errors.Is(err, coro.ErrTimeout) || !f.Cancelled() {
			t.Errorf("WaitFor(future): %v, future cancelled %v", err, f.Cancelled())
		}
		done := coro.NewFuture[int](yield)
		done.SetResult(7)
		if v, err := coro.WaitFor(yield, time.Second, done); v != 7 || err != nil {
			t.Errorf("WaitFor(done future) = %d, %v", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShield(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		worker := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
			v, err := coro.Shield(yield, sleeper(&tr, "shielded", 2*time.Second))
			tr.add("shield returned %q %v", v, err)
			_, err = coro.Sleep(time.Second).Await(yield)
			tr.add("after the shield: %v", err)
			return v, err
		}))
		coro.Sleep(time.Second).Await(yield)
		worker.Cancel(errors.New("stop"))
		_, err := worker.Await(yield)
		tr.add("worker: %v", err)
		// An outer deadline does not reach into a shield either.
		_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[string](func(yield Y) (string, error) {
			return coro.Shield(yield, sleeper(&tr, "shielded2", 3*time.Second))
		}))
		tr.add("move on: timedOut=%v err=%v at %v", timedOut, err, coro.Now(yield))
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"shielded sleeps 2s at 0s",
		"shielded woke at 2s",
		`shield returned "shielded" <nil>`,
		"after the shield: coro: cancelled: stop",
		"worker: coro: cancelled: stop",
		"shielded2 sleeps 3s at 2s",
		"shielded2 woke at 5s",
		"move on: timedOut=false err=<nil> at 5s",
	}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestCancellable(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var scope *coro.Scope
		var tr trace
		canceller := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield)
			tr.add("cancel -> %v", scope.Cancel(errors.New("enough")))
		}))
		v, err := coro.Cancellable(yield, func(yield Y, s *coro.Scope) (string, error) {
			scope = s
			return sleeper(&tr, "body", time.Hour)(yield)
		})
		tr.add("returned %q %v cancelled=%v expired=%v", v, err, scope.Cancelled(), scope.Expired())
		canceller.Await(yield)
		tr.add("cancel after exit -> %v", scope.Cancel(nil))
		want := []string{
			"body sleeps 1h0m0s at 0s",
			"cancel -> true",
			"body interrupted at 1s: coro: cancelled: enough",
			`returned "" <nil> cancelled=true expired=false`,
			"cancel after exit -> false",
		}
		if diff := cmp.Diff(want, tr.lines); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTaskCancelPassesThroughScopes checks that a scope does not swallow the
// cancellation of its task: MoveOnAfter and Cancellable return it.
func TestTaskCancelPassesThroughScopes(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			_, timedOut, err := coro.MoveOnAfter(yield, time.Hour, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				return coro.Sleep(time.Hour).Await(yield)
			}))
			return timedOut, err
		}))
		coro.Sleep(time.Second).Await(yield)
		task.Cancel(errors.New("from outside"))
		timedOut, err := task.Await(yield)
		if timedOut || !errors.Is(err, coro.ErrCancelled) || !task.Cancelled() {
			t.Errorf("timedOut=%v err=%v cancelled=%v; want false, the task's cancellation", timedOut, err, task.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestScopeBadInput(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		body := coro.Func[int](func(Y) (int, error) { t.Error("body ran"); return 0, nil })
		if _, _, err := coro.MoveOnAfter(yield, -time.Second, body); !errors.Is(err, coro.ErrNegativeDuration) {
			t.Errorf("MoveOnAfter(-1s): %v", err)
		}
		if _, err := coro.Timeout(yield, -time.Second, body); !errors.Is(err, coro.ErrNegativeDuration) {
			t.Errorf("Timeout(-1s): %v", err)
		}
		if _, err := coro.Timeout[int](yield, time.Second, nil); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("Timeout(nil): %v", err)
		}
		if _, err := coro.WaitFor[int](yield, time.Second, nil); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("WaitFor(nil): %v", err)
		}
		if _, err := coro.Shield[int](yield, nil); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("Shield(nil): %v", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
