package mmf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"unsafe"
)

const faultSize = 1 << 20

func bigFile(t testing.TB) string {
	t.Helper()
	return writeFile(t, strings.Repeat("x", faultSize))
}

// A file truncated under the map by another process: the calls that touch
// the memory return ErrFault, the program goes on, the map keeps failing
// cleanly until Resize, and length/size/tell/seek still work.
func TestFaultTruncatedByAnotherProcess(t *testing.T) {
	p := bigFile(t)
	m := openT(t, p)
	b := make([]byte, 16)
	if _, err := m.ReadAt(b[:1], faultSize-1); err != nil || b[0] != 'x' {
		t.Fatalf("ReadAt before truncation: %v %q", err, b[:1]) // installs the guard
	}
	truncateElsewhere(t, p)

	_, err := m.ReadAt(b, faultSize/2)
	wantErr(t, "ReadAt after truncation", err, ErrFault)
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusFault || !strings.Contains(e.Message, "mmf_read_at") {
		t.Fatalf("ReadAt: %#v", err)
	}
	_, err = m.WriteAt([]byte{1}, 0)
	wantErr(t, "WriteAt", err, ErrFault)
	_, err = m.ReadByte()
	wantErr(t, "ReadByte", err, ErrFault)
	_, err = m.Read(b)
	wantErr(t, "Read", err, ErrFault)
	_, err = m.ReadLine()
	wantErr(t, "ReadLine", err, ErrFault)
	_, err = m.Find([]byte("y"))
	wantErr(t, "Find", err, ErrFault)
	_, err = m.View()
	wantErr(t, "View", err, ErrFault)
	for _, w := range []int64{2, 4, 8} {
		err = typedGet(m, w, faultSize/2, binary.LittleEndian)
		wantErr(t, fmt.Sprintf("typed read of %d bytes", w), err, ErrFault)
		err = typedPut(m, w, faultSize-w, 7, binary.BigEndian)
		wantErr(t, fmt.Sprintf("typed write of %d bytes", w), err, ErrFault)
	}
	_, err = m.WriteTo(io.Discard)
	wantErr(t, "WriteTo", err, ErrFault)
	_, err = m.Uint64sAt(make([]uint64, 2), []int64{0, faultSize / 2}, binary.LittleEndian)
	wantErr(t, "Uint64sAt", err, ErrFault)

	if n := m.Len(); n != faultSize {
		t.Fatalf("Len: %d", n)
	}
	if n, err := m.Size(); err != nil || n != 0 {
		t.Fatalf("Size: %d %v", n, err)
	}
	if pos, err := m.Seek(10, 0); err != nil || pos != 10 {
		t.Fatalf("Seek: %d %v", pos, err)
	}
	if pos, err := m.Tell(); err != nil || pos != 10 {
		t.Fatalf("Tell: %d %v", pos, err)
	}
	// Resize re-establishes the file size and the mapping.
	must(t, "Resize", m.Resize(4096))
	if n, err := m.ReadAt(b[:4], 0); err != nil || n != 4 || !bytes.Equal(b[:4], make([]byte, 4)) {
		t.Fatalf("ReadAt after Resize: %d %v %v", n, err, b[:4])
	}
	must(t, "Close", m.Close())
	if fi, err := os.Stat(p); err != nil || fi.Size() != 4096 {
		t.Fatalf("file after Resize: %v %v", fi, err)
	}
}

// Faults in several goroutines at once: each gets ErrFault.
func TestFaultConcurrent(t *testing.T) {
	p := bigFile(t)
	m := openT(t, p)
	if _, err := m.ReadAt(make([]byte, 1), 0); err != nil {
		t.Fatal(err)
	}
	truncateElsewhere(t, p)
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func(g int) {
			if g%2 == 1 { // the typed calls have the same guard
				errs <- typedGet(m, 8, int64(g)*4096+100, binary.LittleEndian)
				return
			}
			buf := make([]byte, 64)
			_, err := m.ReadAt(buf, int64(g)*4096+100)
			errs <- err
		}(g)
	}
	for g := 0; g < 8; g++ {
		wantErr(t, "concurrent ReadAt", <-errs, ErrFault)
	}
}

// mmf's SIGBUS handler chains to Go's for faults it does not own: a View
// (which bypasses the guard) on a truncated file is the Go runtime's own
// fault, here a recoverable panic thanks to debug.SetPanicOnFault, and
// afterwards the Map still answers ErrFault.
func TestViewFaultIsGoRuntimes(t *testing.T) {
	p := bigFile(t)
	m := openT(t, p)
	if _, err := m.ReadAt(make([]byte, 1), 0); err != nil { // mmf's handler is installed
		t.Fatal(err)
	}
	v, err := m.View()
	must(t, "View", err)
	b := v.Bytes()
	if b[faultSize-1] != 'x' {
		t.Fatal("View content")
	}
	truncateElsewhere(t, p)

	r := touchWithPanicOnFault(b, faultSize/2)
	// SetPanicOnFault's panic: a runtime.Error with the faulting address.
	re, ok := r.(interface {
		runtime.Error
		Addr() uintptr
	})
	if !ok || re.Addr() != uintptr(unsafe.Pointer(&b[faultSize/2])) {
		t.Fatalf("recovered %T %v, want the runtime's fault at the View's byte", r, r)
	}
	must(t, "Release", v.Release())
	_, err = m.ReadAt(make([]byte, 1), faultSize/2)
	wantErr(t, "ReadAt after the Go fault", err, ErrFault)
}

func touchWithPanicOnFault(b []byte, i int) (r any) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() { r = recover() }()
	sink := b[i]
	return fmt.Sprintf("no fault (read %d)", sink)
}

// A nil pointer dereference in Go code still panics normally after mmf
// installed its handler (mmf only handles SIGBUS): recoverable in process ...
func TestNilDerefStillPanics(t *testing.T) {
	m, err := Anonymous(4096)
	must(t, "Anonymous", err)
	defer m.Close()
	p := bigFile(t)
	fm := openT(t, p)
	if _, err := fm.ReadAt(make([]byte, 1), 0); err != nil { // installs the guard
		t.Fatal(err)
	}
	r := nilDeref()
	re, ok := r.(runtime.Error)
	if !ok || !strings.Contains(re.Error(), "nil pointer dereference") {
		t.Fatalf("recovered %T %v", r, r)
	}
}

type node struct{ next *node }

//go:noinline
func deref(n *node) *node { return n.next }

func nilDeref() (r any) {
	defer func() { r = recover() }()
	deref(nil)
	return "no panic"
}

// ... and fatal with Go's own report when not recovered (child process).
func TestNilDerefCrashIsGoRuntimes(t *testing.T) {
	out, code := runHelper(t, "nil-deref", "MMF_GO_TEST_DIR="+t.TempDir())
	if code != 2 || !strings.Contains(out, "panic: runtime error: invalid memory address or nil pointer dereference") ||
		!strings.Contains(out, "[signal SIGSEGV") || !strings.Contains(out, "helper: guard installed") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

func helperNilDeref() {
	p := filepath.Join(os.Getenv("MMF_GO_TEST_DIR"), "f")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		panic(err)
	}
	m, err := Open(p)
	if err == nil {
		_, err = m.ReadAt(make([]byte, 1), 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	fmt.Fprintln(os.Stderr, "helper: guard installed")
	deref(nil)
	os.Exit(0)
}

// Without SetPanicOnFault a fault in a View is the Go runtime's fatal
// "unexpected fault address" report (child process): mmf's handler passed
// it on instead of swallowing it or letting the process die silently.
func TestViewFaultCrashIsGoRuntimes(t *testing.T) {
	out, code := runHelper(t, "view-fault", "MMF_GO_TEST_DIR="+t.TempDir())
	if code != 2 || !strings.Contains(out, "unexpected fault address") || !strings.Contains(out, "fatal error: fault") ||
		!strings.Contains(out, "SIGBUS") || !strings.Contains(out, "helper: ErrFault from the Map") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

func helperViewFault() {
	p := filepath.Join(os.Getenv("MMF_GO_TEST_DIR"), "f")
	if err := os.WriteFile(p, bytes.Repeat([]byte("x"), faultSize), 0o644); err != nil {
		panic(err)
	}
	m, err := Open(p)
	if err != nil {
		panic(err)
	}
	v, err := m.View()
	if err != nil {
		panic(err)
	}
	if err := os.Truncate(p, 0); err != nil {
		panic(err)
	}
	if _, err := m.ReadAt(make([]byte, 1), faultSize/2); !errors.Is(err, ErrFault) {
		fmt.Fprintln(os.Stderr, "helper: want ErrFault, got", err)
		os.Exit(3)
	}
	fmt.Fprintln(os.Stderr, "helper: ErrFault from the Map")
	sink := v.Bytes()[faultSize/2]
	fmt.Fprintln(os.Stderr, "helper: no fault", sink)
	os.Exit(0)
}
