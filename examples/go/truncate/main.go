// Command truncate shows mmf's fault guard from Go: a file truncated under
// the map (here through another handle, as another process would) makes
// the calls that touch the vanished pages return mmf.ErrFault instead of
// killing the program with SIGBUS. Len and Seek still work, and Resize
// brings the map back. On failure it prints "truncate: " and the error,
// and exits with status 1.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"example.invalid/mmf"
)

const size = 1 << 20

func run() error {
	dir, err := os.MkdirTemp("", "mmf-truncate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data.bin")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), size), 0o644); err != nil {
		return err
	}
	m, err := mmf.Open(path)
	if err != nil {
		return err
	}
	defer m.Close()
	buf := make([]byte, 16)
	if _, err := m.ReadAt(buf, size/2); err != nil {
		return err
	}
	fmt.Printf("before: %q\n", buf[:4])

	if err := os.Truncate(path, 0); err != nil { // someone else truncates the file
		return err
	}
	faults := 0
	_, err = m.ReadAt(buf, size/2)
	faults += countFault(err)
	_, err = m.WriteAt([]byte("y"), 10)
	faults += countFault(err)
	_, err = m.ReadByte()
	faults += countFault(err)
	_, err = m.Find([]byte("x"))
	faults += countFault(err)
	if faults != 4 {
		return fmt.Errorf("%d of 4 calls gave ErrFault", faults)
	}
	n := m.Len()
	fmt.Printf("%d x ErrFault, the program goes on; Len still %d\n", faults, n)

	if err := m.Resize(4096); err != nil { // the file and the map agree again
		return err
	}
	if _, err := m.WriteAt([]byte("ok"), 0); err != nil {
		return err
	}
	if _, err := m.ReadAt(buf[:2], 0); err != nil {
		return err
	}
	fmt.Printf("after Resize: alive (%q)\n", buf[:2])
	return m.Close()
}

func countFault(err error) int {
	if errors.Is(err, mmf.ErrFault) {
		fmt.Println("  ", err)
		return 1
	}
	fmt.Println("   unexpected:", err)
	return 0
}

func main() {
	if err := run(); err != nil {
		fmt.Println("truncate:", err)
		os.Exit(1)
	}
}
