// Command say_hello is the first program of the tutorial corio comes from:
// main gathers three coroutines that each sleep one second, and the whole
// takes one second, not three. Its output is a PlantUML sequence diagram.
//
//	go run ./examples/say_hello
//
// The Python original is ../../../shared/seed/say_hello.py.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// sayHello is the port of
//
//	async def say_hello(name):
//	    print(f"say_hello_{name} -> asyncio.sleep : sleep")
//	    start_time = time.time()
//	    await asyncio.sleep(1)
//	    end_time = time.time()
//	    print(f"asyncio.sleep -> say_hello_{name} : total({end_time - start_time})")
func sayHello(w io.Writer, name string) coro.Coroutine {
	return func(yield coro.Yield) {
		fmt.Fprintf(w, "say_hello_%s -> asyncio.sleep : sleep\n", name)
		start := coro.Now(yield)
		coro.Sleep(time.Second).Await(yield)
		end := coro.Now(yield)
		fmt.Fprintf(w, "asyncio.sleep -> say_hello_%s : total(%s)\n", name, seconds(end-start))
	}
}

// mainCoroutine is the port of main().
func mainCoroutine(w io.Writer) coro.Func[struct{}] {
	return func(yield coro.Yield) (struct{}, error) {
		fmt.Fprintln(w, "@startuml")
		fmt.Fprintln(w, "main -> say_hello_AAA")
		start := coro.Now(yield)
		_, err := coro.Gather(
			sayHello(w, "AAA"),
			sayHello(w, "BBB"),
			sayHello(w, "CCC"),
		).Await(yield)
		end := coro.Now(yield)
		fmt.Fprintf(w, "say_hello_CCC -> main : total(%s)\n", seconds(end-start))
		fmt.Fprintln(w, "@enduml")
		return struct{}{}, err
	}
}

// seconds prints a duration as Python prints a float of seconds: 1.0, 1.0014.
func seconds(d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if _, err := strconv.Atoi(s); err == nil {
		s += ".0"
	}
	return s
}

func run(w io.Writer, opts ...loop.Option) error {
	_, err := loop.Run(mainCoroutine(w), opts...)
	return err
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
