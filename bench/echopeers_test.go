package bench

import (
	"fmt"
	"net"
	"os"
	"runtime"

	"github.com/lesismal/nbio"
	nbiolog "github.com/lesismal/nbio/logging"
	"github.com/panjf2000/gnet/v2"
)

// The event-loop peers of BenchmarkEcho, written as their READMEs write an
// echo server. Both log to stdout by default, where the child prints its
// address: their logs go to stderr instead. Each runs one event loop per
// CPU, as gnet's multicore mode does.

// listenGnet runs the gnet server: multicore mode, an OnTraffic that writes
// back what arrived.
func listenGnet() (string, error) {
	e := &gnetEcho{addr: make(chan string, 1)}
	failed := make(chan error, 1)
	go func() {
		failed <- gnet.Run(e, "tcp://127.0.0.1:0", gnet.WithMulticore(true), gnet.WithLogger(stderrLogger{}))
	}()
	select {
	case a := <-e.addr:
		return a, nil
	case err := <-failed:
		return "", fmt.Errorf("gnet: %v", err)
	}
}

// gnetEcho is gnet's echo handler.
type gnetEcho struct {
	gnet.BuiltinEventEngine
	addr chan string
}

// OnBoot tells the port gnet listens on, from a duplicate of its listener.
func (e *gnetEcho) OnBoot(eng gnet.Engine) gnet.Action {
	fd, err := eng.Dup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gnet: Dup:", err)
		return gnet.Shutdown
	}
	f := os.NewFile(uintptr(fd), "gnet listener")
	defer f.Close()
	ln, err := net.FileListener(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gnet:", err)
		return gnet.Shutdown
	}
	defer ln.Close() // the duplicate: gnet's listener stays open
	e.addr <- ln.Addr().String()
	return gnet.None
}

// OnTraffic writes back what arrived.
func (e *gnetEcho) OnTraffic(c gnet.Conn) gnet.Action {
	data, _ := c.Next(-1)
	if _, err := c.Write(data); err != nil {
		return gnet.Close
	}
	return gnet.None
}

// stderrLogger is gnet's logger, writing to stderr.
type stderrLogger struct{}

func (stderrLogger) Debugf(string, ...any) {}
func (stderrLogger) Infof(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gnet: "+format+"\n", args...)
}
func (l stderrLogger) Warnf(format string, args ...any)  { l.Infof(format, args...) }
func (l stderrLogger) Errorf(format string, args ...any) { l.Infof(format, args...) }
func (l stderrLogger) Fatalf(format string, args ...any) {
	l.Infof(format, args...)
	os.Exit(1)
}

// listenNbio runs the nbio server: an OnData that writes back what arrived.
func listenNbio() (string, error) {
	nbiolog.Output = os.Stderr
	g := nbio.NewEngine(nbio.Config{
		Network: "tcp",
		Addrs:   []string{"127.0.0.1:0"},
		NPoller: runtime.GOMAXPROCS(0), // its default is a quarter of the CPUs
	})
	g.OnData(func(c *nbio.Conn, data []byte) {
		if _, err := c.Write(data); err != nil {
			c.Close()
		}
	})
	if err := g.Start(); err != nil {
		return "", fmt.Errorf("nbio: %v", err)
	}
	return g.Addrs[0], nil
}
