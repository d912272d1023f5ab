package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"
)

// An echo server runs in a child process of its own, so that the load client
// and the server do not share a heap, a scheduler or a garbage collector, and
// the servers written in Python and JavaScript run like the Go ones. The
// child prints its address as its first line on stdout and serves until its
// stdin closes, which also happens when the parent dies, so that no child
// outlives a benchmark that panicked or timed out. A Go server's child also answers the line "memory" on stdin
// with the growth of its heap and stacks and of its RSS since it started
// listening (see connmemory_test.go).

// echoServerEnv names, in the environment of a child process, the Go echo
// server it is to run: the bench test binary runs itself again.
const echoServerEnv = "CORIO_BENCH_ECHO_SERVER"

// Patience with a child process: to print its address or answer (a -race
// build on a busy machine is slow), and to exit once its stdin is closed.
// Past them it is killed.
const (
	childStartTimeout = 60 * time.Second
	childStopTimeout  = 10 * time.Second
)

// serverProcess is an echo server running in a child process.
type serverProcess struct {
	name   string
	addr   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr bytes.Buffer // read only once the process was waited for
	exited chan error   // cmd.Wait's result
	once   sync.Once
	err    error // of stop
}

// startEchoServer starts s in a child process and returns once it listens.
// The process is stopped and reaped when tb ends, if not before; s must not
// be pending.
func startEchoServer(tb testing.TB, s echoServer) *serverProcess {
	tb.Helper()
	cmd, err := s.command()
	if err != nil {
		tb.Skip(err)
	}
	p := &serverProcess{name: s.name, cmd: cmd, exited: make(chan error, 1)}
	cmd.Stderr = &p.stderr
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	p.stdout = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting the %s server: %v", s.name, err)
	}
	go func() { p.exited <- cmd.Wait() }()
	tb.Cleanup(func() {
		if err := p.stop(); err != nil {
			tb.Error(err)
		}
	})
	line, err := p.readLine(childStartTimeout)
	if err == nil {
		_, _, err = net.SplitHostPort(line)
	}
	if err != nil {
		p.kill()
		tb.Fatalf("the %s server did not print its address: %v\n%s", s.name, err, p.stderr.String())
	}
	p.addr = line
	return p
}

// command returns what runs s in a child process, or why it cannot run
// here.
func (s echoServer) command() (*exec.Cmd, error) {
	if s.listen != nil {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), echoServerEnv+"="+s.name)
		return cmd, nil
	}
	path, err := exec.LookPath(s.script[0])
	if err != nil {
		return nil, fmt.Errorf("the %s server needs %s on PATH: %v", s.name, s.script[0], err)
	}
	return exec.Command(path, s.script[1:]...), nil
}

// readLine returns the next line the child prints, waiting at most timeout.
// On a timeout the child is killed, which ends the read.
func (p *serverProcess) readLine(timeout time.Duration) (string, error) {
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := p.stdout.ReadString('\n')
		got <- result{strings.TrimSpace(line), err}
	}()
	select {
	case r := <-got:
		return r.line, r.err
	case <-time.After(timeout):
		p.kill()
		<-got
		return "", fmt.Errorf("no answer in %v: killed", timeout)
	}
}

// ask sends the child a command line and returns its answer.
func (p *serverProcess) ask(command string) (string, error) {
	if _, err := io.WriteString(p.stdin, command+"\n"); err != nil {
		return "", err
	}
	return p.readLine(childStartTimeout)
}

// stop closes the child's stdin, which tells it to exit, and waits for it;
// past childStopTimeout it kills it. It returns an error if the child failed,
// with what it printed on stderr. Calling it again returns the same.
func (p *serverProcess) stop() error {
	p.once.Do(func() {
		p.stdin.Close()
		var err error
		select {
		case err = <-p.exited:
		case <-time.After(childStopTimeout):
			p.cmd.Process.Kill()
			<-p.exited
			err = fmt.Errorf("did not exit within %v of its stdin closing: killed", childStopTimeout)
		}
		if err != nil {
			p.err = fmt.Errorf("the %s server: %w\n%s", p.name, err, p.stderr.String())
		}
	})
	return p.err
}

// kill ends the child at once and waits for it, after a failure that its
// caller reports.
func (p *serverProcess) kill() {
	p.once.Do(func() {
		p.cmd.Process.Kill()
		p.stdin.Close()
		<-p.exited
	})
}

// echoProfileEnv, set to a path, makes each Go echo server write a CPU
// profile of its process to PATH.NAME.PID.
const echoProfileEnv = "CORIO_BENCH_SERVER_PROFILE"

// serveEchoChild is the child process's part: it runs the Go echo server
// named by echoServerEnv, prints its address, answers "memory" with the
// growth since then (connmemory_test.go), and returns once its stdin closes.
// It reports whether it ran (the environment asked for it).
func serveEchoChild() (ran bool, err error) {
	name := os.Getenv(echoServerEnv)
	if name == "" {
		return false, nil
	}
	s, ok := echoServerNamed(name)
	if !ok || s.listen == nil {
		return true, fmt.Errorf("no Go echo server %q", name)
	}
	if path := os.Getenv(echoProfileEnv); path != "" { // where the time of a server goes
		f, err := os.Create(fmt.Sprintf("%s.%s.%d", path, name, os.Getpid()))
		if err != nil {
			return true, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return true, err
		}
		defer pprof.StopCPUProfile()
	}
	addr, err := s.listen()
	if err != nil {
		return true, err
	}
	before := measureServer()
	fmt.Println(addr)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "memory":
			after := measureServer()
			fmt.Println(after.heap-before.heap, after.rss-before.rss)
		default:
			return true, fmt.Errorf("unknown command %q", in.Text())
		}
	}
	return true, in.Err()
}
