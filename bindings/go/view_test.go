package mmf

import (
	"io"
	"testing"
)

func TestViewZeroCopy(t *testing.T) {
	m := openT(t, writeFile(t, "hello view"))
	v, err := m.View()
	must(t, "View", err)
	b := v.Bytes()
	if string(b) != "hello view" {
		t.Fatalf("Bytes: %q", b)
	}
	// the same memory as the map's: writes go both ways
	b[0] = 'H'
	if c, err := m.ReadByte(); err != nil || c != 'H' {
		t.Fatalf("ReadByte after a View write: %q %v", c, err)
	}
	if _, err := m.WriteAt([]byte("V"), 6); err != nil {
		t.Fatal(err)
	}
	if b[6] != 'V' {
		t.Fatal("a map write is not visible in the View")
	}
	// pinned: Close and Resize are ErrBusy, the map stays open
	wantErr(t, "Close with a View", m.Close(), ErrBusy)
	wantErr(t, "Resize with a View", m.Resize(100), ErrBusy)
	if m.Closed() {
		t.Fatal("closed despite ErrBusy")
	}
	// Views nest
	v2, err := m.View()
	must(t, "second View", err)
	must(t, "Release", v.Release())
	must(t, "Release twice", v.Release())
	if v.Bytes() != nil {
		t.Fatal("Bytes after Release")
	}
	wantErr(t, "Close with the second View", m.Close(), ErrBusy)
	must(t, "Release v2", v2.Release())
	must(t, "Resize", m.Resize(100))
	must(t, "Close", m.Close())
}

func TestViewOfEmptyAndReadOnlyMaps(t *testing.T) {
	m, err := Anonymous(8)
	must(t, "Anonymous", err)
	defer m.Close()
	must(t, "Resize(0)", m.Resize(0))
	v, err := m.View()
	must(t, "View of an empty map", err)
	if b := v.Bytes(); b == nil || len(b) != 0 {
		t.Fatalf("empty View: %v", b)
	}
	must(t, "Release", v.Release())

	r := openT(t, writeFile(t, "read only"), WithAccess(AccessRead))
	rv, err := r.View()
	must(t, "View of a read map", err)
	if string(rv.Bytes()) != "read only" {
		t.Fatal("read-only View content")
	}
	must(t, "Release", rv.Release())
}

// A View keeps the native map alive after its Map became unreachable
// (the finalizer drops only the Map's own reference).
func TestViewOutlivesItsMap(t *testing.T) {
	v := func() *View {
		m, err := Anonymous(4096)
		must(t, "Anonymous", err)
		if _, err := m.WriteAt([]byte("kept"), 0); err != nil {
			t.Fatal(err)
		}
		v, err := m.View()
		must(t, "View", err)
		return v
	}()
	for i := 0; i < 5; i++ {
		gcAndWait()
	}
	if string(v.Bytes()[:4]) != "kept" {
		t.Fatal("View content after its Map was collected")
	}
	must(t, "Release", v.Release()) // the last reference: frees the map
}

var _ io.Closer = (*Map)(nil)
