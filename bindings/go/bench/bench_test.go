// Package bench compares mmf's ReadAt with mmap-go and
// golang.org/x/exp/mmap on the same 16 MiB file (page cache warm). A
// separate module, so that the binding itself depends on the standard
// library only; not run by CTest. See ../README.md for how to run it.
package bench

import (
	"os"
	"path/filepath"
	"testing"

	mmapgo "github.com/edsrzf/mmap-go"
	xmmap "golang.org/x/exp/mmap"

	mmf "example.invalid/mmf/bindings/go"
)

const fileSize = 16 << 20

func benchFile(b *testing.B) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "bench.bin")
	data := make([]byte, fileSize)
	for i := range data {
		data[i] = byte(i)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// pos1 scatters 1-byte reads over the file; pos1M walks 1 MiB blocks.
func pos1(i int) int64  { return int64(i*4099) % fileSize }
func pos1M(i int) int64 { return int64(i%15) << 20 }

func benchReadAt(b *testing.B, r interface {
	ReadAt([]byte, int64) (int, error)
}, size int, pos func(int) int64) {
	buf := make([]byte, size)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.ReadAt(buf, pos(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func openMmf(b *testing.B) *mmf.Map {
	m, err := mmf.Open(benchFile(b), mmf.WithAccess(mmf.AccessRead))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

func openX(b *testing.B) *xmmap.ReaderAt {
	r, err := xmmap.Open(benchFile(b))
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
	return copy(p, g.m[off:]), nil
}

func openGo(b *testing.B) mmapGo {
	f, err := os.Open(benchFile(b))
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

func BenchmarkReadAt1B_mmf(b *testing.B)      { benchReadAt(b, openMmf(b), 1, pos1) }
func BenchmarkReadAt1B_xexp(b *testing.B)     { benchReadAt(b, openX(b), 1, pos1) }
func BenchmarkReadAt1B_mmapgo(b *testing.B)   { benchReadAt(b, openGo(b), 1, pos1) }
func BenchmarkReadAt1MiB_mmf(b *testing.B)    { benchReadAt(b, openMmf(b), 1<<20, pos1M) }
func BenchmarkReadAt1MiB_xexp(b *testing.B)   { benchReadAt(b, openX(b), 1<<20, pos1M) }
func BenchmarkReadAt1MiB_mmapgo(b *testing.B) { benchReadAt(b, openGo(b), 1<<20, pos1M) }
