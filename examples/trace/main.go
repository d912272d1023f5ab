// Command trace shows what corio tells about a run, on a small crawler: a
// sequence diagram of the tasks (PlantUML), a Perfetto trace of every step,
// a task dump taken while the crawl runs, a slow step, and an error nobody
// awaited, reported at the end. Run it with
//
//	go run ./examples/trace
//
// and open trace.json in ui.perfetto.dev.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// site is a page of the pretend web: how long fetching it takes, and the
// pages it links to.
type site struct {
	took  time.Duration
	links []string
}

var web = map[string]site{
	"/":    {100 * time.Millisecond, []string{"/a", "/b"}},
	"/a":   {200 * time.Millisecond, []string{"/a/1"}},
	"/b":   {150 * time.Millisecond, nil},
	"/a/1": {50 * time.Millisecond, nil},
}

// fetch pretends to fetch a page; /b takes a slow step that holds the loop.
func fetch(path string) coro.Func[[]string] {
	return func(yield coro.Yield) ([]string, error) {
		page, ok := web[path]
		if _, err := coro.Sleep(page.took + 10*time.Millisecond).Await(yield); err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("fetch %s: 404", path)
		}
		if path == "/b" {
			for start := time.Now(); time.Since(start) < 80*time.Millisecond; {
			} // parsing a big page, blocking the loop: a slow step
		}
		return page.links, nil
	}
}

// crawl fetches path and, in a task group, everything it links to.
func crawl(w io.Writer, path string) coro.Func[struct{}] {
	return func(yield coro.Yield) (struct{}, error) {
		links, err := fetch(path).Await(yield)
		if err != nil {
			return struct{}{}, err
		}
		fmt.Fprintf(w, "crawled %s at %v\n", path, coro.Now(yield))
		return struct{}{}, coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
			for _, l := range links {
				coro.SpawnIn(g, crawl(w, l), coro.WithName("crawl "+l))
			}
			return nil
		})
	}
}

// run crawls the pretend web, writing the crawl's own lines and the task dump
// to w, the logs (slow step, lost error) to logs, the sequence diagram to
// diagram, and the Perfetto trace to perfetto.
func run(w, logs, diagram, perfetto io.Writer, opts ...loop.Option) error {
	seq, tr := loop.NewSequence(), loop.NewChromeTrace()
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{ReplaceAttr: withoutTimes}))
	opts = append(opts, loop.WithRecording(seq), loop.WithRecording(tr),
		loop.WithDebug(50*time.Millisecond), loop.WithLogger(logger))
	err := loop.Main(func(yield coro.Yield) error {
		// A check nobody awaits: its error is reported when the loop closes.
		coro.Spawn(yield, fetch("/missing"), coro.WithName("forgotten check"))
		crawler := coro.Spawn(yield, crawl(w, "/"), coro.WithName("crawl /"))
		coro.Sleep(120 * time.Millisecond).Await(yield)
		fmt.Fprintln(w, "--- task dump at", coro.Now(yield))
		loop.Current(yield).Dump(w)
		_, err := crawler.Await(yield)
		return err
	}, opts...)
	if err != nil {
		return err
	}
	if err := seq.PlantUML(diagram); err != nil {
		return err
	}
	return tr.WriteJSON(perfetto)
}

func withoutTimes(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey || a.Key == "took" {
		return slog.Attr{}
	}
	return a
}

func main() {
	var diagram, perfetto bytes.Buffer
	err := run(os.Stdout, os.Stderr, &diagram, &perfetto)
	if err == nil {
		fmt.Println("--- sequence diagram")
		os.Stdout.Write(diagram.Bytes())
		err = errors.Join(os.WriteFile("trace.json", perfetto.Bytes(), 0o644))
		fmt.Println("--- Perfetto trace written to trace.json: open it in ui.perfetto.dev")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
