package mmf

import (
	"encoding/binary"
	"testing"
)

// The cost of one small call, layer by layer (README, "What a call costs"):
// the cgo crossing alone (PageSize), the crossing with the scalar arguments
// of a typed read (Get_at), with a []byte (Read_at_fast: cgo's pointer
// check) and with a []byte and an error record (Read_at, the path before
// issue 15), the reference count and the record pool the calls used to
// pay, and the public calls. Positions are hot (one cache line), so the
// figures are the per-call overhead, not memory latency.

const hotPos = 64

func BenchmarkLayerNoop(b *testing.B) {
	var s int64
	for i := 0; i < b.N; i++ {
		s += PageSize()
	}
	_ = s
}

func BenchmarkLayerGetAt(b *testing.B) {
	m := benchMap(b)
	var s uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s += m.h.nat.Get_at(hotPos, 8)
	}
	_ = s
}

func BenchmarkLayerReadAtFast(b *testing.B) {
	m := benchMap(b)
	buf := make([]byte, 8)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.h.nat.Read_at_fast(hotPos, buf)
	}
}

func BenchmarkLayerReadAtRecord(b *testing.B) {
	m := benchMap(b)
	r := getRecord()
	buf := make([]byte, 8)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.h.nat.Read_at(hotPos, buf, 0, 8, r)
	}
}

func BenchmarkLayerRefcount(b *testing.B) {
	m := benchMap(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.h.enter()
		m.h.exit()
	}
}

func BenchmarkLayerPool(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = takeError(getRecord())
	}
}

func BenchmarkReadAtHot1B(b *testing.B) {
	m := benchMap(b)
	buf := make([]byte, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.ReadAt(buf, hotPos); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUint64AtHot(b *testing.B) {
	m := benchMap(b)
	var s uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := m.Uint64At(hotPos, binary.LittleEndian)
		if err != nil {
			b.Fatal(err)
		}
		s += v
	}
	_ = s
}

func BenchmarkPutUint64AtHot(b *testing.B) {
	m, err := Anonymous(4096)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.PutUint64At(hotPos, uint64(i), binary.LittleEndian); err != nil {
			b.Fatal(err)
		}
	}
}
