package coro_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

func failWith(err error) coro.Func[int] {
	return func(Y) (int, error) { return 0, err }
}

// spawnIn starts main in g and fails the test if the group refuses it.
func spawnIn[T any](t *testing.T, g *coro.Group, main coro.Awaiter[T], opts ...coro.TaskOption) *coro.Task[T] {
	t.Helper()
	task, err := coro.SpawnIn(g, main, opts...)
	if err != nil {
		t.Fatalf("SpawnIn: %v", err)
	}
	return task
}

func TestGroupJoinsEveryError(t *testing.T) {
	errA, errB, errBody := errors.New("a"), errors.New("b"), errors.New("body")
	_, err := run(t, func(yield Y) (struct{}, error) {
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, failWith(errA))
			coro.SpawnIn(g, failWith(errB))
			// Both children fail in the next turn, before the group hears of
			// it: the body goes on and fails too.
			coro.Sleep(0).Await(yield)
			return errBody
		})
		for _, want := range []error{errA, errB, errBody} {
			if !errors.Is(err, want) {
				t.Errorf("group error %q does not match %q", err, want)
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGroupBodyErrorCancelsChildren(t *testing.T) {
	errBody := errors.New("body failed")
	_, err := run(t, func(yield Y) (struct{}, error) {
		var child *coro.Task[string]
		var tr trace
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			child = spawnIn(t, g, sleeper(&tr, "child", time.Hour))
			coro.Sleep(time.Second).Await(yield)
			return errBody
		})
		if !errors.Is(err, errBody) || !child.Cancelled() {
			t.Errorf("err %v, child cancelled %v; want the body's error and a cancelled child", err, child.Cancelled())
		}
		if coro.Now(yield) != time.Second {
			t.Errorf("the group ended at %v, want 1s", coro.Now(yield))
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGroupStop(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var tr trace
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, sleeper(&tr, "a", time.Hour))
			coro.SpawnIn(g, coro.Func[int](func(yield Y) (int, error) {
				coro.Sleep(time.Second).Await(yield)
				g.Stop()
				return 1, nil
			}))
			_, err := sleeper(&tr, "body", time.Hour)(yield)
			return err
		})
		if err != nil {
			t.Errorf("a stopped group returned %v, want nil", err)
		}
		want := []string{
			"body sleeps 1h0m0s at 0s",
			"a sleeps 1h0m0s at 0s",
			"a interrupted at 1s: coro: cancelled: coro: group stopped",
			"body interrupted at 1s: coro: cancelled: coro: group stopped",
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

// TestGroupOuterCancelWaitsForChildren checks that cancelling the task that
// runs the group cancels the children and that none outlives the group, even
// one that takes turns to clean up.
func TestGroupOuterCancelWaitsForChildren(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var children []*coro.Task[int]
		cleanups := 0
		parent := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				for range 3 {
					children = append(children, spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
						_, err := coro.Sleep(time.Hour).Await(yield)
						for range 5 { // a stubborn cleanup: every await fails, one turn each
							coro.Sleep(0).Await(yield)
						}
						cleanups++
						return 0, err
					})))
				}
				return nil // the group waits for the children
			})
		}))
		coro.Sleep(time.Second).Await(yield)
		parent.Cancel(errors.New("shutdown"))
		_, err := parent.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("parent: %v, want its cancellation", err)
		}
		for i, c := range children {
			if !c.Done() {
				t.Errorf("child %d outlived its group", i)
			}
		}
		if cleanups != 3 {
			t.Errorf("%d of 3 children finished their cleanup before the group ended", cleanups)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGroupBadUse(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		if err := coro.WithGroup(yield, nil); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("WithGroup(nil): %v", err)
		}
		var kept *coro.Group
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			kept = g
			if err := g.Go(nil); !errors.Is(err, coro.ErrNilCoroutine) {
				t.Errorf("Go(nil): %v; want ErrNilCoroutine", err)
			}
			coro.SpawnIn(g, coro.Coroutine(nil)) // a nil child fails the group
			coro.SpawnIn(g, coro.Coroutine(func(Y) { panic("boom") }))
			cancelled := spawnIn(t, g, sleeper(&trace{}, "x", time.Hour))
			cancelled.Cancel(nil) // a cancelled child is not an error
			return nil
		})
		var pe *coro.PanicError
		if !errors.Is(err, coro.ErrNilCoroutine) || !errors.As(err, &pe) || errors.Is(err, coro.ErrCancelled) {
			t.Errorf("group error %v: want ErrNilCoroutine and a PanicError, not a cancellation", err)
		}
		if late, err := coro.SpawnIn(kept, failWith(nil)); late != nil || !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("SpawnIn on an ended group: %v, %v; want nil, ErrGroupClosed", late, err)
		}
		if err := kept.Go(func(Y) error { return nil }); !errors.Is(err, coro.ErrGroupClosed) {
			t.Errorf("Go on an ended group: %v; want ErrGroupClosed", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
