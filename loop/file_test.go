package loop_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestStreamAFileInChunks copies a 4 MiB file in 64 KiB chunks, each read and
// write off the loop, while another task keeps taking turns: the loop never
// waits for the disk.
func TestStreamAFileInChunks(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	data := bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MiB
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		if err := loop.WriteFile(yield, src, data, 0o600); err != nil {
			return struct{}{}, err
		}
		turns, copying := 0, true
		ticker := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			for copying {
				turns++
				coro.Sleep(0).Await(yield)
			}
		}))
		in, err := loop.OpenFile(yield, src, os.O_RDONLY, 0)
		if err != nil {
			return struct{}{}, err
		}
		out, err := loop.OpenFile(yield, dst, os.O_WRONLY|os.O_CREATE, 0o600)
		if err != nil {
			return struct{}{}, err
		}
		chunks := 0
		for b, err := range in.Chunks(yield, 64<<10) {
			if err != nil {
				return struct{}{}, err
			}
			if _, err := out.Write(yield, b); err != nil {
				return struct{}{}, err
			}
			chunks++
		}
		copying = false
		ticker.Await(yield)
		in.Close(yield)
		if err := out.Close(yield); err != nil {
			return struct{}{}, err
		}
		if chunks != 64 || turns < chunks {
			t.Errorf("%d chunks, %d turns of the other task; want 64 chunks and the task running meanwhile", chunks, turns)
		}
		got, err := loop.ReadFile(yield, dst)
		if err != nil {
			return struct{}{}, err
		}
		if !bytes.Equal(got, data) {
			t.Errorf("the copy differs: %d bytes, want %d", len(got), len(data))
		}
		if _, err := loop.ReadFile(yield, filepath.Join(dir, "missing")); !os.IsNotExist(err) {
			t.Errorf("ReadFile of a missing file: %v", err)
		}
		return struct{}{}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}
