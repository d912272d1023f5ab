// Command mmc simulates the M/M/c queue: customers arrive at random (a
// Poisson process of rate λ) and wait in one line for c servers, each serving
// in a random time (exponential, of rate μ). It runs c = 1, 2 and 3 at the
// same load per server, ρ = λ/(cμ) = 0.8, and prints each measured mean wait
// in line, with its 95% confidence interval, beside Erlang's C formula, which
// gives it exactly: pooling servers behind one line cuts the wait far more
// than the load per server suggests. Run it with
//
//	go run ./examples/mmc
package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"github.com/corio-go/corio/sim"
)

// The model, with one second as the unit of time.
const (
	mu        = 1.0 // services per second, per server
	load      = 0.8 // ρ: the fraction of time each server is busy
	customers = 100_000
	warmup    = 10_000
	seed      = 1
)

// result is what a run measured.
type result struct {
	wait     sim.Interval // mean wait in line, seconds, with its 95% CI
	waitedPr float64      // the fraction of customers who waited at all
	busy     float64      // utilisation
}

func exp(rng *rand.Rand, rate float64) time.Duration {
	return time.Duration(rng.ExpFloat64() / rate * float64(time.Second))
}

// simulate runs M/M/c with c servers and arrival rate lambda.
func simulate(c int, lambda float64, seed uint64, opts ...loop.Option) (result, error) {
	servers := sim.NewResource(c)
	rng := rand.New(rand.NewPCG(seed, uint64(c)))
	customer := func(service time.Duration) func(coro.Yield) error {
		return func(yield coro.Yield) error {
			if err := servers.Acquire(yield); err != nil {
				return err
			}
			defer servers.Release()
			_, err := coro.Sleep(service).Await(yield)
			return err
		}
	}
	source := func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for i := range warmup + customers {
				if i == warmup {
					servers.ResetStats()
				}
				if _, err := coro.Sleep(exp(rng, lambda)).Await(yield); err != nil {
					return err
				}
				if err := g.Go(customer(exp(rng, mu))); err != nil {
					return err
				}
			}
			return nil
		})
	}
	opts = append([]loop.Option{loop.WithVirtualClock()}, opts...)
	if err := loop.Main(source, opts...); err != nil {
		return result{}, err
	}
	waited := 0
	for _, w := range servers.Waits().Values() {
		if w > 0 {
			waited++
		}
	}
	return result{
		wait:     servers.Waits().MeanCI(20, 0.95),
		waitedPr: float64(waited) / float64(servers.Waits().Count()),
		busy:     servers.Utilization(),
	}, nil
}

// erlangC returns the probability that a customer of M/M/c waits, and the
// mean wait in line: Erlang's C formula, with a = λ/μ the offered load.
func erlangC(c int, lambda, mu float64) (waitPr, wait float64) {
	a := lambda / mu
	term, sum := 1.0, 0.0 // a^k/k!
	for k := range c {
		sum += term
		term *= a / float64(k+1)
	}
	top := term * float64(c) / (float64(c) - a) // a^c/c! · c/(c−a)
	waitPr = top / (sum + top)
	return waitPr, waitPr / (float64(c)*mu - lambda)
}

func run(out io.Writer, opts ...loop.Option) error {
	fmt.Fprintf(out, "M/M/c: μ=%g per server, ρ=%g, %d customers after %d to warm up (seed %d)\n", mu, load, customers, warmup, seed)
	fmt.Fprintln(out, "c  λ    waited  Erlang C  mean wait (95% CI)       Erlang C  utilisation")
	for c := 1; c <= 3; c++ {
		lambda := load * float64(c) * mu
		r, err := simulate(c, lambda, seed, opts...)
		if err != nil {
			return err
		}
		pr, wait := erlangC(c, lambda, mu)
		fmt.Fprintf(out, "%d  %.1f  %.3f   %.3f     %6.3f [%6.3f, %6.3f]  %6.3f %-7s %.3f\n",
			c, lambda, r.waitedPr, pr, r.wait.Mean, r.wait.Low, r.wait.High, wait, verdict(r.wait.Contains(wait)), r.busy)
	}
	return nil
}

func verdict(in bool) string {
	if in {
		return "inside"
	}
	return "OUTSIDE"
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mmc:", err)
		os.Exit(1)
	}
}
