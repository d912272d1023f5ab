package loop_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// RunUntil runs what is due before its end and nothing due at it, as SimPy's
// run(until=t) does; the next run goes on from there.
func TestRunUntilStopsBeforeItsEnd(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var got []string
	at := func(d time.Duration, name string) {
		if _, err := l.CallAt(d, func() { got = append(got, name+"@"+l.Now().String()) }); err != nil {
			t.Fatal(err)
		}
	}
	at(time.Second, "a")
	at(2*time.Second, "b")
	at(3*time.Second, "c")
	if err := l.RunUntil(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a@1s"}, got); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	if l.Now() != 2*time.Second {
		t.Errorf("after RunUntil(2s) the clock reads %v", l.Now())
	}
	if err := l.RunUntil(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a@1s", "b@2s", "c@3s"}, got); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	if l.Now() != 5*time.Second {
		t.Errorf("after RunUntil(5s) the clock reads %v", l.Now())
	}
}

// A task asleep across the end resumes in a later run, at its own deadline;
// a task that never ends is not a deadlock here.
func TestRunUntilLeavesTasksForTheNextRun(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var ticks []time.Duration
	loop.Start(l, coro.Coroutine(func(yield Y) {
		for {
			if _, err := coro.Sleep(3 * time.Second).Await(yield); err != nil {
				return
			}
			ticks = append(ticks, coro.Now(yield))
		}
	}))
	waiter := loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		return coro.NewFuture[int](yield).Await(yield) // nothing will set it
	}))
	for _, end := range []time.Duration{4 * time.Second, 10 * time.Second} {
		if err := l.RunUntil(end); err != nil {
			t.Fatalf("RunUntil(%v): %v", end, err)
		}
	}
	want := []time.Duration{3 * time.Second, 6 * time.Second, 9 * time.Second}
	if diff := cmp.Diff(want, ticks); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	if waiter.Done() {
		t.Error("the waiting task ended")
	}
}

// With nothing at all to do, the time just passes.
func TestRunUntilWithNothingToDo(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	if err := l.RunUntil(time.Hour); err != nil {
		t.Fatal(err)
	}
	if l.Now() != time.Hour {
		t.Errorf("clock reads %v, want 1h", l.Now())
	}
	if err := l.RunUntil(time.Hour); err != nil { // the end is now: nothing to run
		t.Errorf("RunUntil(now): %v", err)
	}
}

func TestRunUntilMisuse(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	if err := l.RunUntil(time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := l.RunUntil(time.Second); err == nil || !strings.Contains(err.Error(), "before the loop's time") {
		t.Errorf("RunUntil in the past: got %v", err)
	}
	var inner error
	l.CallSoon(func() { inner = l.RunUntil(2 * time.Minute) })
	if err := l.RunUntil(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(inner, loop.ErrRunning) {
		t.Errorf("RunUntil from inside the run: got %v, want ErrRunning", inner)
	}
	l.Close()
	if err := l.RunUntil(3 * time.Minute); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("RunUntil after Close: got %v, want ErrClosed", err)
	}
}

// Stop ends the run early; the clock stays where it was.
func TestRunUntilStop(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	l.CallLater(time.Second, l.Stop)
	ran := false
	l.CallLater(2*time.Second, func() { ran = true })
	if err := l.RunUntil(time.Minute); err != nil {
		t.Fatal(err)
	}
	if ran || l.Now() != time.Second {
		t.Errorf("after Stop at 1s: ran the 2s callback %v, clock %v", ran, l.Now())
	}
}

// On a real clock RunUntil waits for the time to come.
func TestRunUntilRealClock(t *testing.T) {
	l := loop.New()
	defer l.Close()
	ran := false
	l.CallLater(5*time.Millisecond, func() { ran = true })
	if err := l.RunUntil(20 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if !ran || l.Now() < 20*time.Millisecond {
		t.Errorf("ran %v, clock %v: want the callback run and the clock past 20ms", ran, l.Now())
	}
}
