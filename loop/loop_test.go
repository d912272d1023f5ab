package loop_test

import (
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

type Y = coro.Yield

func newLoop(t *testing.T, opts ...loop.Option) *loop.Loop {
	t.Helper()
	l := loop.New(append([]loop.Option{loop.WithVirtualClock()}, opts...)...)
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return l
}

func sleepFor(d time.Duration) coro.Coroutine {
	return func(yield Y) { coro.Sleep(d).Await(yield) }
}

func TestCallbacksOrder(t *testing.T) {
	l := newLoop(t)
	var got []string
	add := func(s string) func() { return func() { got = append(got, s) } }
	l.CallLater(2*time.Second, add("later 2s"))
	l.CallLater(time.Second, add("later 1s a"))
	l.CallAt(l.Now()+time.Second, add("at 1s b (tie: set after a)"))
	l.CallLater(time.Second, add("later 1s c"))
	l.CallSoon(add("soon 1"))
	h, _ := l.CallSoon(add("cancelled"))
	l.CallSoon(func() {
		got = append(got, "soon 2")
		l.CallSoon(add("soon from soon: next turn"))
	})
	l.CallSoon(add("soon 3"))
	if !h.Cancel() || h.Cancel() {
		t.Error("Cancel should report true once")
	}
	if _, err := loop.RunUntilComplete(l, sleepFor(3*time.Second)); err != nil {
		t.Fatal(err)
	}
	want := []string{"soon 1", "soon 2", "soon 3", "soon from soon: next turn",
		"later 1s a", "at 1s b (tie: set after a)", "later 1s c", "later 2s"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestCancelledTimerHandle(t *testing.T) {
	l := newLoop(t)
	ran := false
	h, err := l.CallLater(time.Second, func() { ran = true })
	if err != nil {
		t.Fatal(err)
	}
	if h.When() != time.Second {
		t.Errorf("When() = %v, want 1s", h.When())
	}
	h.Cancel()
	loop.RunUntilComplete(l, sleepFor(2*time.Second))
	if ran {
		t.Error("a cancelled CallLater ran")
	}
}

func TestBadCallbacks(t *testing.T) {
	l := newLoop(t)
	if _, err := l.CallLater(-time.Second, func() {}); !errors.Is(err, coro.ErrNegativeDuration) {
		t.Errorf("CallLater(-1s): %v, want ErrNegativeDuration", err)
	}
	if _, err := l.CallSoon(nil); !errors.Is(err, loop.ErrNilCallback) {
		t.Errorf("CallSoon(nil): %v, want ErrNilCallback", err)
	}
	if err := l.CallSoonThreadsafe(nil); !errors.Is(err, loop.ErrNilCallback) {
		t.Errorf("CallSoonThreadsafe(nil): %v, want ErrNilCallback", err)
	}
	if _, err := loop.RunUntilComplete[int](l, nil); !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("RunUntilComplete(nil): %v, want ErrNilCoroutine", err)
	}
	if _, err := loop.RunUntilComplete(l, coro.Func[int](nil)); !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("RunUntilComplete(nil Func): %v, want ErrNilCoroutine", err)
	}
	if _, err := loop.Run[int](nil); !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("Run(nil): %v, want ErrNilCoroutine", err)
	}
}

func TestRunUntilCompleteReturnsValue(t *testing.T) {
	l := newLoop(t)
	v, err := loop.RunUntilComplete(l, coro.Func[int](func(yield Y) (int, error) {
		coro.Sleep(time.Minute).Await(yield)
		return 5, nil
	}))
	if v != 5 || err != nil {
		t.Errorf("RunUntilComplete = %v, %v; want 5, nil", v, err)
	}
	if l.Now() != time.Minute {
		t.Errorf("virtual time %v after a one-minute sleep", l.Now())
	}
	// The loop can run again, and a task started before keeps its state.
	task := loop.Start(l, coro.Func[string](func(yield Y) (string, error) { return "again", nil }))
	if _, err := loop.RunUntilComplete(l, task); err != nil {
		t.Fatal(err)
	}
	if v, _ := task.Result(); v != "again" {
		t.Errorf("second run: %v", v)
	}
}

func TestRunWhileRunning(t *testing.T) {
	l := newLoop(t)
	var inner, closeErr error
	loop.RunUntilComplete(l, coro.Coroutine(func(yield Y) {
		_, inner = loop.RunUntilComplete(l, sleepFor(time.Second))
		closeErr = l.Close()
	}))
	if !errors.Is(inner, loop.ErrRunning) {
		t.Errorf("nested RunUntilComplete: %v, want ErrRunning", inner)
	}
	if !errors.Is(closeErr, loop.ErrRunning) {
		t.Errorf("Close while running: %v, want ErrRunning", closeErr)
	}
}

func TestRunFromTwoGoroutinesAtOnce(t *testing.T) {
	l := loop.New() // real clock: the first run must still be running
	defer l.Close()
	release := l.Hold()
	started := make(chan struct{})
	done := make(chan error)
	l.CallSoon(func() { close(started) })
	go func() { done <- l.RunForever() }()
	<-started
	if err := l.RunForever(); !errors.Is(err, loop.ErrRunning) {
		t.Errorf("second RunForever: %v, want ErrRunning", err)
	}
	if err := l.CallSoonThreadsafe(l.Stop); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("RunForever: %v", err)
	}
	release()
}

func TestUseAfterClose(t *testing.T) {
	l := loop.New()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if !l.IsClosed() {
		t.Error("IsClosed false after Close")
	}
	for name, err := range map[string]error{
		"RunUntilComplete":   second(loop.RunUntilComplete(l, sleepFor(0))),
		"RunForever":         l.RunForever(),
		"CallSoon":           second(l.CallSoon(func() {})),
		"CallLater":          second(l.CallLater(time.Second, func() {})),
		"CallAt":             second(l.CallAt(0, func() {})),
		"CallSoonThreadsafe": l.CallSoonThreadsafe(func() {}),
	} {
		if !errors.Is(err, coro.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	task := loop.Start(l, sleepFor(time.Second))
	if _, err := task.Result(); !task.Done() || !errors.Is(err, coro.ErrClosed) {
		t.Errorf("Start on a closed loop: done=%v err=%v, want ErrClosed at once", task.Done(), err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestCloseAbandonsTasksAndRunsDefers(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var log []string
	task := loop.Start(l, coro.Coroutine(func(yield Y) {
		defer func() { log = append(log, "defer ran") }()
		ok := yield(coro.Sleep(time.Hour))
		log = append(log, "yield returned "+map[bool]string{true: "true", false: "false"}[ok])
	}))
	loop.RunUntilComplete(l, sleepFor(time.Second))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"yield returned false", "defer ran"}, log); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := task.Result(); !errors.Is(err, coro.ErrCancelled) || !errors.Is(err, coro.ErrClosed) {
		t.Errorf("abandoned task: %v, want cancelled by ErrClosed", err)
	}
}

func TestDeadlockNamesStuckTasks(t *testing.T) {
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		f := coro.NewFuture[int](yield)
		coro.Spawn(yield, coro.Func[int](f.Await), coro.WithName("stuck-worker"))
		return f.Await(yield) // nobody will ever set it
	}), loop.WithVirtualClock())
	if !errors.Is(err, coro.ErrDeadlock) {
		t.Fatalf("Run: %v, want ErrDeadlock", err)
	}
	for _, want := range []string{"Task-1 (waiting on Future[int])", "stuck-worker (waiting on Future[int])"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("deadlock error does not name %q:\n%v", want, err)
		}
	}
}

func TestHoldPreventsDeadlockAndWakesTheLoop(t *testing.T) {
	for _, clock := range []string{"real", "virtual"} {
		t.Run(clock, func(t *testing.T) {
			var opts []loop.Option
			if clock == "virtual" {
				opts = append(opts, loop.WithVirtualClock())
			}
			v, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
				l := loop.Current(yield)
				f := coro.NewFuture[int](yield)
				// A timeout far away: the virtual clock must not jump to it
				// while the goroutine holds the loop.
				coro.Spawn(yield, sleepFor(time.Hour))
				release := l.Hold()
				go func() {
					defer release()
					time.Sleep(10 * time.Millisecond)
					l.CallSoonThreadsafe(func() { f.SetResult(42) })
				}()
				start := l.Now()
				v, err := f.Await(yield)
				if clock == "virtual" && l.Now() != start {
					t.Errorf("virtual clock moved %v while waiting for a held event", l.Now()-start)
				}
				return v, err
			}), opts...)
			if v != 42 || err != nil {
				t.Errorf("Run = %v, %v; want 42, nil", v, err)
			}
		})
	}
}

func TestCallbackPanicIsReportedAndLoopGoesOn(t *testing.T) {
	var reported []error
	l := newLoop(t, loop.WithErrorHandler(func(err error) { reported = append(reported, err) }))
	var after []string
	l.CallSoon(func() { after = append(after, "before") })
	l.CallSoon(func() { panic("callback bug") })
	l.CallSoon(func() { after = append(after, "after") })
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(reported) != 1 {
		t.Fatalf("%d errors reported, want 1", len(reported))
	}
	var pe *coro.PanicError
	if !errors.As(reported[0], &pe) || pe.Value != "callback bug" {
		t.Errorf("reported %v, want the PanicError", reported[0])
	}
	if diff := cmp.Diff([]string{"before", "after"}, after); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStopBeforeComplete(t *testing.T) {
	l := newLoop(t)
	l.CallLater(time.Second, l.Stop)
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Hour)); !errors.Is(err, loop.ErrStopped) {
		t.Errorf("RunUntilComplete stopped early: %v, want ErrStopped", err)
	}
}

func TestRunCancelsLeftoverTasks(t *testing.T) {
	var log []string
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			_, err := coro.Sleep(time.Hour).Await(yield)
			log = append(log, "leftover: "+err.Error())
		}))
		return coro.SleepResult(0, 0).Await(yield)
	}), loop.WithVirtualClock())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"leftover: coro: cancelled: coro: loop closed"}, log); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Main is Run for a main that returns only an error: the error comes back,
// what main left is cancelled, and a nil main or a panic is an error.
func TestMainRunsMainAsRunDoes(t *testing.T) {
	errBoom := errors.New("boom")
	var leftover error
	err := loop.Main(func(yield Y) error {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			_, leftover = coro.Sleep(time.Hour).Await(yield)
		}))
		if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
			return err
		}
		return errBoom
	}, loop.WithVirtualClock())
	if !errors.Is(err, errBoom) {
		t.Errorf("Main: %v, want main's error", err)
	}
	if !errors.Is(leftover, coro.ErrCancelled) {
		t.Errorf("the task main left: %v, want it cancelled by the shutdown", leftover)
	}
	if err := loop.Main(func(yield Y) error { _, err := coro.Sleep(0).Await(yield); return err }, loop.WithVirtualClock()); err != nil {
		t.Errorf("Main of a main that succeeds: %v", err)
	}
	if err := loop.Main(nil); !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("Main(nil): %v, want ErrNilCoroutine", err)
	}
	var pe *coro.PanicError
	if err := loop.Main(func(Y) error { panic("main bug") }); !errors.As(err, &pe) || pe.Value != "main bug" {
		t.Errorf("Main of a main that panics: %v, want a PanicError", err)
	}
}

func TestLoopsOnTwoGoroutinesRunInParallel(t *testing.T) {
	var wg sync.WaitGroup
	results := make([]int, 2)
	for i := range results {
		wg.Go(func() {
			v, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
				sum := 0
				for j := range 1000 {
					coro.Sleep(0).Await(yield)
					sum += j
				}
				return sum + i, nil
			}), loop.WithVirtualClock())
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		})
	}
	wg.Wait()
	if diff := cmp.Diff([]int{499500, 499501}, results); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLockedThread(t *testing.T) {
	l := loop.New(loop.WithLockedThread(true), loop.WithVirtualClock())
	// A task is created and suspended in one run and resumed in the next and
	// at close: the lock state must match every time.
	loop.Start(l, sleepFor(time.Hour))
	for range 2 {
		if _, err := loop.RunUntilComplete(l, coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(time.Second, 1).Await(yield)
		})); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// The goroutine is unpinned again: a new coroutine works here.
	runtime.Gosched()
}

func TestContextCarriesTheLoop(t *testing.T) {
	l := newLoop(t)
	ctx := loop.NewContext(t.Context(), l)
	if loop.FromContext(ctx) != l {
		t.Error("FromContext did not return the loop")
	}
	if loop.FromContext(t.Context()) != nil {
		t.Error("FromContext of a bare context is not nil")
	}
	var seen *loop.Loop
	loop.RunUntilComplete(l, coro.Coroutine(func(yield Y) { seen = loop.Current(yield) }))
	if seen != l {
		t.Error("Current did not return the running loop")
	}
}

// TestHourOfSleepsIsInstantUnderVirtualTime would take an hour on a real clock.
func TestHourOfSleepsIsInstantUnderVirtualTime(t *testing.T) {
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		for range 3600 {
			if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
				return 0, err
			}
		}
		if now := coro.Now(yield); now != time.Hour {
			t.Errorf("virtual time %v after 3600 one-second sleeps", now)
		}
		return 0, nil
	}), loop.WithVirtualClock())
	if err != nil {
		t.Fatal(err)
	}
}

// TestIdleCoroutinePoolFollowsDemand checks that the loop keeps the coroutines
// of a burst of tasks for the next burst, and stops them once no task has
// needed them for a while (two trims, trimEvery of real time apart: 20ms here).
func TestIdleCoroutinePoolFollowsDemand(t *testing.T) {
	const every = 20 * time.Millisecond
	loop.TrimEvery(t, every)
	l := loop.New()
	defer l.Close()
	burst := func(n int) coro.Coroutine {
		return func(yield Y) {
			tasks := make([]*coro.Task[struct{}], n)
			for i := range tasks {
				tasks[i] = coro.Spawn(yield, sleepFor(time.Millisecond))
			}
			for _, task := range tasks {
				task.Await(yield)
			}
		}
	}
	if _, err := loop.RunUntilComplete(l, burst(1000)); err != nil {
		t.Fatal(err)
	}
	if got := loop.IdleCoroutines(l); got < 1000 {
		t.Fatalf("after a burst of 1000 tasks, %d idle coroutines are kept, want at least 1000", got)
	}
	if _, err := loop.RunUntilComplete(l, burst(10)); err != nil {
		t.Fatal(err)
	}
	if got := loop.IdleCoroutines(l); got < 1000 {
		t.Fatalf("a second burst created coroutines instead of reusing them: %d idle", got)
	}
	// Three quiet periods, the loop waking after each: the pool is trimmed
	// of what nobody used.
	quiet := coro.Coroutine(func(yield Y) {
		for range 3 {
			coro.Sleep(every).Await(yield)
		}
	})
	if _, err := loop.RunUntilComplete(l, quiet); err != nil {
		t.Fatal(err)
	}
	if got := loop.IdleCoroutines(l); got > 1 {
		t.Errorf("after 3 idle periods, %d idle coroutines are kept, want at most 1", got)
	}
}

// On a virtual clock the pool is trimmed on real time too: a simulation's
// quiet hour takes microseconds, and the next burst reuses the coroutines.
func TestIdleCoroutinePoolVirtualTime(t *testing.T) {
	l := newLoop(t)
	burst := coro.Coroutine(func(yield Y) {
		tasks := make([]*coro.Task[struct{}], 100)
		for i := range tasks {
			tasks[i] = coro.Spawn(yield, sleepFor(time.Millisecond))
		}
		for _, task := range tasks {
			task.Await(yield)
		}
		for range 10 {
			coro.Sleep(time.Hour).Await(yield)
		}
	})
	if _, err := loop.RunUntilComplete(l, burst); err != nil {
		t.Fatal(err)
	}
	if got := loop.IdleCoroutines(l); got < 100 {
		t.Errorf("after 10 hours of virtual time, %d idle coroutines are kept, want the burst's 100", got)
	}
}

// Start starts tasks from outside any coroutine, and Tasks lists the live
// ones in the order they started, as asyncio.all_tasks.
func TestStartAndTasks(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	a := loop.Start(l, sleepFor(time.Second), coro.WithName("a"))
	b := loop.Start(l, coro.SleepResult(2*time.Second, "b"), coro.WithName("b"))
	var names []string
	for _, r := range l.Tasks() {
		names = append(names, r.Name())
	}
	if want := []string{"a", "b"}; !slices.Equal(names, want) {
		t.Errorf("Tasks before the run: %v, want %v", names, want)
	}
	if v, err := loop.RunUntilComplete(l, b); v != "b" || err != nil {
		t.Errorf("RunUntilComplete(b) = %q, %v", v, err)
	}
	if !a.Done() || len(l.Tasks()) != 0 {
		t.Errorf("after the run: a done %v, %d tasks live", a.Done(), len(l.Tasks()))
	}
}
