package ring_test

import (
	"testing"

	"go.uber.org/goleak"
	"pgregory.net/rapid"

	"github.com/corio-go/corio/internal/ring"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The buffer behaves as a slice used as a FIFO, whatever the mix of pushes,
// pops and shrinks.
func TestBufferIsAFIFO(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b ring.Buffer[int]
		var model []int
		next := 0
		t.Repeat(map[string]func(*rapid.T){
			"push": func(t *rapid.T) {
				for range rapid.IntRange(1, 100).Draw(t, "n") {
					b.Push(next)
					model = append(model, next)
					next++
				}
			},
			"pop": func(t *rapid.T) {
				for range rapid.IntRange(1, 100).Draw(t, "n") {
					if len(model) == 0 {
						return
					}
					if got := b.Pop(); got != model[0] {
						t.Fatalf("Pop = %d, want %d", got, model[0])
					}
					model = model[1:]
				}
			},
			"shrink": func(*rapid.T) { b.Shrink() },
			"": func(t *rapid.T) {
				if b.Len() != len(model) {
					t.Fatalf("Len = %d, want %d", b.Len(), len(model))
				}
			},
		})
	})
}

// After a peak, Shrink brings the buffer back down, keeping the order of
// what is left.
func TestShrinkAfterAPeak(t *testing.T) {
	var b ring.Buffer[int]
	for i := range 1 << 16 {
		b.Push(i)
	}
	for b.Len() > 100 {
		b.Pop()
	}
	for range 10 { // a loop trims once a second: a few trims
		b.Shrink()
	}
	if b.Cap() > 1024 {
		t.Errorf("buffer of %d for %d items after shrinking", b.Cap(), b.Len())
	}
	for i := 1<<16 - 100; b.Len() > 0; i++ {
		if v := b.Pop(); v != i {
			t.Fatalf("popped %d after shrinking, want %d: order lost", v, i)
		}
	}
	b.Shrink() // empty: nothing to move
}

func TestPopOfEmptyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Pop of an empty buffer did not panic")
		}
	}()
	var b ring.Buffer[string]
	b.Pop()
}
