package bench

import (
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// BenchmarkQueuePingPong measures a round trip between two tasks through two
// bounded queues of one item: one operation is a put on ping, a get of it by
// the echo task, its put on pong and the get of that (ns/roundtrip).
//
//   - corio: two coro.Queue of maxsize 1 between two tasks of one loop.
//   - channel: two unbuffered Go channels between two goroutines.
func BenchmarkQueuePingPong(b *testing.B) {
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New(loop.WithVirtualClock())
		defer l.Close()
		ping, pong := coro.NewQueue[int](1), coro.NewQueue[int](1)
		echo := coro.Coroutine(func(yield coro.Yield) {
			for {
				v, err := ping.Get(yield)
				if err != nil || v < 0 {
					return
				}
				if pong.Put(yield, v) != nil {
					return
				}
			}
		})
		main := coro.Func[int](func(yield coro.Yield) (int, error) {
			t := coro.Spawn(yield, echo)
			n := 0
			for b.Loop() {
				if err := ping.Put(yield, n); err != nil {
					return n, err
				}
				v, err := pong.Get(yield)
				if err != nil {
					return n, err
				}
				if v != n {
					b.Fatalf("got %d back, want %d", v, n)
				}
				n++
			}
			ping.Put(yield, -1)
			_, err := t.Await(yield)
			return n, err
		})
		if _, err := loop.RunUntilComplete(l, main); err != nil {
			b.Fatal(err)
		}
		reportPer(b, 1, "ns/roundtrip")
	})
	b.Run("channel", func(b *testing.B) {
		b.ReportAllocs()
		pingPong(b)
		reportPer(b, 1, "ns/roundtrip")
	})
}
