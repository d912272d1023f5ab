package bench

import (
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// gatherChildren is the number of children of one gather in BenchmarkGather.
const gatherChildren = 10_000

// BenchmarkGather measures a gather of gatherChildren children that each
// await once (a Sleep(0)) and return a value; ns/child is the time per child.
//
//   - corio: coro.Gather of the children, run with RunUntilComplete.
//   - waitgroup: as many goroutines, each receiving once from a channel that is
//     then closed and writing its result into its slot, joined by a
//     sync.WaitGroup (BenchmarkSpawn's variant).
func BenchmarkGather(b *testing.B) {
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New(loop.WithVirtualClock())
		defer l.Close()
		children := make([]coro.Func[int], gatherChildren)
		for i := range children {
			children[i] = awaitOnce
		}
		for b.Loop() {
			v, err := loop.RunUntilComplete(l, coro.Gather(children...))
			if err != nil {
				b.Fatal(err)
			}
			if len(v) != gatherChildren || v[0] != 1 {
				b.Fatalf("gather returned %d values, first %v", len(v), v[0])
			}
		}
		reportPer(b, gatherChildren, "ns/child")
	})
	b.Run("waitgroup", func(b *testing.B) { spawnWaitGroup(b, gatherChildren, "ns/child") })
}
