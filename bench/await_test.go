package bench

import (
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// BenchmarkAwaitDone measures an await of something already finished, which
// must return at once, with no coroutine switch. One operation is one await.
//
//   - future/corio, task/corio: Await of a completed Future and of a completed
//     Task, from inside a task.
//   - future/channel, task/channel: the Go counterpart, a receive from a
//     closed channel.
func BenchmarkAwaitDone(b *testing.B) {
	closedChannel := func(b *testing.B) {
		b.ReportAllocs()
		c := make(chan int)
		close(c)
		for b.Loop() {
			<-c
		}
	}
	b.Run("future/corio", func(b *testing.B) {
		awaitDone(b, func(yield coro.Yield) coro.Awaiter[int] {
			f := coro.NewFuture[int](yield)
			f.SetResult(1)
			return f
		})
	})
	b.Run("future/channel", closedChannel)
	b.Run("task/corio", func(b *testing.B) {
		awaitDone(b, func(yield coro.Yield) coro.Awaiter[int] {
			t := coro.Spawn(yield, coro.Func[int](func(coro.Yield) (int, error) { return 1, nil }))
			t.Await(yield) // it finishes
			return t
		})
	})
	b.Run("task/channel", closedChannel)
}

// awaitDone awaits, in a loop of b.Loop inside a task, the finished awaitable
// that done makes.
func awaitDone(b *testing.B, done func(yield coro.Yield) coro.Awaiter[int]) {
	b.ReportAllocs()
	body := coro.Func[int](func(yield coro.Yield) (int, error) {
		a := done(yield)
		sum := 0
		for b.Loop() {
			n, err := a.Await(yield)
			if err != nil {
				return 0, err
			}
			sum += n
		}
		return sum, nil
	})
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	sum, err := loop.RunUntilComplete(l, body)
	if err != nil {
		b.Fatal(err)
	}
	if sum != b.N {
		b.Fatalf("sum of results %v, want %d", sum, b.N)
	}
}
