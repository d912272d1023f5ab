package sim_test

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/corio-go/corio/sim"
)

func TestLevel(t *testing.T) {
	var l sim.Level
	if m := l.Mean(0); m != 0 {
		t.Errorf("empty level's mean %v", m)
	}
	l.Set(time.Second, 4)    // 0 for 0–1s
	l.Add(3*time.Second, -2) // 4 for 1–3s, then 2
	if m := l.Mean(5 * time.Second); m != (0+8+4)/5.0 {
		t.Errorf("mean %v, want 12/5", m)
	}
	if l.Max() != 4 || l.Value() != 2 {
		t.Errorf("max %v value %v", l.Max(), l.Value())
	}
	l.Reset(5 * time.Second)
	if m := l.Mean(7 * time.Second); m != 2 || l.Max() != 2 {
		t.Errorf("after Reset: mean %v max %v, want 2 and 2", m, l.Max())
	}
}

// The time-weighted mean is the integral of the level over time, divided by
// the time.
func TestLevelProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l sim.Level
		steps := rapid.SliceOfN(rapid.IntRange(0, 1000), 1, 50).Draw(t, "gaps")
		values := rapid.SliceOfN(rapid.Float64Range(-100, 100), len(steps), len(steps)).Draw(t, "values")
		var now time.Duration
		area, value := 0.0, 0.0
		for i, gap := range steps {
			d := time.Duration(gap) * time.Millisecond
			area += value * d.Seconds()
			now += d
			value = values[i]
			l.Set(now, value)
		}
		end := now + time.Second
		area += value
		if now == 0 && end == 0 {
			return
		}
		want := area / end.Seconds()
		if got := l.Mean(end); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("mean %v, want %v", got, want)
		}
	})
}

func TestTally(t *testing.T) {
	var tl sim.Tally
	if !math.IsNaN(tl.Mean()) || !math.IsNaN(tl.Quantiles(0.5)[0]) || !math.IsNaN(tl.Max()) {
		t.Error("an empty tally's summaries are not NaN")
	}
	for _, v := range []float64{4, 1, 3, 2, 5} {
		tl.Add(v)
	}
	tl.AddDuration(6 * time.Second)
	if tl.Count() != 6 || tl.Mean() != 3.5 || tl.Min() != 1 || tl.Max() != 6 {
		t.Errorf("count %d mean %v min %v max %v", tl.Count(), tl.Mean(), tl.Min(), tl.Max())
	}
	if sd := tl.StdDev(); math.Abs(sd-math.Sqrt(3.5)) > 1e-12 {
		t.Errorf("stddev %v, want √3.5", sd)
	}
	if q := tl.Quantiles(0, 0.5, 1); q[0] != 1 || q[1] != 3.5 || q[2] != 6 {
		t.Errorf("quantiles %v", q)
	}
	mustPanic(t, "sim: quantile 2", func() { tl.Quantiles(2) })
	mustPanic(t, "sim: MeanCI with 1 batches", func() { tl.MeanCI(1, 0.95) })
	mustPanic(t, "sim: MeanCI at confidence 1", func() { tl.MeanCI(3, 1) })
	tl.Reset()
	if tl.Count() != 0 {
		t.Error("Reset kept observations")
	}
}

// MeanCI's interval: the batch means' t interval. Three batches of two,
// means 1.5, 3.5, 5.5: mean 3.5, sd 2, t(2, 0.975) = 4.303.
func TestTallyMeanCI(t *testing.T) {
	var tl sim.Tally
	for v := range 7 { // the first observation does not fit in 3 batches of 2
		tl.Add(float64(v))
	}
	ci := tl.MeanCI(3, 0.95)
	half := 4.302653 * 2 / math.Sqrt(3)
	if ci.Mean != 3.5 || math.Abs(ci.High-ci.Mean-half) > 1e-5 || math.Abs(ci.Mean-ci.Low-half) > 1e-5 {
		t.Errorf("got %+v, want 3.5 ± %v", ci, half)
	}
	if !ci.Contains(3.5) || ci.Contains(3.5+half+0.01) {
		t.Error("Contains")
	}
	if s := ci.String(); s != "3.5 ± 5 (95%)" {
		t.Errorf("String %q", s)
	}
}

// Student's t quantiles against the table, to its four digits: the interval
// is only as good as these.
func TestStudentT(t *testing.T) {
	table := []struct {
		df   int
		p, t float64
	}{
		{1, 0.975, 12.706}, {2, 0.975, 4.303}, {3, 0.975, 3.182}, {4, 0.975, 2.776},
		{5, 0.975, 2.571}, {9, 0.975, 2.262}, {19, 0.975, 2.093}, {29, 0.975, 2.045},
		{99, 0.975, 1.984}, {9, 0.95, 1.833}, {19, 0.995, 2.861}, {4, 0.995, 4.604},
		{1000, 0.975, 1.962}, {5, 0.025, -2.571},
	}
	for _, row := range table {
		if got := sim.StudentT(row.df, row.p); math.Abs(got-row.t) > 0.0005 {
			t.Errorf("t(%d, %v) = %.4f, table %.3f", row.df, row.p, got, row.t)
		}
	}
}
