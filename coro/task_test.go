package coro_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

func TestSpawnRunsAfterCurrentStep(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (int, error) {
		child := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			tr.add("child runs")
			return 42, nil
		}))
		tr.add("parent goes on")
		v, err := child.Await(yield)
		tr.add("parent got %d", v)
		return v, err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"parent goes on", "child runs", "parent got 42"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestTaskNames(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, coro.Coroutine(func(Y) {}))
		b := coro.Spawn(yield, coro.Coroutine(func(Y) {}), coro.WithName("worker"))
		if a.Name() != "Task-2" || b.Name() != "worker" {
			t.Errorf("names %q, %q; want Task-2 (main is Task-1), worker", a.Name(), b.Name())
		}
		if !strings.Contains(a.String(), "Task-2") {
			t.Errorf("String() = %q, want it to name the task", a.String())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAwaitSameTaskFromTwoTasks(t *testing.T) {
	got, err := run(t, func(yield Y) ([]string, error) {
		shared := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
			return coro.SleepResult(time.Second, "result").Await(yield)
		}))
		waiter := func(yield Y) (string, error) { return shared.Await(yield) }
		return coro.Gather(coro.Func[string](waiter), coro.Func[string](waiter)).Await(yield)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"result", "result"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestAwaitDoneTaskDoesNotSwitch(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 7, nil }))
		coro.Sleep(0).Await(yield) // child runs and completes
		coro.Sleep(0).Await(yield) // its done callbacks have run
		coro.Spawn(yield, coro.Coroutine(func(Y) { tr.add("other task") }))
		v, _ := child.Await(yield) // done: no switch, so "other task" comes after
		tr.add("got %d", v)
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"got 7", "other task"}, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestCancelDuringSleep(t *testing.T) {
	cause := errors.New("user pressed stop")
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		sleeper := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			start := coro.Now(yield)
			_, err := coro.Sleep(time.Hour).Await(yield)
			tr.add("sleep returned after %v: cancelled=%v cause=%v", coro.Now(yield)-start,
				errors.Is(err, coro.ErrCancelled), errors.Is(err, cause))
			return 0, err
		}))
		coro.Sleep(time.Second).Await(yield)
		if !sleeper.Cancel(cause) {
			t.Error("Cancel of a sleeping task reported false")
		}
		if sleeper.Cancel(errors.New("again")) {
			t.Error("second Cancel reported true")
		}
		_, err := sleeper.Await(yield)
		tr.add("awaiter: cancelled=%v task.Cancelled=%v", errors.Is(err, coro.ErrCancelled), sleeper.Cancelled())
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"sleep returned after 1s: cancelled=true cause=true",
		"awaiter: cancelled=true task.Cancelled=true",
	}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCancelBeforeStartNeverRuns(t *testing.T) {
	ran := false
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Coroutine(func(Y) { ran = true }))
		child.Cancel(nil)
		_, err := child.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("await of a task cancelled before it started: %v, want ErrCancelled", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Error("the body of a task cancelled before its first step ran")
	}
}

func TestCancellationIsLevelTriggered(t *testing.T) {
	var errs []error
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			for range 3 {
				_, err := coro.Sleep(time.Minute).Await(yield)
				errs = append(errs, err)
			}
			return 1, nil // it may still finish with a value
		}))
		coro.Sleep(0).Await(yield)
		child.Cancel(nil)
		// The coroutine saw its cancellation and chose to return a value:
		// that is its result, and the parent, not cancelled, gets it.
		if v, err := child.Await(yield); v != 1 || err != nil {
			t.Errorf("child result %v, %v; want 1, nil", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 3 {
		t.Fatalf("%d awaits, want 3", len(errs))
	}
	for i, e := range errs {
		if !errors.Is(e, coro.ErrCancelled) {
			t.Errorf("await %d after cancel returned %v, want ErrCancelled", i, e)
		}
	}
}

func TestTaskThatIgnoresCancellationCannotHangRun(t *testing.T) {
	deferred := false
	awaits := 0
	_, err := run(t, func(yield Y) (struct{}, error) {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			defer func() { deferred = true }()
			for { // ignores every error: yield returns false, and it goes on
				yield(coro.Sleep(time.Second))
				awaits++
			}
		}))
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil // Run cancels the stubborn task, then abandons it
	})
	if err != nil {
		t.Fatal(err)
	}
	if !deferred {
		t.Error("abandoned coroutine's defer did not run")
	}
	if awaits < 2 {
		t.Errorf("stubborn task awaited %d times after cancellation, want it to keep going until abandoned", awaits)
	}
}

func TestPanicBecomesTaskError(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		bad := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			coro.Sleep(0).Await(yield)
			panic("boom")
		}))
		good := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			coro.Sleep(time.Second).Await(yield)
			tr.add("good still runs")
			return 1, nil
		}))
		_, err := bad.Await(yield)
		var pe *coro.PanicError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v (%T), want *coro.PanicError", err, err)
		}
		if pe.Value != "boom" || !strings.Contains(string(pe.Stack), "task_test.go") {
			t.Errorf("PanicError value %v, stack without the panic site:\n%s", pe.Value, pe.Stack)
		}
		v, err := good.Await(yield)
		tr.add("good = %d, %v", v, err)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"good still runs", "good = 1, <nil>"}, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPanicWithErrorUnwraps(t *testing.T) {
	sentinel := errors.New("sentinel")
	_, err := run(t, func(yield Y) (int, error) { panic(sentinel) })
	if !errors.Is(err, sentinel) {
		t.Errorf("error %v does not unwrap to the panic value", err)
	}
}

func TestBadAwaits(t *testing.T) {
	for _, tc := range []struct {
		name string
		body func(yield Y) (any, error)
		want error
	}{
		{"yield nil", func(yield Y) (any, error) { yield(nil); return nil, nil }, coro.ErrNilCoroutine},
		{"yield nil Coroutine", func(yield Y) (any, error) { yield(coro.Coroutine(nil)); return nil, nil }, coro.ErrNilCoroutine},
		{"await nil Func", func(yield Y) (any, error) { return coro.Func[any](nil).Await(yield) }, coro.ErrNilCoroutine},
		{"spawn nil Coroutine", func(yield Y) (any, error) {
			return coro.Spawn(yield, coro.Coroutine(nil)).Await(yield)
		}, coro.ErrNilCoroutine},
		{"negative sleep", func(yield Y) (any, error) { _, err := coro.Sleep(-time.Second).Await(yield); return nil, err }, coro.ErrNegativeDuration},
		{"yield nil *Future", func(yield Y) (any, error) { yield((*coro.Future[int])(nil)); return nil, nil }, coro.ErrNilCoroutine},
		{"yield nil *Task", func(yield Y) (any, error) { yield((*coro.Task[int])(nil)); return nil, nil }, coro.ErrNilCoroutine},
		{"yield nil *Gathering", func(yield Y) (any, error) { yield((*coro.Gathering[int])(nil)); return nil, nil }, coro.ErrNilCoroutine},
		{"yield negative sleep", func(yield Y) (any, error) { yield(coro.Sleep(-1)); return nil, nil }, coro.ErrNegativeDuration},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var after bool
			_, err := run(t, func(yield Y) (struct{}, error) {
				bad := coro.Spawn(yield, coro.Func[any](tc.body))
				other := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
					coro.Sleep(time.Second).Await(yield)
					after = true
				}))
				_, err := bad.Await(yield)
				if !errors.Is(err, tc.want) {
					t.Errorf("error %v, want %v", err, tc.want)
				}
				other.Await(yield)
				return struct{}{}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !after {
				t.Error("the other task did not keep running")
			}
		})
	}
}

func TestTaskAwaitsItself(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var self *coro.Task[int]
		self = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return self.Await(yield)
		}))
		_, err := self.Await(yield)
		if err == nil || !strings.Contains(err.Error(), "awaits itself") {
			t.Errorf("error %v, want a task-awaits-itself error", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestResultBeforeDone(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 1, nil }))
		if _, err := child.Result(); !errors.Is(err, coro.ErrNotDone) {
			t.Errorf("Result before done: %v, want ErrNotDone", err)
		}
		if child.Done() {
			t.Error("Done before the first step")
		}
		child.Await(yield)
		if v, err := child.Result(); v != 1 || err != nil || !child.Done() {
			t.Errorf("Result after done = %v, %v", v, err)
		}
		if child.Cancel(nil) {
			t.Error("Cancel of a done task reported true")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDoneCallbacksRunInOrder(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Coroutine(func(Y) { tr.add("child") }))
		child.AddDoneCallback(func() { tr.add("cb 1") })
		child.AddDoneCallback(func() { tr.add("cb 2") })
		child.Await(yield)
		child.AddDoneCallback(func() { tr.add("cb 3 (added when done)") })
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"child", "cb 1", "cb 2", "cb 3 (added when done)"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInlineAwaitDoesNotSwitch(t *testing.T) {
	var tr trace
	sub := coro.Func[int](func(yield Y) (int, error) {
		tr.add("sub runs")
		return 3, nil
	})
	_, err := run(t, func(yield Y) (struct{}, error) {
		coro.Spawn(yield, coro.Coroutine(func(Y) { tr.add("other task") }))
		v, _ := sub.Await(yield)
		yield(coro.Coroutine(func(Y) { tr.add("yielded coroutine runs inline") }))
		tr.add("main got %d", v)
		coro.Sleep(0).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sub runs", "yielded coroutine runs inline", "main got 3", "other task"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSpawnOutsideALoopPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "outside a coroutine") {
			t.Errorf("recovered %v, want a clear panic", r)
		}
	}()
	coro.Spawn(func(coro.Awaitable) bool { return true }, coro.Coroutine(func(Y) {}))
}

// TestBareYieldFailsAsAwaitDoes checks that an awaitable yielded bare fails
// the way its Await does: yield returns false and the task holds the error,
// which becomes the task's when the coroutine returns, whether it returns on
// the false or ignores it. A failed Task, a failing Func and a negative Sleep
// all travel the same way; none is lost and none panics.
func TestBareYieldFailsAsAwaitDoes(t *testing.T) {
	errBoom := errors.New("boom")
	failing := coro.Func[int](func(yield Y) (int, error) { return 0, errBoom })
	cases := []struct {
		name    string
		request func(yield Y) coro.Awaitable
		want    error
	}{
		{"failing Func", func(Y) coro.Awaitable { return failing }, errBoom},
		{"failed Task", func(yield Y) coro.Awaitable {
			failed := coro.Spawn(yield, failing)
			coro.Sleep(0).Await(yield)
			return failed
		}, errBoom},
		{"negative Sleep", func(Y) coro.Awaitable { return coro.Sleep(-time.Second) }, coro.ErrNegativeDuration},
		{"nil", func(Y) coro.Awaitable { return nil }, coro.ErrNilCoroutine},
	}
	for _, c := range cases {
		for _, ignore := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/ignore=%v", c.name, ignore), func(t *testing.T) {
				var deferred, ok, after bool
				mustRun(t, func(yield Y) error {
					task := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
						defer func() { deferred = true }()
						ok = yield(c.request(yield))
						if !ok && !ignore {
							return
						}
						after = true
					}))
					_, err := task.Await(yield)
					if !errors.Is(err, c.want) {
						t.Errorf("task error %v, want %v", err, c.want)
					}
					var pe *coro.PanicError
					if errors.As(err, &pe) {
						t.Errorf("the failure became a panic: %v", pe)
					}
					return nil
				})
				if ok || !deferred || after != ignore {
					t.Errorf("yield=%v deferred=%v ran past the yield=%v; want false, true, %v", ok, deferred, after, ignore)
				}
			})
		}
	}
}
