package sim

import "github.com/corio-go/corio/coro"

// waiter is a task parked on one of this package's resources until its
// request is served. The side that serves it does the work on its behalf
// (takes the unit, moves the item or the amount) and then wakes it, so that
// nothing can come between the two and take what it was handed.
type waiter struct {
	q      coro.WaitQueue
	served bool
}

// wait parks the calling task until serve. A request that was served is never
// lost: if the task was cancelled after that, wait still reports success, and
// the task's next await fails, as cancellation in coro is level-triggered.
// Otherwise it returns the task's CancelError, and the caller takes its
// request back out of its queue.
func (w *waiter) wait(yield coro.Yield) error {
	err := w.q.Wait(yield)
	if w.served {
		return nil
	}
	return err
}

// serve marks the request served and wakes its task.
func (w *waiter) serve() {
	w.served = true
	w.q.WakeOne()
}

// fifo is a first-in-first-out queue of waiting requests.
type fifo[W any] struct {
	items []*W
	head  int
}

func (f *fifo[W]) len() int { return len(f.items) - f.head }

func (f *fifo[W]) push(w *W) { f.items = append(f.items, w) }

// front returns the request that has waited longest, or nil.
func (f *fifo[W]) front() *W {
	if f.head == len(f.items) {
		return nil
	}
	return f.items[f.head]
}

func (f *fifo[W]) pop() *W {
	w := f.items[f.head]
	f.items[f.head] = nil
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	}
	return w
}

// remove takes w out, wherever it is: a request given up (cancelled, timed
// out). It reports whether w was there.
func (f *fifo[W]) remove(w *W) bool {
	for i := f.head; i < len(f.items); i++ {
		if f.items[i] == w {
			copy(f.items[i:], f.items[i+1:])
			f.items[len(f.items)-1] = nil
			f.items = f.items[:len(f.items)-1]
			if f.head == len(f.items) {
				f.items, f.head = f.items[:0], 0
			}
			return true
		}
	}
	return false
}

// all yields the waiting requests in order.
func (f *fifo[W]) all(yield func(*W) bool) {
	for i := f.head; i < len(f.items); i++ {
		if !yield(f.items[i]) {
			return
		}
	}
}
