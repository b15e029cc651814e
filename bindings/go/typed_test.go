package mmf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"example.invalid/mmf/internal/native"
)

// typedGet reads the width-byte integer at off (the result is checked by
// the callers that need it).
func typedGet(m *Map, width, off int64, o binary.ByteOrder) error {
	var err error
	switch width {
	case 2:
		_, err = m.Uint16At(off, o)
	case 4:
		_, err = m.Uint32At(off, o)
	default:
		_, err = m.Uint64At(off, o)
	}
	return err
}

func typedGetValue(m *Map, width, off int64, o binary.ByteOrder) (uint64, error) {
	switch width {
	case 2:
		v, err := m.Uint16At(off, o)
		return uint64(v), err
	case 4:
		v, err := m.Uint32At(off, o)
		return uint64(v), err
	}
	return m.Uint64At(off, o)
}

func typedPut(m *Map, width, off int64, v uint64, o binary.ByteOrder) error {
	switch width {
	case 2:
		return m.PutUint16At(off, uint16(v), o)
	case 4:
		return m.PutUint32At(off, uint32(v), o)
	}
	return m.PutUint64At(off, v, o)
}

// encode is what encoding/binary makes of v in width bytes, order o.
func encode(width int64, v uint64, o binary.ByteOrder) []byte {
	b := make([]byte, width)
	switch width {
	case 2:
		o.PutUint16(b, uint16(v))
	case 4:
		o.PutUint32(b, uint32(v))
	default:
		o.PutUint64(b, v)
	}
	return b
}

// swapped is a binary.ByteOrder that is neither of encoding/binary's: the
// bytes of little-endian, in reverse, shifted by one (so that a binding
// that took it for big- or little-endian would be caught).
type swapped struct{}

func rot(b []byte) []byte {
	r := make([]byte, len(b))
	for i := range b {
		r[(i+1)%len(b)] = b[i]
	}
	return r
}

func unrot(b []byte) []byte {
	r := make([]byte, len(b))
	for i := range b {
		r[i] = b[(i+1)%len(b)]
	}
	return r
}

func (swapped) Uint16(b []byte) uint16 { return binary.LittleEndian.Uint16(unrot(b[:2])) }
func (swapped) Uint32(b []byte) uint32 { return binary.LittleEndian.Uint32(unrot(b[:4])) }
func (swapped) Uint64(b []byte) uint64 { return binary.LittleEndian.Uint64(unrot(b[:8])) }
func (swapped) PutUint16(b []byte, v uint16) {
	var t [2]byte
	binary.LittleEndian.PutUint16(t[:], v)
	copy(b, rot(t[:]))
}
func (swapped) PutUint32(b []byte, v uint32) {
	var t [4]byte
	binary.LittleEndian.PutUint32(t[:], v)
	copy(b, rot(t[:]))
}
func (swapped) PutUint64(b []byte, v uint64) {
	var t [8]byte
	binary.LittleEndian.PutUint64(t[:], v)
	copy(b, rot(t[:]))
}
func (swapped) String() string { return "swapped" }

var orders = []binary.ByteOrder{binary.LittleEndian, binary.BigEndian, binary.NativeEndian, swapped{}}

// Every width and order: a typed write puts exactly encoding/binary's bytes
// in the map, a typed read of bytes written by WriteAt gives encoding/
// binary's value, at the first byte, the last valid position and in
// between (unaligned too).
func TestTypedMatchesEncodingBinary(t *testing.T) {
	const size = 67
	m, err := Anonymous(size)
	must(t, "Anonymous", err)
	defer m.Close()
	vals := []uint64{0, 1, 0x0102030405060708, math.MaxUint64, 0x8000000000000001, native.MMF_SWIG_GO_NO_VALUE}
	for _, o := range orders {
		for _, w := range []int64{2, 4, 8} {
			mask := uint64(math.MaxUint64)
			if w < 8 {
				mask = 1<<(8*w) - 1
			}
			for _, off := range []int64{0, 1, 3, size / 2, size - w - 1, size - w} {
				for _, v := range vals {
					v &= mask
					what := fmt.Sprintf("%v width %d at %d value %#x", o, w, off, v)
					must(t, "WriteAt zeros", func() error { _, err := m.WriteAt(make([]byte, size), 0); return err }())
					if err := typedPut(m, w, off, v, o); err != nil {
						t.Fatalf("put %s: %v", what, err)
					}
					got := make([]byte, size)
					if _, err := m.ReadAt(got, 0); err != nil {
						t.Fatal(err)
					}
					want := make([]byte, size)
					copy(want[off:], encode(w, v, o))
					if !bytes.Equal(got, want) {
						t.Fatalf("put %s: map holds % x, want % x", what, got, want)
					}
					r, err := typedGetValue(m, w, off, o)
					if err != nil || r != v {
						t.Fatalf("get %s: %#x, %v", what, r, err)
					}
					// bytes written by WriteAt, read typed
					raw := encode(w, v^0x5a5a5a5a5a5a5a5a&mask, binary.BigEndian)
					if _, err := m.WriteAt(raw, off); err != nil {
						t.Fatal(err)
					}
					r, err = typedGetValue(m, w, off, o)
					wantV := binary.BigEndian.Uint64(append(make([]byte, 8-w), raw...))
					if w == 2 {
						wantV = uint64(o.Uint16(raw))
					} else if w == 4 {
						wantV = uint64(o.Uint32(raw))
					} else {
						wantV = o.Uint64(raw)
					}
					if err != nil || r != wantV {
						t.Fatalf("get %s after WriteAt % x: %#x, %v; want %#x", what, raw, r, err, wantV)
					}
				}
			}
		}
	}
	// the cursor never moved
	if pos, _ := m.Tell(); pos != 0 {
		t.Fatalf("cursor at %d", pos)
	}
}

// Bad positions for every width: one past the last valid position, the
// end, past it, negative, huge, and offsets whose off+width overflows.
// Each is ErrOutOfRange, with a message, and writes nothing.
func TestTypedBadPositions(t *testing.T) {
	const size = 29
	p := writeFile(t, strings.Repeat("q", size))
	m := openT(t, p)
	for _, w := range []int64{2, 4, 8} {
		for _, off := range []int64{size - w + 1, size - 1, size, size + 1, -1, -w, math.MinInt64, math.MaxInt64,
			math.MaxInt64 - w + 2, -1 << 32} {
			for _, o := range orders {
				what := fmt.Sprintf("width %d at %d (%v)", w, off, o)
				wantErr(t, "get "+what, typedGet(m, w, off, o), ErrOutOfRange)
				wantErr(t, "put "+what, typedPut(m, w, off, 0x0101010101010101, o), ErrOutOfRange)
			}
		}
		// the last valid position works
		if _, err := typedGetValue(m, w, size-w, binary.LittleEndian); err != nil {
			t.Fatalf("get width %d at the last valid position: %v", w, err)
		}
	}
	got := make([]byte, size)
	if _, err := m.ReadAt(got, 0); err != nil || string(got) != strings.Repeat("q", size) {
		t.Fatalf("a failed put changed the map: %q %v", got, err)
	}
	// a map shorter than the width
	small := openT(t, writeFile(t, "abc"))
	wantErr(t, "Uint32At on 3 bytes", typedGet(small, 4, 0, binary.LittleEndian), ErrOutOfRange)
	wantErr(t, "PutUint64At on 3 bytes", typedPut(small, 8, 0, 1, binary.LittleEndian), ErrOutOfRange)
	if v, err := small.Uint16At(1, binary.BigEndian); err != nil || v != 'b'<<8|'c' {
		t.Fatalf("Uint16At(1) on \"abc\": %#x %v", v, err)
	}
	// the message names the call and the position
	_, err := m.Uint64At(size-7, binary.LittleEndian)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Message, fmt.Sprint(size-7)) {
		t.Fatalf("message of a short read: %v", err)
	}
}

// A read-only map reads, refuses writes with ErrReadOnly and stays as it
// was; a nil order and a nil or zero *Map are ErrInvalidArgument; a closed
// map is ErrClosed (also TestClosedMap, TestNilMap).
func TestTypedAccessAndArguments(t *testing.T) {
	p := writeFile(t, "\x01\x02\x03\x04\x05\x06\x07\x08\x09")
	ro := openT(t, p, WithAccess(AccessRead))
	if v, err := ro.Uint64At(1, binary.LittleEndian); err != nil || v != 0x0908070605040302 {
		t.Fatalf("Uint64At on a READ map: %#x %v", v, err)
	}
	if v, err := ro.Uint32At(0, binary.BigEndian); err != nil || v != 0x01020304 {
		t.Fatalf("Uint32At BE on a READ map: %#x %v", v, err)
	}
	for _, w := range []int64{2, 4, 8} {
		for _, off := range []int64{0, 9 - w, 9 - w + 1, -1} {
			err := typedPut(ro, w, off, 0xffffffffffffffff, binary.LittleEndian)
			if off >= 0 && off <= 9-w {
				wantErr(t, fmt.Sprintf("put width %d at %d on a READ map", w, off), err, ErrReadOnly)
			} else if !errors.Is(err, ErrReadOnly) && !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("put width %d at %d on a READ map: %v", w, off, err)
			}
		}
	}
	if b, _ := ro.Uint16At(0, binary.BigEndian); b != 0x0102 {
		t.Fatalf("READ map changed: %#x", b)
	}
	wantErr(t, "ReadFrom on a READ map", func() error { _, err := ro.ReadFrom(strings.NewReader("x")); return err }(), ErrReadOnly)

	m, err := Anonymous(16)
	must(t, "Anonymous", err)
	defer m.Close()
	for _, w := range []int64{2, 4, 8} {
		wantErr(t, "get with a nil order", typedGet(m, w, 0, nil), ErrInvalidArgument)
		wantErr(t, "put with a nil order", typedPut(m, w, 0, 1, nil), ErrInvalidArgument)
		var nilMap *Map
		wantErr(t, "get on a nil *Map", typedGet(nilMap, w, 0, binary.LittleEndian), ErrInvalidArgument)
		wantErr(t, "put on a nil *Map", typedPut(nilMap, w, 0, 1, binary.LittleEndian), ErrInvalidArgument)
		var zero Map
		wantErr(t, "get on a zero Map", typedGet(&zero, w, 0, binary.LittleEndian), ErrInvalidArgument)
	}
	must(t, "Close", m.Close())
	for _, w := range []int64{2, 4, 8} {
		for _, off := range []int64{0, -1, math.MaxInt64} {
			wantErr(t, "get on a closed map", typedGet(m, w, off, binary.LittleEndian), ErrClosed)
			wantErr(t, "put on a closed map", typedPut(m, w, off, 1, binary.LittleEndian), ErrClosed)
		}
	}
}

// The native glue refuses a width other than 2, 4 or 8 (the Go layer never
// passes one), in both the fast call and its twin.
func TestTypedNativeWidth(t *testing.T) {
	m, err := Anonymous(64)
	must(t, "Anonymous", err)
	defer m.Close()
	for _, w := range []int64{0, 1, 3, 5, 16, -8, 1<<32 | 8, math.MinInt64 + 2, math.MaxInt64} {
		if v := m.h.nat.Get_at(0, w); v != native.MMF_SWIG_GO_NO_VALUE {
			t.Fatalf("get_at width %d: %#x", w, v)
		}
		r := getRecord()
		m.h.nat.Get_at_err(0, w, r)
		wantErr(t, fmt.Sprint("get_at_err width ", w), takeError(r), ErrInvalidArgument)
		if s := m.h.nat.Put_at(0, 1, w); s != int(StatusInvalidArgument) {
			t.Fatalf("put_at width %d: status %d", w, s)
		}
		r = getRecord()
		m.h.nat.Put_at_err(0, 1, w, r)
		wantErr(t, fmt.Sprint("put_at_err width ", w), takeError(r), ErrInvalidArgument)
	}
	if v, _ := m.Uint64At(0, binary.LittleEndian); v != 0 {
		t.Fatalf("a refused put wrote %#x", v)
	}
}

// Typed readers and writers racing Resize and then Close (go.race runs it
// under the race detector): every call succeeds or fails with ErrClosed or
// ErrOutOfRange (a position past a shrunk end), a value read is one that
// was written whole (8 equal bytes), and nothing crashes: a resize or close
// never leaves a reader on unmapped memory, since every read is inside the
// library.
func TestTypedRacesResizeAndClose(t *testing.T) {
	const big, small = 1 << 16, 4096
	m, err := Anonymous(big)
	must(t, "Anonymous", err)
	var (
		wg    sync.WaitGroup
		stop  atomic.Bool
		calls atomic.Int64
		bad   = make(chan error, 16)
	)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				off := int64((i*4096 + g*8) % (big - 8))
				var err error
				if i%3 == 0 {
					err = m.PutUint64At(off, 0x0101010101010101*uint64(byte(g+i)), binary.LittleEndian)
				} else {
					var v uint64
					v, err = m.Uint64At(off, binary.BigEndian)
					if err == nil && v != 0x0101010101010101*(v&0xff) {
						err = fmt.Errorf("torn value %#x at %d", v, off)
					}
				}
				calls.Add(1)
				if err != nil && !errors.Is(err, ErrClosed) && !errors.Is(err, ErrOutOfRange) {
					select {
					case bad <- err:
					default:
					}
					return
				}
			}
		}(g)
	}
	deadline := time.Now().Add(150 * time.Millisecond)
	for n := 0; time.Now().Before(deadline); n++ {
		size := int64(big)
		if n%2 == 0 {
			size = small
		}
		must(t, "Resize", m.Resize(size))
	}
	must(t, "Close", m.Close())
	time.Sleep(10 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(bad)
	for err := range bad {
		t.Error(err)
	}
	if calls.Load() < 100 {
		t.Fatalf("only %d calls", calls.Load())
	}
}

// The handle outlives Close (calls racing Close find a closed map, never
// freed memory) and is freed once the Map is unreachable.
func TestHandleFreedOnlyWhenUnreachable(t *testing.T) {
	h := func() *handle {
		m, err := Anonymous(64)
		must(t, "Anonymous", err)
		must(t, "Close", m.Close())
		gcAndWait()
		if m.h.refs.Load() != 1 {
			t.Fatalf("refs %d after Close of a reachable Map", m.h.refs.Load())
		}
		wantErr(t, "Uint64At after Close", typedGet(m, 8, 0, binary.LittleEndian), ErrClosed)
		return m.h
	}()
	for i := 0; i < 50 && h.refs.Load() != 0; i++ {
		gcAndWait()
	}
	if h.refs.Load() != 0 || !h.ownerDropped.Load() {
		t.Fatalf("the handle of an unreachable Map was never freed (refs %d)", h.refs.Load())
	}
}

// WriteTo copies from the cursor to the end and moves the cursor; io.Copy
// uses it.
func TestWriteTo(t *testing.T) {
	m := openT(t, writeFile(t, "0123456789"))
	if _, err := m.Seek(3, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := io.Copy(&out, m)
	if err != nil || n != 7 || out.String() != "3456789" {
		t.Fatalf("io.Copy from the map: %d %v %q", n, err, out.String())
	}
	if pos, _ := m.Tell(); pos != 10 {
		t.Fatalf("cursor at %d after WriteTo", pos)
	}
	if n, err := m.WriteTo(&out); n != 0 || err != nil {
		t.Fatalf("WriteTo at the end: %d %v", n, err)
	}
	// a Writer that takes 4 bytes: the cursor stops after them
	if _, err := m.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	lw := &limitedWriter{left: 4}
	n, err = m.WriteTo(lw)
	if n != 4 || !errors.Is(err, io.ErrShortWrite) || lw.buf.String() != "0123" {
		t.Fatalf("WriteTo a short writer: %d %v %q", n, err, lw.buf.String())
	}
	if pos, _ := m.Tell(); pos != 4 {
		t.Fatalf("cursor at %d after a short write", pos)
	}
	// a cursor past the end (after a shrinking Resize) writes nothing
	if _, err := m.Seek(10, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	must(t, "Resize", m.Resize(5))
	if n, err := m.WriteTo(&out); n != 0 || err != nil {
		t.Fatalf("WriteTo past the end: %d %v", n, err)
	}
	// larger than one chunk
	big, err := Anonymous(copyChunk*2 + 5)
	must(t, "Anonymous", err)
	defer big.Close()
	must(t, "PutUint64At", big.PutUint64At(copyChunk*2-3, 0x1122334455667788, binary.BigEndian))
	out.Reset()
	if n, err := big.WriteTo(&out); err != nil || n != copyChunk*2+5 ||
		binary.BigEndian.Uint64(out.Bytes()[copyChunk*2-3:]) != 0x1122334455667788 {
		t.Fatalf("WriteTo of 2 MiB: %d %v", n, err)
	}
}

// A nil Writer or Reader is ErrInvalidArgument, not a panic; the cursor
// stays.
func TestWriteToReadFromNil(t *testing.T) {
	m := openT(t, writeFile(t, "0123456789"))
	_, err := m.WriteTo(nil)
	wantErr(t, "WriteTo(nil)", err, ErrInvalidArgument)
	_, err = m.ReadFrom(nil)
	wantErr(t, "ReadFrom(nil)", err, ErrInvalidArgument)
	var nilFile *os.File // a typed nil: its own methods answer
	if _, err := m.WriteTo(nilFile); err == nil {
		t.Fatal("WriteTo a nil *os.File succeeded")
	}
	if pos, _ := m.Tell(); pos != 0 {
		t.Fatalf("cursor at %d", pos)
	}
}

type limitedWriter struct {
	left int
	buf  bytes.Buffer
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	n := min(len(p), w.left)
	w.buf.Write(p[:n])
	w.left -= n
	return n, nil
}

// ReadFrom fills the map from the cursor; more data than fits is
// ErrOutOfRange after filling to the end; io.Copy uses it.
func TestReadFrom(t *testing.T) {
	m := openT(t, writeFile(t, "..........")) // 10 bytes
	if _, err := m.Seek(2, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(m, strings.NewReader("abc"))
	if err != nil || n != 3 {
		t.Fatalf("io.Copy into the map: %d %v", n, err)
	}
	got := make([]byte, 10)
	if _, err := m.ReadAt(got, 0); err != nil || string(got) != "..abc....." {
		t.Fatalf("after ReadFrom: %q %v", got, err)
	}
	if pos, _ := m.Tell(); pos != 5 {
		t.Fatalf("cursor at %d", pos)
	}
	// exactly what fits
	n, err = m.ReadFrom(strings.NewReader("12345"))
	if err != nil || n != 5 {
		t.Fatalf("ReadFrom of what fits: %d %v", n, err)
	}
	// too much: filled to the end, then ErrOutOfRange
	if _, err := m.Seek(7, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	src := strings.NewReader("XYZW-and-more")
	n, err = m.ReadFrom(src)
	wantErr(t, "ReadFrom of too much", err, ErrOutOfRange)
	if _, err := m.ReadAt(got, 0); n != 3 || string(got) != "..abc12XYZ" {
		t.Fatalf("after an overflowing ReadFrom: %d %q %v", n, got, err)
	}
	if src.Len() != len("-and-more") { // one byte more than fit was read
		t.Fatalf("ReadFrom took %d bytes of the reader", 13-src.Len())
	}
	// at the end: nothing fits, an empty reader is fine
	if n, err := m.ReadFrom(strings.NewReader("")); n != 0 || err != nil {
		t.Fatalf("ReadFrom of nothing at the end: %d %v", n, err)
	}
	_, err = m.ReadFrom(strings.NewReader("!"))
	wantErr(t, "ReadFrom at the end", err, ErrOutOfRange)
	// the reader's error comes back
	if _, err := m.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	n, err = m.ReadFrom(io.MultiReader(strings.NewReader("ok"), &errReader{boom}))
	if n != 2 || err != boom {
		t.Fatalf("ReadFrom of a failing reader: %d %v", n, err)
	}
	// larger than one chunk
	big, err := Anonymous(copyChunk*2 + 5)
	must(t, "Anonymous", err)
	defer big.Close()
	seven := bytes.Repeat([]byte{7}, copyChunk*2+5)
	if n, err := big.ReadFrom(bytes.NewReader(seven)); err != nil || n != int64(len(seven)) {
		t.Fatalf("ReadFrom of 2 MiB: %d %v", n, err)
	}
	if v, err := big.Uint64At(copyChunk*2-3, binary.LittleEndian); err != nil || v != 0x0707070707070707 {
		t.Fatalf("after ReadFrom of 2 MiB: %#x %v", v, err)
	}
	if _, err := big.Seek(copyChunk/2, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	more := bytes.NewReader(make([]byte, copyChunk*3))
	n, err = big.ReadFrom(more)
	wantErr(t, "ReadFrom of 3 MiB into 1.5 MiB", err, ErrOutOfRange)
	if fit := int64(copyChunk*2 + 5 - copyChunk/2); n != fit || more.Len() != copyChunk*3-int(fit)-1 {
		t.Fatalf("ReadFrom of 3 MiB into %d bytes: wrote %d, read %d", fit, n, copyChunk*3-more.Len())
	}
}

type errReader struct{ err error }

func (r *errReader) Read([]byte) (int, error) { return 0, r.err }

// Uint64sAt gives what Uint64At gives, position by position, in every
// order; it stops at the first bad position with its index and error.
func TestUint64sAt(t *testing.T) {
	const size = 1000
	m, err := Anonymous(size)
	must(t, "Anonymous", err)
	defer m.Close()
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*7 + i>>3)
	}
	if _, err := m.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	offs := []int64{0, 1, 7, 500, 991, size - 8, 3, 3}
	for _, o := range orders {
		dst := make([]uint64, len(offs)+2)
		n, err := m.Uint64sAt(dst, offs, o)
		if n != len(offs) || err != nil {
			t.Fatalf("Uint64sAt (%v): %d %v", o, n, err)
		}
		for i, off := range offs {
			if want := o.Uint64(data[off:]); dst[i] != want {
				t.Fatalf("Uint64sAt (%v) [%d] at %d: %#x, want %#x", o, i, off, dst[i], want)
			}
		}
		if dst[len(offs)] != 0 || dst[len(offs)+1] != 0 {
			t.Fatal("Uint64sAt wrote past len(offs)")
		}
	}
	for _, bad := range []int64{size - 7, size, -1, math.MinInt64, math.MaxInt64} {
		dst := make([]uint64, 4)
		n, err := m.Uint64sAt(dst, []int64{8, 16, bad, 24}, binary.BigEndian)
		wantErr(t, fmt.Sprint("Uint64sAt with position ", bad), err, ErrOutOfRange)
		if n != 2 || dst[0] != binary.BigEndian.Uint64(data[8:]) || dst[1] != binary.BigEndian.Uint64(data[16:]) || dst[3] != 0 {
			t.Fatalf("Uint64sAt with position %d: n %d, dst %#x", bad, n, dst)
		}
	}
	if n, err := m.Uint64sAt(nil, nil, binary.LittleEndian); n != 0 || err != nil {
		t.Fatalf("Uint64sAt of nothing: %d %v", n, err)
	}
	_, err = m.Uint64sAt(make([]uint64, 1), []int64{0, 8}, binary.LittleEndian)
	wantErr(t, "Uint64sAt with a short dst", err, ErrInvalidArgument)
	_, err = m.Uint64sAt(make([]uint64, 1), []int64{0}, nil)
	wantErr(t, "Uint64sAt with a nil order", err, ErrInvalidArgument)
	var nilMap *Map
	_, err = nilMap.Uint64sAt(make([]uint64, 1), []int64{0}, binary.LittleEndian)
	wantErr(t, "Uint64sAt on a nil *Map", err, ErrInvalidArgument)
	// the glue refuses slots that are not 8 bytes
	r := getRecord()
	m.h.nat.Get_u64s(make([]byte, 12), make([]byte, 16), r)
	wantErr(t, "get_u64s of 12 bytes", takeError(r), ErrInvalidArgument)
	r = getRecord()
	m.h.nat.Get_u64s(make([]byte, 16), make([]byte, 8), r)
	wantErr(t, "get_u64s into a short output", takeError(r), ErrInvalidArgument)
	must(t, "Close", m.Close())
	_, err = m.Uint64sAt(make([]uint64, 1), []int64{0}, binary.LittleEndian)
	wantErr(t, "Uint64sAt on a closed map", err, ErrClosed)
}

// A successful typed read or write, ReadAt and WriteAt allocate nothing
// (no error record, no boxed value), with encoding/binary's orders.
func TestFastCallsDoNotAllocate(t *testing.T) {
	m, err := Anonymous(4096)
	must(t, "Anonymous", err)
	defer m.Close()
	buf := make([]byte, 8)
	for name, f := range map[string]func(){
		"Uint16At":    func() { _, _ = m.Uint16At(10, binary.BigEndian) },
		"Uint32At":    func() { _, _ = m.Uint32At(10, binary.NativeEndian) },
		"Uint64At":    func() { _, _ = m.Uint64At(4088, binary.LittleEndian) },
		"PutUint16At": func() { _ = m.PutUint16At(10, 7, binary.BigEndian) },
		"PutUint32At": func() { _ = m.PutUint32At(10, 7, binary.LittleEndian) },
		"PutUint64At": func() { _ = m.PutUint64At(4088, 7, binary.NativeEndian) },
		"ReadAt":      func() { _, _ = m.ReadAt(buf, 100) },
		"WriteAt":     func() { _, _ = m.WriteAt(buf, 100) },
	} {
		if n := testing.AllocsPerRun(200, f); n != 0 {
			t.Errorf("%s: %v allocations per call", name, n)
		}
	}
}
