package sim

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"time"

	"github.com/corio-go/corio/coro"
)

// Resource is a number of identical units that tasks use one at a time each:
// servers, machines, clerks. SimPy's Resource, PriorityResource and
// PreemptiveResource in one type. A task Acquires a unit, waiting while all
// are in use, and Releases it; Use does both around a body, and lets a request
// of higher priority preempt it.
//
// Waiting requests are served by priority (lower numbers first; Acquire's is
// 0), then first come, first served. A waiting task that is cancelled (a
// timeout: a customer who reneges) leaves the queue and takes nothing; one
// cancelled after its unit was handed over keeps it and must release it.
//
// A Resource keeps its own statistics, in the loop's time: the number of
// waiting requests and of units in use, averaged over time (QueueOverTime,
// UsageOverTime, Utilization), and each served request's wait (Waits, in
// seconds). It belongs to the loop of the first task that uses it, and is
// used on that loop's goroutine.
type Resource struct {
	capacity int
	users    int
	waiting  requests
	spare    []*request // served requests, for reuse
	holders  []*holder  // the users through Use, who can be preempted
	seq      uint64
	owner
	queue Level
	usage Level
	waits Tally
}

// NewResource returns a resource of capacity units. It panics if capacity is
// less than 1.
func NewResource(capacity int) *Resource {
	if capacity < 1 {
		panic(fmt.Sprintf("sim: NewResource(%d): a resource needs at least one unit", capacity))
	}
	return &Resource{capacity: capacity}
}

// Acquire takes a unit, waiting first in line behind the requests already
// waiting at the same or a higher priority. It returns the task's CancelError,
// without a unit, if the task is cancelled while it waits.
func (r *Resource) Acquire(yield coro.Yield) error { return r.acquire(yield, 0) }

// AcquirePriority is Acquire with a priority: lower numbers are served first,
// and Acquire's is 0. It never preempts a user; see Use.
func (r *Resource) AcquirePriority(yield coro.Yield, priority int) error {
	return r.acquire(yield, priority)
}

// Release gives a unit back, to the waiting request that comes first. It
// panics if no unit is in use.
func (r *Resource) Release() {
	if r.users == 0 {
		panic("sim: Resource.Release with no unit in use")
	}
	now := r.now()
	r.users--
	r.usage.Set(now, float64(r.users))
	r.serve(now)
}

func (r *Resource) acquire(yield coro.Yield, priority int) error {
	now, err := r.bind(yield, "Resource")
	if err != nil {
		return err
	}
	if r.users < r.capacity && len(r.waiting) == 0 {
		if err := coro.Checkpoint(yield); err != nil {
			return err
		}
		r.users++
		r.usage.Set(now, float64(r.users))
		r.waits.Add(0)
		return nil
	}
	req := r.request(priority, now)
	defer r.recycle(req)
	heap.Push(&r.waiting, req)
	r.queue.Set(now, float64(len(r.waiting)))
	r.serve(now) // a unit may be free: a preemption just freed it
	if req.served {
		return coro.Checkpoint(yield) // served at once; a cancelled task keeps its unit
	}
	if err := req.wait(yield); err != nil {
		heap.Remove(&r.waiting, req.index)
		r.queue.Set(r.now(), float64(len(r.waiting)))
		return err
	}
	return nil
}

// request returns a waiting request, reusing one that was served: a busy
// resource makes one per wait.
func (r *Resource) request(priority int, now time.Duration) *request {
	r.seq++
	var req *request
	if n := len(r.spare); n > 0 {
		req, r.spare = r.spare[n-1], r.spare[:n-1]
	} else {
		req = new(request)
	}
	req.priority, req.seq, req.arrived = priority, r.seq, now
	return req
}

// recycle keeps req, out of the queue now, for the next wait.
func (r *Resource) recycle(req *request) {
	req.served = false
	r.spare = append(r.spare, req)
}

// serve hands free units to the waiting requests that come first.
func (r *Resource) serve(now time.Duration) {
	if r.users >= r.capacity || len(r.waiting) == 0 {
		return
	}
	for r.users < r.capacity && len(r.waiting) > 0 {
		req := heap.Pop(&r.waiting).(*request)
		r.users++
		r.waits.AddDuration(now - req.arrived)
		req.serve()
	}
	r.usage.Set(now, float64(r.users))
	r.queue.Set(now, float64(len(r.waiting)))
}

// Request is what Use asks for: a unit at a priority (lower numbers first),
// and whether it may take the unit of a user of lower priority at once.
type Request struct {
	Priority int
	// Preempt lets the request, when every unit is in use, take the unit of
	// the user through Use with the lowest priority (the highest number; the
	// latest among equals), if that priority is strictly lower than its own.
	Preempt bool
}

// holder is a user through Use: what a preemption needs to know of it.
type holder struct {
	priority  int
	seq       uint64
	since     time.Duration
	scope     *coro.Scope
	preempted *Preempted
}

// Use acquires a unit for req, runs body while holding it and releases it,
// and returns body's error: SimPy's "with resource.request() as req". While
// body runs, a later request with Preempt and a strictly higher priority may
// preempt it: body's awaits then fail with a CancelError whose cause is a
// *Preempted, the unit goes to that request at once, and Use returns the
// *Preempted (errors.As finds it), so the task can go on: queue again for
// the rest of its work, say. Units held through Acquire are never preempted.
//
// If the task is cancelled while it waits, Use returns its CancelError and
// does not run body. If body panics, the unit is released and the panic goes
// on.
func (r *Resource) Use(yield coro.Yield, req Request, body func(yield coro.Yield) error) error {
	now, err := r.bind(yield, "Resource")
	if err != nil {
		return err
	}
	if req.Preempt && r.users >= r.capacity {
		r.preempt(yield, req.Priority, now)
	}
	if err := r.acquire(yield, req.Priority); err != nil {
		return err
	}
	r.seq++
	h := &holder{priority: req.Priority, seq: r.seq, since: r.now()}
	r.holders = append(r.holders, h)
	released := false
	defer func() {
		if !released && h.preempted == nil { // body panicked
			r.drop(h)
			r.Release()
		}
	}()
	_, err = coro.Cancellable(yield, func(yield coro.Yield, s *coro.Scope) (struct{}, error) {
		h.scope = s
		return struct{}{}, body(yield)
	})
	released = true
	if h.preempted != nil {
		return h.preempted
	}
	r.drop(h)
	r.Release()
	return err
}

// preempt takes the unit of the user through Use with the lowest priority,
// if it is lower than priority.
func (r *Resource) preempt(yield coro.Yield, priority int, now time.Duration) {
	if len(r.holders) == 0 {
		return
	}
	worst := slices.MaxFunc(r.holders, func(a, b *holder) int {
		if a.priority != b.priority {
			return cmp.Compare(a.priority, b.priority)
		}
		return cmp.Compare(a.seq, b.seq)
	})
	if worst.priority <= priority {
		return
	}
	r.drop(worst)
	worst.preempted = &Preempted{By: coro.CurrentTask(yield), Since: worst.since, At: now}
	worst.scope.Cancel(worst.preempted)
	r.users--
	r.usage.Set(now, float64(r.users))
}

func (r *Resource) drop(h *holder) {
	if i := slices.Index(r.holders, h); i >= 0 {
		r.holders = slices.Delete(r.holders, i, i+1)
	}
}

// Preempted is the error of a Use whose unit a request of higher priority
// took, and the cause of the cancellation its body saw.
type Preempted struct {
	By    coro.TaskRef  // the task whose request took the unit
	Since time.Duration // when the preempted user got the unit
	At    time.Duration // when it lost it
}

// Error says who preempted and after how long.
func (p *Preempted) Error() string {
	return fmt.Sprintf("sim: preempted by %s after %v of use", p.By.Name(), p.At-p.Since)
}

// Capacity returns the number of units.
func (r *Resource) Capacity() int { return r.capacity }

// Count returns the number of units in use.
func (r *Resource) Count() int { return r.users }

// Queued returns the number of waiting requests.
func (r *Resource) Queued() int { return len(r.waiting) }

// QueueOverTime returns the number of waiting requests over time.
func (r *Resource) QueueOverTime() *Level { return &r.queue }

// UsageOverTime returns the number of units in use over time.
func (r *Resource) UsageOverTime() *Level { return &r.usage }

// Waits returns how long each served request waited, in seconds.
func (r *Resource) Waits() *Tally { return &r.waits }

// Utilization returns the fraction of the units in use, averaged over time
// until now.
func (r *Resource) Utilization() float64 {
	return r.usage.Mean(r.now()) / float64(r.capacity)
}

// ResetStats begins the statistics again now: to leave out a warm-up period.
func (r *Resource) ResetStats() {
	now := r.now()
	r.queue.Reset(now)
	r.usage.Reset(now)
	r.waits.Reset()
}

// String describes the resource: "Resource[2/3 in use, 4 waiting]".
func (r *Resource) String() string {
	return fmt.Sprintf("Resource[%d/%d in use, %d waiting]", r.users, r.capacity, len(r.waiting))
}

// request is a waiting Acquire.
type request struct {
	waiter
	priority int
	seq      uint64
	arrived  time.Duration
	index    int // in the heap
}

// requests is a heap of waiting requests, by priority, then arrival.
type requests []*request

func (h requests) Len() int { return len(h) }
func (h requests) Less(i, j int) bool {
	if h[i].priority != h[j].priority {
		return h[i].priority < h[j].priority
	}
	return h[i].seq < h[j].seq
}
func (h requests) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *requests) Push(x any) {
	req := x.(*request)
	req.index = len(*h)
	*h = append(*h, req)
}
func (h *requests) Pop() any {
	old := *h
	req := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return req
}

// Now returns the time on the resource's loop, the time its statistics are
// taken at; 0 before its first use.
func (r *Resource) Now() time.Duration { return r.now() }
