package mmf

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// helperEnv makes the test binary act as a helper process (see TestMain).
const helperEnv = "MMF_GO_TEST_HELPER"

// TestMain runs the helpers that the fault tests start in a child process:
// a truncation by another process, and Go's own crashes (a nil pointer
// dereference, a fault in a View) that must still be the Go runtime's.
func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "truncate":
		if err := os.Truncate(os.Getenv("MMF_GO_TEST_PATH"), 0); err != nil {
			fmt.Fprintln(os.Stderr, "truncate:", err)
			os.Exit(3)
		}
		os.Exit(0)
	case "nil-deref":
		helperNilDeref()
	case "view-fault":
		helperViewFault()
	default:
		fmt.Fprintln(os.Stderr, "unknown helper", os.Getenv(helperEnv))
		os.Exit(3)
	}
}

// writeFile creates a file with content in a fresh temporary directory.
func writeFile(t testing.TB, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "data.bin")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openT(t testing.TB, path string, opts ...Option) *Map {
	t.Helper()
	m, err := Open(path, opts...)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// wantErr fails unless err matches target (errors.Is) and is an *Error with
// a message.
func wantErr(t testing.TB, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
	var e *Error
	if errors.As(err, &e) && e.Message == "" {
		t.Fatalf("%s: %v has an empty message", what, err)
	}
}

func must(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// runHelper runs this test binary as the named helper; returns its combined
// output and exit code.
func runHelper(t *testing.T, name string, env ...string) (string, int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+name), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("helper %s: %v", name, err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// truncateElsewhere truncates path to 0 bytes from another process.
func truncateElsewhere(t *testing.T, path string) {
	t.Helper()
	out, code := runHelper(t, "truncate", "MMF_GO_TEST_PATH="+path)
	if code != 0 {
		t.Fatalf("truncate helper: exit %d: %s", code, out)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Fatalf("file not truncated: %v %v", fi, err)
	}
}
