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

// testdata/mmc.out is the expected output: seeded, on the virtual clock.
func TestOutput(t *testing.T) {
	want, err := os.ReadFile("testdata/mmc.out")
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

// Erlang's C formula against values worked out by hand: one server is
// M/M/1 (P(wait) = ρ, Wq = ρ/(μ−λ)); two servers at a = 1.6 give
// P(wait) = (1.6²/2 · 2/0.4) / (1 + 1.6 + 6.4) = 6.4/9.
func TestErlangC(t *testing.T) {
	for _, c := range []struct {
		servers          int
		lambda           float64
		waitPr, wait, mu float64
	}{
		{1, 0.9, 0.9, 9, 1},
		{1, 1, 0.5, 0.5, 2}, // ρ = 0.5, Wq = 0.5/(2−1)
		{2, 1.6, 6.4 / 9, 6.4 / 9 / 0.4, 1},
	} {
		pr, w := erlangC(c.servers, c.lambda, c.mu)
		if math.Abs(pr-c.waitPr) > 1e-12 || math.Abs(w-c.wait) > 1e-12 {
			t.Errorf("erlangC(%d, %v, %v) = %v, %v; want %v, %v", c.servers, c.lambda, c.mu, pr, w, c.waitPr, c.wait)
		}
	}
}

// Each run agrees with Erlang C: the mean wait's 95% confidence interval,
// from the run's batch means, holds the formula's wait; the fraction who
// waited is the formula's probability; each server is busy ρ of the time.
func TestTheory(t *testing.T) {
	for c := 1; c <= 3; c++ {
		lambda := load * float64(c) * mu
		r, err := simulate(c, lambda, seed)
		if err != nil {
			t.Fatal(err)
		}
		pr, wait := erlangC(c, lambda, mu)
		if !r.wait.Contains(wait) {
			t.Errorf("c=%d: mean wait %v: Erlang C's %.3f is outside", c, r.wait, wait)
		}
		if math.Abs(r.waitedPr-pr) > 0.02 {
			t.Errorf("c=%d: %.3f of customers waited, Erlang C says %.3f", c, r.waitedPr, pr)
		}
		if math.Abs(r.busy-load) > 0.01 {
			t.Errorf("c=%d: utilisation %.3f, want ρ = %v", c, r.busy, load)
		}
	}
}
