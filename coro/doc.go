// Package coro is what a corio user writes against: coroutines, the requests
// they await (Sleep, Gather, futures, tasks), and cancellation. It brings Python
// asyncio's model to Go on top of generators.
//
// # The model
//
// A coroutine is a function with the shape of an iter.Seq:
//
//	func(yield coro.Yield) // Yield is func(coro.Awaitable) bool
//
// It suspends by yielding an awaitable request and is resumed when the request
// is done. A loop (package loop) steps coroutines with iter.Pull, one at a time,
// on the goroutine that runs it: a suspended task costs a coroutine switch, not
// a goroutine hand-off, and tasks share state without locks.
//
// Requests are awaited with their Await method, which yields them and returns
// their result, so a port reads close to the Python:
//
//	await asyncio.sleep(1)          coro.Sleep(time.Second).Await(yield)
//	n = await fetch(url)            n, err := fetch(url).Await(yield)
//	t = asyncio.create_task(job())  t := coro.Spawn(yield, job())
//	r = await asyncio.gather(a, b)  r, err := coro.Gather(a, b).Await(yield)
//
// A Coroutine returns nothing; a Func[T] returns a T and an error. Awaiting
// either runs it inline on the caller's yield, as Python's await other() does:
// no task, no switch. Spawn and Gather run them concurrently as tasks.
//
// # The await contract
//
// Every request is awaited the same way, whether by its Await method or by a
// bare yield. yield(a) returns true when the await succeeded and false when
// it failed: the awaited thing failed, the task was cancelled, the request
// was bad (nil, of another loop, a negative Sleep), or the loop abandoned
// the task at close. The task then holds the error; a.Await takes it and
// returns it, and a coroutine that yielded bare must return (as after an
// iter.Seq's yield returns false), upon which its task fails with the error,
// as an exception propagates out of a Python await. Errors are returned, never
// raised: a panic that passes through a coroutine is a bug, either the
// user's (it becomes the task's *PanicError) or a broken invariant of corio
// (the message says which).
//
// The yield a coroutine gets is its task's alone and only during the task's
// steps: called from another coroutine, or after the task ended (a closure
// kept past it), it panics, as an iter.Seq's yield does when called after it
// returned false.
//
// # Order
//
// Order is CPython's: ready callbacks and task steps run first in, first out;
// a new task first runs after the current step; Gather starts its children in
// argument order; timers fire by deadline, first in first out among equal
// deadlines. Code ported from asyncio prints the same lines in the same order.
//
// # Cancellation
//
// Task.Cancel makes the task's current await fail with a *CancelError that
// matches ErrCancelled and carries the cause. Cancellation is level-triggered:
// every later await of the task fails too, after one loop turn, until the
// coroutine returns, so it cannot be swallowed by accident and a coroutine that
// ignores it cannot hang the loop. As in asyncio, what a cancelled task awaits
// is cancelled with it, and an error of that thing's own comes back instead of
// the cancellation: an error is never hidden behind one. When nested scopes
// are cancelled at once, the outermost catches the cancellation (trio's
// rule).
//
// When a wake-up and a cancellation race, asyncio's rule holds: a
// cancellation in force when the task resumes wins over a wake-up that came
// first but whose step has not run (trio decides the other way). The future's
// result is then not returned, and a primitive that handed the task
// something (a lock, a permit, a queue slot, a notification) passes it on to
// the next waiter, so nothing is lost. Code ported from asyncio sees the same
// outcome it did there.
//
// # Structure, time limits, waiting together
//
// WithGroup runs child tasks that cannot outlive it (asyncio's TaskGroup,
// trio's nursery); a failing child cancels the others and the errors come
// back in a GroupError. Cancellable, MoveOnAfter, Timeout, WaitFor and Shield run a
// body inline in a cancel Scope (trio's model: nested deadlines, shields).
// Wait and AsCompleted wait for several tasks at once. WithContext and
// TaskContext connect cancellation with Go's context.Context.
//
// # Synchronisation
//
// Event, Lock, Semaphore, Condition, Barrier and Queue (FIFO, LIFO,
// priority; Join, Shutdown) are asyncio's, built on one FIFO WaitQueue (trio's
// parking lot): waiters are served in the order they came, and a waiter
// cancelled in the same step as its wake-up passes on what it was handed.
//
// # Errors
//
// A panic inside a coroutine becomes its task's error (*PanicError, with the
// stack); the loop and the other tasks keep running. Sentinel errors are in
// errors.go; test for them with errors.Is.
package coro
