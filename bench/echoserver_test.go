package bench

import (
	"net"
	"runtime"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// echoServer is one server of BenchmarkEcho and of the connection variants
// of BenchmarkMemory, each run in a child process (child_test.go): a Go one,
// started by listen in the test binary run again, or a script.
type echoServer struct {
	name string
	// listen starts a Go server in this process on a port of 127.0.0.1 that
	// the system picks and returns its address; it serves until the process
	// exits, so it needs no stop.
	listen func() (string, error)
	// script is the command line of a server in another language, run in
	// bench/: an interpreter found on PATH, then its arguments.
	script []string
	// pending, if set, is why the variant is skipped: its server is not
	// written yet.
	pending string
}

// echoServers are the servers measured, corio's first; the peers are those
// that the project's guide sets beside corio.
var echoServers = []echoServer{
	{name: "corio", listen: func() (string, error) { return listenCorio() }},
	{name: "corio-pool", listen: listenCorioPool},
	{name: "corio-portable", listen: func() (string, error) { return listenCorio(loop.WithPoller(false)) }},
	{name: "goroutines", listen: listenGoroutines},
	{name: "gnet", listen: listenGnet},
	{name: "nbio", listen: listenNbio},
	{name: "asyncio", script: []string{"python3", "echo_asyncio.py"}},
	{name: "node", script: []string{"node", "echo_node.js"}},
}

// echoServerNamed returns the server of echoServers called name.
func echoServerNamed(name string) (echoServer, bool) {
	for _, s := range echoServers {
		if s.name == name {
			return s, true
		}
	}
	return echoServer{}, false
}

// echoBuffer is what each Go server reads into at a time: a 4 KiB message
// is one read.
const echoBuffer = 4 << 10

// echoStream is the corio servers' handler: it writes back what it reads,
// bytes and not lines, until the peer closes the connection. It reads with
// ReadUpTo, asyncio's read(n), as a port of the asyncio server would: the
// stream hands over what it buffered, and a task waiting to read holds no
// buffer of its own.
func echoStream(yield coro.Yield, s *loop.Stream) {
	for {
		p, err := s.ReadUpTo(yield, echoBuffer)
		if err != nil || s.Write(p) != nil || s.Drain(yield) != nil {
			return
		}
	}
}

// listenCorio runs the corio server: one loop, on a goroutine of its own, a
// task per connection (loop.StartServer). corio-portable runs it with
// loop.WithPoller(false): two goroutines per connection on Go's poller.
func listenCorio(opts ...loop.Option) (string, error) {
	l := loop.New(opts...)
	addr := make(chan string, 1)
	failed := make(chan error, 1)
	go func() {
		_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", echoStream)
			if err != nil {
				return struct{}{}, err
			}
			addr <- srv.Addr().String()
			return struct{}{}, srv.Serve(yield)
		}))
		failed <- err
	}()
	select {
	case a := <-addr:
		return a, nil
	case err := <-failed:
		return "", err
	}
}

// listenCorioPool runs the corio-pool server: a loop.Pool of one loop per
// CPU, each with a listener of its own on the same port (SO_REUSEPORT
// shards), a task per connection.
func listenCorioPool() (string, error) {
	p := loop.NewPool(runtime.GOMAXPROCS(0))
	srv, err := p.StartServer("tcp", "127.0.0.1:0", echoStream)
	if err != nil {
		return "", err
	}
	return srv.Addr().String(), nil
}

// listenGoroutines runs the goroutines server: plain net, a goroutine per
// connection that reads into its buffer and writes back what it read.
func listenGoroutines() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go echoConn(c)
		}
	}()
	return ln.Addr().String(), nil
}

// echoConn serves one connection of the goroutines server. It does not use
// io.Copy, which would splice from socket to socket in the kernel.
func echoConn(c net.Conn) {
	defer c.Close()
	buf := make([]byte, echoBuffer)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, err := c.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
