// Package sim is discrete-event simulation on corio: SimPy's model, in Go.
//
// A simulation is an ordinary corio program on a loop with a virtual clock
// (loop.WithVirtualClock): its processes are tasks, SimPy's env.timeout is
// coro.Sleep, env.now is coro.Now, env.process is coro.Spawn, and
// env.run(until=t) is Loop.RunUntil. Time stands still while tasks run and
// jumps to the next event when none is ready, so hours of simulated time take
// milliseconds, every duration is exact, and the same seed gives the same run.
//
// This package adds what simulations share and corio's coro does not have:
//
//   - Resource: units used one at a time each, served first come first
//     served or by priority, with preemption (SimPy's Resource,
//     PriorityResource and PreemptiveResource);
//   - Store, NewPriorityStore and FilterStore: items put and got (SimPy's
//     Store, PriorityStore and FilterStore), on coro.Queue where it fits;
//   - Container: a continuous amount put in and taken out (SimPy's Container);
//   - the statistics simulations always compute: Level, a quantity averaged
//     over time (queue length, utilisation), and Tally, observations with
//     their mean, quantiles and a batch-means confidence interval.
//
// Each resource measures itself in the loop's time. A request that waits and
// is cancelled (a timeout: a customer who gives up) leaves its queue and takes
// nothing; one served before it noticed keeps what it was handed.
//
// Everything here is used on the loop's goroutine, as the rest of a corio
// program; a resource belongs to the loop of the first task that uses it.
package sim
