package bench

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"github.com/corio-go/corio/sim"
)

// The M/M/1 model of examples/mm1 and mm1_simpy.py, one second as the unit of
// time.
const (
	mm1Lambda    = 0.9
	mm1Mu        = 1.0
	mm1Customers = 200_000
	mm1Warmup    = 10_000
)

func mm1Exp(rng *rand.Rand, rate float64) time.Duration {
	return time.Duration(rng.ExpFloat64() / rate * float64(time.Second))
}

// mm1Corio runs the model on a virtual-clock loop and returns the mean wait in
// line of the measured customers, in seconds.
func mm1Corio(tb testing.TB, customers, warmup int, seed uint64) float64 {
	server := sim.NewResource(1)
	rng := rand.New(rand.NewPCG(seed, 0))
	customer := func(service time.Duration) func(coro.Yield) error {
		return func(yield coro.Yield) error {
			if err := server.Acquire(yield); err != nil {
				return err
			}
			defer server.Release()
			_, err := coro.Sleep(service).Await(yield)
			return err
		}
	}
	err := loop.Main(func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for i := range warmup + customers {
				if i == warmup {
					server.ResetStats()
				}
				if _, err := coro.Sleep(mm1Exp(rng, mm1Lambda)).Await(yield); err != nil {
					return err
				}
				if err := g.Go(customer(mm1Exp(rng, mm1Mu))); err != nil {
					return err
				}
			}
			return nil
		})
	}, loop.WithVirtualClock())
	if err != nil {
		tb.Fatal(err)
	}
	return server.Waits().Mean()
}

// BenchmarkMM1 runs the M/M/1 model, 200,000 customers after 10,000 to warm
// up, in corio (a task per customer, a sim.Resource, the virtual clock) and in
// SimPy (mm1_simpy.py, the same model as SimPy's documentation writes it):
// customers/s is the measured customers over the run's time, wait-s the mean
// wait in line, which theory puts at 9.0 and both must agree on. SimPy's
// ns/op is the time of its env.run, the interpreter's start left out.
func BenchmarkMM1(b *testing.B) {
	b.Run("corio", func(b *testing.B) {
		var wait float64
		for b.Loop() {
			wait = mm1Corio(b, mm1Customers, mm1Warmup, 1)
		}
		b.ReportMetric(float64(mm1Customers)*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		b.ReportMetric(wait, "wait-s")
	})

	b.Run("simpy", func(b *testing.B) {
		python, err := simpyPython()
		if err != nil {
			b.Skip(err)
		}
		var seconds, wait float64
		for range b.N {
			out, err := exec.Command(python, "mm1_simpy.py", strconv.Itoa(mm1Customers), strconv.Itoa(mm1Warmup), "1").Output()
			if err != nil {
				b.Fatalf("mm1_simpy.py: %v", err)
			}
			var r struct {
				Seconds  float64 `json:"seconds"`
				MeanWait float64 `json:"mean_wait"`
			}
			if err := json.Unmarshal(out, &r); err != nil {
				b.Fatalf("mm1_simpy.py printed %q: %v", out, err)
			}
			seconds += r.Seconds
			wait = r.MeanWait
		}
		b.ReportMetric(seconds*1e9/float64(b.N), "ns/op")
		b.ReportMetric(float64(mm1Customers)*float64(b.N)/seconds, "customers/s")
		b.ReportMetric(wait, "wait-s")
	})
}

// simpyPython returns a Python that imports SimPy 3 or later: the one on the
// PATH, or Debian's, where the python3-simpy3 package puts it. The error says
// how to install it.
func simpyPython() (string, error) {
	for _, python := range []string{"python3", "/usr/bin/python3"} {
		out, err := exec.Command(python, "-c", "import simpy; print(simpy.__version__.split('.')[0])").Output()
		if err == nil && strings.TrimSpace(string(out)) >= "3" {
			return python, nil
		}
	}
	return "", errors.New("SimPy 3 is not installed for python3 or /usr/bin/python3: " +
		"install Debian's python3-simpy3 (apt-get install python3-simpy3, as .ci/run does); " +
		"Debian's python3-simpy is SimPy 2, an older API")
}
