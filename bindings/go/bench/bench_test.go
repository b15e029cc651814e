// Package bench compares mmf with mmap-go and golang.org/x/exp/mmap on the
// same page-cached file: ReadAt of 1 byte and of 1 MiB at random positions, a
// sum over every byte through the zero-copy view (mmf's View, mmap-go's
// slice, x/exp/mmap's At), the search of an absent 8-byte needle (mmf's
// FindRange, bytes.Index over mmap-go's slice, bytes.Index over x/exp/mmap's
// ReadAt copies), 8-byte little-endian integers at the 4 Mi random
// positions of the C benchmark's read_at_random rows (mmf's Uint64At,
// binary.LittleEndian.Uint64 over mmap-go's slice), and a native call that
// does nothing (mmf.PageSize: the cgo floor). A separate module, so that the
// binding itself depends on the standard library only; not run by CTest.
//
// bench/go/run.sh runs it on the benchmark file (MMF_BENCH_FILE), one
// `-test.count 1` pass per repetition so that the contenders of one operation
// run next to each other in time, and turns the results into
// bench/results/go.json. Without MMF_BENCH_FILE it makes a 16 MiB file of
// random lowercase text. See ../README.md for how to run it by hand.
package bench

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	mmapgo "github.com/edsrzf/mmap-go"
	xmmap "golang.org/x/exp/mmap"

	"example.invalid/mmf"
)

const (
	mib       = 1 << 20
	positions = 1 << 16 // random positions, reused cyclically
	posMask   = positions - 1
	chunk     = 1 << 20 // x/exp/mmap's search: ReadAt chunks of 1 MiB
)

// needle is the same rare needle as bench/c/bench_c.cpp: uppercase, absent
// from lowercase text.
var needle = []byte("QZXJKVQZ")

var (
	dataPath string
	dataLen  int64
	pos1     []int64 // [0, len-1]
	pos1M    []int64 // [0, len-1 MiB]
	posU64   []int64 // [0, len-8), bench/c/bench_c.cpp's random_positions()
	sink     uint64
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dataPath = os.Getenv("MMF_BENCH_FILE")
	if dataPath == "" {
		dir, err := os.MkdirTemp("", "mmf-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer os.RemoveAll(dir)
		dataPath = filepath.Join(dir, "bench.bin")
		text := make([]byte, 16*mib)
		rnd := rand.New(rand.NewSource(42))
		for i := range text {
			text[i] = byte('a' + rnd.Intn(26))
		}
		if err := os.WriteFile(dataPath, text, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	st, err := os.Stat(dataPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	dataLen = st.Size()
	if dataLen < mib {
		fmt.Fprintf(os.Stderr, "%s: the data file must hold at least 1 MiB\n", dataPath)
		return 2
	}
	rnd := rand.New(rand.NewSource(1))
	pos1 = make([]int64, positions)
	pos1M = make([]int64, positions)
	for i := range pos1 {
		pos1[i] = rnd.Int63n(dataLen)
		pos1M[i] = rnd.Int63n(dataLen - mib + 1)
	}
	// 4 Mi positions from mt19937_64 seeded with 7, rng() % (size - 8), as
	// the C rows draw them.
	mt := newMT19937_64(7)
	posU64 = make([]int64, 4<<20)
	for i := range posU64 {
		posU64[i] = int64(mt.next() % uint64(dataLen-8))
	}
	return m.Run()
}

func openMmf(b *testing.B) *mmf.Map {
	m, err := mmf.Open(dataPath, mmf.WithAccess(mmf.AccessRead))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

// openView returns the bytes of an mmf View (released, then the map closed,
// at the end of the benchmark).
func openView(b *testing.B) []byte {
	m, err := mmf.Open(dataPath, mmf.WithAccess(mmf.AccessRead))
	if err != nil {
		b.Fatal(err)
	}
	v, err := m.View()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		v.Release()
		m.Close()
	})
	return v.Bytes()
}

func openX(b *testing.B) *xmmap.ReaderAt {
	r, err := xmmap.Open(dataPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

// mmapGo has no ReadAt: a bounds-checked copy out of the []byte, which is
// what a user of mmap-go writes.
type mmapGo struct{ m mmapgo.MMap }

func (g mmapGo) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(g.m)) {
		return 0, io.EOF
	}
	n := copy(p, g.m[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func openGo(b *testing.B) mmapGo {
	f, err := os.Open(dataPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	m, err := mmapgo.Map(f, mmapgo.RDONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Unmap() })
	return mmapGo{m}
}

func benchReadAt(b *testing.B, r io.ReaderAt, size int, pos []int64) {
	buf := make([]byte, size)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.ReadAt(buf, pos[i&posMask]); err != nil {
			b.Fatal(err)
		}
	}
	sink += uint64(buf[0])
}

// BenchmarkRead1: 1-byte ReadAt at random positions ("view": a plain index
// into mmf's View, the per-call cost without a call; not a report row).
func BenchmarkRead1(b *testing.B) {
	b.Run("mmf", func(b *testing.B) { benchReadAt(b, openMmf(b), 1, pos1) })
	b.Run("mmapgo", func(b *testing.B) { benchReadAt(b, openGo(b), 1, pos1) })
	b.Run("xexpmmap", func(b *testing.B) { benchReadAt(b, openX(b), 1, pos1) })
	b.Run("view", func(b *testing.B) {
		data := openView(b)
		var s uint64
		b.SetBytes(1)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s += uint64(data[pos1[i&posMask]])
		}
		sink += s
	})
}

// BenchmarkRead1MiB: 1 MiB ReadAt at random positions.
func BenchmarkRead1MiB(b *testing.B) {
	b.Run("mmf", func(b *testing.B) { benchReadAt(b, openMmf(b), mib, pos1M) })
	b.Run("mmapgo", func(b *testing.B) { benchReadAt(b, openGo(b), mib, pos1M) })
	b.Run("xexpmmap", func(b *testing.B) { benchReadAt(b, openX(b), mib, pos1M) })
}

// sum is the same loop as x/exp/mmap's (below), over a slice.
func sum(data []byte) uint64 {
	var s uint64
	for k := 0; k < len(data); k++ {
		s += uint64(data[k])
	}
	return s
}

// BenchmarkViewScan: the sum of every byte, through each package's
// zero-copy access (x/exp/mmap has no slice, only At).
func BenchmarkViewScan(b *testing.B) {
	b.Run("mmf", func(b *testing.B) {
		data := openView(b)
		b.SetBytes(int64(len(data)))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink += sum(data)
		}
	})
	b.Run("mmapgo", func(b *testing.B) {
		m := openGo(b).m
		b.SetBytes(int64(len(m)))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink += sum(m)
		}
	})
	b.Run("xexpmmap", func(b *testing.B) {
		r := openX(b)
		n := r.Len()
		b.SetBytes(int64(n))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			var s uint64
			for k := 0; k < n; k++ {
				s += uint64(r.At(k))
			}
			sink += s
		}
	})
}

// indexReaderAt is what a user of x/exp/mmap writes to search it: ReadAt
// into a buffer, chunk by chunk (overlapping by len(sub)-1), and bytes.Index.
func indexReaderAt(r *xmmap.ReaderAt, buf, sub []byte) int64 {
	n := int64(r.Len())
	step := int64(len(buf) - len(sub) + 1)
	for off := int64(0); off+int64(len(sub)) <= n; off += step {
		got, _ := r.ReadAt(buf, off)
		if i := bytes.Index(buf[:got], sub); i >= 0 {
			return off + int64(i)
		}
	}
	return -1
}

// BenchmarkFind: an absent 8-byte needle over the whole file.
func BenchmarkFind(b *testing.B) {
	var want int64 = -1
	check := func(b *testing.B, got int64) {
		if got != want {
			b.Fatalf("found at %d, want %d", got, want)
		}
	}
	b.Run("mmf", func(b *testing.B) {
		m := openMmf(b)
		b.SetBytes(dataLen)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			at, err := m.FindRange(needle, 0, mmf.Omitted)
			if err != nil {
				b.Fatal(err)
			}
			check(b, at)
		}
	})
	b.Run("mmapgo", func(b *testing.B) {
		m := openGo(b).m
		b.SetBytes(dataLen)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			check(b, int64(bytes.Index(m, needle)))
		}
	})
	b.Run("xexpmmap", func(b *testing.B) {
		r := openX(b)
		buf := make([]byte, chunk)
		b.SetBytes(dataLen)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			check(b, indexReaderAt(r, buf, needle))
		}
	})
}

// BenchmarkReadU64: the 8-byte little-endian integer at 4 Mi random
// positions, drawn before timing (the loop is nothing but the reads), summed.
func BenchmarkReadU64(b *testing.B) {
	mask := len(posU64) - 1
	b.Run("mmf", func(b *testing.B) {
		m := openMmf(b)
		var s uint64
		b.SetBytes(8)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			v, err := m.Uint64At(posU64[i&mask], binary.LittleEndian)
			if err != nil {
				b.Fatal(err)
			}
			s += v
		}
		sink += s
	})
	b.Run("mmapgo", func(b *testing.B) {
		data := []byte(openGo(b).m)
		var s uint64
		b.SetBytes(8)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s += binary.LittleEndian.Uint64(data[posU64[i&mask]:])
		}
		sink += s
	})
	// Not report rows. Uint64sAt, 64 positions per call (per read):
	b.Run("batch64", func(b *testing.B) {
		m := openMmf(b)
		dst := make([]uint64, 64)
		var s uint64
		b.SetBytes(8)
		b.ResetTimer()
		for i := 0; i < b.N; i += 64 {
			k := min(64, b.N-i)
			at := i & mask // a multiple of 64: at+64 <= len(posU64)
			if _, err := m.Uint64sAt(dst[:k], posU64[at:at+k], binary.LittleEndian); err != nil {
				b.Fatal(err)
			}
			s += dst[0]
		}
		sink += s
	})
	// The two bounds of the mmf row: the same loop over
	// an mmf View (no call: the peer's speed), and mmap-go's loop with each
	// position depending on the value read before (zero times the sum), so
	// that no two misses overlap: the memory latency of one random read,
	// which is what a read pays when a call stands between two reads.
	b.Run("view", func(b *testing.B) {
		data := openView(b)
		var s uint64
		b.SetBytes(8)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s += binary.LittleEndian.Uint64(data[posU64[i&mask]:])
		}
		sink += s
	})
	b.Run("dependent", func(b *testing.B) {
		data := []byte(openGo(b).m)
		var s uint64
		z := &zero
		b.SetBytes(8)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s += binary.LittleEndian.Uint64(data[posU64[i&mask]+int64(s**z):])
		}
		sink += s
	})
}

// zero is read through a pointer so that the compiler cannot fold s*0.
var zero uint64

// BenchmarkNoop: the cheapest native call through the binding (PageSize:
// mmf_page_size, no handle, no error record), the floor of every call.
func BenchmarkNoop(b *testing.B) {
	b.Run("mmf", func(b *testing.B) {
		var s int64
		for i := 0; i < b.N; i++ {
			s += mmf.PageSize()
		}
		sink += uint64(s)
	})
}
