package coro

import (
	"testing"
	"unsafe"
)

// A task is allocated with its typed result: keep Task[int] within the
// 224-byte size class it had, so that a million tasks cost what they did.
func TestTaskFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(Task[int]{}); n > 224 {
		t.Errorf("Task[int] is %d bytes, over the 224-byte size class", n)
	}
}

// Every suspended task holds a worker, with the place in a WaitQueue its
// task takes there: keep it within the 112-byte size class.
func TestWorkerFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(worker{}); n > 112 {
		t.Errorf("worker is %d bytes, over the 112-byte size class", n)
	}
}
