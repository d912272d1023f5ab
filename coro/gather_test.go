package coro_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// after returns a Func that sleeps d, records its name, and returns v.
func after[T any](tr *trace, name string, d time.Duration, v T) coro.Func[T] {
	return func(yield Y) (T, error) {
		tr.add("%s start", name)
		if _, err := coro.Sleep(d).Await(yield); err != nil {
			tr.add("%s cancelled", name)
			var zero T
			return zero, err
		}
		tr.add("%s done", name)
		return v, nil
	}
}

func fail(tr *trace, name string, d time.Duration, err error) coro.Func[int] {
	return func(yield Y) (int, error) {
		tr.add("%s start", name)
		coro.Sleep(d).Await(yield)
		tr.add("%s fails", name)
		return 0, err
	}
}

func TestGatherResultsInArgumentOrder(t *testing.T) {
	var tr trace
	got, err := run(t, func(yield Y) ([]any, error) {
		return coro.GatherAny(
			after(&tr, "a", 3*time.Second, "A"),
			after(&tr, "b", 1*time.Second, 2),
			after(&tr, "c", 2*time.Second, 3.0),
		).Await(yield)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{"A", 2, 3.0}, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	want := []string{"a start", "b start", "c start", "b done", "c done", "a done"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestEmptyGather(t *testing.T) {
	got, err := run(t, func(yield Y) ([]int, error) {
		start := coro.Now(yield)
		v, err := coro.Gather[int, coro.Awaiter[int]]().Await(yield)
		if coro.Now(yield) != start {
			t.Error("empty gather took time")
		}
		return v, err
	})
	if err != nil || len(got) != 0 {
		t.Errorf("empty gather = %v, %v; want no values, nil", got, err)
	}
}

func TestGatherFailsFastAndCancelsTheRest(t *testing.T) {
	boom := errors.New("boom")
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		vals, err := coro.Gather(
			after(&tr, "slow", time.Hour, 1),
			fail(&tr, "bad", time.Second, boom),
			after(&tr, "slower", 2*time.Hour, 2),
		).Await(yield)
		tr.add("gather returned %v, %v", vals, err)
		if !errors.Is(err, boom) {
			t.Errorf("gather error %v, want boom", err)
		}
		if now := coro.Now(yield); now != time.Second {
			t.Errorf("gather returned at %v, want 1s: the siblings must be cancelled, not awaited to the end", now)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"slow start", "bad start", "slower start",
		"bad fails",
		"slow cancelled", "slower cancelled", // no orphan: both ended before the gather returned
		"gather returned [], boom",
	}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestGatherAllCollectsEveryOutcome(t *testing.T) {
	e1, e2 := errors.New("e1"), errors.New("e2")
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		g := coro.GatherAll(
			fail(&tr, "x", 2*time.Second, e1),
			after(&tr, "ok", 3*time.Second, 10),
			fail(&tr, "y", time.Second, e2),
		)
		vals, err := g.Await(yield)
		if err != nil {
			t.Errorf("GatherAll error %v, want nil", err)
		}
		if diff := cmp.Diff([]int{0, 10, 0}, vals); diff != "" {
			t.Errorf("values (-want +got):\n%s", diff)
		}
		errs := g.Errors()
		if len(errs) != 3 || errs[0] != e1 || errs[1] != nil || errs[2] != e2 {
			t.Errorf("Errors() = %v", errs)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCancelTaskAwaitingGatherCancelsChildren(t *testing.T) {
	cause := errors.New("shutdown")
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		parent := coro.Spawn(yield, coro.Func[[]int](func(yield Y) ([]int, error) {
			return coro.Gather(
				after(&tr, "a", time.Hour, 1),
				after(&tr, "b", time.Hour, 2),
			).Await(yield)
		}))
		coro.Sleep(time.Second).Await(yield)
		parent.Cancel(cause)
		_, err := parent.Await(yield)
		tr.add("parent: cancelled=%v cause=%v", errors.Is(err, coro.ErrCancelled), errors.Is(err, cause))
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a start", "b start", "a cancelled", "b cancelled", "parent: cancelled=true cause=true"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestNestedGatherAndMixedChildren(t *testing.T) {
	var tr trace
	got, err := run(t, func(yield Y) ([]any, error) {
		task := coro.Spawn(yield, after(&tr, "task", 2*time.Second, "t"))
		fut := coro.NewFuture[int](yield)
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield)
			fut.SetResult(99)
		}))
		return coro.GatherAny(
			coro.Gather(after(&tr, "in1", time.Second, 1), after(&tr, "in2", time.Second, 2)),
			task,
			fut,
			coro.Sleep(time.Second),
			coro.Coroutine(func(Y) { tr.add("coroutine child") }),
		).Await(yield)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{[]int{1, 2}, "t", 99, nil, nil}, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestGatherWithNilChild(t *testing.T) {
	_, err := run(t, func(yield Y) ([]struct{}, error) {
		return coro.Gather([]coro.Awaiter[struct{}]{coro.Sleep(0), nil}...).Await(yield)
	})
	if !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("gather with a nil child: %v, want ErrNilCoroutine", err)
	}
}

func TestGatheringCancel(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		g := coro.Gather(after(&tr, "a", time.Hour, 1))
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield)
			if !g.Cancel(errors.New("enough")) {
				t.Error("Cancel of a running gathering reported false")
			}
		}))
		_, err := g.Await(yield)
		tr.add("gather: cancelled=%v done=%v", errors.Is(err, coro.ErrCancelled), g.Done())
		if g.Cancel(nil) {
			t.Error("Cancel of a done gathering reported true")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a start", "a cancelled", "gather: cancelled=true done=true"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}
