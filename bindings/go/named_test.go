package mmf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// namedT returns a name unique to this process and test, unlinked when the
// test ends whatever happens.
func namedT(t *testing.T, tag string) string {
	t.Helper()
	n := fmt.Sprintf("mmfgo%d_%s", os.Getpid(), tag)
	t.Cleanup(func() {
		if err := UnlinkNamed(n); err != nil {
			t.Errorf("UnlinkNamed(%q): %v", n, err)
		}
	})
	return n
}

func namedOpenT(t *testing.T, name string, length int64, opts ...Option) *Map {
	t.Helper()
	m, err := Named(name, length, opts...)
	if err != nil {
		t.Fatalf("Named(%q, %d): %v", name, length, err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestNamedCreateThenOpenFromASecondHandle(t *testing.T) {
	n := namedT(t, "share")
	a := namedOpenT(t, n, 100)
	if l := a.Len(); l != 100 {
		t.Fatalf("Len = %d, want 100", l)
	}
	page := PageSize()
	if s, err := a.Size(); err != nil || s != (100+page-1)/page*page {
		t.Fatalf("Size = %d, %v; want whole pages", s, err)
	}
	_, err := a.WriteAt([]byte("hello"), 0)
	must(t, "WriteAt", err)

	b := namedOpenT(t, n, 0) // open only: all of it
	if l := b.Len(); l != page {
		t.Fatalf("open-only Len = %d, want %d", l, page)
	}
	got := make([]byte, 5)
	if _, err := b.ReadAt(got, 0); err != nil || string(got) != "hello" {
		t.Fatalf("second handle reads %q, %v", got, err)
	}
	_, err = b.WriteAt([]byte("back"), 10)
	must(t, "WriteAt", err)
	if _, err := a.ReadAt(got[:4], 10); err != nil || string(got[:4]) != "back" {
		t.Fatalf("first handle reads %q, %v", got[:4], err)
	}

	c := namedOpenT(t, n, 50) // create-or-open of an existing name: its first 50 bytes
	if l := c.Len(); l != 50 {
		t.Fatalf("Len = %d, want 50", l)
	}
}

func TestNamedExclusive(t *testing.T) {
	n := namedT(t, "excl")
	a := namedOpenT(t, n, 4096, WithFlags(Exclusive))
	_, err := Named(n, 4096, WithFlags(Exclusive))
	wantErr(t, "Named exclusive of an existing name", err, ErrIO)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("want fs.ErrExist too: %v", err)
	}
	if l := a.Len(); l != 4096 {
		t.Fatalf("Len = %d", l)
	}
	_, err = Named(n, 0, WithFlags(Exclusive)) // create only + open only
	wantErr(t, "Named exclusive with length 0", err, ErrInvalidArgument)
}

func TestNamedOpenOnlyNeedsAnExistingName(t *testing.T) {
	n := namedT(t, "absent")
	must(t, "UnlinkNamed", UnlinkNamed(n))
	_, err := Named(n, 0)
	wantErr(t, "Named open-only of a missing name", err, ErrIO)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want fs.ErrNotExist too: %v", err)
	}
}

func TestNamedLengthLargerThanTheMap(t *testing.T) {
	n := namedT(t, "size")
	a := namedOpenT(t, n, 4096)
	s, err := a.Size()
	must(t, "Size", err)
	_, err = Named(n, s+1)
	wantErr(t, "Named larger than the map", err, ErrOutOfRange)
	_, err = Named(n, -1)
	wantErr(t, "Named with a negative length", err, ErrOutOfRange)
}

func TestNamedBadNames(t *testing.T) {
	for _, bad := range []string{"", "a/b", ".hidden", "-dash", strings.Repeat("x", 32), "café", "sp ace", "nul\x00name"} {
		_, err := Named(bad, 4096)
		wantErr(t, fmt.Sprintf("Named(%q)", bad), err, ErrInvalidArgument)
		wantErr(t, fmt.Sprintf("UnlinkNamed(%q)", bad), UnlinkNamed(bad), ErrInvalidArgument)
	}
}

func TestNamedFlagsThatConcernFiles(t *testing.T) {
	n := namedT(t, "flags")
	for _, o := range []Option{WithFlags(Create), WithFlags(OwnerOnly), WithFlags(NoFollow), WithOffset(1)} {
		_, err := Named(n, 4096, o)
		wantErr(t, "Named with a file option", err, ErrInvalidArgument)
	}
}

func TestNamedResizeIsUnsupported(t *testing.T) {
	n := namedT(t, "resize")
	a := namedOpenT(t, n, 4096)
	wantErr(t, "Resize of a named map", a.Resize(8192), ErrUnsupported)
	if l := a.Len(); l != 4096 {
		t.Fatalf("Len after a refused Resize = %d", l)
	}
}

func TestNamedReadAccessAndPrivateCopies(t *testing.T) {
	n := namedT(t, "access")
	a := namedOpenT(t, n, 4096)
	_, err := a.WriteAt([]byte("shared"), 0)
	must(t, "WriteAt", err)
	r := namedOpenT(t, n, 0, WithAccess(AccessRead))
	got := make([]byte, 6)
	if _, err := r.ReadAt(got, 0); err != nil || string(got) != "shared" {
		t.Fatalf("read-only handle reads %q, %v", got, err)
	}
	_, err = r.WriteAt([]byte("x"), 0)
	wantErr(t, "WriteAt on a read-only named map", err, ErrReadOnly)
	c := namedOpenT(t, n, 0, WithFlags(Private))
	if c.Access() != AccessCopy {
		t.Fatalf("Access = %v", c.Access())
	}
	_, err = c.WriteAt([]byte("mine"), 0)
	must(t, "WriteAt private", err)
	if _, err := a.ReadAt(got, 0); err != nil || string(got) != "shared" {
		t.Fatalf("the private copy leaked into the shared map: %q, %v", got, err)
	}
}

func TestNamedUnlink(t *testing.T) {
	n := namedT(t, "unlink")
	a := namedOpenT(t, n, 4096)
	_, err := a.WriteAt([]byte("old"), 0)
	must(t, "WriteAt", err)
	must(t, "UnlinkNamed", UnlinkNamed(n))
	must(t, "UnlinkNamed again (a missing name is not an error)", UnlinkNamed(n))
	_, err = Named(n, 0)
	wantErr(t, "Named open-only after unlink", err, ErrIO)
	got := make([]byte, 3)
	if _, err := a.ReadAt(got, 0); err != nil || string(got) != "old" {
		t.Fatalf("the map after unlink reads %q, %v", got, err)
	}
	fresh := namedOpenT(t, n, 4096, WithFlags(Exclusive))
	if _, err := fresh.ReadAt(got, 0); err != nil || !bytes.Equal(got, make([]byte, 3)) {
		t.Fatalf("a new object reads %q, %v; want zeros", got, err)
	}
}

// ---- Go and C over one named map, across processes (tests/named/README.md)
//
// The other side is the C program named_peer (MMF_NAMED_PEER, set by CTest
// for go.test, go.race and go.named.cross; without it these tests skip,
// and go.named.cross fails on a skip).
//
// Synchronisation: the turn counter at bytes [0, 4) is read with
// atomic.LoadUint32 and written with atomic.StoreUint32 on a *uint32 into
// the View's memory (sequentially consistent, which is stronger than the C
// side's __atomic_load_n/__atomic_store_n with ACQUIRE/RELEASE on the same
// bytes). The message is written with WriteAt (mmf_write_at) before the
// store that publishes the turn, and read with ReadAt after the load that
// sees it; only the side whose turn it is writes.

const (
	namedRounds = 200
	namedWait   = 20 * time.Second
)

func namedPeer(t *testing.T) string {
	p := os.Getenv("MMF_NAMED_PEER")
	if p == "" {
		t.Skip("MMF_NAMED_PEER (the path of tests/named/named_peer) is not set")
	}
	return p
}

func TestNamedCrossGoCreatesCOpens(t *testing.T) {
	peer := namedPeer(t)
	n := namedT(t, "gc")
	must(t, "UnlinkNamed", UnlinkNamed(n))
	m := namedOpenT(t, n, 4096, WithFlags(Exclusive))
	cmd := exec.Command(peer, "pingpong", n, fmt.Sprint(namedRounds))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	must(t, "start named_peer", cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	if err := playNamed(m, true); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		done <- err // for the deferred check
		if err != nil {
			t.Fatalf("named_peer pingpong: %v (its reason is on stderr)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("named_peer pingpong did not exit")
	}
}

func TestNamedCrossCCreatesGoOpens(t *testing.T) {
	peer := namedPeer(t)
	n := namedT(t, "cg")
	must(t, "UnlinkNamed", UnlinkNamed(n))
	cmd := exec.Command(peer, "serve", n, fmt.Sprint(namedRounds))
	cmd.Stderr = os.Stderr
	must(t, "start named_peer", cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	// Open only (length 0) once the C side has created the name.
	var m *Map
	deadline := time.Now().Add(namedWait)
	for {
		var err error
		if m, err = Named(n, 0); err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) || time.Now().After(deadline) {
			t.Fatalf("Named(%q, 0): %v", n, err)
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("named_peer serve exited (%v) before %s could be opened", err, n)
		case <-time.After(5 * time.Millisecond):
		}
	}
	defer func() { _ = m.Close() }()
	if err := playNamed(m, false); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		done <- err
		if err != nil {
			t.Fatalf("named_peer serve: %v (its reason is on stderr)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("named_peer serve did not exit")
	}
}

// The checks of playNamed can fail: a message that does not follow the
// protocol is refused.
func TestNamedProtocolCatchesAWrongMessage(t *testing.T) {
	n := namedT(t, "neg")
	m := namedOpenT(t, n, 4096, WithFlags(Exclusive))
	must(t, "put", putNamedMessage(m, "creator:7"))
	v, err := m.View()
	must(t, "View", err)
	atomic.StoreUint32((*uint32)(unsafe.Pointer(&v.Bytes()[0])), 1)
	must(t, "Release", v.Release())
	err = playNamed(m, false)
	if err == nil || !strings.Contains(err.Error(), `"creator:1"`) {
		t.Fatalf("playNamed accepted a wrong message: %v", err)
	}
}

// playNamed runs one side of protocol.h: the creator takes the odd turns,
// the opener the even ones.
func playNamed(m *Map, creator bool) (err error) {
	me, other := "opener", "creator"
	if creator {
		me, other = "creator", "opener"
	}
	v, err := m.View()
	if err != nil {
		return err
	}
	defer func() {
		if rerr := v.Release(); err == nil {
			err = rerr
		}
	}()
	mem := v.Bytes()
	if len(mem) < 64 {
		return fmt.Errorf("a map of %d bytes is too small", len(mem))
	}
	turn := (*uint32)(unsafe.Pointer(&mem[0])) // page-aligned
	first := uint32(2)
	if creator {
		first = 1
	}
	for t := first; t <= 2*namedRounds; t += 2 {
		if err := awaitNamedTurn(turn, t-1, me); err != nil {
			return err
		}
		if t > 1 {
			want := fmt.Sprintf("%s:%d", other, t-1)
			if got, err := namedMessage(m); err != nil || got != want {
				return fmt.Errorf("%s, turn %d: message %q (%v), want %q", me, t, got, err, want)
			}
		}
		if err := putNamedMessage(m, fmt.Sprintf("%s:%d", me, t)); err != nil {
			return err
		}
		atomic.StoreUint32(turn, t) // publishes the message written before it
	}
	if creator {
		if err := awaitNamedTurn(turn, 2*namedRounds, me); err != nil {
			return err
		}
		want := fmt.Sprintf("opener:%d", 2*namedRounds)
		if got, err := namedMessage(m); err != nil || got != want {
			return fmt.Errorf("the last message: %q (%v), want %q", got, err, want)
		}
	}
	return nil
}

func awaitNamedTurn(turn *uint32, want uint32, who string) error {
	deadline := time.Now().Add(namedWait)
	for {
		seen := atomic.LoadUint32(turn)
		if seen == want {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: timed out waiting for turn %d (turn is %d)", who, want, seen)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func putNamedMessage(m *Map, msg string) error {
	if _, err := m.WriteAt([]byte(msg), 16); err != nil {
		return err
	}
	var l [4]byte
	binary.LittleEndian.PutUint32(l[:], uint32(len(msg)))
	_, err := m.WriteAt(l[:], 8)
	return err
}

func namedMessage(m *Map) (string, error) {
	var l [4]byte
	if _, err := m.ReadAt(l[:], 8); err != nil {
		return "", err
	}
	n := binary.LittleEndian.Uint32(l[:])
	if n > 48 {
		return "", fmt.Errorf("message length %d", n)
	}
	b := make([]byte, n)
	if _, err := m.ReadAt(b, 16); err != nil {
		return "", err
	}
	return string(b), nil
}
