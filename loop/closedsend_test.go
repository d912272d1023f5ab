//go:build !race

// A channel closed while another goroutine sends on it is a data race by
// Go's rules, which the race detector reports as it would in plain Go; so
// this test runs without it (CI runs it so, beside the -race suite). What it
// checks is that corio survives the race the way Go does: a panic in the
// sending task, not a crash of the process.

package loop_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// A channel closed under a waiting Send fails the task with a panic, as a
// send on a closed channel does in Go; the process and the loop go on.
func TestSendOnAChannelClosedWhileWaiting(t *testing.T) {
	ch := make(chan int)
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, loop.Send(yield, ch, 1)
		}))
		coro.Sleep(0).Await(yield) // the send waits
		close(ch)
		var pe *coro.PanicError
		if _, err := task.Await(yield); !errors.As(err, &pe) || !strings.Contains(fmt.Sprint(pe.Value), "closed channel") {
			t.Errorf("Send on a channel closed meanwhile: %v, want a PanicError", err)
		}
		return coro.Sleep(0).Await(yield)
	}))
	if err != nil {
		t.Fatal(err)
	}
}
