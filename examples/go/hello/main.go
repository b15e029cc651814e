// Command hello is the first example of Python's mmap documentation,
// through the Go binding:
//
//	with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
//	with open("hello.txt", "r+b") as f:
//	    mm = mmap.mmap(f.fileno(), 0)
//	    print(mm.readline())   # prints "Hello Python!"
//	    print(mm[:5])          # prints "Hello"
//	    mm[6:] = b" world!\n"
//	    mm.seek(0)
//	    print(mm.readline())   # prints "Hello  world!"
//	    mm.close()
//
// As in Python, " world!\n" replaces "Python!\n" from index 6, after the
// space at index 5, so the last line has two spaces. The file lives in a
// fresh temporary directory, removed at the end. On failure the program
// prints "hello: " and the error, and exits with status 1.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"example.invalid/mmf"
)

func run() error {
	dir, err := os.MkdirTemp("", "mmf-hello-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "hello.txt")
	// write a simple example file
	if err := os.WriteFile(path, []byte("Hello Python!\n"), 0o644); err != nil {
		return err
	}

	// memory-map the whole file
	m, err := mmf.Open(path)
	if err != nil {
		return err
	}
	defer m.Close()
	line, err := m.ReadLine()
	if err != nil {
		return err
	}
	fmt.Printf("%s", line) // prints "Hello Python!"
	head := make([]byte, 5)
	if _, err := m.ReadAt(head, 0); err != nil { // mm[:5]
		return err
	}
	fmt.Printf("%s\n", head) // prints "Hello"
	// mm[6:] = b" world!\n"
	if _, err := m.WriteAt([]byte(" world!\n"), 6); err != nil {
		return err
	}
	if _, err := m.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if line, err = m.ReadLine(); err != nil {
		return err
	}
	fmt.Printf("%s", line) // prints "Hello  world!"
	return m.Close()
}

func main() {
	if err := run(); err != nil {
		fmt.Println("hello:", err)
		os.Exit(1)
	}
}
