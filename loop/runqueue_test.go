package loop

import (
	"testing"

	"github.com/corio-go/corio/coro"
)

// After a peak, shrink brings the ready queue's buffer back down, keeping
// the order of what is left.
func TestRunQueueShrinksAfterAPeak(t *testing.T) {
	var q runQueue
	var order []int
	for i := range 1 << 16 {
		q.push(coro.CallbackFunc(func() { order = append(order, i) }))
	}
	for q.len() > 100 {
		q.pop()
	}
	for range 10 { // a loop trims once a second: a few trims
		q.shrink()
	}
	if len(q.buf) > 1024 {
		t.Errorf("buffer of %d for %d entries after shrinking", len(q.buf), q.len())
	}
	for q.len() > 0 {
		q.pop().Run()
	}
	for i, v := range order {
		if v != 1<<16-100+i {
			t.Fatalf("entry %d is %d after shrinking: order lost", i, v)
		}
	}
	q.shrink() // empty: nothing to move
}
