package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// dialEnv, in the environment of a child process, is the address its clients
// connect to (TestTenThousandConnections).
const dialEnv = "CORIO_ECHO_DIAL"

func TestMain(m *testing.M) {
	if addr := os.Getenv(dialEnv); addr != "" {
		os.Exit(clientProcess(addr))
	}
	goleak.VerifyTestMain(m)
}

func TestEcho(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, 100, 3); err != nil {
		t.Fatal(err)
	}
	// Each line is "client I line J\n": 16 or 17 bytes for I < 100.
	want := 0
	for i := range 100 {
		for j := range 3 {
			want += len(fmt.Sprintf("client %d line %d\n", i, j))
		}
	}
	if got := out.String(); got != fmt.Sprintf("100 clients, 3 lines each: %d bytes echoed\n", want) {
		t.Errorf("output %q, want %d bytes echoed", got, want)
	}
}

// echoClients is how many connections TestTenThousandConnections holds open
// at once: 10,000 unless CORIO_ECHO_CLIENTS says otherwise.
func echoClients(t *testing.T) int {
	n := 10_000
	if s := os.Getenv("CORIO_ECHO_CLIENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("CORIO_ECHO_CLIENTS=%q: %v", s, err)
		}
	}
	return n
}

// TestTenThousandConnections serves 10,000 clients connected at once on
// loopback and checks that every byte came back. The clients run on a loop
// in a child process (this test binary again), as 20,000 connection ends do
// not fit one process's file limit here. The run is bounded: a minute at
// most, and it ends by itself.
func TestTenThousandConnections(t *testing.T) {
	n := echoClients(t)
	const lines = 2
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := loop.Run(coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", serveEcho)
		if err != nil {
			return struct{}{}, err
		}
		defer srv.Close()
		out, err := loop.ToThread(func(context.Context) ([]byte, error) {
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), dialEnv+"="+srv.Addr().String(),
				"CORIO_ECHO_CLIENTS="+strconv.Itoa(n), "CORIO_ECHO_LINES="+strconv.Itoa(lines))
			return cmd.CombinedOutput()
		}).Await(yield)
		if err != nil {
			return struct{}{}, fmt.Errorf("client process: %v\n%s", err, out)
		}
		want := 0
		for i := range n {
			for j := range lines {
				want += len(fmt.Sprintf("client %d line %d\n", i, j))
			}
		}
		if got := strings.TrimSpace(string(out)); got != strconv.Itoa(want) {
			t.Errorf("the clients got %s bytes back, want %d", got, want)
		}
		return struct{}{}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// clientProcess runs the clients of TestTenThousandConnections and prints
// how many bytes came back.
func clientProcess(addr string) int {
	n, _ := strconv.Atoi(os.Getenv("CORIO_ECHO_CLIENTS"))
	lines, _ := strconv.Atoi(os.Getenv("CORIO_ECHO_LINES"))
	echoed, err := loop.Run(coro.Func[int](func(yield coro.Yield) (int, error) {
		return clients(yield, addr, n, lines, 512)
	}))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println(echoed)
	return 0
}
