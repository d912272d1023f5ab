package coro

import (
	"strings"
	"testing"
)

// The task behind a yield is found from the yield's closure; if a Go release
// changed the layout of closures, every lookup would take the slow path (an
// allocation each) without a word: this test says it instead.
func TestYieldClosureLayoutIsKnown(t *testing.T) {
	if awaitCode == 0 {
		t.Fatal("the layout of a yield's closure is not the expected one: ownerOf is disabled")
	}
	task := new(taskCore)
	if ownerOf(yieldFor(task)) != task {
		t.Error("ownerOf does not find the task of its own yield")
	}
	if ownerOf(func(Awaitable) bool { return true }) != nil || ownerOf(nil) != nil {
		t.Error("ownerOf found a worker behind a foreign yield")
	}
}

// A task's yield built in its own memory is its yieldFor closure: the task is
// found from it, and calling it runs the task's await (which, with no step
// running, panics with the kept-yield message).
func TestYieldBuiltInTheTaskIsItsAwait(t *testing.T) {
	task := new(taskCore)
	y := task.yieldOf()
	if ownerOf(y) != task {
		t.Fatal("ownerOf does not find the task of the yield built in it")
	}
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "outside the step of its task") {
			t.Errorf("calling the built yield outside a step: %q, want the kept-yield panic", msg)
		}
	}()
	y(Sleep(0))
}
