package loop_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// Run is asyncio.run: it runs main on a new loop and closes it.
func ExampleRun() {
	main := coro.Func[string](func(yield func(coro.Awaitable) bool) (string, error) {
		start := coro.Now(yield)
		if err := coro.Sleep(90 * time.Minute).Await(yield); err != nil {
			return "", err
		}
		return fmt.Sprint("slept ", coro.Now(yield)-start), nil
	})
	// The virtual clock makes an hour and a half pass at once.
	fmt.Println(loop.Run(main, loop.WithVirtualClock()))
	// Output: slept 1h30m0s <nil>
}

// A loop made by hand runs until a coroutine completes, and is closed after.
func ExampleLoop_RunUntilComplete() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	task := coro.Func[int](func(yield func(coro.Awaitable) bool) (int, error) {
		fmt.Println("task starts")
		return 7, coro.Sleep(2 * time.Second).Await(yield)
	})
	v, err := l.RunUntilComplete(task)
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
	main := coro.Func[string](func(yield func(coro.Awaitable) bool) (string, error) {
		l := loop.Current(yield)
		result := coro.NewFuture[string](l)
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
	main := coro.Func[int](func(yield func(coro.Awaitable) bool) (int, error) {
		never := coro.NewFuture[int](coro.Running(yield))
		return never.Await(yield)
	})
	_, err := loop.Run(main, loop.WithVirtualClock())
	fmt.Println(errors.Is(err, coro.ErrDeadlock))
	fmt.Println(err)
	// Output:
	// true
	// coro: deadlock: nothing is ready, no timer is pending and no goroutine holds the loop; live tasks (1):
	//   main (waiting on Future[int])
	// awaited by:
	//   main
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
