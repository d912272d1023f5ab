package loop_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// retrier is the usual spinning coroutine: a Go retry loop that ignores the
// error of its await, even the loop's abandonment at close. It gives up after
// tries attempts (never, if tries is 0).
func retrier(tries int) coro.Coroutine {
	return func(yield Y) {
		for i := 0; tries == 0 || i < tries; i++ {
			if _, err := coro.Sleep(time.Second).Await(yield); err == nil {
				return
			}
		}
	}
}

// spinMain starts a retrier, cancels it, and sleeps past it.
func spinMain(tries int) coro.Func[struct{}] {
	return func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, retrier(tries), coro.WithName("retrier"))
		coro.Sleep(0).Await(yield)
		task.Cancel(errors.New("enough"))
		return coro.Sleep(10 * time.Millisecond).Await(yield)
	}
}

// A task that keeps awaiting after it was cancelled keeps a virtual clock from
// advancing: the run ends with ErrLivelock naming the task and where it
// awaits, the logger tells once, and Close still ends the task although it
// ignores its abandonment too.
func TestSpinningTaskEndsAVirtualRun(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(spinMain(0), loop.WithVirtualClock(), loop.WithLogger(logTo(&log)))
	if !errors.Is(err, coro.ErrLivelock) {
		t.Fatalf("Run returned %v; want ErrLivelock", err)
	}
	for _, want := range []string{"retrier", "spin_test.go", "enough"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if n := strings.Count(log.String(), "keeps awaiting after it was cancelled"); n != 1 {
		t.Errorf("logged the spinning task %d times, want once:\n%s", n, log.String())
	}
}

// On a real clock time goes on, so the run is not ended: the spinning task is
// reported once, and the program finishes when it gives up.
func TestSpinningTaskIsReportedOnARealClock(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(spinMain(20_000), loop.WithLogger(logTo(&log)))
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if n := strings.Count(log.String(), "keeps awaiting after it was cancelled"); n != 1 || !strings.Contains(log.String(), "task=retrier") {
		t.Errorf("logged the spinning task %d times, want once, by name:\n%s", n, log.String())
	}
}

// A cleanup that makes many failing awaits, but not without end, is no spin.
func TestShortCleanupIsNoSpin(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(spinMain(1500), loop.WithVirtualClock(), loop.WithLogger(logTo(&log)))
	if err != nil || strings.Contains(log.String(), "keeps awaiting") {
		t.Errorf("Run returned %v, log:\n%s", err, log.String())
	}
}

// Close ends a coroutine that ignores its abandonment and keeps awaiting,
// running its defers, instead of spinning for ever.
func TestCloseEndsACoroutineThatIgnoresAbandonment(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	deferred := false
	task := loop.Start(l, coro.Coroutine(func(yield Y) {
		defer func() { deferred = true }()
		retrier(0)(yield)
	}))
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := task.Result(); !errors.Is(err, coro.ErrClosed) || !deferred {
		t.Errorf("task ended with %v, defers ran %v; want ErrClosed and its defers", err, deferred)
	}
}

// A loop whose run ended with ErrLivelock ends the next one the same way
// while the task still spins, instead of spinning with it.
func TestNextRunAfterALivelockEndsToo(t *testing.T) {
	l := loop.New(loop.WithVirtualClock(), loop.WithLogger(logTo(new(bytes.Buffer))))
	defer l.Close()
	spinner := loop.Start(l, retrier(0))
	if _, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		coro.Sleep(0).Await(yield)
		spinner.Cancel(nil)
		return coro.Sleep(time.Second).Await(yield)
	})); !errors.Is(err, coro.ErrLivelock) {
		t.Fatalf("first run: %v; want ErrLivelock", err)
	}
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); !errors.Is(err, coro.ErrLivelock) {
		t.Fatalf("second run: %v; want ErrLivelock again", err)
	}
}
