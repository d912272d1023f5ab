package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testdata/workers.out is the expected output: under the virtual clock every
// duration is exact, and on the real clock the events are far enough apart
// (100 ms and more) to happen in the same order with the same times,
// truncated to 100 ms (a real clock only runs late).
func TestOutput(t *testing.T) {
	want, err := os.ReadFile("testdata/workers.out")
	if err != nil {
		t.Fatal(err)
	}
	for _, clock := range []struct {
		name string
		opts []loop.Option
	}{
		{"virtual", []loop.Option{loop.WithVirtualClock()}},
		{"real", nil},
	} {
		t.Run(clock.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(&out, clock.opts...); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOverallTimeout shortens the run's limit so that it expires while jobs
// are still running: the group is cancelled, every worker ends, and the run
// fails with a timeout.
func TestOverallTimeout(t *testing.T) {
	var out bytes.Buffer
	err := runWith(&out, 200*time.Millisecond, loop.WithVirtualClock())
	if err == nil {
		t.Fatalf("run with a 200 ms limit succeeded:\n%s", out.String())
	}
	if got := out.String(); !bytes.Contains([]byte(got), []byte("finished in 200ms, error: coro: timed out after 200ms")) {
		t.Errorf("output does not end with the timeout:\n%s", got)
	}
}
