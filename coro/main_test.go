package coro_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Y is the type of a coroutine's yield, to keep test bodies short.
type Y = coro.Yield

// trace records events in order, for tests of what happens when.
type trace struct{ lines []string }

func (tr *trace) add(format string, args ...any) {
	tr.lines = append(tr.lines, fmt.Sprintf(format, args...))
}

func (tr *trace) String() string { return strings.Join(tr.lines, "\n") }

// mustRun runs main on a new loop with a virtual clock and fails the test on
// its error.
func mustRun(t *testing.T, main func(yield Y) error) {
	t.Helper()
	if _, err := run(t, func(yield Y) (struct{}, error) { return struct{}{}, main(yield) }); err != nil {
		t.Fatal(err)
	}
}

// sleepFunc is asyncio.sleep(d) as a coroutine with no value.
func sleepFunc(d time.Duration) coro.Func[struct{}] {
	return func(yield Y) (struct{}, error) { return coro.Sleep(d).Await(yield) }
}

// run runs main on a new loop with a virtual clock, as loop.Run does.
func run[T any](t *testing.T, main coro.Func[T]) (T, error) {
	t.Helper()
	return loop.Run(main, loop.WithVirtualClock())
}
