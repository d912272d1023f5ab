package coro_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

func TestSleepTiesFireInOrder(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) ([]struct{}, error) {
		var children []coro.Coroutine
		for _, name := range []string{"a", "b", "c", "d"} {
			children = append(children, coro.Coroutine(func(yield Y) {
				coro.Sleep(time.Second).Await(yield)
				tr.add("%s at %v", name, coro.Now(yield))
			}))
		}
		return coro.Gather(children...).Await(yield)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a at 1s", "b at 1s", "c at 1s", "d at 1s"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHugeSleepDoesNotOverflow(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		sleeper := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(math.MaxInt64, 0).Await(yield)
		}))
		coro.Sleep(time.Hour).Await(yield)
		if sleeper.Done() {
			t.Error("a sleep of MaxInt64 ended within an hour: its deadline overflowed")
		}
		sleeper.Cancel(nil)
		sleeper.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDelayStrings(t *testing.T) {
	if got := coro.Sleep(0).String(); got != "Sleep(0s)" {
		t.Errorf("Sleep(0).String() = %q", got)
	}
	if got := coro.Sleep(1500 * time.Millisecond).String(); got != "Sleep(1.5s)" {
		t.Errorf("Sleep(1.5s).String() = %q", got)
	}
}
