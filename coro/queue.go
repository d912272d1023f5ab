package coro

// Queue is a first-in-first-out queue of items between the tasks of one loop:
// asyncio.Queue. A bounded queue makes Put wait while it is full; every queue
// makes Get wait while it is empty. Waiting tasks are served in the order they
// came.
//
// A Put or Get that is cancelled while it waits loses nothing: the item stays
// in the queue (or was never put), and a wake-up meant for the cancelled task
// goes to the next one.
//
// A Queue belongs to the loop of the first task that waits on it (ErrWrongLoop
// otherwise). It is not safe for concurrent use: use it on the loop's
// goroutine.
type Queue[T any] struct {
	items   deque[T]
	max     int
	getters WaitQueue // tasks waiting for an item
	putters WaitQueue // tasks waiting for room
}

// NewQueue returns an empty queue that holds at most maxsize items; with
// maxsize <= 0 it is unbounded.
func NewQueue[T any](maxsize int) *Queue[T] {
	return &Queue[T]{max: max(maxsize, 0)}
}

// Len returns the number of items in the queue.
func (q *Queue[T]) Len() int { return q.items.len() }

// Cap returns the most items the queue holds, or 0 if it is unbounded.
func (q *Queue[T]) Cap() int { return q.max }

// Full reports whether a Put would wait.
func (q *Queue[T]) Full() bool { return q.max > 0 && q.items.len() >= q.max }

// Empty reports whether a Get would wait.
func (q *Queue[T]) Empty() bool { return q.items.len() == 0 }

// Put appends v to the queue, waiting while the queue is full. It returns the
// calling task's CancelError, having put nothing, if the task is cancelled
// while it waits.
func (q *Queue[T]) Put(yield func(Awaitable) bool, v T) error {
	for q.Full() {
		if err := q.putters.Wait(yield); err != nil {
			return err
		}
	}
	q.put(v)
	return nil
}

// TryPut appends v if the queue has room and reports whether it did:
// asyncio's put_nowait.
func (q *Queue[T]) TryPut(v T) bool {
	if q.Full() {
		return false
	}
	q.put(v)
	return true
}

func (q *Queue[T]) put(v T) {
	q.items.pushBack(v)
	q.getters.WakeOne()
}

// Get removes and returns the oldest item, waiting while the queue is empty.
// It returns the calling task's CancelError, having taken nothing, if the task
// is cancelled while it waits.
func (q *Queue[T]) Get(yield func(Awaitable) bool) (T, error) {
	for q.Empty() {
		if err := q.getters.Wait(yield); err != nil {
			var zero T
			return zero, err
		}
	}
	return q.get(), nil
}

// TryGet removes and returns the oldest item if there is one, and reports
// whether there was: asyncio's get_nowait.
func (q *Queue[T]) TryGet() (T, bool) {
	if q.Empty() {
		var zero T
		return zero, false
	}
	return q.get(), true
}

func (q *Queue[T]) get() T {
	v := q.items.popFront()
	q.putters.WakeOne()
	return v
}
