package coro

import "unsafe"

// The task behind a yield. A coroutine's yield is its task's closure
// yieldFor(t), so the task can be had from the yield itself, with no trip
// through it: what Running, CurrentTask, Now, NewFuture, the scopes and the
// failure of an await need. Go keeps a closure as a block whose first word is
// its code and whose next are the variables it captured, by value when they
// are never assigned after the capture, as yieldFor's t; init checks that
// layout on tasks of its own, and if a Go release ever changes it, ownerOf
// finds nothing and callers take the slow path (a probe yielded through the
// yield, which costs an allocation).

// methodValue is the layout of the closure of a task's yield: the code, and
// the task it captured (the layout of a method value of *taskCore, too).
type methodValue struct {
	code uintptr
	t    *taskCore
}

// awaitCode is the code of a task's yield, the same for every task; 0 if
// the layout is not the one expected.
var awaitCode = func() uintptr {
	a, b := new(taskCore), new(taskCore)
	ca, cb := closureOf(yieldFor(a)), closureOf(yieldFor(b))
	if ca == nil || cb == nil || ca.t != a || cb.t != b || ca.code != cb.code {
		return 0
	}
	return ca.code
}()

func closureOf(y Yield) *methodValue {
	return *(*(*methodValue))(unsafe.Pointer(&y))
}

// ownerOf returns the task whose yield y is, or nil if y is not a task's
// own (a foreign yield, one wrapped by the user, or nil).
func ownerOf(y Yield) *taskCore {
	if y == nil || awaitCode == 0 {
		return nil
	}
	if c := closureOf(y); c.code == awaitCode {
		return c.t
	}
	return nil
}

// taskOf returns the task whose yield y is or wraps, found from y or else
// by a probe yielded through it; nil if none runs it.
func taskOf(y Yield) *taskCore {
	if t := ownerOf(y); t != nil {
		t.check()
		return t
	}
	p := new(probe)
	y(p)
	return p.t
}

// yieldOf returns t's own yield, yieldFor(t), built in t's own memory (its
// self field) when the layout is the one checked, so that starting a task
// allocates no closure; else made by the compiler.
func (t *taskCore) yieldOf() Yield {
	if awaitCode == 0 {
		return yieldFor(t)
	}
	t.self = methodValue{code: awaitCode, t: t}
	p := unsafe.Pointer(&t.self)
	return *(*Yield)(unsafe.Pointer(&p))
}
