// Command workers is a worker pool: a producer fills a bounded queue with
// jobs, three workers in a task group drain it, each job has a time limit,
// and the whole run has one too. It is asyncio's
//
//	async with asyncio.timeout(5):
//	    async with asyncio.TaskGroup() as tg:
//	        for i in range(3): tg.create_task(worker(i, queue))
//	        for job in jobs: await queue.put(job)
//	        await queue.join()
//	        queue.shutdown()
//
// written with corio. Run it with
//
//	go run ./examples/workers
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

// job is a fetch that takes a while.
type job struct {
	name string
	took time.Duration
}

var jobs = []job{
	{"a", 300 * time.Millisecond},
	{"b", 100 * time.Millisecond},
	{"c", 900 * time.Millisecond}, // longer than the limit per job
	{"d", 200 * time.Millisecond},
	{"e", 100 * time.Millisecond},
	{"f", 400 * time.Millisecond},
}

const (
	workers = 3
	perJob  = 500 * time.Millisecond
	overall = 5 * time.Second
)

// fetch pretends to fetch j: it sleeps as long as j takes.
func fetch(j job) coro.Func[string] {
	return func(yield coro.Yield) (string, error) {
		if _, err := coro.Sleep(j.took).Await(yield); err != nil {
			return "", err
		}
		return "page " + j.name, nil
	}
}

// worker takes jobs from q until it is shut down, fetching each within
// perJob.
func worker(w io.Writer, id int, q *coro.Queue[job]) func(yield coro.Yield) error {
	return func(yield coro.Yield) error {
		for {
			j, err := q.Get(yield)
			if errors.Is(err, coro.ErrQueueShutDown) {
				fmt.Fprintf(w, "worker %d: queue shut down, leaving\n", id)
				return nil
			}
			if err != nil {
				return err
			}
			start := coro.Now(yield)
			page, err := coro.WaitFor(yield, perJob, fetch(j))
			took := (coro.Now(yield) - start).Truncate(100 * time.Millisecond) // a real clock only runs late: truncate
			switch {
			case errors.Is(err, coro.ErrTimeout):
				fmt.Fprintf(w, "worker %d: %s gave up after %v\n", id, j.name, took)
			case err != nil:
				return err
			default:
				fmt.Fprintf(w, "worker %d: %s fetched %q in %v\n", id, j.name, page, took)
			}
			q.TaskDone()
		}
	}
}

// mainCoroutine runs the producer and the workers within limit.
func mainCoroutine(w io.Writer, limit time.Duration) coro.Func[struct{}] {
	return func(yield coro.Yield) (struct{}, error) {
		start := coro.Now(yield)
		_, err := coro.Timeout(yield, limit, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
				q := coro.NewQueue[job](2)
				for id := 1; id <= workers; id++ {
					g.Go(worker(w, id, q))
				}
				for _, j := range jobs {
					if err := q.Put(yield, j); err != nil {
						return err
					}
					fmt.Fprintf(w, "queued %s\n", j.name)
				}
				if err := q.Join(yield); err != nil {
					return err
				}
				fmt.Fprintln(w, "every job done")
				q.Shutdown(false)
				return nil
			})
		}))
		fmt.Fprintf(w, "finished in %v, error: %v\n", (coro.Now(yield) - start).Truncate(100*time.Millisecond), err)
		return struct{}{}, err
	}
}

func run(w io.Writer, opts ...loop.Option) error { return runWith(w, overall, opts...) }

func runWith(w io.Writer, limit time.Duration, opts ...loop.Option) error {
	_, err := loop.Run(mainCoroutine(w, limit), opts...)
	return err
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
