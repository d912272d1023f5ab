// Command pipeline is a producer and two consumers joined by a bounded queue:
// the producer makes items faster than one consumer could handle them, the
// queue makes it wait when the consumers fall behind, and when it is done it
// shuts the queue down (Python 3.13's Queue.shutdown): the consumers finish
// what is left and leave. Run it with
//
//	go run ./examples/pipeline
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

const (
	items     = 6
	makeEvery = 70 * time.Millisecond
)

// clock prints the loop's time since start.
func clock(yield coro.Yield, start time.Duration) string {
	return fmt.Sprintf("%4dms", (coro.Now(yield) - start).Milliseconds())
}

func producer(w io.Writer, q *coro.Queue[int], start time.Duration) func(yield coro.Yield) error {
	return func(yield coro.Yield) error {
		for i := 1; i <= items; i++ {
			if _, err := coro.Sleep(makeEvery).Await(yield); err != nil {
				return err
			}
			if q.Full() {
				fmt.Fprintf(w, "%s producer: queue full, waiting to put item %d\n", clock(yield, start), i)
			}
			if err := q.Put(yield, i); err != nil {
				return err
			}
			fmt.Fprintf(w, "%s producer: put item %d\n", clock(yield, start), i)
		}
		q.Shutdown(false)
		fmt.Fprintf(w, "%s producer: done, queue shut down\n", clock(yield, start))
		return nil
	}
}

// consumer handles items from q, each for handleFor, until q is shut down.
func consumer(w io.Writer, name string, handleFor time.Duration, q *coro.Queue[int], start time.Duration) func(yield coro.Yield) error {
	return func(yield coro.Yield) error {
		for {
			item, err := q.Get(yield)
			if errors.Is(err, coro.ErrQueueShutDown) {
				fmt.Fprintf(w, "%s %s: queue shut down and empty, leaving\n", clock(yield, start), name)
				return nil
			}
			if err != nil {
				return err
			}
			if _, err := coro.Sleep(handleFor).Await(yield); err != nil {
				return err
			}
			fmt.Fprintf(w, "%s %s: handled item %d\n", clock(yield, start), name, item)
		}
	}
}

func run(w io.Writer, opts ...loop.Option) error {
	return loop.Main(func(yield coro.Yield) error {
		start := coro.Now(yield)
		q := coro.NewQueue[int](2)
		err := coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			g.Go(producer(w, q, start))
			g.Go(consumer(w, "consumer A", 330*time.Millisecond, q, start))
			g.Go(consumer(w, "consumer B", 380*time.Millisecond, q, start))
			return nil
		})
		fmt.Fprintf(w, "%s all done\n", clock(yield, start))
		return err
	}, opts...)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
