package loop_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// Run is asyncio.run: it runs main on a new loop and closes it.
func ExampleRun() {
	main := coro.Func[string](func(yield coro.Yield) (string, error) {
		start := coro.Now(yield)
		if _, err := coro.Sleep(90 * time.Minute).Await(yield); err != nil {
			return "", err
		}
		return fmt.Sprint("slept ", coro.Now(yield)-start), nil
	})
	// The virtual clock makes an hour and a half pass at once.
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: slept 1h30m0s <nil>
}

// Main is the usual shape of a program: main is a coroutine that returns an
// error, and the program ends with it.
//
//	func main() {
//		if err := loop.Main(run); err != nil {
//			log.Fatal(err)
//		}
//	}
func ExampleMain() {
	run := func(yield coro.Yield) error {
		greet := func(name string, d time.Duration) coro.Func[string] {
			return func(yield coro.Yield) (string, error) {
				if _, err := coro.Sleep(d).Await(yield); err != nil {
					return "", err
				}
				return fmt.Sprintf("hello %s at %v", name, coro.Now(yield)), nil
			}
		}
		a := coro.Spawn(yield, greet("A", 2*time.Second))
		b := coro.Spawn(yield, greet("B", time.Second))
		for _, t := range []*coro.Task[string]{a, b} {
			line, err := t.Await(yield)
			if err != nil {
				return err
			}
			fmt.Println(line)
		}
		return nil
	}
	// The virtual clock makes the seconds pass at once.
	if err := loop.Main(run, loop.WithVirtualClock()); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// hello A at 2s
	// hello B at 1s
}

// A loop made by hand runs until a coroutine completes, and is closed after.
func ExampleRunUntilComplete() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	task := coro.Func[int](func(yield coro.Yield) (int, error) {
		fmt.Println("task starts")
		return coro.SleepResult(2*time.Second, 7).Await(yield)
	})
	v, err := loop.RunUntilComplete(l, task)
	fmt.Println(v, err, l.Now())
	// Output:
	// task starts
	// 7 <nil> 2s
}

// Callbacks run by deadline, first in first out among equal deadlines, and
// CallSoon callbacks before any timer.
func ExampleLoop_CallLater() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	l.CallLater(2*time.Second, func() { fmt.Println("2s") })
	l.CallLater(time.Second, func() { fmt.Println("1s, first") })
	l.CallLater(time.Second, func() { fmt.Println("1s, second") })
	l.CallSoon(func() { fmt.Println("soon") })
	l.CallLater(3*time.Second, l.Stop)
	l.RunForever()
	// Output:
	// soon
	// 1s, first
	// 1s, second
	// 2s
}

// Another goroutine hands a result to the loop with CallSoonThreadsafe; Hold
// tells the loop to wait for it rather than report a deadlock.
func ExampleLoop_CallSoonThreadsafe() {
	main := coro.Func[string](func(yield coro.Yield) (string, error) {
		l := loop.Current(yield)
		result := coro.NewFuture[string](yield)
		release := l.Hold()
		go func() {
			defer release()
			v := "computed on another goroutine"
			l.CallSoonThreadsafe(func() { result.SetResult(v) })
		}()
		return result.Await(yield)
	})
	fmt.Println(loop.Run(main))
	// Output: computed on another goroutine <nil>
}

// A coroutine that waits for something nobody will ever do ends the run with
// a deadlock error naming it, instead of hanging.
func ExampleRun_deadlock() {
	main := coro.Func[int](func(yield coro.Yield) (int, error) {
		never := coro.NewFuture[int](yield)
		return never.Await(yield)
	})
	_, err := loop.Run(main, loop.WithVirtualClock())
	fmt.Println(errors.Is(err, coro.ErrDeadlock))
	fmt.Println(err)
	// Output:
	// true
	// coro: deadlock: nothing is ready, no timer is pending and no goroutine holds the loop; live tasks (1):
	//   Task-1 (waiting on Future[int])
	// awaited by:
	//   Task-1
}

// NewContext is the Go form of asyncio.set_event_loop: the loop travels in a
// context.Context instead of a thread-local.
func ExampleNewContext() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	ctx := loop.NewContext(context.Background(), l)
	fmt.Println(loop.FromContext(ctx) == l)
	// Output: true
}

// ToThread runs blocking Go code on the loop's pool of workers while the
// loop goes on: asyncio.to_thread.
func ExampleToThread() {
	main := coro.Func[string](func(yield coro.Yield) (string, error) {
		return loop.ToThread(func(ctx context.Context) (string, error) {
			return strings.ToUpper("done off the loop"), nil // a blocking call would go here
		}).Await(yield)
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: DONE OFF THE LOOP <nil>
}

// Recv awaits a Go channel, so that plain goroutines can feed a coroutine.
func ExampleRecv() {
	ch := make(chan int)
	go func() {
		for i := range 3 {
			ch <- i * i
		}
		close(ch)
	}()
	main := coro.Func[int](func(yield coro.Yield) (int, error) {
		sum := 0
		for {
			v, ok, err := loop.Recv(yield, ch)
			if err != nil || !ok {
				return sum, err
			}
			sum += v
		}
	})
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: 5 <nil>
}

// Submit runs a coroutine on a loop from plain Go code and waits for its
// result: asyncio.run_coroutine_threadsafe.
func ExampleSubmit() {
	p := loop.NewPool(1) // a loop on a goroutine (and thread) of its own
	defer p.Close()
	r := loop.Submit(p.Loop(0), coro.Func[int](func(yield coro.Yield) (int, error) {
		return coro.SleepResult(0, 6*7).Await(yield)
	}))
	fmt.Println(r.Wait(context.Background()))
	// Output: 42 <nil>
}

// A Sequence records what the tasks did and draws it as a sequence diagram.
func ExampleSequence() {
	seq := loop.NewSequence()
	main := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		return coro.Sleep(time.Second).Await(yield)
	})
	loop.Run(main, loop.WithVirtualClock(), loop.WithRecording(seq))
	seq.Mermaid(os.Stdout)
	// Output:
	// sequenceDiagram
	//     participant P0 as loop
	//     participant P1 as Task-1
	//     participant P2 as sleep
	//     P0->>P1: start @ 0s
	//     P1->>P2: Sleep(1s) @ 0s
	//     P2->>P1: resume after 1s @ 1s
	//     P1->>P0: done after 1s @ 1s
}

// RunUntil is SimPy's run(until=t): a simulation runs in slices of virtual
// time, and events due at a slice's end wait for the next.
func ExampleLoop_RunUntil() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	loop.Start(l, coro.Coroutine(func(yield coro.Yield) {
		for {
			if _, err := coro.Sleep(time.Hour).Await(yield); err != nil {
				return
			}
			fmt.Println("tick at", coro.Now(yield))
		}
	}))
	l.RunUntil(3 * time.Hour)
	fmt.Println("paused at", l.Now())
	l.RunUntil(4*time.Hour + time.Minute)
	fmt.Println("paused at", l.Now())
	// Output:
	// tick at 1h0m0s
	// tick at 2h0m0s
	// paused at 3h0m0s
	// tick at 3h0m0s
	// tick at 4h0m0s
	// paused at 4h1m0s
}
