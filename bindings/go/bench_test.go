package mmf

import (
	"os"
	"path/filepath"
	"testing"
)

// Benchmarks of the binding alone (CTest does not run them): go test
// -run '^$' -bench . . The comparison with mmap-go and
// golang.org/x/exp/mmap is the separate module in bench/ (README.md).

const benchFileSize = 16 << 20

func benchMap(b *testing.B) *Map {
	b.Helper()
	p := filepath.Join(b.TempDir(), "bench.bin")
	data := make([]byte, benchFileSize)
	for i := range data {
		data[i] = byte(i)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	m, err := Open(p, WithAccess(AccessRead))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

func BenchmarkReadAt1B(b *testing.B) {
	m := benchMap(b)
	buf := make([]byte, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.ReadAt(buf, int64(i*4099)%benchFileSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAt1MiB(b *testing.B) {
	m := benchMap(b)
	buf := make([]byte, 1<<20)
	b.SetBytes(1 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.ReadAt(buf, int64(i%15)<<20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkView1B(b *testing.B) {
	m := benchMap(b)
	v, err := m.View()
	if err != nil {
		b.Fatal(err)
	}
	defer v.Release()
	data := v.Bytes()
	var sink byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += data[(i*4099)%benchFileSize]
	}
	_ = sink
}
