// Command fetch gets several URLs at once and prints each status in the order
// they were asked for, however they finish: asyncio.gather over
// asyncio.to_thread(requests.get, url). It starts its own local HTTP server
// (no outside network), whose pages take different times. Run it with
//
//	go run ./examples/fetch
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// newServer serves /slow/MS after MS milliseconds, and 404 for the rest.
func newServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/slow/{ms}", func(w http.ResponseWriter, r *http.Request) {
		ms, err := strconv.Atoi(r.PathValue("ms"))
		if err != nil {
			http.Error(w, "bad delay", http.StatusBadRequest)
			return
		}
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
			fmt.Fprintf(w, "waited %d ms\n", ms)
		case <-r.Context().Done():
		}
	})
	return httptest.NewServer(mux)
}

// get fetches url on the loop's pool of blocking workers; cancelling the
// task cancels the request.
func get(url string) coro.Func[string] {
	return func(yield coro.Yield) (string, error) {
		return loop.ToThread(func(ctx context.Context) (string, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return "", err
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return "", err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d %s, %d bytes", resp.StatusCode, http.StatusText(resp.StatusCode), len(body)), nil
		}).Await(yield)
	}
}

func run(w io.Writer, base string) error {
	paths := []string{"/slow/300", "/slow/100", "/missing", "/slow/200", "/slow/abc"}
	return loop.Main(func(yield coro.Yield) error {
		start := coro.Now(yield)
		children := make([]coro.Func[string], len(paths))
		for i, p := range paths {
			children[i] = get(base + p)
		}
		statuses, err := coro.Gather(children...).Await(yield)
		if err != nil {
			return err
		}
		for i, p := range paths {
			fmt.Fprintf(w, "%-10s %s\n", p, statuses[i])
		}
		// One after another the pages take 600 ms; at once, as long as the
		// slowest, 300 ms.
		if took := coro.Now(yield) - start; took < 550*time.Millisecond {
			fmt.Fprintf(w, "all %d at once: faster than one after another\n", len(paths))
		} else {
			fmt.Fprintf(w, "all %d in %v: no faster than one after another\n", len(paths), took)
		}
		return nil
	})
}

func main() {
	srv := newServer()
	defer srv.Close()
	if err := run(os.Stdout, srv.URL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
