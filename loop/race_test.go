package loop_test

import (
	"context"
	"math"
	"os"
	"strconv"
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
			if _, err := loop.ToThread(yield, func(context.Context) (int, error) { return i, nil }); err != nil {
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
			return struct{}{}, coro.Sleep(time.Second).Await(yield)
		}))
		if err != nil {
			return struct{}{}, err
		}
		_, timedOut, err := coro.MoveOnAfter(yield, math.MaxInt64, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.Yield().Await(yield)
		}))
		if timedOut || err != nil {
			t.Errorf("MoveOnAfter(MaxInt64): timed out %v, %v", timedOut, err)
		}
		second := coro.Func[int](func(yield Y) (int, error) { return 1, coro.Sleep(time.Second).Await(yield) })
		if v, err := coro.WaitFor(yield, math.MaxInt64, second); v != 1 || err != nil {
			t.Errorf("WaitFor(MaxInt64) = %v, %v", v, err)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock())
	if err != nil || fired {
		t.Errorf("Run: %v; the callback of MaxInt64 fired: %v", err, fired)
	}
}
