package mmf

import (
	"encoding/binary"
	"io"
	"math/bits"
	"runtime"
	"strconv"
	"unsafe"

	"example.invalid/mmf/internal/native"
)

// Typed positional access: the integer of 2, 4 or 8 bytes at a position, in
// the byte order the caller names (binary.LittleEndian, binary.BigEndian,
// binary.NativeEndian, or any other binary.ByteOrder). Each call is one
// call of the C library's mmf_read_at or mmf_write_at, with its checks
// (bounds, closed, read-only) and its fault guard: a file truncated under
// the map gives ErrFault, never a crash, and a read never sees a write of
// the same map half done. Uint64At keeps those promises without the call
// where it can (direct.go: the library's direct reads, linux/amd64).
//
// The native glue returns the bytes as a little-endian integer (no Go
// pointer crosses to C, no error record is taken); the order is applied
// here. Failures are rare and take a second call to collect the message.

// hostLittle is whether binary.NativeEndian is little-endian.
var hostLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// order classifies a byte order: 0 little-endian, 1 big-endian, 2 another
// implementation (applied through a byte array), -1 nil.
func order(o binary.ByteOrder) int {
	switch o {
	case binary.LittleEndian:
		return 0
	case binary.BigEndian:
		return 1
	case binary.NativeEndian:
		if hostLittle {
			return 0
		}
		return 1
	case nil:
		return -1
	}
	return 2
}

// getAt is the common body of the typed reads: the width bytes at off as a
// little-endian integer.
func (m *Map) getAt(op string, off, width int64) (uint64, error) {
	if m == nil || m.h == nil {
		return 0, newError(StatusInvalidArgument, op+": nil *Map")
	}
	if width == 8 && m.h.direct != nil {
		if v, ok := m.h.direct.get8(off); ok {
			runtime.KeepAlive(m)
			return v, nil
		}
	}
	v := m.h.nat.Get_at(uint64(off), width)
	if v == native.MMF_SWIG_GO_NO_VALUE {
		// A failure, or (8 bytes only) a value equal to the marker.
		r := getRecord()
		v = m.h.nat.Get_at_err(uint64(off), width, r)
		if err := takeError(r); err != nil {
			runtime.KeepAlive(m)
			return 0, err
		}
	}
	runtime.KeepAlive(m)
	return v, nil
}

// putAt is the common body of the typed writes: v holds the width bytes as
// a little-endian integer.
func (m *Map) putAt(op string, off int64, v uint64, width int64) error {
	if m == nil || m.h == nil {
		return newError(StatusInvalidArgument, op+": nil *Map")
	}
	if m.h.nat.Put_at(uint64(off), v, width) != 0 {
		// Nothing was written: the call again, with a record, for the message.
		r := getRecord()
		m.h.nat.Put_at_err(uint64(off), v, width, r)
		if err := takeError(r); err != nil {
			runtime.KeepAlive(m)
			return err
		}
	}
	runtime.KeepAlive(m)
	return nil
}

func nilOrder(op string) error {
	return newError(StatusInvalidArgument, op+": nil binary.ByteOrder")
}

// Uint16At returns the 2-byte integer at off in byte order o (Python:
// int.from_bytes(m[off:off+2], ...); Go: o.Uint16 over a slice of the
// file), without using or moving the cursor. Safe for concurrent use.
//
// Errors: ErrOutOfRange (off negative, or off+2 past the end: the last
// valid off is Len()-2), ErrClosed, ErrFault (the file was truncated under
// the map), ErrInvalidArgument (a nil *Map or a nil o).
func (m *Map) Uint16At(off int64, o binary.ByteOrder) (uint16, error) {
	k := order(o)
	if k < 0 {
		return 0, nilOrder("Uint16At")
	}
	v, err := m.getAt("Uint16At", off, 2)
	switch {
	case err != nil:
		return 0, err
	case k == 0:
		return uint16(v), nil
	case k == 1:
		return bits.ReverseBytes16(uint16(v)), nil
	}
	var b [2]byte
	binary.LittleEndian.PutUint16(b[:], uint16(v))
	return o.Uint16(b[:]), nil
}

// Uint32At returns the 4-byte integer at off in byte order o, without
// using or moving the cursor. Safe for concurrent use.
//
// Errors: ErrOutOfRange (off negative, or off+4 past the end: the last
// valid off is Len()-4), ErrClosed, ErrFault, ErrInvalidArgument (a nil
// *Map or a nil o).
func (m *Map) Uint32At(off int64, o binary.ByteOrder) (uint32, error) {
	k := order(o)
	if k < 0 {
		return 0, nilOrder("Uint32At")
	}
	v, err := m.getAt("Uint32At", off, 4)
	switch {
	case err != nil:
		return 0, err
	case k == 0:
		return uint32(v), nil
	case k == 1:
		return bits.ReverseBytes32(uint32(v)), nil
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(v))
	return o.Uint32(b[:]), nil
}

// Uint64At returns the 8-byte integer at off in byte order o (Go:
// binary.LittleEndian.Uint64(data[off:]) over a mapping), without using or
// moving the cursor. Signed and floating-point values are conversions of
// the result: int64(v), math.Float64frombits(v). Safe for concurrent use.
// On linux/amd64 it reads the mapping itself inside the library's protocol
// (no cgo call; README.md, "Typed reads without a cgo call"), except while
// a View of the map is held.
//
// Errors: ErrOutOfRange (off negative, or off+8 past the end: the last
// valid off is Len()-8), ErrClosed, ErrFault, ErrInvalidArgument (a nil
// *Map or a nil o).
func (m *Map) Uint64At(off int64, o binary.ByteOrder) (uint64, error) {
	k := order(o)
	if k < 0 {
		return 0, nilOrder("Uint64At")
	}
	v, err := m.getAt("Uint64At", off, 8)
	switch {
	case err != nil:
		return 0, err
	case k == 0:
		return v, nil
	case k == 1:
		return bits.ReverseBytes64(v), nil
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return o.Uint64(b[:]), nil
}

// PutUint16At writes v as 2 bytes at off in byte order o, without using or
// moving the cursor. All or nothing. Safe for concurrent use.
//
// Errors: ErrOutOfRange (off negative, or off+2 past the end; nothing is
// written), ErrReadOnly (an AccessRead map), ErrClosed, ErrFault,
// ErrInvalidArgument (a nil *Map or a nil o).
func (m *Map) PutUint16At(off int64, v uint16, o binary.ByteOrder) error {
	switch order(o) {
	case -1:
		return nilOrder("PutUint16At")
	case 1:
		v = bits.ReverseBytes16(v)
	case 2:
		var b [2]byte
		o.PutUint16(b[:], v)
		v = binary.LittleEndian.Uint16(b[:])
	}
	return m.putAt("PutUint16At", off, uint64(v), 2)
}

// PutUint32At writes v as 4 bytes at off in byte order o, without using or
// moving the cursor. All or nothing. Safe for concurrent use.
//
// Errors: ErrOutOfRange (off negative, or off+4 past the end; nothing is
// written), ErrReadOnly, ErrClosed, ErrFault, ErrInvalidArgument (a nil
// *Map or a nil o).
func (m *Map) PutUint32At(off int64, v uint32, o binary.ByteOrder) error {
	switch order(o) {
	case -1:
		return nilOrder("PutUint32At")
	case 1:
		v = bits.ReverseBytes32(v)
	case 2:
		var b [4]byte
		o.PutUint32(b[:], v)
		v = binary.LittleEndian.Uint32(b[:])
	}
	return m.putAt("PutUint32At", off, uint64(v), 4)
}

// PutUint64At writes v as 8 bytes at off in byte order o, without using or
// moving the cursor. All or nothing; another goroutine's read of the same
// map sees the old or the new value, never a mix. Safe for concurrent use.
//
// Errors: ErrOutOfRange (off negative, or off+8 past the end; nothing is
// written), ErrReadOnly, ErrClosed, ErrFault, ErrInvalidArgument (a nil
// *Map or a nil o).
func (m *Map) PutUint64At(off int64, v uint64, o binary.ByteOrder) error {
	switch order(o) {
	case -1:
		return nilOrder("PutUint64At")
	case 1:
		v = bits.ReverseBytes64(v)
	case 2:
		var b [8]byte
		o.PutUint64(b[:], v)
		v = binary.LittleEndian.Uint64(b[:])
	}
	return m.putAt("PutUint64At", off, v, 8)
}

// Uint64sAt reads len(offs) 8-byte integers in one call: dst[i] becomes
// the integer at offs[i] in byte order o, with Uint64At's checks for each
// position. It returns the count read: len(offs), or on failure the index
// of the first position that failed, with its error (dst[:n] holds the
// values before it). A call per read pays the crossing and, at random
// positions of a large map, the whole memory latency of each read; one call
// for many lets the CPU overlap the misses (README, "What a call costs").
// Safe for concurrent use; each read is atomic, the batch is not.
//
// Errors: ErrInvalidArgument (len(dst) < len(offs), a nil *Map or a nil
// o), ErrOutOfRange (a negative position, or one less than 8 bytes before
// the end), ErrClosed, ErrFault.
func (m *Map) Uint64sAt(dst []uint64, offs []int64, o binary.ByteOrder) (int, error) {
	k := order(o)
	if k < 0 {
		return 0, nilOrder("Uint64sAt")
	}
	if m == nil || m.h == nil {
		return 0, newError(StatusInvalidArgument, "Uint64sAt: nil *Map")
	}
	if len(dst) < len(offs) {
		return 0, newError(StatusInvalidArgument, "Uint64sAt: dst is shorter than offs")
	}
	if len(offs) == 0 {
		return 0, nil
	}
	// The slices as bytes, in place (the glue copies 8-byte slots).
	in := unsafe.Slice((*byte)(unsafe.Pointer(&offs[0])), 8*len(offs))
	out := unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), 8*len(offs))
	r := getRecord()
	n := int(m.h.nat.Get_u64s(in, out, r))
	runtime.KeepAlive(m)
	err := takeError(r)
	switch k {
	case 1:
		for i := range dst[:n] {
			dst[i] = bits.ReverseBytes64(dst[i])
		}
	case 2:
		var b [8]byte
		for i := range dst[:n] {
			binary.LittleEndian.PutUint64(b[:], dst[i])
			dst[i] = o.Uint64(b[:])
		}
	}
	return n, err
}

// copyChunk is the largest buffer WriteTo and ReadFrom copy through.
const copyChunk = 1 << 20

// WriteTo writes the bytes from the cursor to the end of the map to w and
// advances the cursor by the count written (io.WriterTo, so io.Copy(w, m)
// uses it). It copies through a buffer of at most 1 MiB, never hands w the
// mapping itself: a file truncated under the map is ErrFault here, not a
// crash inside w.Write. A short write moves the cursor back to just after
// the last byte w took and returns io.ErrShortWrite (or w's error).
//
// Errors: ErrClosed, ErrFault, w's error, io.ErrShortWrite,
// ErrInvalidArgument (a nil *Map or a nil w).
func (m *Map) WriteTo(w io.Writer) (int64, error) {
	if w == nil {
		return 0, newError(StatusInvalidArgument, "WriteTo: nil io.Writer")
	}
	// A closed map's Len is 0; Tell then reports ErrClosed.
	size := m.Len()
	pos, err := m.Tell()
	if err != nil {
		return 0, err
	}
	if pos >= size {
		return 0, nil
	}
	buf := make([]byte, min(size-pos, copyChunk))
	var total int64
	for {
		n, rerr := m.Read(buf)
		if n > 0 {
			k, werr := w.Write(buf[:n])
			if k < 0 || k > n {
				k = 0 // a broken Writer: count nothing
			}
			total += int64(k)
			if werr == nil && k < n {
				werr = io.ErrShortWrite
			}
			if werr != nil {
				if k < n {
					_, _ = m.Seek(int64(k-n), io.SeekCurrent)
				}
				return total, werr
			}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// ReadFrom reads r until io.EOF into the map at the cursor, advancing it
// (io.ReaderFrom, so io.Copy(m, r) uses it). The map never grows (see
// Resize): when r has more data than fits between the cursor and the end,
// ReadFrom fills the map to the end and returns the count with
// ErrOutOfRange; it finds that out by reading at most one byte more from r,
// which is then lost to the caller.
//
// Errors: ErrOutOfRange (the data does not fit), ErrReadOnly, ErrClosed,
// ErrFault, r's error, ErrInvalidArgument (a nil *Map or a nil r).
func (m *Map) ReadFrom(r io.Reader) (int64, error) {
	if r == nil {
		return 0, newError(StatusInvalidArgument, "ReadFrom: nil io.Reader")
	}
	// A closed map's Len is 0; Tell then reports ErrClosed.
	size := m.Len()
	pos, err := m.Tell()
	if err != nil {
		return 0, err
	}
	if m.access == AccessRead {
		return 0, newError(StatusReadOnly, "ReadFrom: the map is read-only")
	}
	// Each read asks r for at most one byte more than still fits, to tell
	// "r is done" from "r has more".
	space := max(size-pos, 0)
	buf := make([]byte, min(space+1, copyChunk))
	var total int64
	for {
		n, rerr := r.Read(buf[:min(space+1, int64(len(buf)))])
		if n < 0 || n > len(buf) {
			n = 0 // a broken Reader: take nothing
		}
		if int64(n) > space {
			if space > 0 {
				if _, err := m.Write(buf[:space]); err != nil {
					return total, err
				}
				total += space
			}
			return total, newError(StatusOutOfRange, "ReadFrom: the data goes past the end of the map ("+
				strconv.FormatInt(size, 10)+" bytes); the map does not grow (see Resize)")
		}
		if n > 0 {
			if _, err := m.Write(buf[:n]); err != nil {
				return total, err
			}
			total += int64(n)
			space -= int64(n)
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// The Map is what the io interfaces of this file promise.
var (
	_ io.WriterTo   = (*Map)(nil)
	_ io.ReaderFrom = (*Map)(nil)
)
