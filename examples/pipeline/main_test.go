package main

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func golden(t *testing.T) string {
	t.Helper()
	want, err := os.ReadFile("testdata/pipeline.out")
	if err != nil {
		t.Fatal(err)
	}
	return string(want)
}

// Under the virtual clock every time is exact.
func TestVirtualClock(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(golden(t), out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// On the real clock the times drift by a few milliseconds; the events, which
// are tens of milliseconds apart, come in the same order.
func TestRealClock(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	times := regexp.MustCompile(`(?m)^ *\d+ms `)
	want := times.ReplaceAllString(golden(t), "")
	if diff := cmp.Diff(want, times.ReplaceAllString(out.String(), "")); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
