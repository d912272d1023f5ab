package sim_test

import (
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Y is the type of a coroutine's yield.
type Y = coro.Yield

// simulate runs main on a loop with a virtual clock, failing t on its error.
func simulate(t *testing.T, main func(yield Y) error) {
	t.Helper()
	if err := loop.Main(main, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
}

// log records what happens, with the loop's time.
type log []string

func (l *log) add(yield Y, format string, args ...any) {
	*l = append(*l, fmt.Sprintf("%v ", coro.Now(yield))+fmt.Sprintf(format, args...))
}

// hold sleeps d, failing the test on an error other than a cancellation.
func sleep(yield Y, d time.Duration) error {
	_, err := coro.Sleep(d).Await(yield)
	return err
}
