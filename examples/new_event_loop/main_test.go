package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestMatchesAsyncio checks the output byte for byte against what CPython
// printed (testdata/asyncio.out, a copy of shared/seed/new_event_loop.out.txt).
// The two-second sleep runs on a virtual clock.
func TestMatchesAsyncio(t *testing.T) {
	want, err := os.ReadFile("testdata/asyncio.out")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("output differs from asyncio's (-asyncio +corio):\n%s", diff)
	}
}

func TestRunInCurrentLoopNeedsALoop(t *testing.T) {
	if err := runInCurrentLoop(t.Context(), simpleTask(new(bytes.Buffer), "x", 0)); err == nil {
		t.Error("runInCurrentLoop with no loop in the context returned nil error")
	}
}
