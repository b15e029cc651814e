//go:build linux && amd64 && cgo

package mmf

import (
	"encoding/binary"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"example.invalid/mmf/internal/native"
)

// Word i of a test file: never 0, so zeros from a vanished page are wrong.
func directWord(i int64) uint64 { return uint64(i+1) * 0x9E3779B97F4A7C15 }

func directFile(t *testing.T, words int) string {
	t.Helper()
	b := make([]byte, 8*words)
	for i := 0; i < words; i++ {
		binary.LittleEndian.PutUint64(b[8*i:], directWord(int64(i)))
	}
	return writeFile(t, string(b))
}

func TestDirectReadsAreOn(t *testing.T) {
	m := openT(t, directFile(t, 64))
	if m.h.direct == nil {
		t.Fatal("linux/amd64: direct reads expected (mmf_direct_layout_of)")
	}
}

// Every edge: the value, or the error, of the cgo call.
func TestDirectReadsAgreeWithTheCgoCall(t *testing.T) {
	m := openT(t, directFile(t, 512))
	n := m.Len()
	for _, off := range []int64{0, 1, n/2 + 3, n - 9, n - 8, n - 7, n - 1, n, n + 1, -1, -8,
		-1 << 63, 1<<63 - 1, 1<<63 - 8} {
		got, err := m.Uint64At(off, binary.LittleEndian)
		v := m.h.nat.Get_at(uint64(off), 8)
		var want error
		if v == native.MMF_SWIG_GO_NO_VALUE { // the marker: ask for the error
			r := getRecord()
			v = m.h.nat.Get_at_err(uint64(off), 8, r)
			want = takeError(r)
		}
		if (err == nil) != (want == nil) || (err == nil && got != v) {
			t.Fatalf("Uint64At(%d) = %#x, %v; the cgo call: %#x, %v", off, got, err, v, want)
		}
		if err != nil && err.Error() != want.Error() {
			t.Fatalf("Uint64At(%d): %v; the cgo call: %v", off, err, want)
		}
	}
	must(t, "Close", m.Close())
	if _, err := m.Uint64At(0, binary.LittleEndian); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

// Readers on more goroutines than Ps while the map grows (often to a new
// address), shrinks back and closes: every value is the file's, and no
// read touches an unmapped page (that would kill the test binary).
func TestDirectReadsRaceResizeAndClose(t *testing.T) {
	const words = 1 << 17
	m := openT(t, directFile(t, words))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 2*runtime.GOMAXPROCS(0)+1; g++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for {
				i := rng.Int63n(words)
				v, err := m.Uint64At(8*i, binary.LittleEndian)
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil || v != directWord(i) {
					errs <- errors.New("word " + strconv.FormatInt(i, 10) + ": " + strconv.FormatUint(v, 16))
					return
				}
			}
		}(int64(g))
	}
	for k := 0; k < 300; k++ {
		must(t, "Resize", m.Resize(int64(words*8*(1+k%3))))
		must(t, "Resize", m.Resize(words*8))
	}
	must(t, "Close", m.Close())
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// A file truncated by another process under direct reads: ErrFault at the
// call, never zeros and never the runtime's "unexpected fault address"; a
// Resize after the file is back reads the file's bytes again.
func TestDirectReadsOfATruncatedFile(t *testing.T) {
	const words = 4 * 4096 / 8
	p := directFile(t, words)
	m := openT(t, p)
	for i := int64(0); i < words; i++ {
		if v, err := m.Uint64At(8*i, binary.LittleEndian); err != nil || v != directWord(i) {
			t.Fatalf("before: word %d: %#x %v", i, v, err)
		}
	}
	if out, err := exec.Command("truncate", "-s", "4096", p).CombinedOutput(); err != nil {
		t.Fatalf("truncate: %v %s", err, out)
	}
	for i := int64(512); i < words; i++ {
		v, err := m.Uint64At(8*i, binary.LittleEndian)
		if !errors.Is(err, ErrFault) {
			t.Fatalf("after: word %d: %#x %v", i, v, err)
		}
	}
	if _, err := m.Uint64At(0, binary.LittleEndian); !errors.Is(err, ErrFault) {
		t.Fatalf("the first page, poisoned: %v", err)
	}
	b := make([]byte, 8*words)
	for i := 0; i < words; i++ {
		binary.LittleEndian.PutUint64(b[8*i:], directWord(int64(i)))
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	must(t, "Resize", m.Resize(8*words))
	for i := int64(0); i < words; i++ {
		if v, err := m.Uint64At(8*i, binary.LittleEndian); err != nil || v != directWord(i) {
			t.Fatalf("after Resize: word %d: %#x %v", i, v, err)
		}
	}
}

// A View pins the map: typed reads make the cgo call meanwhile, and read
// directly again after.
func TestDirectReadsAndAView(t *testing.T) {
	m := openT(t, directFile(t, 1024))
	v, err := m.View()
	if err != nil {
		t.Fatal(err)
	}
	if x, err := m.Uint64At(80, binary.LittleEndian); err != nil || x != directWord(10) {
		t.Fatalf("with a View: %#x %v", x, err)
	}
	must(t, "View.Release", v.Release())
	if x, err := m.Uint64At(88, binary.LittleEndian); err != nil || x != directWord(11) {
		t.Fatalf("after: %#x %v", x, err)
	}
}
