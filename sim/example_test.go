package sim_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"github.com/corio-go/corio/sim"
)

// A bank with two clerks: customers come in, wait for a clerk, are served
// and leave. The clock is virtual, so the times are exact.
func ExampleResource() {
	clerks := sim.NewResource(2)
	customer := func(name string, service time.Duration) func(coro.Yield) error {
		return func(yield coro.Yield) error {
			arrived := coro.Now(yield)
			if err := clerks.Acquire(yield); err != nil {
				return err
			}
			defer clerks.Release()
			fmt.Printf("%v %s is served after waiting %v\n", coro.Now(yield), name, coro.Now(yield)-arrived)
			_, err := coro.Sleep(service).Await(yield)
			return err
		}
	}
	loop.Main(func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for i, service := range []time.Duration{5, 3, 4, 2} {
				g.Go(customer(fmt.Sprint("customer ", i), service*time.Minute))
				coro.Sleep(time.Minute).Await(yield)
			}
			return nil
		})
	}, loop.WithVirtualClock())
	fmt.Printf("utilisation %.2f, mean wait %.0fs\n", clerks.Utilization(), clerks.Waits().Mean())
	// Output:
	// 0s customer 0 is served after waiting 0s
	// 1m0s customer 1 is served after waiting 0s
	// 4m0s customer 2 is served after waiting 2m0s
	// 5m0s customer 3 is served after waiting 2m0s
	// utilisation 0.88, mean wait 60s
}

// A machine shop: an urgent job preempts a routine one, which queues again
// for the rest of its work.
func ExampleResource_Use() {
	machine := sim.NewResource(1)
	job := func(name string, req sim.Request, work time.Duration) func(coro.Yield) error {
		return func(yield coro.Yield) error {
			for work > 0 {
				err := machine.Use(yield, req, func(yield coro.Yield) error {
					start := coro.Now(yield)
					fmt.Printf("%v %s starts, %v to go\n", start, name, work)
					_, err := coro.Sleep(work).Await(yield)
					work -= coro.Now(yield) - start
					return err
				})
				if p := (*sim.Preempted)(nil); errors.As(err, &p) {
					fmt.Printf("%v %s is preempted by %s\n", coro.Now(yield), name, p.By.Name())
				} else if err != nil {
					return err
				}
			}
			fmt.Printf("%v %s is done\n", coro.Now(yield), name)
			return nil
		}
	}
	loop.Main(func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			g.Go(job("routine", sim.Request{Priority: 2}, 10*time.Minute), coro.WithName("routine"))
			coro.Sleep(3 * time.Minute).Await(yield)
			g.Go(job("urgent", sim.Request{Priority: 1, Preempt: true}, 2*time.Minute), coro.WithName("urgent"))
			return nil
		})
	}, loop.WithVirtualClock())
	// Output:
	// 0s routine starts, 10m0s to go
	// 3m0s urgent starts, 2m0s to go
	// 3m0s routine is preempted by urgent
	// 5m0s urgent is done
	// 5m0s routine starts, 7m0s to go
	// 12m0s routine is done
}

// A gas station's tank: cars take fuel, a tanker refills it when it runs low.
func ExampleContainer() {
	tank := sim.NewContainer(100, 50)
	car := func(i int) func(coro.Yield) error {
		return func(yield coro.Yield) error {
			if err := tank.Get(yield, 30); err != nil {
				return err
			}
			fmt.Printf("%v car %d fuelled\n", coro.Now(yield), i)
			return nil
		}
	}
	loop.Main(func(yield coro.Yield) error {
		return coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for i := range 3 {
				g.Go(car(i))
			}
			coro.Sleep(10 * time.Minute).Await(yield)
			fmt.Printf("%v tanker arrives\n", coro.Now(yield))
			return tank.Put(yield, 60)
		})
	}, loop.WithVirtualClock())
	fmt.Printf("%g left, %.1f on average\n", tank.Level(), tank.LevelOverTime().Mean(10*time.Minute))
	// Output:
	// 0s car 0 fuelled
	// 10m0s tanker arrives
	// 10m0s car 1 fuelled
	// 10m0s car 2 fuelled
	// 20 left, 20.0 on average
}

// A Level averages a quantity over time; a Tally summarises observations.
func ExampleTally() {
	var waits sim.Tally
	for _, w := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} {
		waits.Add(w)
	}
	q := waits.Quantiles(0.5, 0.9)
	fmt.Printf("mean %.1f, median %.1f, p90 %.1f\n", waits.Mean(), q[0], q[1])
	fmt.Println("95% CI over 5 batches:", waits.MeanCI(5, 0.95))

	var queue sim.Level
	queue.Set(0, 2)
	queue.Set(3*time.Second, 0)
	fmt.Printf("mean queue over 4s: %.2f\n", queue.Mean(4*time.Second))
	// Output:
	// mean 5.5, median 5.5, p90 9.1
	// 95% CI over 5 batches: 5.5 ± 3.9 (95%)
	// mean queue over 4s: 1.50
}
