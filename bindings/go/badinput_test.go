package mmf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// allCalls makes every call of the API on m; each returns its error.
func allCalls(m *Map) map[string]error {
	b := make([]byte, 4)
	res := map[string]error{}
	_, res["Read"] = m.Read(b)
	_, res["Write"] = m.Write(b)
	_, res["Seek"] = m.Seek(0, io.SeekStart)
	_, res["Tell"] = m.Tell()
	_, res["ReadAt"] = m.ReadAt(b, 0)
	_, res["WriteAt"] = m.WriteAt(b, 0)
	_, res["ReadByte"] = m.ReadByte()
	res["WriteByte"] = m.WriteByte(1)
	_, res["ReadLine"] = m.ReadLine()
	_, res["ReadLineMax"] = m.ReadLineMax(3)
	_, res["Find"] = m.Find(b)
	_, res["FindRange"] = m.FindRange(b, 0, 1)
	_, res["RFind"] = m.RFind(b)
	_, res["RFindRange"] = m.RFindRange(b, 0, 1)
	res["Move"] = m.Move(0, 1, 1)
	res["Flush"] = m.Flush()
	res["FlushRange"] = m.FlushRange(0, 1, FlushAsync)
	res["Resize"] = m.Resize(8)
	_, res["Size"] = m.Size()
	res["Madvise"] = m.Madvise(AdviceNormal, 0, 0)
	_, res["View"] = m.View()
	_, res["Uint16At"] = m.Uint16At(0, binary.LittleEndian)
	_, res["Uint32At"] = m.Uint32At(0, binary.BigEndian)
	_, res["Uint64At"] = m.Uint64At(0, binary.NativeEndian)
	res["PutUint16At"] = m.PutUint16At(0, 1, binary.LittleEndian)
	res["PutUint32At"] = m.PutUint32At(0, 1, binary.BigEndian)
	res["PutUint64At"] = m.PutUint64At(0, 1, binary.NativeEndian)
	_, res["Uint64sAt"] = m.Uint64sAt(make([]uint64, 1), []int64{0}, binary.LittleEndian)
	_, res["WriteTo"] = m.WriteTo(io.Discard)
	_, res["ReadFrom"] = m.ReadFrom(bytes.NewReader(b))
	return res
}

// A nil *Map: every method returns ErrInvalidArgument, none panics.
func TestNilMap(t *testing.T) {
	var m *Map
	for name, err := range allCalls(m) {
		wantErr(t, name+" on a nil *Map", err, ErrInvalidArgument)
	}
	if !m.Closed() {
		t.Fatal("a nil *Map must report Closed")
	}
	wantErr(t, "Close on a nil *Map", m.Close(), ErrInvalidArgument)
	if m.Access() != AccessDefault {
		t.Fatal("Access")
	}
	if n := m.Len(); n != 0 {
		t.Fatalf("Len of a nil *Map: %d, want 0", n)
	}
	var zero Map // a Map not made by Open
	if n := zero.Len(); n != 0 || !zero.Closed() {
		t.Fatalf("a zero Map: Len %d, Closed %v; want 0, true", n, zero.Closed())
	}
	wantErr(t, "ReadAt on a zero Map", func() error { _, err := zero.ReadAt(nil, 0); return err }(), ErrInvalidArgument)
	var v *View
	if v.Bytes() != nil || v.Release() != nil {
		t.Fatal("nil *View")
	}
}

// A closed map: every method returns ErrClosed.
func TestClosedMap(t *testing.T) {
	m, err := Anonymous(16)
	must(t, "Anonymous", err)
	must(t, "Close", m.Close())
	for name, err := range allCalls(m) {
		wantErr(t, name+" on a closed map", err, ErrClosed)
	}
}

// Len cannot fail: a closed map has length 0 (as x/exp/mmap's Len and the
// Rust crate's len), and Closed tells it from an open, empty map.
func TestLenOfClosedAndEmptyMaps(t *testing.T) {
	m, err := Anonymous(16)
	must(t, "Anonymous", err)
	if n := m.Len(); n != 16 || m.Closed() {
		t.Fatalf("open map: Len %d, Closed %v", n, m.Closed())
	}
	must(t, "Resize(0)", m.Resize(0))
	if n := m.Len(); n != 0 || m.Closed() {
		t.Fatalf("emptied map: Len %d, Closed %v; want 0, false", n, m.Closed())
	}
	must(t, "Resize(1<<20)", m.Resize(1<<20))
	if n := m.Len(); n != 1<<20 {
		t.Fatalf("grown map: Len %d", n)
	}
	must(t, "Close", m.Close())
	if n := m.Len(); n != 0 || !m.Closed() {
		t.Fatalf("closed map: Len %d, Closed %v; want 0, true", n, m.Closed())
	}
	must(t, "Close again", m.Close())
	if n := m.Len(); n != 0 {
		t.Fatalf("closed twice: Len %d", n)
	}
}

// Negative, huge and overflowing values through the Go API.
func TestBadValues(t *testing.T) {
	m, err := Anonymous(16)
	must(t, "Anonymous", err)
	defer m.Close()
	b := make([]byte, 4)
	type call struct {
		name string
		err  error
		want error
	}
	e := func(_ any, err error) error { return err }
	calls := []call{
		{"ReadAt(-1)", e(m.ReadAt(b, -1)), ErrOutOfRange},
		{"ReadAt(MinInt64)", e(m.ReadAt(b, math.MinInt64)), ErrOutOfRange},
		{"ReadAt(MaxInt64)", e(m.ReadAt(b, math.MaxInt64)), ErrOutOfRange},
		{"WriteAt(-1)", e(m.WriteAt(b, -1)), ErrOutOfRange},
		{"WriteAt(MaxInt64)", e(m.WriteAt(b, math.MaxInt64)), ErrOutOfRange},
		{"WriteAt(14, 4 bytes)", e(m.WriteAt(b, 14)), ErrOutOfRange},
		{"Seek(-1)", e(m.Seek(-1, io.SeekStart)), ErrOutOfRange},
		{"Seek(MinInt64, cur)", e(m.Seek(math.MinInt64, io.SeekCurrent)), ErrOutOfRange},
		{"Seek(MaxInt64, end)", e(m.Seek(math.MaxInt64, io.SeekEnd)), ErrOutOfRange},
		{"Seek whence 3", e(m.Seek(0, 3)), ErrInvalidArgument},
		{"Seek whence -1", e(m.Seek(0, -1)), ErrInvalidArgument},
		{"Seek whence 1<<32 (truncates to SEEK_SET)", e(m.Seek(0, 1<<32)), ErrInvalidArgument},
		{"Move(-1, 0, 1)", m.Move(-1, 0, 1), ErrOutOfRange},
		{"Move(0, 0, MaxInt64)", m.Move(0, 0, math.MaxInt64), ErrOutOfRange},
		{"Move(0, 0, -1)", m.Move(0, 0, -1), ErrOutOfRange},
		{"Move(MaxInt64, MaxInt64, MaxInt64)", m.Move(math.MaxInt64, math.MaxInt64, math.MaxInt64), ErrOutOfRange},
		{"FlushRange(-1, 0)", m.FlushRange(-1, 0, FlushSync), ErrOutOfRange},
		{"FlushRange(8, MaxInt64)", m.FlushRange(8, math.MaxInt64, FlushSync), ErrOutOfRange},
		{"FlushRange mode 7", m.FlushRange(0, 0, FlushMode(7)), ErrInvalidArgument},
		{"Resize(-1)", m.Resize(-1), ErrOutOfRange},
		{"Resize(MinInt64)", m.Resize(math.MinInt64), ErrOutOfRange},
		{"Madvise(-1 start)", m.Madvise(AdviceNormal, -1, 0), ErrOutOfRange},
		{"Madvise(start 0, len -1)", m.Madvise(AdviceNormal, 0, -1), ErrOutOfRange},
		{"Madvise advice -1", m.Madvise(Advice(-1), 0, 0), ErrInvalidArgument},
		{"Madvise advice 1<<32", m.Madvise(Advice(1<<32), 0, 0), ErrInvalidArgument},
		{"ReadLineMax(-1)", e(m.ReadLineMax(-1)), ErrInvalidArgument},
	}
	for _, c := range calls {
		wantErr(t, c.name, c.err, c.want)
	}
	// nothing above changed the map or the cursor
	if pos, _ := m.Tell(); pos != 0 {
		t.Fatalf("cursor moved to %d", pos)
	}
	if n := m.Len(); n != 16 {
		t.Fatalf("length changed to %d", n)
	}
	// find/rfind clamp any start and end, as slices do
	for _, se := range [][2]int64{{math.MaxInt64, math.MaxInt64}, {math.MinInt64 + 1, -1}, {-1, math.MinInt64 + 1}, {Omitted, math.MaxInt64}} {
		if i, err := m.FindRange([]byte{0}, se[0], se[1]); err != nil || i < -1 || i >= 16 {
			t.Fatalf("FindRange(%d, %d): %d %v", se[0], se[1], i, err)
		}
		if i, err := m.RFindRange(nil, se[0], se[1]); err != nil || i < -1 || i > 16 {
			t.Fatalf("RFindRange(%d, %d): %d %v", se[0], se[1], i, err)
		}
	}
	// nil and empty slices are fine everywhere
	for name, f := range map[string]func() error{
		"Read(nil)":     func() error { return e(m.Read(nil)) },
		"Write(nil)":    func() error { return e(m.Write(nil)) },
		"ReadAt(nil)":   func() error { return e(m.ReadAt(nil, 16)) },
		"WriteAt(nil)":  func() error { return e(m.WriteAt([]byte{}, 16)) },
		"Find(nil)":     func() error { return e(m.Find(nil)) },
		"RFind(empty)":  func() error { return e(m.RFind([]byte{})) },
		"Resize(huge)":  func() error { return nil },
		"Move(16,16,0)": func() error { return m.Move(16, 16, 0) },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestBadOpenArguments(t *testing.T) {
	p := writeFile(t, "data")
	type call struct {
		name string
		opts []Option
		want error
	}
	calls := []call{
		{"access 7", []Option{WithAccess(7)}, ErrInvalidArgument},
		{"access -1", []Option{WithAccess(-1)}, ErrInvalidArgument},
		{"access 1<<32|1 (would truncate to READ)", []Option{WithAccess(1<<32 | 1)}, ErrInvalidArgument},
		{"unknown flag", []Option{WithFlags(0x80)}, ErrInvalidArgument},
		{"Private with AccessRead", []Option{WithAccess(AccessRead), WithFlags(Private)}, ErrInvalidArgument},
		{"Exclusive without Create", []Option{WithFlags(Exclusive)}, ErrInvalidArgument},
		{"offset -1", []Option{WithOffset(-1)}, ErrOutOfRange},
		{"offset at the end", []Option{WithOffset(4)}, ErrOutOfRange},
		{"length -1", []Option{WithLength(-1)}, ErrOutOfRange},
		{"offset+length overflows", []Option{WithOffset(math.MaxInt64), WithLength(math.MaxInt64)}, ErrOutOfRange},
	}
	for _, c := range calls {
		m, err := Open(p, c.opts...)
		if m != nil {
			t.Errorf("%s: got a map", c.name)
			_ = m.Close()
		}
		wantErr(t, "Open "+c.name, err, c.want)
	}
	_, err := Open(p, nil) // a nil Option is ignored
	must(t, "Open with a nil Option", err)
	_, err = Open("a\x00b")
	wantErr(t, "Open with a NUL in the path", err, ErrInvalidArgument)
	_, err = Open("")
	wantErr(t, "Open(\"\")", err, ErrIO)
	_, err = Open(filepath.Dir(p))
	wantErr(t, "Open of a directory", err, ErrIO)

	_, err = Anonymous(0)
	wantErr(t, "Anonymous(0)", err, ErrInvalidArgument)
	_, err = Anonymous(-1)
	wantErr(t, "Anonymous(-1)", err, ErrOutOfRange)
	_, err = Anonymous(math.MinInt64)
	wantErr(t, "Anonymous(MinInt64)", err, ErrOutOfRange)
	_, err = Anonymous(math.MaxInt64)
	if !errors.Is(err, ErrNoMemory) && !errors.Is(err, ErrIO) {
		t.Fatalf("Anonymous(MaxInt64): %v", err)
	}
	_, err = Anonymous(16, WithOffset(1))
	wantErr(t, "Anonymous with an offset", err, ErrInvalidArgument)
	_, err = Anonymous(16, WithFlags(Create))
	wantErr(t, "Anonymous with Create", err, ErrInvalidArgument)
	_, err = Anonymous(16, WithAccess(1<<40))
	wantErr(t, "Anonymous access 1<<40", err, ErrInvalidArgument)

	_, err = MapFile(nil)
	wantErr(t, "MapFile(nil)", err, ErrInvalidArgument)
	f, err := os.Open(p)
	must(t, "os.Open", err)
	must(t, "close", f.Close())
	_, err = MapFile(f, WithAccess(AccessRead))
	wantErr(t, "MapFile of a closed *os.File", err, ErrInvalidArgument)
	_, err = MapFile(f, WithAccess(99))
	wantErr(t, "MapFile access 99", err, ErrInvalidArgument)
}

// A huge resize fails cleanly: EFBIG (or a full disk) as ErrIO, the map
// keeps its length.
func TestHugeResize(t *testing.T) {
	m := openT(t, writeFile(t, "abc"))
	err := m.Resize(math.MaxInt64)
	if !errors.Is(err, ErrIO) && !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("Resize(MaxInt64): %v", err)
	}
	if n := m.Len(); n != 3 {
		t.Fatalf("length after a failed resize: %d", n)
	}
}
