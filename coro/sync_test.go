package coro_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// syncTask starts body as a task with no value, for the tests of the
// synchronization primitives.
func syncTask(yield Y, body func(yield Y) error) *coro.Task[struct{}] {
	return coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		return struct{}{}, body(yield)
	}))
}

// turns lets the loop run n turns.
func turns(yield Y, n int) {
	for range n {
		coro.Sleep(0).Await(yield)
	}
}

// checkTrace runs main on a virtual clock, fails the test on its error, and
// compares the lines main traced with want.
func checkTrace(t *testing.T, want []string, main func(yield Y, tr *trace) error) {
	t.Helper()
	var tr trace
	if _, err := run(t, func(yield Y) (struct{}, error) { return struct{}{}, main(yield, &tr) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// panicMessage returns the message of the panic that err, a task's error,
// reports, or "" if err is no *coro.PanicError.
func panicMessage(err error) string {
	var pe *coro.PanicError
	if !errors.As(err, &pe) {
		return ""
	}
	return fmt.Sprint(pe.Value)
}

// errName names an await's outcome in traces.
func errName(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, coro.ErrCancelled):
		return "cancelled"
	case errors.Is(err, coro.ErrBrokenBarrier):
		return "broken"
	default:
		return err.Error()
	}
}

// Event

func TestEventSetWakesEveryWaiterInOrder(t *testing.T) {
	checkTrace(t, []string{
		"set at 1s",
		"a woke at 1s: ok, set true",
		"b woke at 1s: ok, set true",
		"c woke at 1s: ok, set true",
		"d woke at 3s: ok",
	}, func(yield Y, tr *trace) error {
		var e coro.Event
		if e.IsSet() {
			t.Error("the zero Event is set")
		}
		var ts []*coro.Task[struct{}]
		for _, name := range []string{"a", "b", "c"} {
			ts = append(ts, syncTask(yield, func(yield Y) error {
				err := e.Wait(yield)
				tr.add("%s woke at %v: %s, set %v", name, coro.Now(yield), errName(err), e.IsSet())
				return err
			}))
		}
		coro.Sleep(time.Second).Await(yield)
		tr.add("set at %v", coro.Now(yield))
		e.Set()
		e.Set() // a second Set changes nothing
		for _, task := range ts {
			if _, err := task.Await(yield); err != nil {
				return err
			}
		}

		// Wait on a set event returns at once, without a switch: a task
		// started before it has not run yet.
		ran := false
		syncTask(yield, func(Y) error { ran = true; return nil })
		if err := e.Wait(yield); err != nil || ran {
			t.Errorf("Wait on a set event: %v, switched %v; want nil, false", err, ran)
		}

		// After Clear, Wait waits for the next Set.
		e.Clear()
		if e.IsSet() {
			t.Error("IsSet after Clear")
		}
		d := syncTask(yield, func(yield Y) error {
			err := e.Wait(yield)
			tr.add("d woke at %v: %s", coro.Now(yield), errName(err))
			return err
		})
		coro.Sleep(time.Second).Await(yield)
		e.Clear() // clearing a clear event changes nothing
		coro.Sleep(time.Second).Await(yield)
		if d.Done() {
			t.Error("a Wait after Clear returned before Set")
		}
		e.Set()
		_, err := d.Await(yield)
		return err
	})
}

// TestEventSetThenClearStillWakes: a Set wakes the tasks waiting then, even if
// a Clear follows before they run (as in asyncio): they find the event clear.
func TestEventSetThenClearStillWakes(t *testing.T) {
	checkTrace(t, []string{"a woke: ok, set false"}, func(yield Y, tr *trace) error {
		var e coro.Event
		a := syncTask(yield, func(yield Y) error {
			err := e.Wait(yield)
			tr.add("a woke: %s, set %v", errName(err), e.IsSet())
			return err
		})
		coro.Sleep(0).Await(yield)
		e.Set()
		e.Clear()
		_, err := a.Await(yield)
		return err
	})
}

func TestEventCancel(t *testing.T) {
	checkTrace(t, []string{
		"a: cancelled at 1s",
		"woken by Set: ok at 2s",
		"cancelled with the Set: cancelled at 2s",
		"set, already cancelled: cancelled",
	}, func(yield Y, tr *trace) error {
		var e coro.Event
		waiter := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				err := e.Wait(yield)
				tr.add("%s: %s at %v", name, errName(err), coro.Now(yield))
				return nil
			})
		}
		// Cancelled while it waits: it fails, and is out of the queue.
		a := waiter("a")
		b := waiter("woken by Set")
		c := waiter("cancelled with the Set")
		coro.Sleep(time.Second).Await(yield)
		a.Cancel(nil)
		a.Await(yield)
		coro.Sleep(time.Second).Await(yield)
		// Cancelled in the step that wakes it: it fails; the others are woken
		// all the same.
		e.Set()
		c.Cancel(nil)
		b.Await(yield)
		c.Await(yield)

		// A cancelled task's Wait fails even on a set event (level-triggered),
		// one turn later.
		d := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			err := e.Wait(yield)
			tr.add("set, already cancelled: %s", errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		d.Cancel(nil)
		_, err := d.Await(yield)
		return err
	})
}

// TestEventCancelledWokenWaiterWakesNoOne: a waiter that a Set woke and that
// is cancelled before it runs must not wake a task that waits after a Clear:
// that task waits for the next Set (as in asyncio; see
// loop/testdata/order/event_cancel_woken.py).
func TestEventCancelledWokenWaiterWakesNoOne(t *testing.T) {
	checkTrace(t, []string{
		"a: cancelled",
		"d: ok at 1s, set true",
	}, func(yield Y, tr *trace) error {
		var e coro.Event
		a := syncTask(yield, func(yield Y) error {
			err := e.Wait(yield)
			tr.add("a: %s", errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		d := syncTask(yield, func(yield Y) error { // runs after this step, before a
			err := e.Wait(yield)
			tr.add("d: %s at %v, set %v", errName(err), coro.Now(yield), e.IsSet())
			return err
		})
		e.Set() // wakes a
		e.Clear()
		a.Cancel(nil)
		coro.Sleep(time.Second).Await(yield)
		e.Set()
		_, err := d.Await(yield)
		return err
	})
}

// Lock

func TestLockHandsOverInOrder(t *testing.T) {
	checkTrace(t, []string{
		"a holds at 1s",
		"b holds at 2s",
		"c holds at 3s",
		"a holds at 4s", // a asked again while b and c waited: it comes after them
	}, func(yield Y, tr *trace) error {
		var l coro.Lock
		if l.Locked() {
			t.Error("the zero Lock is locked")
		}
		if err := l.Acquire(yield); err != nil { // free: no wait
			return err
		}
		worker := func(name string, rounds int) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				for range rounds {
					if err := l.Acquire(yield); err != nil {
						return err
					}
					tr.add("%s holds at %v", name, coro.Now(yield))
					coro.Sleep(time.Second).Await(yield)
					l.Release()
				}
				return nil
			})
		}
		ts := []*coro.Task[struct{}]{worker("a", 2), worker("b", 1), worker("c", 1)}
		coro.Sleep(time.Second).Await(yield)
		l.Release()
		// Handed over to a, which has not run yet: the lock stays locked and
		// no one can take it in between.
		if !l.Locked() || l.TryAcquire() {
			t.Errorf("between Release and the hand-over: Locked %v, TryAcquire took it", l.Locked())
		}
		for _, task := range ts {
			if _, err := task.Await(yield); err != nil {
				return err
			}
		}
		if l.Locked() {
			t.Error("locked after the last Release")
		}
		if !l.TryAcquire() || l.TryAcquire() || !l.Locked() {
			t.Error("TryAcquire of a free lock: want one success, then failure")
		}
		l.Release()
		return nil
	})
}

func TestLockCancel(t *testing.T) {
	checkTrace(t, []string{
		"b: cancelled at 1s, locked true",
		"a: cancelled at 2s, locked true",
		"c: holds at 2s",
		"d: holds at 3s",
		"e: cancelled at 5s, locked false",
		"free lock, already cancelled: cancelled, locked false",
	}, func(yield Y, tr *trace) error {
		var l coro.Lock
		worker := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				if err := l.Acquire(yield); err != nil {
					tr.add("%s: %s at %v, locked %v", name, errName(err), coro.Now(yield), l.Locked())
					return nil
				}
				tr.add("%s: holds at %v", name, coro.Now(yield))
				coro.Sleep(time.Second).Await(yield)
				l.Release()
				return nil
			})
		}
		l.Acquire(yield)
		a, b, c, d := worker("a"), worker("b"), worker("c"), worker("d")
		coro.Sleep(time.Second).Await(yield)
		// Cancelled while it waits: b does not get the lock.
		b.Cancel(nil)
		b.Await(yield)
		coro.Sleep(time.Second).Await(yield)
		// Cancelled in the step the lock is handed to it: a passes it on to c.
		l.Release()
		a.Cancel(nil)
		c.Await(yield)
		d.Await(yield)
		a.Await(yield)
		if l.Locked() {
			t.Error("locked after every holder released")
		}

		// The last waiter, cancelled as the lock is handed to it: the lock is
		// free again.
		l.Acquire(yield)
		e := worker("e")
		coro.Sleep(time.Second).Await(yield)
		l.Release()
		e.Cancel(nil)
		e.Await(yield)

		// A cancelled task does not take even a free lock (level-triggered).
		f := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			err := l.Acquire(yield)
			tr.add("free lock, already cancelled: %s, locked %v", errName(err), l.Locked())
			return nil
		})
		coro.Sleep(0).Await(yield)
		f.Cancel(nil)
		f.Await(yield)
		return nil
	})
}

// Semaphore

func TestSemaphoreOrder(t *testing.T) {
	checkTrace(t, []string{
		"t1 acquired at 0s, value 1",
		"t2 acquired at 0s, value 0",
		"t3 acquired at 1s, value 0",
		"t4 acquired at 3s, value 0",
		"t5 acquired at 4s, value 0",
		"end value 2",
	}, func(yield Y, tr *trace) error {
		s := coro.NewSemaphore(2)
		worker := func(name string, d time.Duration) coro.Coroutine {
			return func(yield Y) {
				if s.Acquire(yield) != nil {
					return
				}
				tr.add("%s acquired at %v, value %d", name, coro.Now(yield), s.Value())
				coro.Sleep(d).Await(yield)
				s.Release()
			}
		}
		_, err := coro.Gather(
			worker("t1", 5*time.Second),
			worker("t2", time.Second),
			worker("t3", 2*time.Second),
			worker("t4", time.Second),
			worker("t5", time.Second),
		).Await(yield)
		tr.add("end value %d", s.Value())
		return err
	})
}

func TestSemaphoreTryAcquireAndLocked(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		s := coro.NewSemaphore(2)
		if s.Locked() || !s.TryAcquire() || !s.TryAcquire() {
			t.Fatal("TryAcquire of a free permit failed")
		}
		if !s.Locked() || s.TryAcquire() || s.Value() != 0 {
			t.Fatalf("no permit left: Locked %v, Value %d, or TryAcquire succeeded", s.Locked(), s.Value())
		}
		w := syncTask(yield, s.Acquire)
		coro.Sleep(0).Await(yield)
		s.Release() // handed to w, which has not run
		if s.Value() != 0 || s.TryAcquire() {
			t.Errorf("a permit handed to a waiter is free: Value %d", s.Value())
		}
		if _, err := w.Await(yield); err != nil {
			return struct{}{}, err
		}
		s.Release()
		s.Release()
		if s.Value() != 2 || s.Locked() {
			t.Errorf("after every release: Value %d, Locked %v; want 2, false", s.Value(), s.Locked())
		}

		zero := coro.NewSemaphore(0)
		if !zero.Locked() || zero.TryAcquire() {
			t.Error("a Semaphore(0) has a permit")
		}
		z := syncTask(yield, zero.Acquire)
		coro.Sleep(time.Second).Await(yield)
		if z.Done() {
			t.Error("Acquire of a Semaphore(0) did not wait")
		}
		zero.Release()
		_, err := z.Await(yield)
		return struct{}{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSemaphoreCancel(t *testing.T) {
	checkTrace(t, []string{
		"b: cancelled at 1s",
		"a: cancelled at 2s",
		"c: acquired at 2s",
		"d: acquired at 3s",
		"e: cancelled at 5s",
		"free permit, already cancelled: cancelled",
	}, func(yield Y, tr *trace) error {
		s := coro.NewSemaphore(1)
		worker := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				if err := s.Acquire(yield); err != nil {
					tr.add("%s: %s at %v", name, errName(err), coro.Now(yield))
					return nil
				}
				tr.add("%s: acquired at %v", name, coro.Now(yield))
				coro.Sleep(time.Second).Await(yield)
				s.Release()
				return nil
			})
		}
		s.Acquire(yield)
		a, b, c, d := worker("a"), worker("b"), worker("c"), worker("d")
		coro.Sleep(time.Second).Await(yield)
		b.Cancel(nil) // while it waits: takes nothing
		b.Await(yield)
		coro.Sleep(time.Second).Await(yield)
		s.Release() // hands the permit to a...
		a.Cancel(nil)
		// ...which passes it on to c.
		for _, task := range []*coro.Task[struct{}]{a, c, d} {
			task.Await(yield)
		}
		if s.Value() != 1 {
			t.Errorf("Value %d after every release, want 1", s.Value())
		}

		// The last waiter, cancelled as the permit is handed to it: the permit
		// is free again.
		s.Acquire(yield)
		e := worker("e")
		coro.Sleep(time.Second).Await(yield)
		s.Release()
		e.Cancel(nil)
		e.Await(yield)
		if s.Value() != 1 {
			t.Errorf("Value %d, want 1: the permit handed to a cancelled waiter is lost", s.Value())
		}

		f := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			err := s.Acquire(yield)
			tr.add("free permit, already cancelled: %s", errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		f.Cancel(nil)
		f.Await(yield)
		if s.Value() != 1 {
			t.Errorf("Value %d, want 1: a cancelled task took a permit", s.Value())
		}
		return nil
	})
}

func TestBoundedSemaphore(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		s := coro.NewBoundedSemaphore(2)
		mustPanic(t, "releasing a full BoundedSemaphore", s.Release)
		if s.Value() != 2 {
			t.Errorf("Value %d after a failed over-release, want 2", s.Value())
		}
		s.Acquire(yield)
		s.Release() // fine: it was acquired

		// Inside a task the panic is the task's error; the loop and the other
		// tasks go on.
		steps := 0
		bystander := syncTask(yield, func(yield Y) error {
			for range 3 {
				steps++
				if _, err := coro.Sleep(0).Await(yield); err != nil {
					return err
				}
			}
			return nil
		})
		over := syncTask(yield, func(yield Y) error {
			if err := s.Acquire(yield); err != nil {
				return err
			}
			s.Release()
			s.Release()
			return nil
		})
		_, err := over.Await(yield)
		if msg := panicMessage(err); msg != "coro: BoundedSemaphore released too many times" {
			t.Errorf("over-release in a task: %v; want a PanicError saying so", err)
		}
		if _, err := bystander.Await(yield); err != nil || steps != 3 {
			t.Errorf("bystander: %v after %d steps", err, steps)
		}
		if s.Value() != 2 {
			t.Errorf("Value %d, want 2", s.Value())
		}
		// A plain Semaphore can be released beyond its start.
		plain := coro.NewSemaphore(1)
		plain.Release()
		if plain.Value() != 2 {
			t.Errorf("plain Semaphore released once more: Value %d, want 2", plain.Value())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSyncBadUse(t *testing.T) {
	mustPanic(t, "NewSemaphore(-1)", func() { coro.NewSemaphore(-1) })
	mustPanic(t, "NewBoundedSemaphore(-1)", func() { coro.NewBoundedSemaphore(-1) })
	mustPanic(t, "NewBarrier(0)", func() { coro.NewBarrier(0) })
	mustPanic(t, "NewBarrier(-1)", func() { coro.NewBarrier(-1) })
	var l coro.Lock
	mustPanic(t, "Release of an unlocked Lock", l.Release)
	l.TryAcquire()
	l.Release()
	mustPanic(t, "a second Release", l.Release)

	_, err := run(t, func(yield Y) (struct{}, error) {
		steps := 0
		bystander := syncTask(yield, func(yield Y) error {
			for range 4 {
				steps++
				if _, err := coro.Sleep(0).Await(yield); err != nil {
					return err
				}
			}
			return nil
		})
		var free coro.Lock
		release := syncTask(yield, func(Y) error { free.Release(); return nil })
		cond := coro.NewCondition(nil)
		wait := syncTask(yield, func(yield Y) error { return cond.Wait(yield) })
		if _, err := release.Await(yield); panicMessage(err) != "coro: Release of an unlocked Lock" {
			t.Errorf("Release of an unlocked Lock: %v, want a PanicError", err)
		}
		if _, err := wait.Await(yield); !errors.Is(err, coro.ErrNotLocked) {
			t.Errorf("Condition.Wait without the lock: %v, want ErrNotLocked", err)
		}
		if err := cond.Notify(1); !errors.Is(err, coro.ErrNotLocked) {
			t.Errorf("Condition.Notify without the lock: %v, want ErrNotLocked", err)
		}
		if err := cond.NotifyAll(); !errors.Is(err, coro.ErrNotLocked) {
			t.Errorf("Condition.NotifyAll without the lock: %v, want ErrNotLocked", err)
		}
		if free.Locked() || cond.L.Locked() {
			t.Error("a failed Release or Wait left a lock locked")
		}
		if _, err := bystander.Await(yield); err != nil || steps != 4 {
			t.Errorf("bystander: %v after %d steps", err, steps)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Condition

func TestConditionNotify(t *testing.T) {
	checkTrace(t, []string{
		"main notifies 1 at 1s",
		"main releases at 2s",
		"w1 notified at 2s, locked true",
		"main notifies 2 at 3s",
		"w2 notified at 3s, locked true",
		"w3 notified at 3s, locked true",
		"main notifies all at 4s",
		"w4 notified at 4s, locked true",
		"w1 notified at 4s, locked true",
		"late notified at 6s, locked true",
	}, func(yield Y, tr *trace) error {
		c := coro.NewCondition(nil)
		watcher := func(name string, rounds int) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				if err := c.L.Acquire(yield); err != nil {
					return err
				}
				defer c.L.Release()
				for range rounds {
					if err := c.Wait(yield); err != nil {
						return err
					}
					tr.add("%s notified at %v, locked %v", name, coro.Now(yield), c.L.Locked())
				}
				return nil
			})
		}
		ts := []*coro.Task[struct{}]{watcher("w1", 2), watcher("w2", 1), watcher("w3", 1), watcher("w4", 1)}
		coro.Sleep(time.Second).Await(yield)
		// Notify(1) wakes w1, which goes on only once main releases the lock.
		c.L.Acquire(yield)
		tr.add("main notifies 1 at %v", coro.Now(yield))
		if err := c.Notify(1); err != nil {
			t.Error(err)
		}
		coro.Sleep(time.Second).Await(yield)
		tr.add("main releases at %v", coro.Now(yield))
		c.L.Release()
		coro.Sleep(time.Second).Await(yield)
		// w1 waits again, behind w2, w3, w4.
		tr.add("main notifies 2 at %v", coro.Now(yield))
		holding(t, yield, c.L, func() error { return errors.Join(c.Notify(2), c.Notify(0), c.Notify(-1)) })
		coro.Sleep(time.Second).Await(yield)
		tr.add("main notifies all at %v", coro.Now(yield))
		holding(t, yield, c.L, c.NotifyAll)
		for _, task := range ts {
			if _, err := task.Await(yield); err != nil {
				return err
			}
		}
		// A notification with no one waiting is not kept for a later Wait.
		holding(t, yield, c.L, func() error { return errors.Join(c.Notify(1), c.NotifyAll()) })
		late := watcher("late", 1)
		coro.Sleep(time.Second).Await(yield)
		if late.Done() {
			t.Error("a Wait returned on a notification made before it")
		}
		coro.Sleep(time.Second).Await(yield)
		holding(t, yield, c.L, func() error { return c.Notify(5) })
		_, err := late.Await(yield)
		return err
	})
}

// holding runs fn holding l, and fails the test on fn's error.
func holding(t *testing.T, yield Y, l *coro.Lock, fn func() error) {
	t.Helper()
	if err := l.Acquire(yield); err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := fn(); err != nil {
		t.Error(err)
	}
}

func TestConditionWaitUntil(t *testing.T) {
	checkTrace(t, []string{
		"c1 waits",
		"c2 waits",
		"c1 got x at 2s",
		"c2 got y at 3s",
	}, func(yield Y, tr *trace) error {
		var l coro.Lock
		c := coro.NewCondition(&l)
		if c.L != &l {
			t.Error("NewCondition(l) does not use l")
		}
		var items []string
		checks := 0
		ready := func() bool { checks++; return len(items) > 0 }
		consumer := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				if err := c.L.Acquire(yield); err != nil {
					return err
				}
				defer c.L.Release()
				tr.add("%s waits", name)
				if err := c.WaitUntil(yield, ready); err != nil {
					return err
				}
				tr.add("%s got %s at %v", name, items[0], coro.Now(yield))
				items = items[1:]
				return nil
			})
		}
		ts := []*coro.Task[struct{}]{consumer("c1"), consumer("c2")}
		coro.Sleep(time.Second).Await(yield)
		holding(t, yield, c.L, c.NotifyAll) // nothing there: both check and wait again
		coro.Sleep(time.Second).Await(yield)
		items = append(items, "x")
		holding(t, yield, c.L, c.NotifyAll) // c1 takes x; c2 finds nothing and waits again
		coro.Sleep(time.Second).Await(yield)
		items = append(items, "y")
		holding(t, yield, c.L, func() error { return c.Notify(1) })
		for _, task := range ts {
			if _, err := task.Await(yield); err != nil {
				return err
			}
		}
		// 2 first checks, 2 after the empty NotifyAll, 2 after x, 1 after y.
		if checks != 7 {
			t.Errorf("the predicate was checked %d times, want 7", checks)
		}

		// A true predicate: no wait, no switch.
		ran := false
		syncTask(yield, func(Y) error { ran = true; return nil })
		c.L.Acquire(yield)
		items = append(items, "z")
		err := c.WaitUntil(yield, ready)
		c.L.Release()
		if err != nil || ran {
			t.Errorf("WaitUntil with a true predicate: %v, switched %v", err, ran)
		}
		return nil
	})
}

// TestConditionCancelWhileWaiting: a waiter cancelled while it waits for a
// notification takes the lock back before Wait returns the CancelError, even
// if it has to wait for another task to release it.
func TestConditionCancelWhileWaiting(t *testing.T) {
	checkTrace(t, []string{
		"w: cancelled at 2s, locked true",
		"after w: locked false",
		"v, already cancelled: cancelled, locked true",
	}, func(yield Y, tr *trace) error {
		c := coro.NewCondition(nil)
		w := syncTask(yield, func(yield Y) error {
			c.L.Acquire(yield)
			err := c.Wait(yield)
			tr.add("w: %s at %v, locked %v", errName(err), coro.Now(yield), c.L.Locked())
			c.L.Release() // the caller's deferred Release: it must hold the lock
			return nil
		})
		coro.Sleep(0).Await(yield)
		c.L.Acquire(yield) // w cannot take the lock back until main releases it
		w.Cancel(nil)
		coro.Sleep(time.Second).Await(yield)
		if w.Done() {
			t.Error("a cancelled Wait returned without the lock")
		}
		coro.Sleep(time.Second).Await(yield)
		c.L.Release()
		_, err := w.Await(yield)
		tr.add("after w: locked %v", c.L.Locked())
		if err != nil {
			return err
		}

		// A cancelled task's Wait fails (level-triggered), with the lock held.
		v := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			c.L.TryAcquire()
			err := c.Wait(yield)
			tr.add("v, already cancelled: %s, locked %v", errName(err), c.L.Locked())
			c.L.Release()
			return nil
		})
		coro.Sleep(0).Await(yield)
		v.Cancel(nil)
		_, err = v.Await(yield)
		return err
	})
}

// TestConditionCancelNotifiedWaiterPassesItOn: a waiter notified and cancelled
// in the same step passes the notification on to the next waiter (as asyncio
// does since 3.13), so that a Notify(1) is not lost.
func TestConditionCancelNotifiedWaiterPassesItOn(t *testing.T) {
	checkTrace(t, []string{
		"a: cancelled, locked true",
		"b: ok, locked true",
		"d: cancelled, locked true",
	}, func(yield Y, tr *trace) error {
		c := coro.NewCondition(nil)
		waiter := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				c.L.Acquire(yield)
				defer c.L.Release()
				err := c.Wait(yield)
				tr.add("%s: %s, locked %v", name, errName(err), c.L.Locked())
				return nil
			})
		}
		a, b, d := waiter("a"), waiter("b"), waiter("d")
		coro.Sleep(0).Await(yield)
		holding(t, yield, c.L, func() error { return c.Notify(1) }) // wakes a
		a.Cancel(nil)
		a.Await(yield)
		b.Await(yield)
		turns(yield, 3)
		if d.Done() {
			t.Error("one Notify(1) woke two waiters")
		}
		d.Cancel(nil)
		d.Await(yield)
		return nil
	})
}

// TestConditionCancelWhileTakingTheLockBack: a waiter notified while the
// notifier holds the lock, and cancelled while it waits to take the lock back,
// still takes it back, and Wait returns its CancelError, as documented ("even
// when the task is cancelled meanwhile (then with the task's CancelError)")
// and as asyncio's wait raises CancelledError.
func TestConditionCancelWhileTakingTheLockBack(t *testing.T) {
	checkTrace(t, []string{
		"w: cancelled at 1s, locked true",
	}, func(yield Y, tr *trace) error {
		c := coro.NewCondition(nil)
		w := syncTask(yield, func(yield Y) error {
			c.L.Acquire(yield)
			defer c.L.Release()
			err := c.Wait(yield)
			tr.add("w: %s at %v, locked %v", errName(err), coro.Now(yield), c.L.Locked())
			return nil
		})
		coro.Sleep(0).Await(yield)
		c.L.Acquire(yield)
		c.Notify(1)
		turns(yield, 2) // w runs: notified, it waits for the lock
		w.Cancel(nil)
		coro.Sleep(time.Second).Await(yield)
		if w.Done() {
			t.Error("a cancelled Wait returned without the lock")
		}
		c.L.Release()
		w.Await(yield)
		return nil
	})
}

// Barrier

func TestBarrierRounds(t *testing.T) {
	checkTrace(t, []string{
		"a arrives at 1s, waiting 0",
		"c arrives at 2s, waiting 1",
		"b arrives at 3s, waiting 2",
		"b passes round 0 at 3s: index 2 ok",
		"a passes round 0 at 3s: index 0 ok",
		"c passes round 0 at 3s: index 1 ok",
		"a arrives at 4s, waiting 0",
		"c arrives at 5s, waiting 1",
		"b arrives at 6s, waiting 2",
		"b passes round 1 at 6s: index 2 ok",
		"a passes round 1 at 6s: index 0 ok",
		"c passes round 1 at 6s: index 1 ok",
	}, func(yield Y, tr *trace) error {
		b := coro.NewBarrier(3)
		if b.Parties() != 3 || b.Waiting() != 0 || b.Broken() {
			t.Errorf("new barrier: Parties %d, Waiting %d, Broken %v", b.Parties(), b.Waiting(), b.Broken())
		}
		party := func(name string, d time.Duration) coro.Coroutine {
			return func(yield Y) {
				for r := range 2 {
					coro.Sleep(d).Await(yield)
					tr.add("%s arrives at %v, waiting %d", name, coro.Now(yield), b.Waiting())
					i, err := b.Wait(yield)
					tr.add("%s passes round %d at %v: index %d %s", name, r, coro.Now(yield), i, errName(err))
				}
			}
		}
		_, err := coro.Gather(party("a", time.Second), party("b", 3*time.Second), party("c", 2*time.Second)).Await(yield)
		if b.Waiting() != 0 || b.Broken() {
			t.Errorf("after two rounds: Waiting %d, Broken %v", b.Waiting(), b.Broken())
		}

		// A barrier of one never waits.
		one := coro.NewBarrier(1)
		for range 2 {
			if i, err := one.Wait(yield); i != 0 || err != nil {
				t.Errorf("Barrier(1).Wait = %d, %v; want 0, nil", i, err)
			}
		}
		return err
	})
}

func TestBarrierAbortAndReset(t *testing.T) {
	checkTrace(t, []string{
		"r1: broken",
		"r2: broken",
		"x3: index 2 ok",
		"x1: index 0 ok",
		"x2: index 1 ok",
		"a1: broken",
		"a2: broken",
		"late: broken",
		"y2: index 1 ok",
		"y1: index 0 ok",
	}, func(yield Y, tr *trace) error {
		b := coro.NewBarrier(2)
		b3 := coro.NewBarrier(3)
		waiter := func(b *coro.Barrier, name string) coro.Coroutine {
			return func(yield Y) {
				i, err := b.Wait(yield)
				if err != nil {
					tr.add("%s: %s", name, errName(err))
					return
				}
				tr.add("%s: index %d %s", name, i, errName(err))
			}
		}
		b3.Reset() // no one waits: nothing to break
		if b3.Broken() {
			t.Error("Reset broke an idle barrier")
		}
		r1 := coro.Spawn(yield, waiter(b3, "r1"))
		r2 := coro.Spawn(yield, waiter(b3, "r2"))
		coro.Sleep(0).Await(yield)
		if b3.Waiting() != 2 {
			t.Errorf("Waiting %d, want 2", b3.Waiting())
		}
		// Reset fails the waiting tasks and leaves the barrier usable.
		b3.Reset()
		if b3.Waiting() != 0 || b3.Broken() {
			t.Errorf("after Reset: Waiting %d, Broken %v", b3.Waiting(), b3.Broken())
		}
		r1.Await(yield)
		r2.Await(yield)
		if _, err := coro.Gather(waiter(b3, "x1"), waiter(b3, "x2"), waiter(b3, "x3")).Await(yield); err != nil {
			return err
		}

		// Abort fails the waiting tasks and every later Wait, until Reset.
		a1 := coro.Spawn(yield, waiter(b3, "a1"))
		a2 := coro.Spawn(yield, waiter(b3, "a2"))
		coro.Sleep(0).Await(yield)
		b3.Abort()
		a1.Await(yield)
		a2.Await(yield)
		if !b3.Broken() {
			t.Error("not Broken after Abort")
		}
		waiter(b3, "late").Await(yield)
		b3.Reset()
		if b3.Broken() {
			t.Error("Broken after Reset")
		}
		y1 := coro.Spawn(yield, waiter(b, "y1"))
		coro.Sleep(0).Await(yield)
		waiter(b, "y2").Await(yield)
		_, err := y1.Await(yield)
		return err
	})
}

func TestBarrierCancelWhileWaiting(t *testing.T) {
	checkTrace(t, []string{
		"a: cancelled at 1s",
		"c: passes at 2s",
		"b: passes at 2s",
		"already cancelled: cancelled",
		"last, already cancelled: index 0 cancelled",
		"y: passes at 2s",
		"x: passes at 2s",
	}, func(yield Y, tr *trace) error {
		b := coro.NewBarrier(2)
		party := func(name string) *coro.Task[struct{}] {
			return syncTask(yield, func(yield Y) error {
				_, err := b.Wait(yield)
				if err != nil {
					tr.add("%s: %s at %v", name, errName(err), coro.Now(yield))
					return nil
				}
				tr.add("%s: passes at %v", name, coro.Now(yield))
				return nil
			})
		}
		a := party("a")
		coro.Sleep(time.Second).Await(yield)
		a.Cancel(nil)
		a.Await(yield)
		// a no longer counts: b waits for another party.
		if b.Waiting() != 0 {
			t.Errorf("Waiting %d after the waiter was cancelled, want 0", b.Waiting())
		}
		bt := party("b")
		coro.Sleep(time.Second).Await(yield)
		if bt.Done() {
			t.Error("b passed a barrier of two alone")
		}
		party("c").Await(yield)
		bt.Await(yield)

		// A cancelled task that arrives fails, and does not count.
		d := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			_, err := b.Wait(yield)
			tr.add("already cancelled: %s", errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		d.Cancel(nil)
		d.Await(yield)
		if b.Waiting() != 0 {
			t.Errorf("Waiting %d after a cancelled task arrived, want 0", b.Waiting())
		}

		// A cancelled task that would arrive last fails at once, without
		// counting (every await of a cancelled task fails, the barrier's lock
		// included): the round waits for another party.
		x := party("x")
		coro.Sleep(0).Await(yield)
		last := syncTask(yield, func(yield Y) error {
			coro.Sleep(time.Hour).Await(yield)
			i, err := b.Wait(yield)
			tr.add("last, already cancelled: index %d %s", i, errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		last.Cancel(nil)
		last.Await(yield)
		if x.Done() {
			t.Error("a cancelled arrival let the round go")
		}
		party("y").Await(yield)
		x.Await(yield)
		return nil
	})
}

// TestBarrierCancelledReleasedPartyLetsNoOneThrough: a party that a round
// released and that is cancelled before it runs must not let a party of the
// next round through alone (as in asyncio; see
// loop/testdata/order/barrier_cancel_woken.py).
func TestBarrierCancelledReleasedPartyLetsNoOneThrough(t *testing.T) {
	checkTrace(t, []string{
		"main passes: index 1",
		"a: cancelled",
		"main passes: index 1",
		"c: index 0 ok at 1s",
	}, func(yield Y, tr *trace) error {
		b := coro.NewBarrier(2)
		a := syncTask(yield, func(yield Y) error {
			_, err := b.Wait(yield)
			tr.add("a: %s", errName(err))
			return nil
		})
		coro.Sleep(0).Await(yield)
		c := syncTask(yield, func(yield Y) error { // runs after this step, before a
			i, err := b.Wait(yield)
			tr.add("c: index %d %s at %v", i, errName(err), coro.Now(yield))
			return nil
		})
		i, err := b.Wait(yield) // the second party: releases a
		if err != nil {
			return err
		}
		tr.add("main passes: index %d", i)
		a.Cancel(nil)
		coro.Sleep(time.Second).Await(yield)
		if c.Done() || b.Waiting() != 1 {
			t.Errorf("c passed alone (%v), or Waiting %d, want 1", c.Done(), b.Waiting())
		}
		i, err = b.Wait(yield)
		if err != nil {
			return err
		}
		tr.add("main passes: index %d", i)
		_, err = c.Await(yield)
		return err
	})
}

// Property tests

// permitScript is one run of a random script against a semaphore of n
// permits (or a Lock, when lock is set): see runPermitScript.
type permitScript struct {
	n       int
	lock    bool
	steps   []int
	victims []int
}

// Steps of a permit script.
const (
	stepAcquire       = iota // a new task acquires, perhaps waiting, and then holds
	stepRelease              // main releases a permit held, if any
	stepCancel               // cancel a pending task
	stepSettle               // let the loop run until nothing is on its way
	stepReleaseCancel        // release and cancel a pending task in the same step
	stepTryAcquire           // main takes a permit with TryAcquire
	stepTurn                 // let the loop run one turn
)

// runPermitScript runs s and reports the rules it broke: never more than n
// holders at once; once the loop settles, every permit either free or held
// (none lost, none invented), and no task waiting while a permit is free; at
// the end, after cancelling the tasks still waiting and releasing every
// permit, all n free; the tasks that acquired exactly those that were not
// cancelled (a task that Cancel reports cancelled never holds, whatever was
// handed to it), and for a Lock in the order they asked.
func runPermitScript(s permitScript) error {
	var (
		sem   *coro.Semaphore
		lock  coro.Lock
		value func() int
	)
	if s.lock {
		s.n = 1
		value = func() int {
			if lock.Locked() {
				return 0
			}
			return 1
		}
	} else {
		sem = coro.NewSemaphore(s.n)
		value = sem.Value
	}
	acquire := func(yield Y) error {
		if s.lock {
			return lock.Acquire(yield)
		}
		return sem.Acquire(yield)
	}
	release := func() {
		if s.lock {
			lock.Release()
		} else {
			sem.Release()
		}
	}
	tryAcquire := func() bool {
		if s.lock {
			return lock.TryAcquire()
		}
		return sem.TryAcquire()
	}

	var broken []string
	fail := func(format string, args ...any) { broken = append(broken, fmt.Sprintf(format, args...)) }
	holders := 0
	var order []int             // the tasks that acquired, in the order they did
	cancelled := map[int]bool{} // the tasks Cancel reported it cancelled
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		type pending struct {
			id   int
			task *coro.Task[struct{}]
		}
		var live []pending
		next := 0
		// settle lets the loop run until every permit is free or held: none
		// is on its way to a woken task. A lost permit never arrives.
		settle := func() {
			coro.Sleep(0).Await(yield)
			for turn := 0; turn < 100 && value()+holders != s.n; turn++ {
				coro.Sleep(0).Await(yield)
			}
			if v := value(); v+holders != s.n {
				fail("settled with %d permits free and %d held, of %d", v, holders, s.n)
			}
			live = slices.DeleteFunc(live, func(p pending) bool { return p.task.Done() })
			if value() > 0 && len(live) > 0 {
				fail("%d tasks wait while %d permits are free", len(live), value())
			}
		}
		cancel := func(i int) {
			live = slices.DeleteFunc(live, func(p pending) bool { return p.task.Done() })
			if len(live) > 0 {
				p := live[s.victims[i]%len(live)]
				if p.task.Cancel(nil) {
					cancelled[p.id] = true
				}
			}
		}
		for i, step := range s.steps {
			switch step {
			case stepAcquire:
				id := next
				next++
				live = append(live, pending{id, syncTask(yield, func(yield Y) error {
					if err := acquire(yield); err != nil {
						return err
					}
					holders++
					order = append(order, id)
					if holders > s.n {
						fail("%d holders of %d permits", holders, s.n)
					}
					return nil
				})})
			case stepRelease:
				if holders > 0 {
					holders--
					release()
				}
			case stepCancel:
				cancel(i)
			case stepSettle:
				settle()
			case stepReleaseCancel:
				if holders > 0 {
					holders--
					release()
				}
				cancel(i)
			case stepTryAcquire:
				if tryAcquire() {
					holders++
					if holders > s.n {
						fail("TryAcquire made %d holders of %d permits", holders, s.n)
					}
				}
			case stepTurn:
				coro.Sleep(0).Await(yield)
			}
		}
		settle()
		// Every task still waiting is cancelled; the others hold.
		for _, p := range live {
			if p.task.Cancel(nil) {
				cancelled[p.id] = true
			}
			p.task.Await(yield)
		}
		for holders > 0 {
			holders--
			release()
		}
		settle()
		if value() != s.n {
			fail("at the end %d permits are free, want %d", value(), s.n)
		}
		if !s.lock && sem.Locked() != (s.n == 0) {
			fail("at the end Locked is %v with %d permits free", sem.Locked(), value())
		}
		// The tasks that acquired are those not cancelled.
		var want []int
		for id := range next {
			if !cancelled[id] {
				want = append(want, id)
			}
		}
		got := slices.Clone(order)
		if !s.lock {
			slices.Sort(got) // a Semaphore's holders need not come in order
		}
		if !slices.Equal(want, got) {
			fail("the tasks that acquired %v are not the tasks not cancelled %v, in order", order, want)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock())
	if err != nil {
		broken = append(broken, err.Error())
	}
	if len(broken) > 0 {
		return errors.New(strings.Join(broken, "; "))
	}
	return nil
}

func drawPermitScript(rt *rapid.T, lock bool) permitScript {
	s := permitScript{lock: lock}
	if !lock {
		s.n = rapid.IntRange(0, 3).Draw(rt, "n")
	}
	// Weighted towards acquiring and releasing, so that tasks queue up and
	// permits change hands often.
	kinds := []int{
		stepAcquire, stepAcquire, stepAcquire, stepAcquire,
		stepRelease, stepRelease,
		stepReleaseCancel, stepReleaseCancel,
		stepCancel, stepSettle, stepSettle, stepTryAcquire, stepTurn, stepTurn,
	}
	s.steps = rapid.SliceOfN(rapid.SampledFrom(kinds), 10, 100).Draw(rt, "steps")
	s.victims = rapid.SliceOfN(rapid.IntRange(0, 3), len(s.steps), len(s.steps)).Draw(rt, "victims")
	return s
}

// The race that loses a permit: two tasks wait, a release hands the permit to
// the first, which is cancelled in the same step.
var handOffRace = []int{stepAcquire, stepAcquire, stepAcquire, stepSettle, stepReleaseCancel, stepSettle}

// TestSemaphorePermitsAreConserved runs random interleavings of Acquire in new
// tasks, Release, TryAcquire, cancellations and loop turns on a Semaphore(n):
// never more than n holders, no permit lost or invented, FIFO service of the
// tasks not cancelled (see runPermitScript).
func TestSemaphorePermitsAreConserved(t *testing.T) {
	if err := runPermitScript(permitScript{n: 2, steps: slices.Insert(handOffRace, 0, stepAcquire), victims: make([]int, 7)}); err != nil {
		t.Fatalf("hand-off race: %v", err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		if err := runPermitScript(drawPermitScript(rt, false)); err != nil {
			rt.Fatal(err)
		}
	})
}

// TestLockHoldersOneAtATimeInOrder is TestSemaphorePermitsAreConserved for a
// Lock: at most one holder, and the tasks not cancelled hold it in the order
// they asked.
func TestLockHoldersOneAtATimeInOrder(t *testing.T) {
	if err := runPermitScript(permitScript{lock: true, steps: handOffRace, victims: make([]int, 6)}); err != nil {
		t.Fatalf("hand-off race: %v", err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		if err := runPermitScript(drawPermitScript(rt, true)); err != nil {
			rt.Fatal(err)
		}
	})
}
