package loop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// stress returns how many rounds a stress test runs: n, or CORIO_STRESS
// times n in the long mode.
func stress(n int) int {
	if k, err := strconv.Atoi(os.Getenv("CORIO_STRESS")); err == nil && k > 1 {
		return n * k
	}
	return n
}

// A goroutine posts its result and then releases its hold: a loop that reads
// "nothing posted" before and "no hold" after must not call that a deadlock.
// ToThread does exactly this on every call.
func TestNoSpuriousDeadlockBetweenPostAndRelease(t *testing.T) {
	rounds := stress(50_000)
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		for i := range rounds {
			if _, err := loop.ToThread(func(context.Context) (int, error) { return i, nil }).Await(yield); err != nil {
				return i, err
			}
		}
		return rounds, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// A delay of math.MaxInt64 does not wrap: the callback never comes, and
// the loop runs the rest.
func TestHugeDelaysSaturate(t *testing.T) {
	fired := false
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		l := loop.Current(yield)
		coro.Sleep(time.Second).Await(yield) // the clock is past 0
		h, err := l.CallLater(math.MaxInt64, func() { fired = true })
		if err != nil {
			return struct{}{}, err
		}
		if h.When() < l.Now() {
			t.Errorf("CallLater(MaxInt64) is due at %v, before now", h.When())
		}
		defer h.Cancel()
		_, err = coro.Timeout(yield, math.MaxInt64, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return coro.Sleep(time.Second).Await(yield)
		}))
		if err != nil {
			return struct{}{}, err
		}
		_, timedOut, err := coro.MoveOnAfter(yield, math.MaxInt64, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return coro.Sleep(0).Await(yield)
		}))
		if timedOut || err != nil {
			t.Errorf("MoveOnAfter(MaxInt64): timed out %v, %v", timedOut, err)
		}
		second := coro.Func[int](func(yield Y) (int, error) { return coro.SleepResult(time.Second, 1).Await(yield) })
		if v, err := coro.WaitFor(yield, math.MaxInt64, second); v != 1 || err != nil {
			t.Errorf("WaitFor(MaxInt64) = %v, %v", v, err)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock())
	if err != nil || fired {
		t.Errorf("Run: %v; the callback of MaxInt64 fired: %v", err, fired)
	}
}

// A Send cancelled while a receiver takes its value reports the value as
// sent: every value a receiver got was reported sent, and no value reported
// sent is missing, so a caller that retries on error never sends twice.
func TestCancelledSendNeverSendsTwice(t *testing.T) {
	rounds := stress(2000)
	ch := make(chan int)
	got := make(chan []int, 1)
	go func() {
		var vs []int
		for v := range ch {
			vs = append(vs, v)
		}
		got <- vs
	}()
	var reported []int
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		for i := range rounds {
			task := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				return struct{}{}, loop.Send(yield, ch, i)
			}))
			coro.Sleep(0).Await(yield) // the send waits on its goroutine, or has gone
			task.Cancel(nil)           // races the receiver
			if _, err := task.Await(yield); err == nil {
				reported = append(reported, i)
			}
		}
		return struct{}{}, nil
	}))
	close(ch)
	received := <-got
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(received, reported) {
		t.Errorf("received %d values, %d reported sent; first difference in %v vs %v",
			len(received), len(reported), head(received), head(reported))
	}
}

// A Recv cancelled as a value arrives returns it: nothing sent is lost.
func TestCancelledRecvLosesNothing(t *testing.T) {
	rounds := stress(2000)
	ch := make(chan int)
	go func() {
		for i := range rounds {
			ch <- i
		}
		close(ch)
	}()
	var received []int
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		for {
			task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
				v, ok, err := loop.Recv(yield, ch)
				if err == nil && !ok {
					return -1, nil
				}
				return v, err
			}))
			coro.Sleep(0).Await(yield)
			task.Cancel(nil)
			v, err := task.Await(yield)
			switch {
			case v == -1:
				return struct{}{}, nil
			case err == nil:
				received = append(received, v)
			}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(received) != rounds || !slices.IsSorted(received) {
		t.Errorf("received %d of %d values: %v", len(received), rounds, head(received))
	}
}

func head(vs []int) []int { return vs[:min(len(vs), 10)] }

// A task that completes in the turn its loop stops reports its result
// through Submit, not ErrClosed: completed work is reported as completed.
func TestSubmittedResultOfTheLastTurnIsKept(t *testing.T) {
	for range stress(100) {
		l := loop.New()
		r := loop.Submit(l, coro.Func[int](func(yield Y) (int, error) {
			loop.Current(yield).Stop() // the loop stops after this turn
			return 42, nil
		}))
		if err := l.RunForever(); err != nil {
			t.Fatal(err)
		}
		l.Close()
		if v, err := r.Wait(context.Background()); v != 42 || err != nil {
			t.Fatalf("Result = %v, %v; want 42, nil", v, err)
		}
	}
}

// A ToThread function that calls runtime.Goexit fails its await with an
// error; the pool and the loop go on.
func TestToThreadGoexit(t *testing.T) {
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		for range 3 { // more than once: the pool replaces the goroutine it lost
			if _, err := loop.ToThread(func(context.Context) (int, error) {
				runtime.Goexit()
				return 0, nil
			}).Await(yield); err == nil || !strings.Contains(err.Error(), "Goexit") {
				t.Errorf("ToThread of a Goexit: %v, want an error that says so", err)
			}
		}
		v, err := loop.ToThread(func(context.Context) (int, error) { return 7, nil }).Await(yield)
		if v != 7 || err != nil {
			t.Errorf("ToThread after a Goexit: %v, %v", v, err)
		}
		return struct{}{}, nil
	}), loop.WithWorkers(1))
	if err != nil {
		t.Fatal(err)
	}
}

// panicky is an Instrument that panics in its first StepStarted.
type panicky struct {
	coro.Instrument
	panicked bool
}

func (p *panicky) StepStarted(coro.TaskRef) {
	if !p.panicked {
		p.panicked = true
		panic("instrument bug")
	}
}
func (p *panicky) TaskSpawned(t, parent coro.TaskRef)   {}
func (p *panicky) TaskScheduled(coro.TaskRef)           {}
func (p *panicky) StepEnded(coro.TaskRef)               {}
func (p *panicky) TaskExited(t coro.TaskRef, err error) {}

// An instrument that panics is reported, and the task it watched goes on.
func TestPanickingInstrumentWedgesNothing(t *testing.T) {
	var reported []error
	v, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		return coro.SleepResult(time.Second, 7).Await(yield)
	}), loop.WithVirtualClock(), loop.WithInstrument(&panicky{}),
		loop.WithErrorHandler(func(err error) { reported = append(reported, err) }))
	if v != 7 || err != nil {
		t.Errorf("Run = %v, %v; want 7, nil", v, err)
	}
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "instrument bug") {
		t.Errorf("reported %v; want the instrument's panic once", reported)
	}
}

// Pool.Close from a task on one of the pool's loops stops them all and
// returns an error, instead of waiting for itself for ever; a Close from
// outside then waits for the end.
func TestPoolCloseFromItsOwnLoop(t *testing.T) {
	p := loop.NewPool(2)
	r := loop.Submit(p.Loop(1), coro.Func[error](func(yield Y) (error, error) {
		return p.Close(), nil
	}))
	closeErr, err := r.Wait(context.Background())
	if err != nil || !errors.Is(closeErr, loop.ErrRunning) {
		t.Errorf("Pool.Close on one of its loops: %v, %v; want ErrRunning", closeErr, err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("Pool.Close from outside, afterwards: %v", err)
	}
	if _, err := loop.Submit(p.Loop(0), coro.Func[int](func(Y) (int, error) { return 1, nil })).Wait(context.Background()); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("Submit to a closed pool's loop: %v, want ErrClosed", err)
	}
}

// Every panic reaches the logger: one in a connection handler, which nobody
// awaits, and one in a deferred call of a task abandoned at close.
func TestPanicsAreReportedSomewhere(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(Y, *loop.Stream) { panic("handler bug") })
		if err != nil {
			return struct{}{}, err
		}
		defer srv.Close()
		c, err := loop.OpenConnection(yield, "tcp", srv.Addr().String())
		if err != nil {
			return struct{}{}, err
		}
		defer c.Close()
		c.Read(yield, make([]byte, 1)) // the handler panics, and its stream closes
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			defer func() { panic("deferred bug") }()
			coro.Sleep(time.Hour).Await(yield)
			coro.Sleep(time.Hour).Await(yield) // ignores the shutdown's cancellation
		}))
		return coro.Sleep(0).Await(yield)
	}), loop.WithLogger(logTo(&log)), loop.WithShutdownTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"connection handler failed", "handler bug", "panicked on its way out at close", "deferred bug"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
}

// A program that fails fire-and-forget tasks without end keeps a bounded
// number of them to report at close; the others are reported as they are
// given up on. Every one is reported, once.
func TestUnseenFailuresAreBounded(t *testing.T) {
	const failed = 3000
	var log bytes.Buffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		for i := range failed {
			coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 0, fmt.Errorf("failure %d", i) }))
			coro.Sleep(0).Await(yield)
		}
		if kept := loop.UnseenFailures(loop.Current(yield)); kept > 1024 {
			t.Errorf("%d failed tasks kept for Close to report", kept)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock(), loop.WithLogger(logTo(&log)))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "task failed and nobody "); n != failed {
		t.Errorf("%d failures reported, want %d", n, failed)
	}
	for _, want := range []string{"failure 0\n", "failure 2999\n"} {
		if !strings.Contains(log.String(), `err="`+strings.TrimSuffix(want, "\n")+`"`) {
			t.Errorf("%q is not reported", strings.TrimSpace(want))
		}
	}
}

// A pinned loop stays on its thread between runs, so a Close after a pause
// resumes its coroutines on the thread that made them (the runtime ends the
// process otherwise); from another goroutine, it says so instead.
func TestPinnedLoopStaysOnItsThread(t *testing.T) {
	l := loop.New(loop.WithLockedThread(true), loop.WithVirtualClock())
	if _, err := loop.RunUntilComplete(l, coro.Func[int](func(yield Y) (int, error) {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) { coro.Sleep(time.Hour).Await(yield) }))
		return coro.SleepResult(0, 1).Await(yield)
	})); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond) // time for the goroutine to move, if it could
	if runtime.GOOS == "linux" {
		fromElsewhere := make(chan error)
		go func() { fromElsewhere <- l.Close() }()
		if err := <-fromElsewhere; !errors.Is(err, loop.ErrWrongThread) {
			t.Errorf("Close from another goroutine: %v, want ErrWrongThread", err)
		}
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close from the goroutine that ran it: %v", err)
	}
}
