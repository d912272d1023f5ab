package coro_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

func TestQueueBasics(t *testing.T) {
	unbounded := coro.NewQueue[int](0)
	for i := range 100 {
		if err := unbounded.TryPut(i); err != nil {
			t.Fatalf("TryPut(%d) on an unbounded queue: %v", i, err)
		}
	}
	if unbounded.Full() || unbounded.Cap() != 0 || unbounded.Len() != 100 {
		t.Errorf("unbounded: Full %v Cap %d Len %d, want false 0 100", unbounded.Full(), unbounded.Cap(), unbounded.Len())
	}
	for i := range 100 {
		if v, err := unbounded.TryGet(); err != nil || v != i {
			t.Fatalf("TryGet = %d, %v, want %d, nil", v, err, i)
		}
	}
	if _, err := unbounded.TryGet(); !errors.Is(err, coro.ErrQueueEmpty) || !unbounded.Empty() {
		t.Errorf("TryGet on an empty queue: %v, want ErrQueueEmpty", err)
	}

	bounded := coro.NewQueue[string](2)
	if err := errors.Join(bounded.TryPut("a"), bounded.TryPut("b")); err != nil {
		t.Fatalf("TryPut below the bound: %v", err)
	}
	if err := bounded.TryPut("c"); !errors.Is(err, coro.ErrQueueFull) || !bounded.Full() || bounded.Cap() != 2 || bounded.Len() != 2 {
		t.Errorf("TryPut on a full queue: %v (Full %v, Cap %d, Len %d), want ErrQueueFull", err, bounded.Full(), bounded.Cap(), bounded.Len())
	}
	bounded.Shutdown(false)
	if err := bounded.TryPut("c"); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("TryPut on a shut down queue: %v, want ErrQueueShutDown", err)
	}
	bounded.TryGet()
	bounded.TryGet()
	if _, err := bounded.TryGet(); !errors.Is(err, coro.ErrQueueShutDown) {
		t.Errorf("TryGet on an empty, shut down queue: %v, want ErrQueueShutDown", err)
	}
	if negative := coro.NewQueue[int](-1); negative.Cap() != 0 || negative.TryPut(1) != nil {
		t.Error("a negative maxsize does not make an unbounded queue")
	}
}

func TestQueueGetWaitsAndPutWakes(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		q := coro.NewQueue[int](1)
		consumer := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			tr.add("get")
			v, err := q.Get(yield)
			tr.add("got %d at %v", v, coro.Now(yield))
			return v, err
		}))
		coro.Sleep(time.Second).Await(yield)
		tr.add("put")
		if err := q.Put(yield, 7); err != nil {
			return struct{}{}, err
		}
		// The queue is full (7 wakes the consumer, which has not run yet): this
		// Put waits until the consumer takes 7.
		if err := q.Put(yield, 8); err != nil {
			return struct{}{}, err
		}
		tr.add("second put done, len %d", q.Len())
		v, err := consumer.Await(yield)
		tr.add("consumer returned %d", v)
		return struct{}{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"get", "put", "got 7 at 1s", "second put done, len 1", "consumer returned 7"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestWaitQueueCancelTakesTheTaskOut(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var wq coro.WaitQueue
		park := coro.Func[struct{}](func(yield Y) (struct{}, error) { return struct{}{}, wq.Wait(yield) })
		a := coro.Spawn(yield, park)
		b := coro.Spawn(yield, park)
		coro.Sleep(0).Await(yield)
		if wq.Len() != 2 {
			t.Fatalf("Len = %d, want 2", wq.Len())
		}
		a.Cancel(nil)
		if wq.Len() != 1 {
			t.Errorf("after cancelling a parked task, Len = %d, want 1", wq.Len())
		}
		if !wq.WakeOne() || wq.WakeOne() {
			t.Error("WakeOne did not wake exactly the one task left")
		}
		if _, err := a.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled waiter: %v, want ErrCancelled", err)
		}
		if _, err := b.Await(yield); err != nil {
			t.Errorf("woken waiter: %v", err)
		}
		// A cancelled task that waits fails at once and does not park.
		coro.Spawn(yield, park).Cancel(nil)
		coro.Sleep(0).Await(yield)
		if wq.Len() != 0 {
			t.Errorf("a cancelled task parked: Len = %d", wq.Len())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWaitQueueWrongLoop(t *testing.T) {
	var wq coro.WaitQueue
	wait := coro.Func[struct{}](func(yield Y) (struct{}, error) { return struct{}{}, wq.Wait(yield) })
	first := loop.New(loop.WithVirtualClock())
	defer first.Close()
	loop.Start(first, wait) // parks: the queue belongs to first
	loop.RunUntilComplete(first, sleepFunc(0))
	_, err := loop.Run(wait, loop.WithVirtualClock())
	if !errors.Is(err, coro.ErrWrongLoop) {
		t.Errorf("waiting on another loop's WaitQueue: %v, want ErrWrongLoop", err)
	}
}

func TestWaitQueueAbandonedAtClose(t *testing.T) {
	var wq coro.WaitQueue
	var deferred bool
	l := loop.New(loop.WithVirtualClock())
	loop.Start(l, coro.Coroutine(func(yield Y) {
		defer func() { deferred = true }()
		wq.Wait(yield)
	}))
	loop.RunUntilComplete(l, sleepFunc(0))
	if wq.Len() != 1 {
		t.Fatalf("Len = %d, want 1", wq.Len())
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !deferred || wq.Len() != 0 {
		t.Errorf("after Close: deferred %v, Len %d; want true, 0", deferred, wq.Len())
	}
}

// TestQueueNeverLosesOrDuplicates runs random interleavings of Put, Get,
// TryPut, TryGet, cancellations and loop turns on a bounded queue, and checks
// that every item put is got exactly once, in the order the items went in:
// none is lost to a cancellation, none is duplicated.
func TestQueueNeverLosesOrDuplicates(t *testing.T) {
	// The race that loses a wake-up: two getters wait, a put wakes the
	// first, which is cancelled in the same step.
	runQueueScript(t, 0, []int{1, 1, 5, 6, 5}, []int{0, 0, 0, 0, 0})
	rapid.Check(t, func(rt *rapid.T) {
		bound := rapid.IntRange(0, 3).Draw(rt, "bound")
		steps := rapid.SliceOfN(rapid.SampledFrom([]int{0, 1, 2, 3, 4, 5, 6, 7}), 1, 60).Draw(rt, "steps")
		victims := rapid.SliceOfN(rapid.IntRange(0, 2), len(steps), len(steps)).Draw(rt, "victims")
		runQueueScript(rt, bound, steps, victims)
	})
}

// runQueueScript runs one script of TestQueueNeverLosesOrDuplicates on a
// queue of the given bound: steps[i] is the operation of step i (0 Put in a
// new task, 1 Get in a new task, 2 TryPut, 3 TryGet, 4 cancel the pending
// task victims[i] modulo their number, 5 let the loop settle, 6 TryPut,
// cancel and settle, 7 TryGet, cancel and settle).
func runQueueScript(rt interface{ Fatalf(string, ...any) }, bound int, steps, victims []int) {
	var put, got []int
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		q := coro.NewQueue[int](bound)
		var live []*coro.Task[struct{}]
		next, getting, putting := 0, 0, 0
		// settle lets the loop run a turn, then on until no task waits for
		// what is there,
		// and fails if that never happens: a wake-up lost to a
		// cancellation leaves a task waiting for ever. Woken tasks take a
		// turn or two to run; a thousand turns is plenty.
		settle := func() {
			stuck := func() bool { return getting > 0 && !q.Empty() || putting > 0 && !q.Full() }
			coro.Sleep(0).Await(yield)
			for turn := 0; turn < 1000 && stuck(); turn++ {
				coro.Sleep(0).Await(yield)
			}
			if stuck() {
				rt.Fatalf("%d getters and %d putters wait on a queue of %d items (bound %d)", getting, putting, q.Len(), bound)
			}
		}
		for i, step := range steps {
			switch step {
			case 0: // a task that puts the next item, perhaps waiting
				v := next
				next++
				live = append(live, coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					putting++
					defer func() { putting-- }()
					if err := q.Put(yield, v); err != nil {
						return struct{}{}, err
					}
					put = append(put, v)
					return struct{}{}, nil
				})))
			case 1: // a task that gets an item, perhaps waiting
				live = append(live, coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					getting++
					defer func() { getting-- }()
					v, err := q.Get(yield)
					if err != nil {
						return struct{}{}, err
					}
					got = append(got, v)
					return struct{}{}, nil
				})))
			case 2, 6:
				if q.TryPut(next) == nil {
					put = append(put, next)
				}
				next++
			case 3, 7:
				if v, err := q.TryGet(); err == nil {
					got = append(got, v)
				}
			case 5:
				settle()
			}
			// Cancel a pending task, on its own or right after a TryPut or
			// TryGet that may have woken it: the race in which a wake-up is
			// lost if the cancelled task does not pass it on.
			if step == 4 || step >= 6 {
				live = slices.DeleteFunc(live, (*coro.Task[struct{}]).Done)
				if len(live) > 0 {
					live[victims[i]%len(live)].Cancel(nil)
				}
				if step >= 6 {
					settle()
				}
			}
		}
		settle()
		for _, task := range live {
			task.Cancel(nil)
			task.Await(yield)
		}
		for {
			v, err := q.TryGet()
			if err != nil {
				break
			}
			got = append(got, v)
		}
		return struct{}{}, nil
	}), loop.WithVirtualClock())
	if err != nil {
		rt.Fatalf("%v", err)
	}
	if diff := cmp.Diff(put, got); diff != "" {
		rt.Fatalf("the items got are not the items put, in order (-put +got):\n%s", diff)
	}
}

func TestLifoAndPriorityQueues(t *testing.T) {
	lifo := coro.NewLifoQueue[int](0)
	for i := range 4 {
		lifo.TryPut(i)
	}
	var got []int
	for v, err := lifo.TryGet(); err == nil; v, err = lifo.TryGet() {
		got = append(got, v)
	}
	if diff := cmp.Diff([]int{3, 2, 1, 0}, got); diff != "" {
		t.Errorf("LIFO order (-want +got):\n%s", diff)
	}

	type job struct {
		prio int
		name string
	}
	pq := coro.NewPriorityQueue(0, func(a, b job) bool { return a.prio < b.prio })
	for _, j := range []job{{3, "c"}, {1, "a1"}, {2, "b"}, {1, "a2"}, {0, "z"}, {1, "a3"}} {
		pq.TryPut(j)
	}
	var names []string
	for j, err := pq.TryGet(); err == nil; j, err = pq.TryGet() {
		names = append(names, j.name)
	}
	if diff := cmp.Diff([]string{"z", "a1", "a2", "a3", "b", "c"}, names); diff != "" {
		t.Errorf("priority order, FIFO among equals (-want +got):\n%s", diff)
	}
}

func TestQueueJoinWaitsForTaskDone(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		q := coro.NewQueue[int](0)
		if err := q.Join(yield); err != nil { // nothing put: at once
			return struct{}{}, err
		}
		for i := range 3 {
			q.TryPut(i)
		}
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			for range 3 {
				v, _ := q.Get(yield)
				coro.Sleep(time.Second).Await(yield)
				tr.add("done %d at %v", v, coro.Now(yield))
				q.TaskDone()
			}
		}))
		err := q.Join(yield)
		tr.add("joined at %v", coro.Now(yield))
		return struct{}{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"done 0 at 1s", "done 1 at 2s", "done 2 at 3s", "joined at 3s"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	q := coro.NewQueue[int](0)
	defer func() {
		if r := recover(); r == nil {
			t.Error("TaskDone with nothing put did not panic")
		}
	}()
	q.TaskDone()
}

func TestQueueShutdown(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		// Graceful: the items left can still be got, then Get fails.
		q := coro.NewQueue[string](1)
		q.TryPut("last")
		blockedPut := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, q.Put(yield, "never")
		}))
		coro.Sleep(0).Await(yield)
		q.Shutdown(false)
		if _, err := blockedPut.Await(yield); !errors.Is(err, coro.ErrQueueShutDown) {
			t.Errorf("a Put waiting at shutdown: %v, want ErrQueueShutDown", err)
		}
		if err := q.Put(yield, "late"); !errors.Is(err, coro.ErrQueueShutDown) || q.TryPut("late") == nil {
			t.Errorf("Put after shutdown: %v", err)
		}
		if v, err := q.Get(yield); v != "last" || err != nil {
			t.Errorf("Get of an item left at shutdown = %q, %v", v, err)
		}
		if _, err := q.Get(yield); !errors.Is(err, coro.ErrQueueShutDown) {
			t.Errorf("Get on a shut down, empty queue: %v", err)
		}

		// Immediate: the items are dropped and count as done for Join; a
		// waiting Get fails.
		q2 := coro.NewQueue[int](0)
		var first int
		getter := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			first, _ = q2.Get(yield) // gets 1
			q2.TaskDone()
			return q2.Get(yield) // waits: the queue is empty until 2 and 3, then shut down
		}))
		q2.TryPut(1)
		coro.Sleep(0).Await(yield)
		coro.Sleep(0).Await(yield)
		q2.TryPut(2)
		q2.TryPut(3)
		q2.Shutdown(true)
		if q2.Len() != 0 || !q2.IsShutdown() {
			t.Errorf("after an immediate shutdown: Len %d, IsShutdown %v", q2.Len(), q2.IsShutdown())
		}
		if err := q2.Join(yield); err != nil {
			t.Errorf("Join after an immediate shutdown: %v", err)
		}
		if _, err := getter.Await(yield); first != 1 || !errors.Is(err, coro.ErrQueueShutDown) {
			t.Errorf("getter: first %d, then %v; want 1, ErrQueueShutDown", first, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
