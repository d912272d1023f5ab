package bench

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a benchmark leaves a goroutine behind: a loop not
// stopped, a coroutine not closed, a baseline goroutine still blocked. Run as
// the child process of BenchmarkMemory or BenchmarkScale, it measures instead.
func TestMain(m *testing.M) {
	for _, child := range []func() (bool, error){measureMemoryChild, measureScaleChild} {
		if ran, err := child(); ran {
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
	goleak.VerifyTestMain(m)
}

// reportPer reports the time of one operation divided by n, the number of
// tasks or switches it consists of, as unit (ns/task, ns/switch). Call it
// after the b.Loop loop, once b.N and b.Elapsed are final.
func reportPer(b *testing.B, n int, unit string) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), unit)
}
