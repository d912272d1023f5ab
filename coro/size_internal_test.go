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
