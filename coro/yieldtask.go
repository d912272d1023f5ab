package coro

import "unsafe"

// The task behind a yield. A coroutine's yield is its worker's method value
// w.await, so the task it runs for can be had from the yield itself, with no
// trip through it: what Running, CurrentTask, Now, NewFuture, the scopes and
// the failure of an await need. Go keeps a method value as a closure whose
// first word is the code of the wrapper and whose second is the receiver;
// init checks that layout on workers of its own, and if a Go release ever
// changes it, ownerOf finds nothing and callers take the slow path (a probe
// yielded through the yield, which costs an allocation).

// methodValue is the layout of the closure of a method value of *worker.
type methodValue struct {
	code uintptr
	w    *worker
}

// awaitCode is the code of w.await's closure, the same for every worker; 0
// if the layout is not the one expected.
var awaitCode = func() uintptr {
	a, b := new(worker), new(worker)
	a.yield, b.yield = a.await, b.await
	ca, cb := closureOf(a.yield), closureOf(b.yield)
	if ca == nil || cb == nil || ca.w != a || cb.w != b || ca.code != cb.code {
		return 0
	}
	return ca.code
}()

func closureOf(y Yield) *methodValue {
	return *(*(*methodValue))(unsafe.Pointer(&y))
}

// ownerOf returns the worker whose yield y is, or nil if y is not a worker's
// (a foreign yield, or nil).
func ownerOf(y Yield) *worker {
	if y == nil || awaitCode == 0 {
		return nil
	}
	if c := closureOf(y); c.code == awaitCode {
		return c.w
	}
	return nil
}
