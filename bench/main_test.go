package bench

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a benchmark leaves a goroutine behind: a loop not
// stopped, a coroutine not closed, a baseline goroutine still blocked. Run as
// a child process, of BenchmarkMemory's task variants, of BenchmarkScale or
// as an echo server, it does that instead.
func TestMain(m *testing.M) {
	for _, child := range []func() (bool, error){measureMemoryChild, measureScaleChild, serveEchoChild} {
		if ran, err := child(); ran {
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
	goleak.VerifyTestMain(m,
		// Importing gnet imports ants, whose package initialisation starts
		// a default pool that runs until the process exits.
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

// reportPer reports the time of one operation divided by n, the number of
// tasks or switches it consists of, as unit (ns/task, ns/switch). Call it
// after the b.Loop loop, once b.N and b.Elapsed are final.
func reportPer(b *testing.B, n int, unit string) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), unit)
}
