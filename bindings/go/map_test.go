package mmf

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The interfaces the issue asks for, checked by the compiler.
var (
	_ io.Reader          = (*Map)(nil)
	_ io.Writer          = (*Map)(nil)
	_ io.Seeker          = (*Map)(nil)
	_ io.ReaderAt        = (*Map)(nil)
	_ io.WriterAt        = (*Map)(nil)
	_ io.ByteReader      = (*Map)(nil)
	_ io.ByteWriter      = (*Map)(nil)
	_ io.Closer          = (*Map)(nil)
	_ io.ReadWriteSeeker = (*Map)(nil)
)

// Python's documentation example, step by step.
func TestHelloWalkthrough(t *testing.T) {
	p := writeFile(t, "Hello Python!\n")
	m := openT(t, p)
	line, err := m.ReadLine()
	if err != nil || string(line) != "Hello Python!\n" {
		t.Fatalf("ReadLine: %q %v", line, err)
	}
	head := make([]byte, 5)
	if n, err := m.ReadAt(head, 0); n != 5 || err != nil || string(head) != "Hello" {
		t.Fatalf("ReadAt: %d %v %q", n, err, head)
	}
	if n, err := m.WriteAt([]byte(" world!\n"), 6); n != 8 || err != nil {
		t.Fatalf("WriteAt: %d %v", n, err)
	}
	if pos, err := m.Seek(0, io.SeekStart); pos != 0 || err != nil {
		t.Fatalf("Seek: %d %v", pos, err)
	}
	if line, err = m.ReadLine(); err != nil || string(line) != "Hello  world!\n" {
		t.Fatalf("ReadLine: %q %v", line, err)
	}
	if _, err := m.ReadLine(); err != io.EOF {
		t.Fatalf("ReadLine at the end: %v, want io.EOF", err)
	}
	must(t, "Flush", m.Flush())
	must(t, "Close", m.Close())
	if got, _ := os.ReadFile(p); string(got) != "Hello  world!\n" {
		t.Fatalf("file: %q", got)
	}
}

// The Map works with the standard library's io helpers.
func TestStandardLibraryInterop(t *testing.T) {
	text := "one\ntwo\nthree"
	m := openT(t, writeFile(t, text))
	all, err := io.ReadAll(m)
	if err != nil || string(all) != text {
		t.Fatalf("io.ReadAll: %q %v", all, err)
	}
	if _, err := m.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(m)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if sc.Err() != nil || strings.Join(lines, ",") != "one,two,three" {
		t.Fatalf("bufio.Scanner: %v %v", lines, sc.Err())
	}
	sr := io.NewSectionReader(m, 4, 3)
	if b, err := io.ReadAll(sr); err != nil || string(b) != "two" {
		t.Fatalf("SectionReader: %q %v", b, err)
	}
	// io.Copy into the map through the cursor, and out of it again.
	a, err := Anonymous(int64(len(text)))
	must(t, "Anonymous", err)
	defer a.Close()
	if n, err := io.Copy(a, strings.NewReader(text)); err != nil || n != int64(len(text)) {
		t.Fatalf("io.Copy in: %d %v", n, err)
	}
	if _, err := a.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if n, err := io.Copy(&out, a); err != nil || n != int64(len(text)) || out.String() != text {
		t.Fatalf("io.Copy out: %d %v %q", n, err, out.String())
	}
	// a write that does not fit is all or nothing, reported as a short write
	if _, err := a.Seek(-2, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	if n, err := io.WriteString(a, "xyz"); n != 0 || !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("WriteString past the end: %d %v", n, err)
	}
}

func TestCursorReadsAndWrites(t *testing.T) {
	m := openT(t, writeFile(t, "abcdef"))
	b := make([]byte, 4)
	if n, err := m.Read(b); n != 4 || err != nil || string(b) != "abcd" {
		t.Fatalf("Read: %d %v %q", n, err, b)
	}
	if n, err := m.Read(b); n != 2 || err != nil || string(b[:n]) != "ef" {
		t.Fatalf("Read rest: %d %v", n, err)
	}
	if n, err := m.Read(b); n != 0 || err != io.EOF {
		t.Fatalf("Read at the end: %d %v", n, err)
	}
	if n, err := m.Read(nil); n != 0 || err != nil {
		t.Fatalf("Read(nil): %d %v", n, err)
	}
	if _, err := m.ReadByte(); err != io.EOF {
		t.Fatalf("ReadByte at the end: %v", err)
	}
	if err := m.WriteByte('z'); !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("WriteByte at the end: %v", err)
	}
	if pos, err := m.Seek(-3, io.SeekCurrent); pos != 3 || err != nil {
		t.Fatalf("Seek: %d %v", pos, err)
	}
	must(t, "WriteByte", m.WriteByte('D'))
	if c, err := m.ReadByte(); c != 'e' || err != nil {
		t.Fatalf("ReadByte: %q %v", c, err)
	}
	if pos, err := m.Tell(); pos != 5 || err != nil {
		t.Fatalf("Tell: %d %v", pos, err)
	}
	if n, err := m.Write([]byte("F")); n != 1 || err != nil {
		t.Fatalf("Write: %d %v", n, err)
	}
	if n, err := m.Write([]byte("G")); n != 0 || !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("Write past the end: %d %v", n, err)
	}
	if pos, err := m.Seek(1, io.SeekEnd); !errors.Is(err, ErrOutOfRange) || pos != 0 {
		t.Fatalf("Seek past the end: %d %v", pos, err)
	}
	if pos, _ := m.Tell(); pos != 6 {
		t.Fatalf("the cursor moved on a failed seek: %d", pos)
	}
	all := make([]byte, 6)
	if n, err := m.ReadAt(all, 0); n != 6 || err != nil || string(all) != "abcDeF" {
		t.Fatalf("content: %q %v", all, err)
	}
}

func TestReadAtWriteAtEdges(t *testing.T) {
	m := openT(t, writeFile(t, "0123456789"))
	b := make([]byte, 4)
	if n, err := m.ReadAt(b, 8); n != 2 || err != io.EOF || string(b[:2]) != "89" {
		t.Fatalf("ReadAt at the end: %d %v", n, err)
	}
	if n, err := m.ReadAt(b, 10); n != 0 || err != io.EOF {
		t.Fatalf("ReadAt(len): %d %v", n, err)
	}
	if n, err := m.ReadAt(b, 11); n != 0 || !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("ReadAt past the end: %d %v", n, err)
	}
	if n, err := m.ReadAt(nil, 10); n != 0 || err != nil {
		t.Fatalf("ReadAt(nil, len): %d %v", n, err)
	}
	if n, err := m.WriteAt([]byte("abc"), 8); n != 0 || !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("WriteAt across the end: %d %v", n, err)
	}
	if n, err := m.ReadAt(b[:2], 8); n != 2 || err != nil || string(b[:2]) != "89" {
		t.Fatalf("all or nothing: %q", b[:2])
	}
	if pos, _ := m.Tell(); pos != 0 {
		t.Fatalf("ReadAt/WriteAt moved the cursor to %d", pos)
	}
}

func TestReadLine(t *testing.T) {
	long := strings.Repeat("L", 1000)
	m := openT(t, writeFile(t, "a\n\n"+long+"\nlast"))
	for _, want := range []string{"a\n", "\n", long + "\n", "last"} {
		got, err := m.ReadLine()
		if err != nil || string(got) != want {
			t.Fatalf("ReadLine: %q %v, want %q", got, err, want)
		}
	}
	if got, err := m.ReadLine(); got != nil || err != io.EOF {
		t.Fatalf("ReadLine at the end: %q %v", got, err)
	}
	// ReadLineMax returns a long line in pieces
	if _, err := m.Seek(3, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var pieces []string
	for {
		p, err := m.ReadLineMax(300)
		if err != nil {
			t.Fatal(err)
		}
		pieces = append(pieces, string(p))
		if strings.HasSuffix(string(p), "\n") {
			break
		}
	}
	if len(pieces) != 4 || len(pieces[0]) != 300 || strings.Join(pieces, "") != long+"\n" {
		t.Fatalf("pieces: %d %q", len(pieces), pieces[len(pieces)-1])
	}
	if p, err := m.ReadLineMax(0); err != nil || len(p) != 0 {
		t.Fatalf("ReadLineMax(0): %q %v", p, err)
	}
}

// ReadLine keeps the '\n', as bufio.Reader.ReadBytes('\n') does: the same
// lines, byte for byte, over the same content. The one difference is the
// last line without '\n': ReadBytes returns it with io.EOF, ReadLine with
// nil and gives io.EOF on the next call (Python's readline returns it too).
func TestReadLineKeepsNewlineAsBufio(t *testing.T) {
	for _, text := range []string{"a\n\nb\r\n" + strings.Repeat("x", 700) + "\n", "one\ntwo", "\n", "no newline"} {
		m := openT(t, writeFile(t, text))
		br := bufio.NewReader(strings.NewReader(text))
		for k := 0; ; k++ {
			want, werr := br.ReadBytes('\n')
			got, err := m.ReadLine()
			if string(got) != string(want) {
				t.Fatalf("%q line %d: ReadLine %q, ReadBytes %q", text, k, got, want)
			}
			if werr == io.EOF && len(want) == 0 { // the text ended with '\n'
				if err != io.EOF {
					t.Fatalf("%q: at the end: %v, want io.EOF", text, err)
				}
				break
			}
			if werr == io.EOF {
				if err != nil {
					t.Fatalf("%q: the last line without '\\n': %v, want nil", text, err)
				}
				if _, err := m.ReadLine(); err != io.EOF {
					t.Fatalf("%q: after the last line: %v, want io.EOF", text, err)
				}
				break
			}
			if err != nil {
				t.Fatalf("%q line %d: %v", text, k, err)
			}
		}
	}
}

func TestFindRFind(t *testing.T) {
	m := openT(t, writeFile(t, "abcabcabc"))
	cases := []struct {
		rev        bool
		sub        string
		start, end int64
		want       int64
	}{
		{false, "bc", Omitted, Omitted, 1},
		{true, "bc", Omitted, Omitted, 7},
		{false, "bc", 2, Omitted, 4},
		{true, "bc", Omitted, 6, 4},
		{false, "bc", -4, Omitted, 7},
		{false, "zz", Omitted, Omitted, -1},
		{false, "", 3, Omitted, 3},
		{true, "", 0, 5, 5},
		{false, "abc", 100, 200, -1},
		{false, "a", -100, 1, 0},
	}
	for _, c := range cases {
		var got int64
		var err error
		if c.rev {
			got, err = m.RFindRange([]byte(c.sub), c.start, c.end)
		} else {
			got, err = m.FindRange([]byte(c.sub), c.start, c.end)
		}
		if err != nil || got != c.want {
			t.Errorf("find(rev=%v, %q, %d, %d) = %d %v, want %d", c.rev, c.sub, c.start, c.end, got, err, c.want)
		}
	}
	// Find and RFind start at the cursor, as in CPython.
	if _, err := m.Seek(5, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if i, _ := m.Find([]byte("a")); i != 6 {
		t.Fatalf("Find from the cursor: %d", i)
	}
	if i, _ := m.RFind([]byte("a")); i != 6 {
		t.Fatalf("RFind from the cursor: %d", i)
	}
	if i, _ := m.RFind([]byte("b")); i != 7 {
		t.Fatalf("RFind: %d", i)
	}
	if i, err := m.Find(nil); i != 5 || err != nil {
		t.Fatalf("Find(nil): %d %v", i, err)
	}
}

func TestMoveFlushResize(t *testing.T) {
	p := writeFile(t, "0123456789")
	m := openT(t, p)
	must(t, "Move", m.Move(2, 0, 5))
	b := make([]byte, 10)
	if _, err := m.ReadAt(b, 0); err != nil || string(b) != "0101234789" {
		t.Fatalf("after Move: %q %v", b, err)
	}
	wantErr(t, "Move out of range", m.Move(8, 0, 5), ErrOutOfRange)
	wantErr(t, "Move src past the end, count 0", m.Move(0, 11, 0), ErrOutOfRange)
	must(t, "FlushRange", m.FlushRange(3, 2, FlushSync))
	must(t, "FlushRange async", m.FlushRange(0, 0, FlushAsync))
	wantErr(t, "FlushRange past the end", m.FlushRange(5, 10, FlushSync), ErrOutOfRange)
	if got, _ := os.ReadFile(p); string(got) != "0101234789" {
		t.Fatalf("file after flush: %q", got)
	}
	if _, err := m.Seek(10, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	must(t, "Resize", m.Resize(4))
	if n := m.Len(); n != 4 {
		t.Fatalf("Len: %d", n)
	}
	if n, err := m.Size(); n != 4 || err != nil {
		t.Fatalf("Size: %d %v", n, err)
	}
	if pos, _ := m.Tell(); pos != 10 {
		t.Fatalf("the cursor after a shrink: %d, want 10 (CPython)", pos)
	}
	if n, err := m.Read(b); n != 0 || err != io.EOF {
		t.Fatalf("Read past the end after shrink: %d %v", n, err)
	}
	must(t, "Resize grow", m.Resize(6))
	if _, err := m.WriteAt([]byte("XY"), 4); err != nil {
		t.Fatal(err)
	}
	must(t, "Resize 0", m.Resize(0))
	if n := m.Len(); n != 0 {
		t.Fatalf("Len after Resize(0): %d", n)
	}
	must(t, "Resize back", m.Resize(3))
	must(t, "Close", m.Close())
	if fi, _ := os.Stat(p); fi.Size() != 3 {
		t.Fatalf("file size: %d", fi.Size())
	}
}

func TestOffsetLengthAndFlags(t *testing.T) {
	p := writeFile(t, "0123456789")
	m := openT(t, p, WithOffset(3), WithLength(4))
	b := make([]byte, 4)
	if n, err := m.ReadAt(b, 0); n != 4 || err != nil || string(b) != "3456" {
		t.Fatalf("offset map: %q %v", b, err)
	}
	if n, _ := m.Size(); n != 10 {
		t.Fatalf("Size is the whole file: %d", n)
	}
	_, err := Open(p, WithOffset(3), WithLength(20))
	wantErr(t, "length past the end", err, ErrOutOfRange)

	dir := t.TempDir()
	np := filepath.Join(dir, "new.bin")
	c, err := Open(np, WithFlags(Create|OwnerOnly), WithLength(100))
	must(t, "Create", err)
	if n := c.Len(); n != 100 {
		t.Fatalf("created length: %d", n)
	}
	must(t, "Close", c.Close())
	if fi, err := os.Stat(np); err != nil || fi.Size() != 100 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("created file: %v %v", fi, err)
	}
	_, err = Open(np, WithFlags(Create|Exclusive), WithLength(1))
	wantErr(t, "Exclusive on an existing file", err, ErrIO)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Exclusive: %v is not fs.ErrExist", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(np, link); err != nil {
		t.Fatal(err)
	}
	_, err = Open(link, WithFlags(NoFollow))
	wantErr(t, "NoFollow on a symlink", err, ErrIO)
	var e *Error
	if !errors.As(err, &e) || e.OSError != syscall.ELOOP {
		t.Fatalf("NoFollow: %#v", err)
	}
}

func TestAccessModes(t *testing.T) {
	p := writeFile(t, "abcd")
	r := openT(t, p, WithAccess(AccessRead))
	if r.Access() != AccessRead {
		t.Fatalf("Access: %v", r.Access())
	}
	_, err := r.WriteAt([]byte("x"), 0)
	wantErr(t, "WriteAt on a read map", err, ErrReadOnly)
	_, err = r.Write([]byte("x"))
	wantErr(t, "Write on a read map", err, ErrReadOnly)
	wantErr(t, "Resize on a read map", r.Resize(8), ErrReadOnly)
	wantErr(t, "Move on a read map", r.Move(0, 1, 1), ErrReadOnly)

	c := openT(t, p, WithFlags(Private))
	if c.Access() != AccessCopy {
		t.Fatalf("Private access: %v", c.Access())
	}
	if _, err := c.WriteAt([]byte("XY"), 0); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "Resize on a copy map", c.Resize(8), ErrReadOnly)
	must(t, "Flush copy", c.Flush())
	if got, _ := os.ReadFile(p); string(got) != "abcd" {
		t.Fatalf("a copy map reached the file: %q", got)
	}
	w := openT(t, p, WithAccess(AccessWrite))
	if _, err := w.WriteAt([]byte("W"), 3); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "abcW" {
		t.Fatalf("write-through: %q", got)
	}
}

func TestAnonymousMaps(t *testing.T) {
	m, err := Anonymous(10)
	must(t, "Anonymous", err)
	defer m.Close()
	zero := make([]byte, 10)
	b := make([]byte, 10)
	if _, err := m.ReadAt(b, 0); err != nil || !bytes.Equal(b, zero) {
		t.Fatalf("zeroed: %v %v", b, err)
	}
	must(t, "Resize", m.Resize(1<<20))
	if n, _ := m.Size(); n != 1<<20 {
		t.Fatalf("Size of an anonymous map: %d", n)
	}
	if _, err := m.WriteAt([]byte("end"), 1<<20-3); err != nil {
		t.Fatal(err)
	}
	must(t, "Flush", m.Flush())
	c, err := Anonymous(8, WithAccess(AccessCopy))
	must(t, "Anonymous copy", err)
	defer c.Close()
	if _, err := c.Write([]byte("12345678")); err != nil {
		t.Fatal(err)
	}
}

func TestMapFile(t *testing.T) {
	p := writeFile(t, "from a descriptor")
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	must(t, "OpenFile", err)
	m, err := MapFile(f)
	must(t, "MapFile", err)
	defer m.Close()
	must(t, "close the *os.File", f.Close()) // the map has its own descriptor
	b := make([]byte, 4)
	if _, err := m.ReadAt(b, 0); err != nil || string(b) != "from" {
		t.Fatalf("ReadAt: %q %v", b, err)
	}
	ro, err := os.Open(p)
	must(t, "Open", err)
	defer ro.Close()
	_, err = MapFile(ro)
	wantErr(t, "MapFile of a read-only descriptor, shared access", err, ErrIO)
	m2, err := MapFile(ro, WithAccess(AccessRead))
	must(t, "MapFile read", err)
	must(t, "Close", m2.Close())
	_, err = MapFile(ro, WithFlags(Create))
	wantErr(t, "MapFile with Create", err, ErrInvalidArgument)
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.bin")
	_, err := Open(missing)
	wantErr(t, "missing file", err, ErrIO)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%v is not fs.ErrNotExist", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusIO || e.OSError != syscall.ENOENT ||
		!strings.Contains(e.Message, "missing.bin") || !strings.HasPrefix(err.Error(), "mmf: IO: mmf_open") {
		t.Fatalf("error: %q %#v", err.Error(), e)
	}
	_, err = Open(writeFile(t, ""))
	wantErr(t, "empty file", err, ErrInvalidArgument)
}

func TestCloseAndClosed(t *testing.T) {
	m := openT(t, writeFile(t, "abc"))
	if m.Closed() {
		t.Fatal("Closed on an open map")
	}
	must(t, "Close", m.Close())
	must(t, "Close again", m.Close())
	if !m.Closed() {
		t.Fatal("not Closed after Close")
	}
	_, err := m.ReadAt(make([]byte, 1), 0)
	wantErr(t, "ReadAt after Close", err, ErrClosed)
}

func TestErrorValues(t *testing.T) {
	e := &Error{Status: StatusOutOfRange, Message: "mmf_read_at(pos=20, cap=4): past the end"}
	if e.Error() != "mmf: OUT_OF_RANGE: mmf_read_at(pos=20, cap=4): past the end" {
		t.Fatal(e.Error())
	}
	if !errors.Is(e, ErrOutOfRange) || errors.Is(e, ErrClosed) {
		t.Fatal("errors.Is")
	}
	if StatusOf(nil) != StatusOK || StatusOf(e) != StatusOutOfRange || StatusOf(io.ErrUnexpectedEOF) != StatusIO ||
		StatusOf(ErrBusy) != StatusBusy {
		t.Fatal("StatusOf")
	}
	if Status(42).String() != "Status(42)" || StatusFault.String() != "FAULT" {
		t.Fatal("Status.String")
	}
	for s := StatusInvalidArgument; s <= StatusFault; s++ {
		if !errors.Is(&Error{Status: s, Message: "m"}, sentinels[s]) {
			t.Fatalf("%v does not match its sentinel", s)
		}
	}
}

func TestLibraryInfo(t *testing.T) {
	if v := Version(); !strings.HasPrefix(v, "1.") || strings.Count(v, ".") != 2 {
		t.Fatalf("Version: %q", v)
	}
	if ps := PageSize(); ps < 4096 || ps&(ps-1) != 0 {
		t.Fatalf("PageSize: %d", ps)
	}
	if g := AllocationGranularity(); g < PageSize() {
		t.Fatalf("AllocationGranularity: %d", g)
	}
}

func TestMadvise(t *testing.T) {
	m := openT(t, writeFile(t, strings.Repeat("m", 10000)))
	for _, a := range []Advice{AdviceNormal, AdviceRandom, AdviceSequential, AdviceWillNeed, AdviceDontNeed} {
		must(t, "Madvise", m.Madvise(a, 100, 0))
	}
	wantErr(t, "Madvise past the end", m.Madvise(AdviceNormal, 10000, 1), ErrOutOfRange)
	wantErr(t, "Madvise unknown advice", m.Madvise(Advice(99), 0, 0), ErrInvalidArgument)
}
