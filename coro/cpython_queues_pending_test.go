//go:build corio_pending

package coro_test

// Ports of CPython's test_queues.py that need API corio does not have yet:
// TryPut and TryGet that say why they refused (asyncio's QueueFull and
// QueueEmpty).

import (
	"errors"
	"testing"

	"github.com/corio-go/corio/coro"
)

// test_queues.py::QueueGetTests::test_nonblocking_get_exception
// corio today: TryGet on an empty queue reports a bare false; no ErrQueueEmpty exists.
func TestCPythonQueueGetTestsNonblockingGetException(t *testing.T) {
	q := coro.NewQueue[int](0)
	if v, err := q.TryGet(); !errors.Is(err, coro.ErrQueueEmpty) || v != 0 {
		t.Errorf("TryGet on an empty queue = %d, %v; want 0, ErrQueueEmpty", v, err)
	}
	if errors.Is(coro.ErrQueueEmpty, coro.ErrQueueShutDown) {
		t.Error("ErrQueueEmpty matches ErrQueueShutDown")
	}
}

// test_queues.py::QueuePutTests::test_nonblocking_put_exception
// corio today: TryPut on a full queue reports a bare false; no ErrQueueFull exists.
func TestCPythonQueuePutTestsNonblockingPutException(t *testing.T) {
	q := coro.NewQueue[int](1)
	if err := q.TryPut(1); err != nil {
		t.Fatalf("TryPut below the bound: %v", err)
	}
	if err := q.TryPut(2); !errors.Is(err, coro.ErrQueueFull) {
		t.Errorf("TryPut on a full queue: %v, want ErrQueueFull", err)
	}
	if errors.Is(coro.ErrQueueFull, coro.ErrQueueShutDown) {
		t.Error("ErrQueueFull matches ErrQueueShutDown")
	}
	if v, err := q.TryGet(); v != 1 || err != nil || q.Len() != 0 {
		t.Errorf("TryGet = %d, %v, Len %d; want 1, nil, 0: the refused item went in", v, err, q.Len())
	}
}
