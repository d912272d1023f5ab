package coro

import "testing"

// The task behind a yield is found from the yield's closure; if a Go release
// changed the layout of method values, every lookup would take the slow path
// (an allocation each) without a word: this test says it instead.
func TestYieldClosureLayoutIsKnown(t *testing.T) {
	if awaitCode == 0 {
		t.Fatal("the layout of a method value's closure is not the expected one: ownerOf is disabled")
	}
	task := new(taskCore)
	if ownerOf(task.await) != task {
		t.Error("ownerOf does not find the task of its own yield")
	}
	if ownerOf(func(Awaitable) bool { return true }) != nil || ownerOf(nil) != nil {
		t.Error("ownerOf found a worker behind a foreign yield")
	}
}
