package timer_test

import (
	"slices"
	"testing"
	"time"

	"github.com/corio-go/corio/timer"
)

// FuzzQueue runs a sequence of operations, read from the fuzzer's bytes, on
// a Queue and on a plain model (a list sorted by deadline, then by push),
// and checks that they agree at every step: Push (and re-Push), Remove, Pop,
// PopDue, Peek, Len and Shrink. CI runs it briefly; run it longer with
//
//	go test -run '^$' -fuzz FuzzQueue -fuzztime 5000000x ./timer
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 5, 0, 5, 0, 1, 2, 0, 3, 9, 1, 0, 4, 0})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 1, 1, 2, 0, 2, 0, 2, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const n = 8 // timers, each queued at most once
		var q timer.Queue[int]
		timers := make([]timer.Timer[int], n)
		for i := range timers {
			timers[i].Value = i
		}
		type queued struct {
			when time.Duration
			seq  int
			i    int
		}
		var model []queued // sorted by when, then seq
		seq := 0
		remove := func(i int) bool {
			k := slices.IndexFunc(model, func(e queued) bool { return e.i == i })
			if k < 0 {
				return false
			}
			model = slices.Delete(model, k, k+1)
			return true
		}
		popModel := func() int {
			i := model[0].i
			model = model[1:]
			return i
		}
		for len(ops) >= 2 {
			op, arg := ops[0]%6, int(ops[1])
			ops = ops[2:]
			i := arg % n
			switch op {
			case 0: // Push, or move
				when := time.Duration(arg / n)
				remove(i)
				seq++
				e := queued{when, seq, i}
				k, _ := slices.BinarySearchFunc(model, e, func(a, b queued) int {
					if a.when != b.when {
						return int(a.when - b.when)
					}
					return a.seq - b.seq
				})
				model = slices.Insert(model, k, e)
				q.Push(&timers[i], when)
			case 1: // Remove
				if got, want := q.Remove(&timers[i]), remove(i); got != want {
					t.Fatalf("Remove(%d) = %v, want %v", i, got, want)
				}
			case 2: // Pop
				got := q.Pop()
				if len(model) == 0 {
					if got != nil {
						t.Fatalf("Pop of an empty queue = %d", got.Value)
					}
					continue
				}
				if want := popModel(); got == nil || got.Value != want {
					t.Fatalf("Pop = %v, want timer %d", got, want)
				}
			case 3: // PopDue
				now := time.Duration(arg / n)
				got := q.PopDue(now)
				if len(model) == 0 || model[0].when > now {
					if got != nil {
						t.Fatalf("PopDue(%v) = %d, want nil", now, got.Value)
					}
					continue
				}
				if want := popModel(); got == nil || got.Value != want {
					t.Fatalf("PopDue(%v) = %v, want timer %d", now, got, want)
				}
			case 4: // Peek
				got := q.Peek()
				if (got == nil) != (len(model) == 0) || got != nil && got.Value != model[0].i {
					t.Fatalf("Peek = %v, model %v", got, model)
				}
			case 5:
				q.Shrink()
			}
			if q.Len() != len(model) {
				t.Fatalf("Len = %d, want %d", q.Len(), len(model))
			}
			for k := range timers {
				queuedInModel := slices.ContainsFunc(model, func(e queued) bool { return e.i == k })
				if timers[k].Queued() != queuedInModel {
					t.Fatalf("timer %d Queued() = %v, want %v", k, timers[k].Queued(), queuedInModel)
				}
			}
		}
	})
}
