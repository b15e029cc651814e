package mmf_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"example.invalid/mmf"
)

// Python's mmap example: map a file, read a line, slice, assign, seek.
func Example() {
	dir, err := os.MkdirTemp("", "mmf-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "hello.txt")
	if err := os.WriteFile(path, []byte("Hello Python!\n"), 0o644); err != nil {
		log.Fatal(err)
	}

	m, err := mmf.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	line, _ := m.ReadLine()
	fmt.Printf("%s", line) // mm.readline()
	head := make([]byte, 5)
	m.ReadAt(head, 0) // mm[:5]
	fmt.Printf("%s\n", head)
	m.WriteAt([]byte(" world!\n"), 6) // mm[6:] = b" world!\n"
	m.Seek(0, io.SeekStart)
	line, _ = m.ReadLine()
	fmt.Printf("%s", line)
	// Output:
	// Hello Python!
	// Hello
	// Hello  world!
}

// Anonymous memory can be resized; Size reports its length.
func ExampleAnonymous() {
	m, err := mmf.Anonymous(13)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	m.Write([]byte("Hello world!\n"))
	if err := m.Resize(4096); err != nil {
		log.Fatal(err)
	}
	n, _ := m.Size()
	pos, _ := m.Tell()
	fmt.Println(n, pos)
	// Output: 4096 13
}

// Errors are values: errors.Is with the sentinels, errors.As for the
// status and the library's message.
func ExampleError() {
	m, err := mmf.Anonymous(4)
	if err != nil {
		log.Fatal(err)
	}
	_, err = m.WriteAt([]byte("too long"), 0)
	fmt.Println(errors.Is(err, mmf.ErrOutOfRange))
	var e *mmf.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status)
	}
	m.Close()
	_, err = m.ReadByte()
	fmt.Println(errors.Is(err, mmf.ErrClosed))

	_, err = mmf.Open(filepath.Join(os.TempDir(), "no-such-dir", "file"))
	fmt.Println(errors.Is(err, mmf.ErrIO), errors.Is(err, os.ErrNotExist))
	// Output:
	// true
	// OUT_OF_RANGE
	// true
	// true true
}

// Find and RFind start at the cursor, as in Python; FindRange takes
// explicit bounds (mmf.Omitted for a default one).
func ExampleMap_FindRange() {
	m, err := mmf.Anonymous(16)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	m.WriteAt([]byte("abc-abc-abc"), 0)
	first, _ := m.Find([]byte("abc"))
	last, _ := m.RFind([]byte("abc"))
	inRange, _ := m.FindRange([]byte("abc"), 1, mmf.Omitted)
	missing, _ := m.Find([]byte("xyz"))
	fmt.Println(first, last, inRange, missing)
	// Output: 0 8 4 -1
}

// A View is the map's memory itself: no copy, and the map is pinned until
// Release.
func ExampleMap_View() {
	m, err := mmf.Anonymous(1 << 20)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	m.WriteAt([]byte{1, 2, 3}, 1<<20-3)
	v, err := m.View()
	if err != nil {
		log.Fatal(err)
	}
	sum := 0
	for _, b := range v.Bytes() {
		sum += int(b)
	}
	fmt.Println(len(v.Bytes()), sum)
	fmt.Println(errors.Is(m.Resize(10), mmf.ErrBusy))
	v.Release()
	fmt.Println(m.Resize(10))
	// Output:
	// 1048576 6
	// true
	// <nil>
}

// ReadLine returns each line with its '\n', and io.EOF at the end.
func ExampleMap_ReadLine() {
	m, err := mmf.Anonymous(12)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	m.Write([]byte("one\ntwo\nend"))
	m.Seek(0, io.SeekStart)
	for {
		line, err := m.ReadLine()
		if err == io.EOF {
			break
		}
		fmt.Printf("%q\n", line)
	}
	// Output:
	// "one\n"
	// "two\n"
	// "end\x00"
}

// Integers at a position, in the byte order the format uses: a record of a
// little-endian uint32 key and a big-endian uint64 value at offset 16.
func ExampleMap_Uint64At() {
	m, err := mmf.Anonymous(4096)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	if err := m.PutUint32At(16, 42, binary.LittleEndian); err != nil {
		log.Fatal(err)
	}
	if err := m.PutUint64At(20, 0x0102030405060708, binary.BigEndian); err != nil {
		log.Fatal(err)
	}
	key, _ := m.Uint32At(16, binary.LittleEndian)
	val, _ := m.Uint64At(20, binary.BigEndian)
	raw, _ := m.Uint16At(20, binary.LittleEndian) // the first two bytes, 01 02
	fmt.Printf("%d %#x %#x\n", key, val, raw)
	_, err = m.Uint64At(4090, binary.LittleEndian) // 6 bytes before the end
	fmt.Println(errors.Is(err, mmf.ErrOutOfRange))
	// Output:
	// 42 0x102030405060708 0x201
	// true
}
