// Command new_event_loop is the second program of the tutorial corio comes
// from: it creates an event loop by hand, makes it the current one, runs a task
// on it until the task completes, and closes it.
//
//	go run ./examples/new_event_loop
//
// The Python original is ../../../shared/seed/new_event_loop.py. Go has no
// thread-local "current loop", so set_event_loop becomes a context.Context
// that carries the loop (loop.NewContext), and the code that runs the task
// finds the loop there (loop.FromContext).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// simpleTask is the port of
//
//	async def simple_task(name, delay):
//	    print(f"Task {name} 시작")
//	    await asyncio.sleep(delay)
//	    print(f"Task {name} 완료")
func simpleTask(w io.Writer, name string, delay time.Duration) coro.Func[struct{}] {
	return func(yield coro.Yield) (struct{}, error) {
		fmt.Fprintf(w, "Task %s 시작\n", name)
		if _, err := coro.Sleep(delay).Await(yield); err != nil {
			return struct{}{}, err
		}
		fmt.Fprintf(w, "Task %s 완료\n", name)
		return struct{}{}, nil
	}
}

// createAndRunEventLoop is the port of create_and_run_event_loop.
func createAndRunEventLoop(ctx context.Context, w io.Writer, opts ...loop.Option) (err error) {
	fmt.Fprintln(w, "[STEP] 새로운 이벤트 루프 생성")
	newLoop := loop.New(opts...)

	fmt.Fprintln(w, "[STEP] 생성된 루프를 현재 스레드의 이벤트 루프로 설정")
	ctx = loop.NewContext(ctx, newLoop)
	defer func() {
		fmt.Fprintln(w, "[STEP] 이벤트 루프 닫기")
		if cerr := newLoop.Close(); err == nil {
			err = cerr
		}
	}()
	fmt.Fprintln(w, "[STEP] 비동기 함수 실행")
	return runInCurrentLoop(ctx, simpleTask(w, "새 루프 태스크", 2*time.Second))
}

// runInCurrentLoop runs main on the loop that ctx carries, as Python code runs
// on the thread's current loop.
func runInCurrentLoop(ctx context.Context, main coro.Awaiter[struct{}]) error {
	l := loop.FromContext(ctx)
	if l == nil {
		return fmt.Errorf("no event loop in the context")
	}
	_, err := loop.RunUntilComplete(l, main)
	return err
}

func run(w io.Writer, opts ...loop.Option) error {
	fmt.Fprintln(w, "[STEP] 메인 함수에서 새 이벤트 루프 생성 및 실행")
	return createAndRunEventLoop(context.Background(), w, opts...)
}

func main() {
	record := flag.String("record", "", `after the run, print the sequence diagram the loop recorded: "plantuml" or "mermaid"`)
	flag.Parse()
	var opts []loop.Option
	seq := loop.NewSequence()
	if *record != "" {
		opts = append(opts, loop.WithRecording(seq))
	}
	if err := run(os.Stdout, opts...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *record != "" {
		if err := seq.Write(os.Stdout, *record); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
