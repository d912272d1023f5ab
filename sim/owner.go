package sim

import (
	"fmt"
	"time"

	"github.com/corio-go/corio/coro"
)

// owner ties a primitive to the loop of the first task that uses it, whose
// clock its statistics read.
type owner struct {
	sched coro.Scheduler
}

// bind checks that the calling task runs on the primitive's loop (binding it
// at the first use) and returns the loop's time.
func (o *owner) bind(yield coro.Yield, what string) (time.Duration, error) {
	s := coro.Running(yield)
	if o.sched == nil {
		o.sched = s
	} else if o.sched != s {
		return 0, fmt.Errorf("%w: a sim.%s belongs to the loop of the first task that used it", coro.ErrWrongLoop, what)
	}
	return s.Now(), nil
}

// now returns the time on the primitive's loop; 0 before its first use.
func (o *owner) now() time.Duration {
	if o.sched == nil {
		return 0
	}
	return o.sched.Now()
}
