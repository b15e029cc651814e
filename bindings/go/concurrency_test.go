package mmf

import (
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Many goroutines on one Map: positional and cursor reads and writes,
// seeks, finds, lengths and views, then a Close racing with all of them.
// Every call either succeeds or fails with ErrClosed (or io.EOF / busy
// where the operation allows); nothing crashes, nothing races (go test
// -race), and the handle is freed only after the last call returned.
func TestConcurrentUseOfOneMap(t *testing.T) {
	const size = 1 << 16
	m, err := Anonymous(size)
	must(t, "Anonymous", err)
	var (
		wg      sync.WaitGroup
		calls   atomic.Int64
		stop    atomic.Bool
		badErrs = make(chan error, 64)
	)
	allowed := func(err error) bool {
		return err == nil || err == io.EOF || errors.Is(err, ErrClosed) || errors.Is(err, ErrOutOfRange) || errors.Is(err, ErrBusy)
	}
	worker := func(id int) {
		defer wg.Done()
		buf := make([]byte, 64)
		pat := make([]byte, 64)
		for i := range pat {
			pat[i] = byte(id)
		}
		for i := 0; !stop.Load(); i++ {
			var err error
			off := int64((id*4096 + i*64) % (size - 64))
			switch i % 9 {
			case 0:
				_, err = m.WriteAt(pat, off)
			case 1:
				var n int
				n, err = m.ReadAt(buf, off)
				// a write is never torn: 64 equal bytes
				if err == nil && n == 64 {
					for _, c := range buf[1:] {
						if c != buf[0] {
							err = errors.New("torn write seen by ReadAt")
							break
						}
					}
				}
			case 2:
				_, err = m.Seek(off, io.SeekStart)
			case 3:
				_, err = m.Read(buf)
			case 4:
				_, err = m.Write(pat) // cursor moves stay multiples of 64
			case 5:
				_, err = m.Find(pat[:4])
			case 6:
				_ = m.Len()
			case 7:
				var v *View
				if v, err = m.View(); err == nil {
					_ = len(v.Bytes())
					err = v.Release()
				}
			case 8:
				_, err = m.Tell()
			}
			calls.Add(1)
			if !allowed(err) {
				badErrs <- err
				return
			}
			if errors.Is(err, ErrClosed) {
				return
			}
		}
	}
	for id := 0; id < 8; id++ {
		wg.Add(1)
		go worker(id)
	}
	time.Sleep(100 * time.Millisecond)
	for m.Close() != nil { // ErrBusy while a worker holds a View
		runtime.Gosched()
	}
	time.Sleep(20 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(badErrs)
	for err := range badErrs {
		t.Errorf("unexpected error: %v", err)
	}
	if calls.Load() < 100 {
		t.Fatalf("only %d calls ran", calls.Load())
	}
	// Close unmapped; the handle stays, held by the Map alone, until the
	// finalizer (TestHandleFreedOnlyWhenUnreachable).
	if !m.Closed() || m.h.refs.Load() != 1 {
		t.Fatalf("after Close: closed %v, refs %d", m.Closed(), m.h.refs.Load())
	}
}

// Concurrent cursor readers split the content without losing or
// duplicating a byte (cursor calls are atomic with respect to each other).
func TestConcurrentCursorReadsPartition(t *testing.T) {
	const size = 1 << 15
	m, err := Anonymous(size)
	must(t, "Anonymous", err)
	defer m.Close()
	for i := 0; i < size; i += 2 {
		if _, err := m.WriteAt([]byte{byte(i >> 8), byte(i)}, int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 2)
			for {
				n, err := m.Read(buf)
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				total.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	if total.Load() != size {
		t.Fatalf("read %d bytes in all, want %d", total.Load(), size)
	}
}

// Close from many goroutines at once: one closes, all return nil.
func TestConcurrentClose(t *testing.T) {
	m, err := Anonymous(4096)
	must(t, "Anonymous", err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := m.Close(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if !m.Closed() || m.h.refs.Load() != 1 {
		t.Fatalf("after Close: closed %v, refs %d", m.Closed(), m.h.refs.Load())
	}
}

func gcAndWait() {
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
}

func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(ents)
}

// Maps that are never closed are closed by the finalizer: their file
// descriptors go away.
func TestFinalizerClosesUnreachableMaps(t *testing.T) {
	p := writeFile(t, "finalized")
	before := openFDs(t)
	func() {
		for i := 0; i < 20; i++ {
			if _, err := Open(p); err != nil {
				t.Fatal(err)
			}
		}
	}()
	if openFDs(t) < before+20 {
		t.Fatalf("20 open maps hold %d descriptors", openFDs(t)-before)
	}
	for i := 0; i < 50 && openFDs(t) > before; i++ {
		gcAndWait()
	}
	if got := openFDs(t); got > before {
		t.Fatalf("%d descriptors left after GC", got-before)
	}
}
