package main

import (
	"bytes"
	"math"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testdata/mm1.out is the expected output: the run is seeded and the clock
// virtual, so every digit is the same on every machine.
func TestOutput(t *testing.T) {
	want, err := os.ReadFile("testdata/mm1.out")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// The run agrees with queueing theory: the mean wait's 95% confidence
// interval, from the run's own batch means, holds ρ/(μ−λ) = 9; the server is
// busy a fraction ρ of the time; and Little's law ties the line's length to
// the wait, Lq = λ·Wq, within the edge effects of a finite run.
func TestTheory(t *testing.T) {
	r, err := simulate(seed)
	if err != nil {
		t.Fatal(err)
	}
	if !r.wait.Contains(theoryWait) {
		t.Errorf("mean wait %v: theory's %v is outside", r.wait, theoryWait)
	}
	if math.Abs(r.utilisation-rho) > 0.01 {
		t.Errorf("utilisation %.4f, want ρ = %v within 0.01", r.utilisation, rho)
	}
	if little := lambda * r.wait.Mean; math.Abs(r.lineLength-little) > 0.02*little {
		t.Errorf("mean line length %.3f, but λ·Wq = %.3f (Little's law)", r.lineLength, little)
	}
	if !(r.p50 < r.wait.Mean && r.wait.Mean < r.p90 && r.p90 < r.p99) {
		t.Errorf("quantiles out of order around the mean: p50 %v mean %v p90 %v p99 %v", r.p50, r.wait.Mean, r.p90, r.p99)
	}
}
