package loop

import (
	"context"
	"io"
	"iter"
	"os"

	"github.com/corio-go/corio/coro"
)

// ReadFile reads the whole file on the loop's pool of blocking workers
// (ToThread), so the loop goes on meanwhile: os.ReadFile for a task.
func ReadFile(yield coro.Yield, name string) ([]byte, error) {
	return ToThread(func(context.Context) ([]byte, error) { return os.ReadFile(name) }).Await(yield)
}

// WriteFile writes data to the file on the loop's pool of blocking workers:
// os.WriteFile for a task.
func WriteFile(yield coro.Yield, name string, data []byte, perm os.FileMode) error {
	_, err := ToThread(func(context.Context) (struct{}, error) {
		return struct{}{}, os.WriteFile(name, data, perm)
	}).Await(yield)
	return err
}

// File is an open file whose reads and writes run on the loop's pool of
// blocking workers, one call at a time, so that a task streams a large file
// in chunks while the loop goes on. Use it from the tasks of one loop.
type File struct {
	f *os.File
}

// OpenFile opens a file as os.OpenFile does, off the loop.
func OpenFile(yield coro.Yield, name string, flag int, perm os.FileMode) (*File, error) {
	f, err := ToThread(func(context.Context) (*os.File, error) { return os.OpenFile(name, flag, perm) }).Await(yield)
	if err != nil {
		return nil, err
	}
	return &File{f: f}, nil
}

// Read reads up to len(p) bytes into p; at the end of the file it returns
// io.EOF. p must not be used until it returns.
func (f *File) Read(yield coro.Yield, p []byte) (int, error) {
	return ToThread(func(context.Context) (int, error) { return f.f.Read(p) }).Await(yield)
}

// Write writes p to the file.
func (f *File) Write(yield coro.Yield, p []byte) (int, error) {
	return ToThread(func(context.Context) (int, error) { return f.f.Write(p) }).Await(yield)
}

// Close closes the file.
func (f *File) Close(yield coro.Yield) error {
	_, err := ToThread(func(context.Context) (struct{}, error) { return struct{}{}, f.f.Close() }).Await(yield)
	return err
}

// Chunks reads the file from where it is, chunk bytes at a time, and yields
// each chunk (valid until the next) with a nil error, or a final read error;
// io.EOF ends the sequence without being yielded.
//
//	for b, err := range f.Chunks(yield, 64<<10) { ... }
func (f *File) Chunks(yield coro.Yield, chunk int) iter.Seq2[[]byte, error] {
	return func(body func([]byte, error) bool) {
		buf := make([]byte, max(chunk, 1))
		for {
			n, err := f.Read(yield, buf)
			if n > 0 && !body(buf[:n], nil) {
				return
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				body(nil, err)
				return
			}
		}
	}
}
