package mmf

import (
	"bytes"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	"example.invalid/mmf/internal/native"
)

// Map is a memory-mapped file, or anonymous memory, with the object model
// of Python's mmap: a cursor (Read, Write, Seek, ReadByte, WriteByte,
// ReadLine), positional access (ReadAt, WriteAt, and typed: Uint16At,
// Uint32At, Uint64At and the Put*At pairs), Find/RFind, Move, Flush,
// Resize, Close, and a zero-copy View.
//
// All methods may be called from any number of goroutines at once: the C
// library locks per map. Calls that move the cursor are atomic with respect
// to each other. Close unmaps at once (it waits for calls in flight); the
// native handle itself, a small struct with no file or mapping left, is
// released when the garbage collector finds the Map unreachable and the
// last View is released, so no goroutine is ever inside a call on a
// released handle. A Map that is never closed is closed then too.
//
// Positions, lengths and counts are int64. A negative one reaches the C
// library as the huge unsigned value with the same bits and fails with
// ErrOutOfRange, except where io's contracts say otherwise (documented at
// the method).
//
// A nil *Map is not valid: its methods return ErrInvalidArgument (Closed
// reports true). No method panics.
type Map struct {
	h      *handle
	access Access
}

// handle is the native map with its reference count: one reference for the
// Map (dropped by its finalizer, when no call can be in flight: every
// method keeps the Map reachable to its end with runtime.KeepAlive) and one
// per View not yet released. mmf_free runs when the count reaches zero
// (mmf.h: it must be the last call on the handle, with none in flight).
// Calls take no reference: that is two atomic read-modify-writes on a
// shared cache line saved per call.
type handle struct {
	nat          native.SwigcptrNativeMap
	refs         atomic.Int64
	ownerDropped atomic.Bool
	// direct is the map's layout for direct reads (direct.go), or nil.
	direct *direct
}

// enter takes a reference for a View; false once the handle is released.
func (h *handle) enter() bool {
	for {
		r := h.refs.Load()
		if r <= 0 {
			return false
		}
		if h.refs.CompareAndSwap(r, r+1) {
			return true
		}
	}
}

func (h *handle) exit() {
	if h.refs.Add(-1) == 0 {
		native.DeleteNativeMap(h.nat) // mmf_free: nothing in flight, nothing can start
	}
}

// dropOwner drops the Map's reference, once (the finalizer).
func (h *handle) dropOwner() {
	if h.ownerDropped.CompareAndSwap(false, true) {
		h.exit()
	}
}

// The error records are reused: each is 4 KiB (the native message) and is
// handed to C for the length of one call. C writes one only on failure.
// The fast calls (ReadAt, WriteAt, the typed ones) take no record: they
// fetch one only to repeat a call that failed, for its message.
var records = sync.Pool{New: func() any { return new(native.ErrorRecord) }}

func getRecord() *native.ErrorRecord {
	r := records.Get().(*native.ErrorRecord)
	r.Status = 0
	return r
}

func putRecord(r *native.ErrorRecord) { records.Put(r) }

// takeError turns the record of a finished call into an error (nil on
// success) and returns the record to the pool.
func takeError(r *native.ErrorRecord) error {
	if r.Status == 0 {
		putRecord(r)
		return nil
	}
	msg := r.Message[:]
	if i := bytes.IndexByte(msg, 0); i >= 0 {
		msg = msg[:i]
	}
	e := &Error{Status: Status(r.Status), OSError: syscall.Errno(r.OSError), Kind: ErrorKind(r.Kind), Message: string(msg)}
	putRecord(r)
	return e
}

func newMap(nat native.SwigcptrNativeMap, access Access) *Map {
	h := &handle{nat: nat, direct: newDirect(nat)}
	h.refs.Store(1)
	m := &Map{h: h, access: access}
	// The finalizer holds only the handle's Map reference: a View keeps the
	// native map alive on its own.
	runtime.SetFinalizer(m, func(m *Map) { m.h.dropOwner() })
	return m
}

// begin returns the native handle of a valid *Map. The caller keeps m
// reachable until the native call has returned (runtime.KeepAlive(m)), so
// that the finalizer cannot release the handle under the call.
func (m *Map) begin(op string) (native.SwigcptrNativeMap, error) {
	if m == nil || m.h == nil {
		return 0, newError(StatusInvalidArgument, op+": nil *Map")
	}
	return m.h.nat, nil
}

// cInt checks that v fits a C int (whence, advice, access): SWIG would
// otherwise truncate it, and a truncated value could be a valid one.
func cInt(op, what string, v int64) (int, error) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, newError(StatusInvalidArgument, op+": "+what+" "+strconv.FormatInt(v, 10)+" is not a C int")
	}
	return int(v), nil
}

func opened(nat native.NativeMap, r *native.ErrorRecord, op string) (*Map, error) {
	if err := takeError(r); err != nil {
		return nil, err
	}
	if nat == nil || nat.Swigcptr() == 0 {
		return nil, newError(StatusNoMemory, op+": the library returned no handle")
	}
	m := newMap(native.SwigcptrNativeMap(nat.Swigcptr()), AccessDefault)
	// The library resolves the access (mmf_access_of), so the rule of
	// Private with AccessDefault is not restated here.
	r = getRecord()
	a := m.h.nat.Access_of(r)
	if err := takeError(r); err != nil {
		_ = m.Close()
		return nil, err
	}
	m.access = Access(a)
	return m, nil
}

// Open opens the file at path and maps it (Python: mmap.mmap(f.fileno(),
// length, access=..., offset=...)). By default the whole file is mapped
// read-write and shared; see WithAccess, WithOffset, WithLength and
// WithFlags. The file descriptor is mmf's own (close-on-exec) and closed by
// Close.
//
// Errors: ErrIO (the OS refused; errors.Is(err, fs.ErrNotExist) and the
// like work), ErrInvalidArgument (an empty file with length 0, a NUL byte
// in path, inconsistent options), ErrOutOfRange (offset or offset+length
// past the end of the file without Create), ErrUnsupported.
func Open(path string, opts ...Option) (*Map, error) {
	o := collect(opts)
	access, err := cInt("Open", "access", int64(o.access))
	if err != nil {
		return nil, err
	}
	r := getRecord()
	nat := native.NativeMapOpen(path, access, uint64(o.offset), uint64(o.length), uint(o.flags), r)
	return opened(nat, r, "Open")
}

// Anonymous maps length bytes of zeroed memory backed by no file (Python:
// mmap.mmap(-1, length)). With AccessDefault or AccessWrite the memory is
// shared with children created by fork; AccessCopy or Private make it
// private. Anonymous maps can be resized. WithOffset must be 0 and
// WithLength is ignored.
//
// Errors: ErrInvalidArgument (length 0, an offset, bad flags),
// ErrOutOfRange (a length over math.MaxInt64, i.e. a negative one),
// ErrNoMemory.
func Anonymous(length int64, opts ...Option) (*Map, error) {
	o := collect(opts)
	access, err := cInt("Anonymous", "access", int64(o.access))
	if err != nil {
		return nil, err
	}
	r := getRecord()
	nat := native.NativeMapOpen_anonymous(uint64(length), access, uint64(o.offset), uint(o.flags), r)
	return opened(nat, r, "Anonymous")
}

// Named creates or opens the named shared map name (Python's Windows
// tagname; mmf_open_named): other processes, in any language, map the same
// bytes by the same name. length 0 opens only; WithFlags(Exclusive) creates
// only. The rules (names, sizes, access, owner, lifetime, sharing) are those
// of mmf_open_named in mmf.h, written once there.
//
// Errors: ErrInvalidArgument (a name that breaks the rules, Exclusive with
// length 0, Create, NoFollow or OwnerOnly, an offset), ErrOutOfRange
// (length larger than the existing map, or negative), ErrIO, ErrNoMemory.
func Named(name string, length int64, opts ...Option) (*Map, error) {
	o := collect(opts)
	access, err := cInt("Named", "access", int64(o.access))
	if err != nil {
		return nil, err
	}
	r := getRecord()
	nat := native.NativeMapOpen_named(name, uint64(length), access, uint64(o.offset), uint(o.flags), r)
	return opened(nat, r, "Named")
}

// UnlinkNamed removes the name of a named shared map (mmf_unlink_named):
// maps of it stay valid, and a later Named with the name creates a new map.
// A name that does not exist is not an error, so cleanup code may call it
// unconditionally (defer mmf.UnlinkNamed(name)). Windows: it only checks
// the name, which goes away with the last map of it.
//
// Errors: ErrInvalidArgument (a name that breaks the rules), ErrIO (the OS
// refused, e.g. permission denied).
func UnlinkNamed(name string) error {
	r := getRecord()
	native.NativeMapUnlink_named(name, r)
	return takeError(r)
}

// MapFile maps the open file f (mmf_open_fd). The descriptor is duplicated:
// f stays the caller's and may be closed at once. f must be open for
// reading, and for writing unless the access is AccessRead or AccessCopy.
// Create, Exclusive, NoFollow and OwnerOnly are not allowed here.
func MapFile(f *os.File, opts ...Option) (*Map, error) {
	if f == nil {
		return nil, newError(StatusInvalidArgument, "MapFile: nil *os.File")
	}
	o := collect(opts)
	access, err := cInt("MapFile", "access", int64(o.access))
	if err != nil {
		return nil, err
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, &Error{Status: StatusInvalidArgument, Message: "MapFile: " + err.Error()}
	}
	var nat native.NativeMap
	r := getRecord()
	cerr := rc.Control(func(fd uintptr) {
		nat = native.NativeMapOpen_fd(int(fd), access, uint64(o.offset), uint64(o.length), uint(o.flags), r)
	})
	if cerr != nil {
		putRecord(r)
		return nil, &Error{Status: StatusInvalidArgument, Message: "MapFile: " + cerr.Error()}
	}
	return opened(nat, r, "MapFile")
}

// Close unmaps the map and closes its file (Python: close()). Unflushed
// changes of a shared map still reach the file eventually (the OS writes
// them back), but only Flush guarantees when. Closing a closed map is not
// an error. While a View is held, Close fails with ErrBusy and the map
// stays open. Every other method on a closed map returns ErrClosed.
func (m *Map) Close() error {
	nat, err := m.begin("Close")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Close(r)
	return takeError(r)
}

// Closed reports whether the map is closed (Python: closed). A nil *Map is
// closed.
func (m *Map) Closed() bool {
	if m == nil || m.h == nil {
		return true
	}
	defer runtime.KeepAlive(m)
	return m.h.nat.Closed() != 0
}

// Access is the access the map really has (mmf_access_of): AccessRead,
// AccessWrite or AccessCopy, never AccessDefault (which the library
// resolves at open). A nil *Map gives AccessDefault.
func (m *Map) Access() Access {
	if m == nil {
		return AccessDefault
	}
	return m.access
}

// Read reads up to len(p) bytes at the cursor and advances it by the count
// (io.Reader; Python: read(n)). At or past the end it returns 0, io.EOF.
// Errors: ErrClosed, ErrFault.
func (m *Map) Read(p []byte) (int, error) {
	nat, err := m.begin("Read")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	n := nat.Read(p, 0, int64(len(p)), r)
	if err := takeError(r); err != nil {
		return 0, err
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return int(n), nil
}

// Write writes all of p at the cursor and advances it (io.Writer; Python:
// write()). All or nothing: if p does not fit between the cursor and the
// end, nothing is written, the cursor stays and the error is
// ErrOutOfRange (the map never grows by itself: see Resize).
// Errors: ErrClosed, ErrReadOnly, ErrOutOfRange, ErrFault.
func (m *Map) Write(p []byte) (int, error) {
	nat, err := m.begin("Write")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Write(p, 0, int64(len(p)), r)
	if err := takeError(r); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Seek moves the cursor (io.Seeker; Python: seek(offset, whence)) with
// io.SeekStart, io.SeekCurrent or io.SeekEnd, and returns the new position,
// which must lie in [0, Len()]; otherwise the cursor stays and the error is
// ErrOutOfRange. Another whence is ErrInvalidArgument.
func (m *Map) Seek(offset int64, whence int) (int64, error) {
	nat, err := m.begin("Seek")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	w, err := cInt("Seek", "whence", int64(whence))
	if err != nil {
		return 0, err
	}
	r := getRecord()
	pos := nat.Seek_to(offset, w, r)
	if err := takeError(r); err != nil {
		return 0, err
	}
	return int64(pos), nil
}

// Tell returns the cursor (Python: tell()). After a shrinking Resize it may
// lie past the end, as in CPython.
func (m *Map) Tell() (int64, error) {
	nat, err := m.begin("Tell")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	pos := nat.Tell(r)
	if err := takeError(r); err != nil {
		return 0, err
	}
	return int64(pos), nil
}

// ReadAt copies len(p) bytes from off into p without using or moving the
// cursor (io.ReaderAt; Python: m[off:off+len(p)]). Fewer bytes come only at
// the end of the map, with io.EOF. An off past the end (or negative) is
// ErrOutOfRange; off == Len() gives 0, io.EOF. Safe for concurrent use.
// Errors: ErrClosed, ErrOutOfRange, ErrFault.
func (m *Map) ReadAt(p []byte, off int64) (int, error) {
	if m == nil || m.h == nil {
		return 0, newError(StatusInvalidArgument, "ReadAt: nil *Map")
	}
	// One cgo call and no error record; a failure (rare) is asked again,
	// with a record, for its message.
	n := m.h.nat.Read_at_fast(uint64(off), p)
	if n < 0 {
		r := getRecord()
		n = int64(m.h.nat.Read_at(uint64(off), p, 0, int64(len(p)), r))
		if err := takeError(r); err != nil {
			runtime.KeepAlive(m)
			return 0, err
		}
	}
	runtime.KeepAlive(m)
	if int(n) < len(p) {
		return int(n), io.EOF
	}
	return int(n), nil
}

// WriteAt writes all of p at off without using or moving the cursor
// (io.WriterAt; Python: m[off:off+len(p)] = p). All or nothing: if
// off+len(p) exceeds the length (or off is negative) nothing is written and
// the error is ErrOutOfRange. Safe for concurrent use.
// Errors: ErrClosed, ErrReadOnly, ErrOutOfRange, ErrFault.
func (m *Map) WriteAt(p []byte, off int64) (int, error) {
	if m == nil || m.h == nil {
		return 0, newError(StatusInvalidArgument, "WriteAt: nil *Map")
	}
	if m.h.nat.Write_at_fast(uint64(off), p) != 0 {
		// Nothing was written: the call again, with a record, for the message.
		r := getRecord()
		m.h.nat.Write_at(uint64(off), p, 0, int64(len(p)), r)
		if err := takeError(r); err != nil {
			runtime.KeepAlive(m)
			return 0, err
		}
	}
	runtime.KeepAlive(m)
	return len(p), nil
}

// ReadByte reads the byte at the cursor and advances by one (io.ByteReader;
// Python: read_byte()). At or past the end it returns io.EOF (the C
// library's ErrOutOfRange) and the cursor stays.
func (m *Map) ReadByte() (byte, error) {
	nat, err := m.begin("ReadByte")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	b := nat.Read_byte(r)
	if err := takeError(r); err != nil {
		if StatusOf(err) == StatusOutOfRange {
			return 0, io.EOF
		}
		return 0, err
	}
	return byte(b), nil
}

// WriteByte writes c at the cursor and advances by one (io.ByteWriter;
// Python: write_byte()). At or past the end: ErrOutOfRange.
func (m *Map) WriteByte(c byte) error {
	nat, err := m.begin("WriteByte")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Write_byte(int(c), r)
	return takeError(r)
}

// ReadLine reads from the cursor up to and including the next '\n', or to
// the end of the map (Python: readline()), and advances the cursor. The
// '\n' is kept in the result, as bufio.Reader.ReadString('\n') and
// ReadBytes('\n') keep it (and unlike bufio.Reader.ReadLine, which drops
// it and may return a partial line): a line without it is the map's last.
// At or past the end it returns nil, io.EOF.
func (m *Map) ReadLine() ([]byte, error) {
	return m.ReadLineMax(math.MaxInt)
}

// readLineFirst is the first piece ReadLineMax asks the library for; longer
// lines take more calls, with pieces twice as large each time.
const readLineFirst = 256

// ReadLineMax is ReadLine returning at most limit bytes: a longer line comes
// in pieces, only the last of which ends with '\n' (mmf_readline's cap).
// limit 0 returns an empty line and nil. A negative limit is
// ErrInvalidArgument.
//
// A line longer than 256 bytes is read with several calls, each atomic; a
// cursor moved by another goroutine between them splits the line.
func (m *Map) ReadLineMax(limit int) ([]byte, error) {
	nat, err := m.begin("ReadLine")
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(m)
	if limit < 0 {
		return nil, newError(StatusInvalidArgument, "ReadLineMax("+strconv.Itoa(limit)+"): negative maximum")
	}
	chunk := readLineFirst
	var buf []byte
	for {
		want := limit - len(buf)
		if want > chunk {
			want = chunk
		}
		if cap(buf)-len(buf) < want {
			nb := make([]byte, len(buf), len(buf)+want)
			copy(nb, buf)
			buf = nb
		}
		r := getRecord()
		n := int(nat.Readline(buf[:cap(buf)], int64(len(buf)), int64(want), r))
		if err := takeError(r); err != nil {
			return buf, err
		}
		buf = buf[:len(buf)+n]
		if n < want || n == 0 || buf[len(buf)-1] == '\n' {
			break
		}
		if chunk < 1<<30 {
			chunk *= 2
		}
	}
	if len(buf) == 0 {
		if limit == 0 {
			return []byte{}, nil
		}
		return nil, io.EOF
	}
	return buf, nil
}

// Find returns the lowest index of sub at or after the cursor (Python:
// find(sub)), or -1.
func (m *Map) Find(sub []byte) (int64, error) {
	return m.FindRange(sub, Omitted, Omitted)
}

// FindRange returns the lowest index i with sub at i and start <= i,
// i+len(sub) <= end (Python: find(sub, start, end)), or -1. Omitted as start
// means the cursor, as end the length; negative values count from the end;
// both are clamped to [0, Len()], as slices are. An empty sub is found at
// start when start <= end.
func (m *Map) FindRange(sub []byte, start, end int64) (int64, error) {
	nat, err := m.begin("Find")
	if err != nil {
		return -1, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	i := nat.Find(sub, 0, int64(len(sub)), start, end, r)
	if err := takeError(r); err != nil {
		return -1, err
	}
	return i, nil
}

// RFind returns the highest index of sub at or after the cursor (Python:
// rfind(sub); as in CPython the start defaults to the cursor, not 0), or -1.
func (m *Map) RFind(sub []byte) (int64, error) {
	return m.RFindRange(sub, Omitted, Omitted)
}

// RFindRange is FindRange returning the highest index (Python: rfind(sub,
// start, end)). An empty sub is found at end when start <= end.
func (m *Map) RFindRange(sub []byte, start, end int64) (int64, error) {
	nat, err := m.begin("RFind")
	if err != nil {
		return -1, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	i := nat.Rfind(sub, 0, int64(len(sub)), start, end, r)
	if err := takeError(r); err != nil {
		return -1, err
	}
	return i, nil
}

// Move copies count bytes from src to dest inside the map; the ranges may
// overlap (Python: move(dest, src, count)). The cursor does not move.
// Errors: ErrReadOnly, ErrOutOfRange (either range outside the map; dest or
// src past the end fails even for count 0), ErrClosed, ErrFault.
func (m *Map) Move(dest, src, count int64) error {
	nat, err := m.begin("Move")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Move(uint64(dest), uint64(src), uint64(count), r)
	return takeError(r)
}

// Flush writes all changes back to the file and waits until they are on
// stable storage (Python: flush()). On read-only, copy-on-write and
// anonymous maps there is nothing to do.
func (m *Map) Flush() error {
	return m.FlushRange(0, 0, FlushSync)
}

// FlushRange writes the changes in [offset, offset+size) back to the file;
// size 0 means "to the end of the map". The range is widened to page
// boundaries. Errors: ErrOutOfRange (the range leaves the map),
// ErrInvalidArgument (an unknown mode), ErrIO, ErrClosed.
func (m *Map) FlushRange(offset, size int64, mode FlushMode) error {
	nat, err := m.begin("Flush")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Flush(uint64(offset), uint64(size), uint(mode), r)
	return takeError(r)
}

// Resize changes the length of the map, and the file behind it to offset +
// n bytes (Python: resize()). The cursor stays where it was, even past the
// new end. Growing reserves the file's blocks first, so a full disk is
// ErrIO here rather than a crash later; anonymous maps can be resized; n 0
// leaves an empty, open map. On failure the map keeps its length and bytes.
// Errors: ErrBusy (a View is held), ErrReadOnly (read-only and
// copy-on-write maps), ErrOutOfRange (offset+n over math.MaxInt64, or n
// negative), ErrIO, ErrNoMemory, ErrClosed.
func (m *Map) Resize(n int64) error {
	nat, err := m.begin("Resize")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Resize(uint64(n), r)
	return takeError(r)
}

// Len returns the map's length in bytes (Python: len(m)). It cannot fail,
// as the Len of golang.org/x/exp/mmap's ReaderAt cannot: a closed or nil
// map has length 0 (Closed tells a closed map from an empty one, which
// Resize(0) makes).
func (m *Map) Len() int64 {
	if m == nil || m.h == nil {
		return 0
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	n := m.h.nat.Length(r)
	// The only failure of mmf_length on a live handle is MMF_ERR_CLOSED,
	// so the record's message is not needed.
	failed := r.Status != 0
	putRecord(r)
	if failed {
		return 0
	}
	return int64(n)
}

// Size returns the size of the whole file, which can be larger than the
// mapped area (Python: size()); for anonymous maps it is their length.
func (m *Map) Size() (int64, error) {
	nat, err := m.begin("Size")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	n := nat.Size(r)
	if err := takeError(r); err != nil {
		return 0, err
	}
	return int64(n), nil
}

// Madvise advises the OS how [start, start+length) will be used (Python:
// madvise()); length 0 means "to the end", a range past the end is
// clamped, an unaligned start is widened to its page. Errors:
// ErrOutOfRange (start >= Len()), ErrInvalidArgument (unknown advice),
// ErrUnsupported, ErrIO, ErrClosed.
func (m *Map) Madvise(advice Advice, start, length int64) error {
	nat, err := m.begin("Madvise")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	a, err := cInt("Madvise", "advice", int64(advice))
	if err != nil {
		return err
	}
	r := getRecord()
	nat.Madvise(a, uint64(start), uint64(length), r)
	return takeError(r)
}

// PageSize is the OS page size (Python: mmap.PAGESIZE).
func PageSize() int64 { return int64(native.NativeMapPage_size()) }

// AllocationGranularity is the OS's granularity of map offsets (Python:
// mmap.ALLOCATIONGRANULARITY); mmf itself accepts any offset.
func AllocationGranularity() int64 { return int64(native.NativeMapAllocation_granularity()) }

// Version is the C library's version, "MAJOR.MINOR.PATCH".
func Version() string {
	buf := make([]byte, 32)
	r := getRecord()
	n := native.NativeMapVersion_into(buf, 0, int64(len(buf)), r)
	if takeError(r) != nil {
		return ""
	}
	if n > uint64(len(buf)) {
		n = uint64(len(buf))
	}
	return string(buf[:n])
}
