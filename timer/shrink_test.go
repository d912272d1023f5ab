package timer

import (
	"testing"
	"time"
)

// Shrink gives back the memory of a peak and keeps the order.
func TestShrinkAfterAPeak(t *testing.T) {
	var q Queue[int]
	timers := make([]Timer[int], 100_000)
	for i := range timers {
		timers[i].Value = i
		q.Push(&timers[i], time.Duration(i))
	}
	for i := 10; i < len(timers); i += 2 {
		q.Remove(&timers[i]) // dead entries, dropped by Shrink
	}
	for q.Len() > 20 {
		q.Pop()
	}
	q.Shrink()
	if cap(q.heap) > 128 || q.dead != 0 {
		t.Errorf("after Shrink: capacity %d, %d dead, for %d timers", cap(q.heap), q.dead, q.Len())
	}
	last := -1
	for tm := q.Pop(); tm != nil; tm = q.Pop() {
		if tm.Value <= last {
			t.Fatalf("order lost after Shrink: %d after %d", tm.Value, last)
		}
		last = tm.Value
	}
}
