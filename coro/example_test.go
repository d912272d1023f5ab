package coro_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// A coroutine that sleeps: the port of Python's
//
//	async def hello(name):
//	    print("hello", name)
//	    await asyncio.sleep(1)
//	    print("bye", name)
func Example() {
	hello := func(name string) coro.Coroutine {
		return func(yield coro.Yield) {
			fmt.Println("hello", name)
			coro.Sleep(time.Second).Await(yield)
			fmt.Println("bye", name, "at", coro.Now(yield))
		}
	}
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		_, err := coro.Gather(hello("A"), hello("B")).Await(yield)
		return struct{}{}, err
	})
	if _, err := loop.Run(main, loop.WithVirtualClock()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello A
	// hello B
	// bye A at 1s
	// bye B at 1s
}

// A Func returns a value; awaiting it runs it inline, as Python's
// await fetch(url).
func ExampleFunc() {
	fetch := func(url string) coro.Func[int] {
		return func(yield coro.Yield) (int, error) {
			if _, err := coro.Sleep(100 * time.Millisecond).Await(yield); err != nil {
				return 0, err
			}
			return len(url), nil
		}
	}
	main := coro.Func[int](func(yield coro.Yield) (int, error) {
		n, err := fetch("https://example.com").Await(yield)
		if err != nil {
			return 0, err
		}
		return n * 2, nil
	})
	n, err := loop.Run(main, loop.WithVirtualClock())
	fmt.Println(n, err)
	// Output: 38 <nil>
}

// Spawn starts a task that runs while its creator goes on:
// asyncio.create_task.
func ExampleSpawn() {
	main := coro.Func[string](func(yield coro.Yield) (string, error) {
		task := coro.Spawn(yield, coro.Func[string](func(yield coro.Yield) (string, error) {
			fmt.Println("task starts")
			coro.Sleep(time.Second).Await(yield)
			return "task result", nil
		}), coro.WithName("worker"))
		fmt.Println("main goes on; spawned", task.Name())
		return task.Await(yield)
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output:
	// main goes on; spawned worker
	// task starts
	// task result <nil>
}

// Gather returns the values in argument order, whatever order the children
// finish in.
func ExampleGather() {
	after := func(d time.Duration, v string) coro.Func[string] {
		return func(yield coro.Yield) (string, error) {
			return coro.SleepResult(d, v).Await(yield)
		}
	}
	main := coro.Func[[]string](func(yield coro.Yield) ([]string, error) {
		return coro.Gather(after(3*time.Second, "slow"), after(time.Second, "fast")).Await(yield)
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: [slow fast] <nil>
}

// Gather takes a slice of tasks as it is, and returns their typed values;
// GatherAny gathers children of different result types.
func ExampleGather_tasks() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		var tasks []*coro.Task[int]
		for i := range 3 {
			tasks = append(tasks, coro.Spawn(yield, coro.SleepResult(time.Duration(3-i)*time.Second, i*i)))
		}
		squares, err := coro.Gather(tasks...).Await(yield)
		fmt.Println(squares, err, coro.Now(yield))
		mixed, err := coro.GatherAny(coro.SleepResult(time.Second, "one"), tasks[0], coro.Sleep(time.Second)).Await(yield)
		fmt.Println(mixed, err)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// [0 1 4] <nil> 3s
	// [one 0 <nil>] <nil>
}

// GatherAll collects every outcome, as asyncio's return_exceptions=True: a
// failed child's place holds the zero value, and Errors gives its error.
func ExampleGatherAll() {
	main := coro.Func[[]int](func(yield coro.Yield) ([]int, error) {
		g := coro.GatherAll(
			coro.Func[int](func(coro.Yield) (int, error) { return 1, nil }),
			coro.Func[int](func(coro.Yield) (int, error) { return 0, errors.New("boom") }),
		)
		vals, err := g.Await(yield)
		fmt.Println(g.Errors())
		return vals, err
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output:
	// [<nil> boom]
	// [1 0] <nil>
}

// Cancelling a task makes its current await fail with an error that matches
// coro.ErrCancelled and carries the cause.
func ExampleTask_Cancel() {
	errStop := errors.New("stop requested")
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		sleeper := coro.Spawn(yield, coro.Coroutine(func(yield coro.Yield) {
			_, err := coro.Sleep(time.Hour).Await(yield)
			fmt.Println("sleep:", err)
			fmt.Println("cause is errStop:", errors.Is(err, errStop))
		}))
		coro.Sleep(time.Second).Await(yield)
		sleeper.Cancel(errStop)
		_, err := sleeper.Await(yield)
		fmt.Println("task cancelled:", sleeper.Cancelled(), errors.Is(err, coro.ErrCancelled))
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// sleep: coro: cancelled: stop requested
	// cause is errStop: true
	// task cancelled: true true
}

// A Future is set by one party and awaited by others.
func ExampleFuture() {
	main := coro.Func[string](func(yield coro.Yield) (string, error) {
		f := coro.NewFuture[string](yield)
		coro.Spawn(yield, coro.Coroutine(func(yield coro.Yield) {
			coro.Sleep(time.Second).Await(yield)
			f.SetResult("ready")
		}))
		return f.Await(yield)
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: ready <nil>
}

// Sleep(0) lets every other ready task run once, as asyncio.sleep(0) does.
func ExampleSleep_zero() {
	worker := func(name string) coro.Coroutine {
		return func(yield coro.Yield) {
			for i := range 2 {
				fmt.Println(name, i)
				coro.Sleep(0).Await(yield)
			}
		}
	}
	main := coro.Func[[]struct{}](func(yield coro.Yield) ([]struct{}, error) {
		return coro.Gather(worker("a"), worker("b")).Await(yield)
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// a 0
	// b 0
	// a 1
	// b 1
}

// Awaiting a Coroutine runs it inline on the caller's yield: no task is
// created and no other task runs in between.
func ExampleCoroutine_Await() {
	step := coro.Coroutine(func(yield coro.Yield) { fmt.Println("inline step") })
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		coro.Spawn(yield, coro.Coroutine(func(coro.Yield) { fmt.Println("other task") }))
		step.Await(yield)
		fmt.Println("after the inline step")
		return coro.Sleep(0).Await(yield)
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// inline step
	// after the inline step
	// other task
}

// A task group: the port of Python's
//
//	async with asyncio.TaskGroup() as tg:
//	    tg.create_task(fetch("a", 1))
//	    tg.create_task(fetch("b", 2))
//
// WithGroup returns once both children have ended.
func ExampleWithGroup() {
	fetch := func(name string, d time.Duration) coro.Coroutine {
		return func(yield coro.Yield) {
			coro.Sleep(d).Await(yield)
			fmt.Println(name, "done at", coro.Now(yield))
		}
	}
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		err := coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			coro.SpawnIn(g, fetch("a", time.Second))
			coro.SpawnIn(g, fetch("b", 2*time.Second))
			return nil
		})
		fmt.Println("group ended at", coro.Now(yield), "error:", err)
		return struct{}{}, err
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// a done at 1s
	// b done at 2s
	// group ended at 2s error: <nil>
}

// A failing child cancels its siblings; the group's error, a GroupError,
// holds every child error.
func ExampleWithGroup_failure() {
	errBoom := errors.New("boom")
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		err := coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			coro.SpawnIn(g, coro.Coroutine(func(yield coro.Yield) {
				if _, err := coro.Sleep(time.Hour).Await(yield); err != nil {
					fmt.Println("sibling cancelled at", coro.Now(yield))
				}
			}))
			coro.SpawnIn(g, coro.Func[int](func(yield coro.Yield) (int, error) {
				coro.Sleep(time.Second).Await(yield)
				return 0, errBoom
			}))
			return nil
		})
		var ge *coro.GroupError
		if errors.As(err, &ge) {
			fmt.Println(errors.Is(err, errBoom), ge.Errors)
		}
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// sibling cancelled at 1s
	// true [boom]
}

// Timeout is asyncio.timeout: the work inside is cancelled at the deadline.
func ExampleTimeout() {
	slow := coro.Func[string](func(yield coro.Yield) (string, error) {
		if _, err := coro.Sleep(time.Hour).Await(yield); err != nil {
			return "", err
		}
		return "done", nil
	})
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		_, err := coro.Timeout(yield, 3*time.Second, slow)
		fmt.Println(errors.Is(err, coro.ErrTimeout), "at", coro.Now(yield))
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output: true at 3s
}

// TimeoutAt with Never is asyncio.timeout(None): no deadline until the body
// sets one through its scope, as "async with timeout(None) as cm:
// cm.reschedule(...)" does.
func ExampleTimeoutAt() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		_, err := coro.TimeoutAt(yield, coro.Never, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			s := coro.CurrentScope(yield)
			fmt.Println("deadline set:", s.Deadline() != coro.Never)
			s.Reschedule(coro.Now(yield) + 2*time.Second)
			fmt.Println("deadline:", s.Deadline())
			return coro.Sleep(time.Hour).Await(yield)
		}))
		fmt.Println(errors.Is(err, coro.ErrTimeout), "at", coro.Now(yield))
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// deadline set: false
	// deadline: 2s
	// true at 2s
}

// WaitTimeout is asyncio.wait with timeout=: it returns what is done when the
// time is up, and cancels nothing.
func ExampleWaitTimeout() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		sleep := func(d time.Duration) coro.Func[struct{}] {
			return func(yield coro.Yield) (struct{}, error) {
				return coro.Sleep(d).Await(yield)
			}
		}
		fast := coro.Spawn(yield, sleep(time.Second))
		slow := coro.Spawn(yield, sleep(time.Hour))
		done, pending, err := coro.WaitTimeout(yield, time.Minute, coro.AllCompleted, fast, slow)
		fmt.Println(len(done), len(pending), err, "at", coro.Now(yield))
		slow.Cancel(nil)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output: 1 1 <nil> at 1m0s
}

// MoveOnAfter is trio's move_on_after: the expiry is not an error.
func ExampleMoveOnAfter() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			return coro.Sleep(time.Minute).Await(yield)
		}))
		fmt.Println(timedOut, err, coro.Now(yield))
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output: true <nil> 1s
}

// A bounded Queue between a producer and a consumer: Put waits while the
// queue is full.
func ExampleQueue() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		q := coro.NewQueue[int](1)
		consumer := coro.Spawn(yield, coro.Coroutine(func(yield coro.Yield) {
			for range 3 {
				v, _ := q.Get(yield)
				fmt.Println("got", v, "at", coro.Now(yield))
				coro.Sleep(time.Second).Await(yield)
			}
		}))
		for i := range 3 {
			q.Put(yield, i)
			fmt.Println("put", i, "at", coro.Now(yield))
		}
		_, err := consumer.Await(yield)
		return struct{}{}, err
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// put 0 at 0s
	// got 0 at 0s
	// put 1 at 0s
	// got 1 at 1s
	// put 2 at 1s
	// got 2 at 2s
}

// An Event releases every task waiting on it at once.
func ExampleEvent() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		var ready coro.Event
		waiter := func(name string) coro.Coroutine {
			return func(yield coro.Yield) {
				ready.Wait(yield)
				fmt.Println(name, "goes at", coro.Now(yield))
			}
		}
		a, b := coro.Spawn(yield, waiter("a")), coro.Spawn(yield, waiter("b"))
		coro.Sleep(time.Second).Await(yield)
		ready.Set()
		a.Await(yield)
		b.Await(yield)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// a goes at 1s
	// b goes at 1s
}

// A Semaphore limits how many tasks do something at once: here two of four.
func ExampleSemaphore() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		sem := coro.NewSemaphore(2)
		var tasks []*coro.Task[struct{}]
		for _, name := range []string{"a", "b", "c", "d"} {
			tasks = append(tasks, coro.Spawn(yield, coro.Coroutine(func(yield coro.Yield) {
				if sem.Acquire(yield) != nil {
					return
				}
				defer sem.Release()
				fmt.Println(name, "starts at", coro.Now(yield))
				coro.Sleep(time.Second).Await(yield)
			})))
		}
		for _, t := range tasks {
			t.Await(yield)
		}
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// a starts at 0s
	// b starts at 0s
	// c starts at 1s
	// d starts at 1s
}

// String shows a Lock's state as asyncio's repr does; the other primitives and
// Queue print theirs in the same form.
func ExampleLock_String() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		var l coro.Lock
		fmt.Println(&l)
		l.Acquire(yield)
		worker := coro.Coroutine(func(yield coro.Yield) {
			if l.Acquire(yield) == nil {
				l.Release()
			}
		})
		a, b := coro.Spawn(yield, worker), coro.Spawn(yield, worker)
		coro.Sleep(0).Await(yield) // a and b start, and wait for the lock
		fmt.Println(&l)
		l.Release()
		a.Await(yield)
		b.Await(yield)
		fmt.Println(&l)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// Lock[unlocked]
	// Lock[locked, waiters:2]
	// Lock[unlocked]
}

// AsCompleted gives the tasks' results in the order they finish.
func ExampleAsCompleted() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		fetch := func(name string, d time.Duration) *coro.Task[string] {
			return coro.Spawn(yield, coro.Func[string](func(yield coro.Yield) (string, error) {
				return coro.SleepResult(d, name).Await(yield)
			}))
		}
		slow, fast := fetch("slow", 2*time.Second), fetch("fast", time.Second)
		for name, err := range coro.AsCompleted(yield, slow, fast) {
			fmt.Println(name, err, "at", coro.Now(yield))
		}
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// fast <nil> at 1s
	// slow <nil> at 2s
}

// Shield keeps a cancellation out of a region: the cleanup finishes, and the
// cancellation applies after it.
func ExampleShield() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		worker := coro.Spawn(yield, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			coro.Shield(yield, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
				_, err := coro.Sleep(2 * time.Second).Await(yield)
				fmt.Println("saved the state at", coro.Now(yield), "error:", err)
				return struct{}{}, err
			}))
			return coro.Sleep(time.Second).Await(yield)
		}))
		coro.Sleep(time.Second).Await(yield)
		worker.Cancel(errors.New("shutting down"))
		_, err := worker.Await(yield)
		fmt.Println("worker:", err)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// saved the state at 2s error: <nil>
	// worker: coro: cancelled: shutting down
}

// Cleanup is how a cancelled task awaits on its way out: shielded, and with
// a time limit.
func ExampleCleanup() {
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		worker := coro.Spawn(yield, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			defer coro.Cleanup(yield, time.Second, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
				_, err := coro.Sleep(100 * time.Millisecond).Await(yield) // say goodbye, flush, ...
				fmt.Println("cleaned up at", coro.Now(yield), err)
				return struct{}{}, err
			}))
			return coro.Sleep(time.Hour).Await(yield)
		}))
		coro.Sleep(time.Second).Await(yield)
		worker.Cancel(nil)
		_, err := worker.Await(yield)
		fmt.Println("worker:", err)
		return struct{}{}, nil
	})
	loop.Run(main, loop.WithVirtualClock())
	// Output:
	// cleaned up at 1.1s <nil>
	// worker: coro: cancelled
}
