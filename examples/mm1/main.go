// Command mm1 simulates the M/M/1 queue, the first model of queueing theory:
// customers arrive at random (a Poisson process of rate λ), wait in line for
// one server, and are served in a random time (exponential, of rate μ). Each
// customer is a task; the server is a sim.Resource; the clock is virtual, so
// 200,000 customers and two and a half days of simulated time take a fraction
// of a second. It is SimPy's classic
//
//	def customer(env, server):
//	    with server.request() as req:
//	        yield req
//	        yield env.timeout(random.expovariate(MU))
//
//	def source(env, server):
//	    for i in range(N):
//	        yield env.timeout(random.expovariate(LAMBDA))
//	        env.process(customer(env, server))
//
// written with corio, and it prints the measured mean wait in line beside
// what theory says it must be: Wq = ρ/(μ−λ) with ρ = λ/μ, 9.0 for λ = 0.9
// and μ = 1. Run it with
//
//	go run ./examples/mm1
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
	lambda    = 0.9     // arrivals per second
	mu        = 1.0     // services per second
	customers = 200_000 // measured
	warmup    = 10_000  // customers that arrive first, left out of the statistics
	seed      = 1
)

// exp draws an exponential time of the given rate.
func exp(rng *rand.Rand, rate float64) time.Duration {
	return time.Duration(rng.ExpFloat64() / rate * float64(time.Second))
}

// customer waits for the server, is served, and leaves.
func customer(server *sim.Resource, service time.Duration) func(coro.Yield) error {
	return func(yield coro.Yield) error {
		if err := server.Acquire(yield); err != nil {
			return err
		}
		defer server.Release()
		_, err := coro.Sleep(service).Await(yield)
		return err
	}
}

// source sends the customers in, the first warmup of them to bring the queue
// to its steady state, and waits until every one has left.
func source(server *sim.Resource, rng *rand.Rand) func(coro.Yield) error {
	return func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for i := range warmup + customers {
				if i == warmup {
					server.ResetStats()
				}
				if _, err := coro.Sleep(exp(rng, lambda)).Await(yield); err != nil {
					return err
				}
				if err := g.Go(customer(server, exp(rng, mu))); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// result is what a run measured.
type result struct {
	wait        sim.Interval // the mean wait in line, in seconds, with its 95% CI
	p50, p90    float64      // wait quantiles, in seconds
	p99         float64
	lineLength  float64 // time-weighted mean number waiting
	utilisation float64
}

// simulate runs the model with the given seed.
func simulate(seed uint64, opts ...loop.Option) (result, error) {
	server := sim.NewResource(1)
	rng := rand.New(rand.NewPCG(seed, 0))
	opts = append([]loop.Option{loop.WithVirtualClock()}, opts...)
	if err := loop.Main(source(server, rng), opts...); err != nil {
		return result{}, err
	}
	q := server.Waits().Quantiles(0.5, 0.9, 0.99)
	return result{
		wait:        server.Waits().MeanCI(20, 0.95),
		p50:         q[0],
		p90:         q[1],
		p99:         q[2],
		lineLength:  server.QueueOverTime().Mean(server.Now()),
		utilisation: server.Utilization(),
	}, nil
}

// Theory's values for the model (ρ = λ/μ): the mean wait in line, the mean
// line length and the server's utilisation.
const (
	rho            = lambda / mu
	theoryWait     = rho / (mu - lambda)
	theoryLength   = rho * rho / (1 - rho)
	theoryBusyTime = rho
)

func run(out io.Writer, opts ...loop.Option) error {
	r, err := simulate(seed, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "M/M/1: λ=%g, μ=%g, %d customers after %d to warm up (seed %d)\n", lambda, mu, customers, warmup, seed)
	fmt.Fprintf(out, "mean wait in line: %.3f s, 95%% CI [%.3f, %.3f] (20 batch means); theory ρ/(μ−λ) = %.3f: %s\n",
		r.wait.Mean, r.wait.Low, r.wait.High, theoryWait, verdict(r.wait.Contains(theoryWait)))
	fmt.Fprintf(out, "wait p50 %.2f s, p90 %.2f s, p99 %.2f s\n", r.p50, r.p90, r.p99)
	fmt.Fprintf(out, "mean line length: %.3f; theory ρ²/(1−ρ) = %.3f\n", r.lineLength, theoryLength)
	fmt.Fprintf(out, "utilisation: %.3f; theory ρ = %.3f\n", r.utilisation, theoryBusyTime)
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
		fmt.Fprintln(os.Stderr, "mm1:", err)
		os.Exit(1)
	}
}
