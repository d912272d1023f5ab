package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"golang.org/x/exp/stats"
)

// Tally collects observations, one value each — the wait of each customer,
// the size of each batch — and summarises them: mean, spread, quantiles, and
// a confidence interval for the mean that holds for the correlated
// observations a simulation makes. It keeps every value (8 bytes each), which
// quantiles need; Reset drops them.
//
// The zero Tally is empty and ready to use. A Tally is used on the loop's
// goroutine.
type Tally struct {
	values []float64
}

// Add records one observation.
func (t *Tally) Add(v float64) { t.values = append(t.values, v) }

// AddDuration records d as an observation in seconds.
func (t *Tally) AddDuration(d time.Duration) { t.Add(d.Seconds()) }

// Count returns the number of observations.
func (t *Tally) Count() int { return len(t.values) }

// Values returns the observations in the order they were made. The slice is
// the Tally's own: do not change it.
func (t *Tally) Values() []float64 { return t.values }

// Reset drops the observations: to leave out a warm-up period.
func (t *Tally) Reset() { t.values = t.values[:0] }

// Mean returns the mean of the observations, or NaN if there are none.
func (t *Tally) Mean() float64 {
	if len(t.values) == 0 {
		return math.NaN()
	}
	return stats.Mean(t.values)
}

// StdDev returns the sample standard deviation of the observations, or NaN
// if there are fewer than two.
func (t *Tally) StdDev() float64 {
	if len(t.values) < 2 {
		return math.NaN()
	}
	_, sd := stats.MeanAndStdDev(t.values)
	return sd
}

// Quantiles returns the quantiles qs (each in [0, 1]: 0.5 is the median,
// 0.99 the 99th percentile) of the observations, or NaNs if there are none.
// It panics if a q is outside [0, 1].
func (t *Tally) Quantiles(qs ...float64) []float64 {
	for _, q := range qs {
		if !(q >= 0 && q <= 1) {
			panic(fmt.Sprintf("sim: quantile %v is outside [0, 1]", q))
		}
	}
	if len(t.values) == 0 {
		out := make([]float64, len(qs))
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	return stats.Quantiles(t.values, qs...)
}

// Min returns the smallest observation, or NaN if there are none.
func (t *Tally) Min() float64 {
	if len(t.values) == 0 {
		return math.NaN()
	}
	return slices.Min(t.values)
}

// Max returns the largest observation, or NaN if there are none.
func (t *Tally) Max() float64 {
	if len(t.values) == 0 {
		return math.NaN()
	}
	return slices.Max(t.values)
}

// MeanCI returns a confidence interval for the mean, at the confidence given
// (0.95 for 95%), by the method of batch means: the observations, in order,
// are cut into batches equal in size (the first few are left out if they do
// not divide), and Student's t interval is taken over the batch means.
//
// Successive waits in a queue are correlated, so the textbook interval over
// single observations is far too narrow; the means of batches much longer
// than the correlation are nearly independent. 10 to 30 batches is usual. It
// panics unless 2 <= batches <= Count() and 0 < confidence < 1.
func (t *Tally) MeanCI(batches int, confidence float64) Interval {
	n := len(t.values)
	if batches < 2 || batches > n {
		panic(fmt.Sprintf("sim: MeanCI with %d batches of %d observations: want 2 <= batches <= observations", batches, n))
	}
	if !(confidence > 0 && confidence < 1) {
		panic(fmt.Sprintf("sim: MeanCI at confidence %v: want it in (0, 1)", confidence))
	}
	size := n / batches
	values := t.values[n-size*batches:]
	means := make([]float64, batches)
	for i := range means {
		means[i] = stats.Mean(values[i*size : (i+1)*size])
	}
	mean, sd := stats.MeanAndStdDev(means)
	half := studentT(batches-1, (1+confidence)/2) * sd / math.Sqrt(float64(batches))
	return Interval{Mean: mean, Low: mean - half, High: mean + half, Confidence: confidence}
}

// Interval is a confidence interval for a mean.
type Interval struct {
	Mean, Low, High float64
	Confidence      float64 // 0.95 for 95%
}

// Contains reports whether v lies in the interval.
func (i Interval) Contains(v float64) bool { return i.Low <= v && v <= i.High }

// String formats the interval as "9.02 ± 0.51 (95%)".
func (i Interval) String() string {
	return fmt.Sprintf("%.3g ± %.2g (%g%%)", i.Mean, (i.High-i.Low)/2, i.Confidence*100)
}

// studentT returns the p-quantile of Student's t distribution with df degrees
// of freedom. Up to 300 degrees it inverts the exact distribution function
// for whole degrees (Abramowitz and Stegun 26.7.3 and 26.7.4) by bisection;
// above, the Cornish-Fisher expansion about the normal quantile (26.7.5) is
// exact to far more digits than a confidence interval needs.
func studentT(df int, p float64) float64 {
	if p < 0.5 {
		return -studentT(df, 1-p)
	}
	if df > 300 {
		z := math.Sqrt2 * math.Erfinv(2*p-1)
		v, z2 := float64(df), z*z
		g1 := (z2 + 1) * z / 4
		g2 := ((5*z2+16)*z2 + 3) * z / 96
		g3 := (((3*z2+19)*z2+17)*z2 - 15) * z / 384
		return z + g1/v + g2/(v*v) + g3/(v*v*v)
	}
	// A(θ) = P(|T| <= √df·tan θ) grows with θ in [0, π/2).
	target := 2*p - 1
	lo, hi := 0.0, math.Pi/2
	for range 64 {
		mid := (lo + hi) / 2
		if studentA(df, mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Sqrt(float64(df)) * math.Tan((lo+hi)/2)
}

// studentA is P(|T| <= √df·tan θ) for T of Student's t with df degrees.
func studentA(df int, theta float64) float64 {
	sin, cos := math.Sincos(theta)
	c2 := cos * cos
	sum, term := 1.0, 1.0
	if df%2 == 1 {
		if df == 1 {
			return 2 / math.Pi * theta
		}
		for k := 2; k <= df-3; k += 2 {
			term *= float64(k) / float64(k+1) * c2
			sum += term
		}
		return 2 / math.Pi * (theta + sin*cos*sum)
	}
	for k := 1; k <= df-3; k += 2 {
		term *= float64(k) / float64(k+1) * c2
		sum += term
	}
	return sin * sum
}
