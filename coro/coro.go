package coro

import "fmt"

// Yield is the function a coroutine suspends with: it yields an awaitable
// request and returns when the request is done, true if it succeeded and
// false if it failed (see "The await contract" in the package doc). It is an
// alias, so a coroutine is an iter.Seq[Awaitable], which a loop steps with
// iter.Pull.
type Yield = func(Awaitable) bool

// Coroutine is a coroutine with no result: a function that yields awaitable
// requests and is resumed when each is done. It has the shape of an
// iter.Seq[Awaitable], so a loop steps it with iter.Pull.
//
//	func worker(yield coro.Yield) {
//		fmt.Println("start")
//		coro.Sleep(time.Second).Await(yield)
//		fmt.Println("done")
//	}
//
// A coroutine that yields bare must return when yield returns false; its task
// then fails with the await's error. Awaiting a Coroutine, by Await or by
// yielding it, runs it inline on the caller's yield, as Python's await
// other() does: no task, no switch. Spawn or Gather run it concurrently.
type Coroutine func(yield Yield)

// Await runs c inline on the caller's yield and returns when it returns. The
// error is that of an await inside c that c did not take, or else the
// calling task's cancellation if it was cancelled meanwhile (a Coroutine
// returns no error, so it cannot hide one).
func (c Coroutine) Await(yield Yield) (struct{}, error) {
	if !yield(c) {
		return struct{}{}, failure(yield)
	}
	return struct{}{}, nil
}

// wait runs c inline. A Coroutine returns no error, so a failure of its own
// awaits that it did not take (inline), or else the cancellation in force
// when it returns, is the outcome: an await cannot hide the caller's
// cancellation.
func (c Coroutine) wait(t *taskCore) (bool, error) {
	if c == nil {
		return false, errNilCoroutine
	}
	if err := t.inline(func() error { c(t.yieldOf()); return nil }); err != nil {
		return false, err
	}
	if ce := t.cancelled(); ce != nil {
		return false, ce
	}
	return false, nil
}

// errNilCoroutine is the failure of an await of a nil Coroutine.
var errNilCoroutine = fmt.Errorf("%w: awaited a nil Coroutine", ErrNilCoroutine)

func (c Coroutine) abort(*taskCore) {}
func (c Coroutine) inline()         {}

// Func is a coroutine that returns a value and an error: the value-returning
// form of Coroutine.
//
//	func fetch(url string) coro.Func[int] {
//		return func(yield coro.Yield) (int, error) {
//			if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
//				return 0, err
//			}
//			return len(url), nil
//		}
//	}
//
// Awaiting a Func runs it inline, as for Coroutine. Yielded bare rather than
// awaited, its value is dropped and its error is the await's failure.
type Func[T any] func(yield Yield) (T, error)

// Await runs f inline on the caller's yield and returns its result. A failure
// of an await inside f that f did not take (it yielded bare and returned on
// false) is f's error, as for a Coroutine.
func (f Func[T]) Await(yield Yield) (v T, err error) {
	if f == nil {
		var zero T
		return zero, ErrNilCoroutine
	}
	t := taskOf(yield)
	if t == nil { // not a loop's yield: f's first await tells
		return f(yield)
	}
	// t.inline's work, without its closure: a frame less on the stack.
	prev := t.w.held
	t.w.held = nil
	defer t.restoreHeld(prev, &err)
	return f(yield)
}

// wait runs f inline; yielded bare, its value is dropped and its error (or a
// failure inside it that it did not take: inline) is the outcome.
func (f Func[T]) wait(t *taskCore) (bool, error) {
	if f == nil {
		return false, fmt.Errorf("%w: awaited a nil Func", ErrNilCoroutine)
	}
	return false, t.inline(func() error { _, err := f(t.yieldOf()); return err })
}

func (f Func[T]) abort(*taskCore) {}
func (f Func[T]) inline()         {}
