package coro_test

// Ports of CPython's Lib/test/test_asyncio/test_queues.py (3.11, and the
// shutdown tests of 3.13). Skipped as Python-only: test_repr, test_str,
// test_generic_alias, test_float_maxsize (a float bound) and the test_format
// tests (the repr's text).

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// queuesItem is what the queues of the mixin tests hold.
type queuesItem interface{ ~int | ~string }

// queuesKind is one of the three queue classes that CPython's mixins
// (_QueueJoinTestMixin, _QueueShutdownTestMixin) run against.
type queuesKind[T queuesItem] struct {
	name string
	make func(maxsize int) *coro.Queue[T]
}

func queuesKinds[T queuesItem]() []queuesKind[T] {
	return []queuesKind[T]{
		{"Queue", coro.NewQueue[T]},
		{"LifoQueue", coro.NewLifoQueue[T]},
		{"PriorityQueue", func(maxsize int) *coro.Queue[T] {
			return coro.NewPriorityQueue(maxsize, func(a, b T) bool { return a < b })
		}},
	}
}

// queuesGetter starts a task that gets one item from q.
func queuesGetter[T any](yield Y, q *coro.Queue[T]) *coro.Task[T] {
	return coro.Spawn(yield, coro.Func[T](q.Get))
}

// queuesPutter starts a task that puts v in q.
func queuesPutter[T any](yield Y, q *coro.Queue[T], v T) *coro.Task[struct{}] {
	return syncTask(yield, func(yield Y) error { return q.Put(yield, v) })
}

// queuesGetAll gets n items from q, failing the test on an error.
func queuesGetAll[T any](t *testing.T, yield Y, q *coro.Queue[T], n int) []T {
	t.Helper()
	var got []T
	for range n {
		v, err := q.Get(yield)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		got = append(got, v)
	}
	return got
}

// queuesShutDown checks that every way in and out of a shut-down, empty queue
// fails with ErrQueueShutDown.
func queuesShutDown[T any](t *testing.T, yield Y, q *coro.Queue[T], v T) {
	t.Helper()
	if err := q.Put(yield, v); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("Put on a shut-down queue: %v, want ErrQueueShutDown", err)
	}
	if err := q.TryPut(v); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("TryPut on a shut-down queue: %v, want ErrQueueShutDown", err)
	}
	if _, err := q.Get(yield); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("Get on a shut-down, empty queue: %v, want ErrQueueShutDown", err)
	}
	if _, err := q.TryGet(); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("TryGet on a shut-down, empty queue: %v, want ErrQueueShutDown", err)
	}
}

// QueueBasicTests

// test_queues.py::QueueBasicTests::test_empty
func TestCPythonQueueBasicTestsEmpty(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		if !q.Empty() {
			t.Error("a new queue is not empty")
		}
		if err := q.Put(yield, 1); err != nil {
			return err
		}
		if q.Empty() {
			t.Error("Empty after a Put")
		}
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		if !q.Empty() {
			t.Error("not Empty after the only item was got")
		}
		return nil
	})
}

// test_queues.py::QueueBasicTests::test_full
func TestCPythonQueueBasicTestsFull(t *testing.T) {
	mustRun(t, func(yield Y) error {
		if coro.NewQueue[int](0).Full() {
			t.Error("an unbounded queue is full")
		}
		q := coro.NewQueue[int](1)
		if err := q.Put(yield, 1); err != nil {
			return err
		}
		if !q.Full() {
			t.Error("a queue of maxsize 1 holding 1 item is not full")
		}
		return nil
	})
}

// test_queues.py::QueueBasicTests::test_order
func TestCPythonQueueBasicTestsOrder(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		for _, v := range []int{1, 3, 2} {
			if err := q.Put(yield, v); err != nil {
				return err
			}
		}
		if diff := cmp.Diff([]int{1, 3, 2}, queuesGetAll(t, yield, q, 3)); diff != "" {
			t.Errorf("FIFO order (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::QueueBasicTests::test_maxsize
func TestCPythonQueueBasicTestsMaxsize(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](2)
		if q.Cap() != 2 {
			t.Errorf("Cap = %d, want 2", q.Cap())
		}
		var put []int
		putter := coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			for i := range 3 {
				if err := q.Put(yield, i); err != nil {
					return false, err
				}
				put = append(put, i)
			}
			return true, nil
		}))
		turns(yield, 2)
		// The putter waits, having put two items.
		if diff := cmp.Diff([]int{0, 1}, put); diff != "" {
			t.Errorf("put before the queue was full (-want +got):\n%s", diff)
		}
		if v, err := q.Get(yield); v != 0 || err != nil {
			t.Errorf("Get = %d, %v; want 0, nil", v, err)
		}
		// The Get woke the putter: it puts the last item in its next step.
		turns(yield, 1)
		if diff := cmp.Diff([]int{0, 1, 2}, put); diff != "" {
			t.Errorf("put once there was room (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{1, 2}, queuesGetAll(t, yield, q, 2)); diff != "" {
			t.Errorf("items left (-want +got):\n%s", diff)
		}
		if !putter.Done() {
			t.Fatal("the putter is not done")
		}
		if ok, err := putter.Result(); !ok || err != nil {
			t.Errorf("putter = %v, %v; want true, nil", ok, err)
		}
		return nil
	})
}

// QueueGetTests

// test_queues.py::QueueGetTests::test_blocking_get
func TestCPythonQueueGetTestsBlockingGet(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		if err := q.TryPut(1); err != nil {
			return err
		}
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueueGetTests::test_get_with_putters
//
// CPython plants a bare future in the queue's putters; here a real task waits
// to put, and the Get must wake it.
func TestCPythonQueueGetTestsGetWithPutters(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](1)
		if err := q.Put(yield, 1); err != nil {
			return err
		}
		putter := queuesPutter(yield, q, 2)
		turns(yield, 1) // the putter waits: the queue is full
		if putter.Done() {
			t.Fatal("a Put on a full queue did not wait")
		}
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		turns(yield, 1)
		if !putter.Done() {
			t.Fatal("the Get did not wake the waiting putter")
		}
		if _, err := putter.Result(); err != nil {
			t.Errorf("putter: %v", err)
		}
		if v, err := q.Get(yield); v != 2 || err != nil {
			t.Errorf("Get = %d, %v; want the putter's 2, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueueGetTests::test_blocking_get_wait
func TestCPythonQueueGetTestsBlockingGetWait(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		var started coro.Event
		finished := false
		getter := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			started.Set()
			v, err := q.Get(yield)
			finished = true
			return v, err
		}))
		if err := started.Wait(yield); err != nil {
			return err
		}
		if finished {
			t.Error("Get on an empty queue returned at once")
		}
		if _, err := loop.Current(yield).CallLater(10*time.Millisecond, func() {
			if err := q.TryPut(1); err != nil {
				t.Errorf("TryPut: %v", err)
			}
		}); err != nil {
			return err
		}
		v, err := getter.Await(yield)
		if v != 1 || err != nil || !finished {
			t.Errorf("getter = %d, %v, finished %v; want 1, nil, true", v, err, finished)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("the getter returned at %v, want 10ms", now)
		}
		return nil
	})
}

// test_queues.py::QueueGetTests::test_nonblocking_get
func TestCPythonQueueGetTestsNonblockingGet(t *testing.T) {
	q := coro.NewQueue[int](0)
	if err := q.TryPut(1); err != nil {
		t.Fatalf("TryPut: %v", err)
	}
	if v, err := q.TryGet(); v != 1 || err != nil {
		t.Errorf("TryGet = %d, %v; want 1, nil", v, err)
	}
}

// test_queues.py::QueueGetTests::test_get_cancelled_race
func TestCPythonQueueGetTestsGetCancelledRace(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[string](0)
		t1 := queuesGetter(yield, q)
		t2 := queuesGetter(yield, q)
		turns(yield, 1)
		t1.Cancel(nil)
		turns(yield, 1)
		if !t1.Done() {
			t.Error("a cancelled getter is not done a turn later")
		}
		if _, err := t1.Result(); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled getter: %v, want ErrCancelled", err)
		}
		if err := q.Put(yield, "a"); err != nil {
			return err
		}
		turns(yield, 1)
		if v, err := t2.Await(yield); v != "a" || err != nil {
			t.Errorf("second getter = %q, %v; want a, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueueGetTests::test_get_with_waiting_putters
func TestCPythonQueueGetTestsGetWithWaitingPutters(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[string](1)
		queuesPutter(yield, q, "a")
		queuesPutter(yield, q, "b")
		if diff := cmp.Diff([]string{"a", "b"}, queuesGetAll(t, yield, q, 2)); diff != "" {
			t.Errorf("items got (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::QueueGetTests::test_why_are_getters_waiting
func TestCPythonQueueGetTestsWhyAreGettersWaiting(t *testing.T) {
	mustRun(t, func(yield Y) error {
		const n = 5
		q := coro.NewQueue[int](1)
		var got []int
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				for i := range n {
					if err := q.Put(yield, i); err != nil {
						return struct{}{}, err
					}
				}
				return struct{}{}, nil
			}))
			coro.SpawnIn(g, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				for range n {
					v, err := q.Get(yield)
					if err != nil {
						return struct{}{}, err
					}
					got = append(got, v)
				}
				return struct{}{}, nil
			}))
			return nil
		})
		if diff := cmp.Diff([]int{0, 1, 2, 3, 4}, got); diff != "" {
			t.Errorf("consumer got (-want +got):\n%s", diff)
		}
		return err
	})
}

// test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters
//
// CPython checks that the queue's list of getters is empty after the timeout;
// here, that a Put then wakes the next getter rather than the one timed out.
func TestCPythonQueueGetTestsCancelledGettersNotBeingHeldInSelfGetters(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](5)
		if _, err := coro.WaitFor(yield, 100*time.Millisecond, coro.Func[int](q.Get)); !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor(Get) on an empty queue: %v, want ErrTimeout", err)
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("WaitFor returned at %v, want 100ms", now)
		}
		getter := queuesGetter(yield, q)
		turns(yield, 1)
		if err := q.Put(yield, 1); err != nil {
			return err
		}
		// A Put that woke the timed-out getter instead would leave this
		// one waiting for ever: the run would end in ErrDeadlock.
		if v, err := getter.Await(yield); v != 1 || err != nil {
			t.Errorf("getter = %d, %v; want 1, nil", v, err)
		}
		return nil
	})
}

// QueuePutTests

// test_queues.py::QueuePutTests::test_blocking_put
func TestCPythonQueuePutTestsBlockingPut(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		// No bound: Put does not wait.
		ran := false
		syncTask(yield, func(Y) error { ran = true; return nil })
		if err := q.Put(yield, 1); err != nil {
			return err
		}
		if ran {
			t.Error("Put on an unbounded queue let another task run")
		}
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_blocking_put_wait
func TestCPythonQueuePutTestsBlockingPutWait(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](1)
		var started coro.Event
		finished := false
		if _, err := loop.Current(yield).CallLater(10*time.Millisecond, func() {
			if _, err := q.TryGet(); err != nil {
				t.Errorf("TryGet: %v", err)
			}
		}); err != nil {
			return err
		}
		putter := syncTask(yield, func(yield Y) error {
			started.Set()
			if err := q.Put(yield, 1); err != nil {
				return err
			}
			if err := q.Put(yield, 2); err != nil {
				return err
			}
			finished = true
			return nil
		})
		if err := started.Wait(yield); err != nil {
			return err
		}
		if finished {
			t.Error("the second Put on a queue of maxsize 1 returned at once")
		}
		if _, err := putter.Await(yield); err != nil || !finished {
			t.Errorf("putter: %v, finished %v; want nil, true", err, finished)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("the putter returned at %v, want 10ms", now)
		}
		if v, err := q.Get(yield); v != 2 || err != nil {
			t.Errorf("Get = %d, %v; want 2, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_nonblocking_put
func TestCPythonQueuePutTestsNonblockingPut(t *testing.T) {
	q := coro.NewQueue[int](0)
	if err := q.TryPut(1); err != nil {
		t.Fatalf("TryPut: %v", err)
	}
	if v, err := q.TryGet(); v != 1 || err != nil {
		t.Errorf("TryGet = %d, %v; want 1, nil", v, err)
	}
}

// test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader
func TestCPythonQueuePutTestsGetCancelDropOnePendingReader(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		reader := queuesGetter(yield, q)
		turns(yield, 1)
		for _, v := range []int{1, 2} {
			if err := q.TryPut(v); err != nil {
				return err
			}
		}
		// Woken by the first item and cancelled before it ran: the reader
		// takes nothing, and 1 stays first in the queue.
		reader.Cancel(nil)
		if _, err := reader.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("reader cancelled after its wake-up: %v, want ErrCancelled", err)
		}
		if v, err := queuesGetter(yield, q).Await(yield); v != 1 || err != nil {
			t.Errorf("next reader = %d, %v; want 1 (2 would mean 1 was dropped), nil", v, err)
		}
		if q.Len() != 1 {
			t.Errorf("Len = %d, want 1", q.Len())
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers
func TestCPythonQueuePutTestsGetCancelDropManyPendingReaders(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		var readers []*coro.Task[int]
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			for range 3 {
				readers = append(readers, spawnIn(t, g, coro.Func[int](q.Get)))
			}
			turns(yield, 1)
			for _, v := range []int{1, 2} {
				if err := q.TryPut(v); err != nil {
					return err
				}
			}
			// The items woke readers 0 and 1; 0 is cancelled and passes its
			// wake-up to 2.
			readers[0].Cancel(nil)
			if _, err := readers[0].Await(yield); !errors.Is(err, coro.ErrCancelled) {
				t.Errorf("reader 0: %v, want ErrCancelled", err)
			}
			_, err := readers[2].Await(yield)
			return err
		})
		if err != nil {
			return err
		}
		var got []int
		for _, r := range readers[1:] {
			v, err := r.Result()
			if err != nil {
				t.Errorf("reader: %v", err)
			}
			got = append(got, v)
		}
		// CPython leaves the order between the two readers undefined.
		slices.Sort(got)
		if diff := cmp.Diff([]int{1, 2}, got); diff != "" {
			t.Errorf("readers 1 and 2 got (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_put_cancel_drop
func TestCPythonQueuePutTestsPutCancelDrop(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](1)
		if err := q.TryPut(1); err != nil {
			return err
		}
		// The queue is full: the writer waits.
		writer := queuesPutter(yield, q, 2)
		turns(yield, 1)
		if v, err := q.TryGet(); v != 1 || err != nil {
			t.Errorf("TryGet = %d, %v; want 1, nil", v, err)
		}
		// Woken by the TryGet and cancelled before it ran: it puts nothing.
		writer.Cancel(nil)
		if _, err := writer.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("writer cancelled after its wake-up: %v, want ErrCancelled", err)
		}
		if q.Len() != 0 {
			t.Errorf("the cancelled writer put its item: Len = %d", q.Len())
		}
		if _, err := queuesPutter(yield, q, 2).Await(yield); err != nil {
			return err
		}
		if v, err := q.TryGet(); v != 2 || err != nil {
			t.Errorf("TryGet = %d, %v; want 2, nil", v, err)
		}
		if q.Len() != 0 {
			t.Errorf("Len = %d, want 0: the item was put twice", q.Len())
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_put_cancelled
func TestCPythonQueuePutTestsPutCancelled(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](0)
		putter := coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			return true, q.Put(yield, 1)
		}))
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		if !putter.Done() {
			t.Fatal("the putter is not done when its item was got")
		}
		if ok, err := putter.Result(); !ok || err != nil {
			t.Errorf("putter = %v, %v; want true, nil", ok, err)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_put_cancelled_race
func TestCPythonQueuePutTestsPutCancelledRace(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[string](1)
		putA := queuesPutter(yield, q, "a")
		putB := queuesPutter(yield, q, "b")
		putC := queuesPutter(yield, q, "X")
		turns(yield, 1)
		if !putA.Done() || putB.Done() {
			t.Errorf("done: a %v, b %v; want true, false", putA.Done(), putB.Done())
		}
		putC.Cancel(nil)
		turns(yield, 1)
		if !putC.Done() {
			t.Error("a cancelled putter is not done a turn later")
		}
		if v, err := q.TryGet(); v != "a" || err != nil {
			t.Errorf("TryGet = %q, %v; want a, nil", v, err)
		}
		turns(yield, 1)
		if v, err := q.TryGet(); v != "b" || err != nil {
			t.Errorf("TryGet = %q, %v; want b, nil", v, err)
		}
		if _, err := putB.Await(yield); err != nil {
			t.Errorf("putter b: %v", err)
		}
		if _, err := putC.Result(); !errors.Is(err, coro.ErrCancelled) || q.Len() != 0 {
			t.Errorf("putter X: %v, Len %d; want ErrCancelled, 0", err, q.Len())
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_put_with_waiting_getters
func TestCPythonQueuePutTestsPutWithWaitingGetters(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[string](0)
		getter := queuesGetter(yield, q)
		turns(yield, 1)
		if err := q.Put(yield, "a"); err != nil {
			return err
		}
		if v, err := getter.Await(yield); v != "a" || err != nil {
			t.Errorf("getter = %q, %v; want a, nil", v, err)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_why_are_putters_waiting
func TestCPythonQueuePutTestsWhyArePuttersWaiting(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](2)
		var drained []int
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			coro.SpawnIn(g, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				if _, err := coro.Sleep(0).Await(yield); err != nil {
					return struct{}{}, err
				}
				for range q.Len() {
					v, err := q.TryGet()
					if err != nil {
						return struct{}{}, err
					}
					drained = append(drained, v)
				}
				return struct{}{}, nil
			}))
			for i := range 4 {
				coro.SpawnIn(g, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					return struct{}{}, q.Put(yield, i)
				}))
			}
			return nil
		})
		if err != nil {
			return err // the putters left waiting would make it ErrDeadlock
		}
		if diff := cmp.Diff([]int{0, 1}, drained); diff != "" {
			t.Errorf("drained (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{2, 3}, queuesGetAll(t, yield, q, q.Len())); diff != "" {
			t.Errorf("left in the queue (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_cancelled_puts_not_being_held_in_self_putters
//
// CPython checks that the queue's list of putters is empty after the
// cancellation; here, that a Get then wakes the next putter rather than the
// cancelled one.
func TestCPythonQueuePutTestsCancelledPutsNotBeingHeldInSelfPutters(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](1)
		if err := q.TryPut(1); err != nil {
			return err
		}
		cancelled := queuesPutter(yield, q, 1)
		turns(yield, 1)
		cancelled.Cancel(nil)
		if _, err := cancelled.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled putter: %v, want ErrCancelled", err)
		}
		next := queuesPutter(yield, q, 2)
		turns(yield, 1)
		if v, err := q.Get(yield); v != 1 || err != nil {
			t.Errorf("Get = %d, %v; want 1, nil", v, err)
		}
		// A Get that woke the cancelled putter instead would leave this one
		// waiting for ever: the run would end in ErrDeadlock.
		if _, err := next.Await(yield); err != nil {
			t.Errorf("next putter: %v", err)
		}
		if diff := cmp.Diff([]int{2}, queuesGetAll(t, yield, q, q.Len())); diff != "" {
			t.Errorf("left in the queue (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::QueuePutTests::test_cancelled_put_silence_value_error_exception
func TestCPythonQueuePutTestsCancelledPutSilenceValueErrorException(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewQueue[int](1)
		if err := q.TryPut(1); err != nil {
			return err
		}
		putter := queuesPutter(yield, q, 1)
		turns(yield, 1)
		// The TryGet wakes the putter (taking it off the waiters); then it
		// is cancelled: it fails with its cancellation, nothing else.
		if _, err := q.TryGet(); err != nil {
			return err
		}
		putter.Cancel(nil)
		_, err := putter.Await(yield)
		var ce *coro.CancelError
		if !errors.As(err, &ce) || ce.Cause != nil {
			t.Errorf("putter: %v, want a bare CancelError", err)
		}
		if q.Len() != 0 {
			t.Errorf("the cancelled putter put its item: Len = %d", q.Len())
		}
		return nil
	})
}

// LifoQueueTests, PriorityQueueTests

// test_queues.py::LifoQueueTests::test_order
func TestCPythonLifoQueueTestsOrder(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewLifoQueue[int](0)
		for _, v := range []int{1, 3, 2} {
			if err := q.Put(yield, v); err != nil {
				return err
			}
		}
		if diff := cmp.Diff([]int{2, 3, 1}, queuesGetAll(t, yield, q, 3)); diff != "" {
			t.Errorf("LIFO order (-want +got):\n%s", diff)
		}
		return nil
	})
}

// test_queues.py::PriorityQueueTests::test_order
func TestCPythonPriorityQueueTestsOrder(t *testing.T) {
	mustRun(t, func(yield Y) error {
		q := coro.NewPriorityQueue(0, func(a, b int) bool { return a < b })
		for _, v := range []int{1, 3, 2} {
			if err := q.Put(yield, v); err != nil {
				return err
			}
		}
		if diff := cmp.Diff([]int{1, 2, 3}, queuesGetAll(t, yield, q, 3)); diff != "" {
			t.Errorf("priority order (-want +got):\n%s", diff)
		}
		return nil
	})
}

// _QueueJoinTestMixin, run for each kind of queue as CPython does.

// test_queues.py::QueueJoinTests::test_task_done_underflow
// test_queues.py::LifoQueueJoinTests::test_task_done_underflow
// test_queues.py::PriorityQueueJoinTests::test_task_done_underflow
//
// Differs on purpose: a TaskDone with no item outstanding is a programming error, and Go panics on those (as sync.WaitGroup does below zero); asyncio raises ValueError.
func TestCPythonQueueJoinTestsTaskDoneUnderflow(t *testing.T) {
	for _, kind := range queuesKinds[int]() {
		t.Run(kind.name, func(t *testing.T) {
			q := kind.make(0)
			mustPanic(t, "TaskDone on a new queue", q.TaskDone)
		})
	}
}

// test_queues.py::QueueJoinTests::test_task_done
// test_queues.py::LifoQueueJoinTests::test_task_done
// test_queues.py::PriorityQueueJoinTests::test_task_done
func TestCPythonQueueJoinTestsTaskDone(t *testing.T) {
	for _, kind := range queuesKinds[int]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(0)
				for i := range 100 {
					if err := q.TryPut(i); err != nil {
						return err
					}
				}
				// Two workers get items and call TaskDone after each; Join
				// returns once all have been processed.
				sum, processed := 0, 0
				running := true
				return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
					for range 2 {
						coro.SpawnIn(g, coro.Func[struct{}](func(yield Y) (struct{}, error) {
							for running {
								v, err := q.Get(yield)
								if err != nil {
									return struct{}{}, err
								}
								sum += v
								processed++
								q.TaskDone()
							}
							return struct{}{}, nil
						}))
					}
					if err := q.Join(yield); err != nil {
						return err
					}
					if sum != 4950 || processed != 100 {
						t.Errorf("at Join: sum %d of %d items, want 4950 of 100", sum, processed)
					}
					// Stop the workers.
					running = false
					for range 2 {
						if err := q.TryPut(0); err != nil {
							return err
						}
					}
					return nil
				})
			})
		})
	}
}

// test_queues.py::QueueJoinTests::test_join_empty_queue
// test_queues.py::LifoQueueJoinTests::test_join_empty_queue
// test_queues.py::PriorityQueueJoinTests::test_join_empty_queue
func TestCPythonQueueJoinTestsJoinEmptyQueue(t *testing.T) {
	for _, kind := range queuesKinds[int]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(0)
				// Join returns at once, before anything else runs (twice,
				// for insurance, as CPython does).
				ran := false
				syncTask(yield, func(Y) error { ran = true; return nil })
				for range 2 {
					if err := q.Join(yield); err != nil {
						return err
					}
				}
				if ran {
					t.Error("Join on a queue with nothing put let another task run")
				}
				return nil
			})
		})
	}
}

// _QueueShutdownTestMixin (3.13), run for each kind of queue as CPython does.

// test_queues.py::QueueShutdownTests::test_shutdown_empty
// test_queues.py::LifoQueueShutdownTests::test_shutdown_empty
// test_queues.py::PriorityQueueShutdownTests::test_shutdown_empty
func TestCPythonQueueShutdownTestsShutdownEmpty(t *testing.T) {
	for _, kind := range queuesKinds[string]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(0)
				getter := queuesGetter(yield, q)
				turns(yield, 1) // the getter waits before the shutdown
				q.Shutdown(false)
				if q.Len() != 0 {
					t.Errorf("Len = %d, want 0", q.Len())
				}
				if err := q.Join(yield); err != nil {
					return err
				}
				turns(yield, 1)
				if !getter.Done() {
					t.Fatal("the waiting getter is not done a turn after the shutdown")
				}
				if _, err := getter.Result(); !errors.Is(err, coro.ErrQueueShutDown) {
					t.Errorf("waiting getter: %v, want ErrQueueShutDown", err)
				}
				queuesShutDown(t, yield, q, "data")
				return nil
			})
		})
	}
}

// test_queues.py::QueueShutdownTests::test_shutdown_nonempty
// test_queues.py::LifoQueueShutdownTests::test_shutdown_nonempty
// test_queues.py::PriorityQueueShutdownTests::test_shutdown_nonempty
func TestCPythonQueueShutdownTestsShutdownNonempty(t *testing.T) {
	for _, kind := range queuesKinds[string]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(1)
				if err := q.TryPut("data"); err != nil {
					return err
				}
				joiner := syncTask(yield, q.Join)
				putter := queuesPutter(yield, q, "data2")
				turns(yield, 1)
				if putter.Done() {
					t.Fatal("a Put on a full queue did not wait")
				}
				q.Shutdown(false) // unfinished stays 1
				if q.Len() != 1 {
					t.Errorf("Len = %d, want 1", q.Len())
				}
				turns(yield, 1)
				if !putter.Done() {
					t.Fatal("the waiting putter is not done a turn after the shutdown")
				}
				if _, err := putter.Result(); !errors.Is(err, coro.ErrQueueShutDown) {
					t.Errorf("waiting putter: %v, want ErrQueueShutDown", err)
				}
				// The item left can still be got.
				if v, err := q.Get(yield); v != "data" || err != nil {
					t.Errorf("Get = %q, %v; want data, nil", v, err)
				}
				turns(yield, 1)
				if joiner.Done() {
					t.Error("Join returned with an item got but not done")
				}
				queuesShutDown(t, yield, q, "data")
				q.TaskDone()
				turns(yield, 1)
				if !joiner.Done() {
					t.Fatal("Join is not done a turn after the last TaskDone")
				}
				if _, err := joiner.Result(); err != nil {
					t.Errorf("Join: %v", err)
				}
				mustPanic(t, "a TaskDone too many", q.TaskDone)
				return nil
			})
		})
	}
}

// test_queues.py::QueueShutdownTests::test_shutdown_immediate
// test_queues.py::LifoQueueShutdownTests::test_shutdown_immediate
// test_queues.py::PriorityQueueShutdownTests::test_shutdown_immediate
func TestCPythonQueueShutdownTestsShutdownImmediate(t *testing.T) {
	for _, kind := range queuesKinds[string]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(0)
				if err := q.TryPut("data"); err != nil {
					return err
				}
				joiner := syncTask(yield, q.Join)
				q.Shutdown(true) // the item is dropped: unfinished 1 -> 0
				if q.Len() != 0 {
					t.Errorf("Len = %d, want 0", q.Len())
				}
				turns(yield, 1)
				if !joiner.Done() {
					t.Fatal("Join is not done a turn after an immediate shutdown")
				}
				if _, err := joiner.Result(); err != nil {
					t.Errorf("Join: %v", err)
				}
				queuesShutDown(t, yield, q, "data")
				mustPanic(t, "TaskDone for a dropped item", q.TaskDone)
				return nil
			})
		})
	}
}

// test_queues.py::QueueShutdownTests::test_shutdown_immediate_with_unfinished
// test_queues.py::LifoQueueShutdownTests::test_shutdown_immediate_with_unfinished
// test_queues.py::PriorityQueueShutdownTests::test_shutdown_immediate_with_unfinished
func TestCPythonQueueShutdownTestsShutdownImmediateWithUnfinished(t *testing.T) {
	for _, kind := range queuesKinds[string]() {
		t.Run(kind.name, func(t *testing.T) {
			mustRun(t, func(yield Y) error {
				q := kind.make(0)
				for range 2 {
					if err := q.TryPut("data"); err != nil {
						return err
					}
				}
				joiner := syncTask(yield, q.Join)
				if v, err := q.Get(yield); v != "data" || err != nil {
					t.Errorf("Get = %q, %v; want data, nil", v, err)
				}
				q.Shutdown(true) // one item dropped, one got: unfinished 2 -> 1
				if q.Len() != 0 {
					t.Errorf("Len = %d, want 0", q.Len())
				}
				turns(yield, 1)
				if joiner.Done() {
					t.Error("Join returned with the item got not done")
				}
				queuesShutDown(t, yield, q, "data")
				q.TaskDone() // the item got
				mustPanic(t, "TaskDone for the dropped item", q.TaskDone)
				turns(yield, 1)
				if !joiner.Done() {
					t.Fatal("Join is not done a turn after the last TaskDone")
				}
				if _, err := joiner.Result(); err != nil {
					t.Errorf("Join: %v", err)
				}
				return nil
			})
		})
	}
}

// test_queues.py::QueueGetTests::test_nonblocking_get_exception
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
