package mmf

import (
	"errors"
	"io/fs"
	"strconv"
	"syscall"
)

// Status is the C library's result code (mmf_status in mmf.h); the values
// are part of the ABI and never change.
type Status int

// The statuses of mmf.h.
const (
	StatusOK              Status = 0
	StatusInvalidArgument Status = 1
	StatusClosed          Status = 2
	StatusReadOnly        Status = 3
	StatusOutOfRange      Status = 4
	StatusBusy            Status = 5
	StatusIO              Status = 6
	StatusNoMemory        Status = 7
	StatusUnsupported     Status = 8
	StatusFault           Status = 9
)

var statusNames = [...]string{
	"OK", "INVALID_ARGUMENT", "CLOSED", "READ_ONLY", "OUT_OF_RANGE",
	"BUSY", "IO", "NO_MEMORY", "UNSUPPORTED", "FAULT",
}

// String is the status' name without the MMF_ERR_ prefix ("OUT_OF_RANGE"),
// as the conformance vectors write it.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// The errors every failure wraps, one per status: test with errors.Is.
// The error returned is an *Error carrying the native message.
var (
	// ErrInvalidArgument: an unknown flag, access or whence, inconsistent
	// options, an empty file mapped with length 0, a nil *Map or *os.File.
	ErrInvalidArgument = errors.New("mmf: invalid argument")
	// ErrClosed: the map was closed (Python: ValueError "mmap closed or invalid").
	ErrClosed = errors.New("mmf: map is closed")
	// ErrReadOnly: a write or move on a read-only map, or a resize of a
	// read-only or copy-on-write map (Python: TypeError).
	ErrReadOnly = errors.New("mmf: map is read-only")
	// ErrOutOfRange: a position, length or range outside the map, or one
	// whose arithmetic overflows, negative values included (Python:
	// ValueError, IndexError).
	ErrOutOfRange = errors.New("mmf: out of range")
	// ErrBusy: Close or Resize while a View is held (Python: BufferError).
	ErrBusy = errors.New("mmf: map is pinned by a view")
	// ErrIO: the operating system refused; the *Error's Kind (from
	// mmf_last_error_kind) makes errors.Is(err, fs.ErrNotExist),
	// fs.ErrExist and fs.ErrPermission work on every platform.
	ErrIO = errors.New("mmf: I/O error")
	// ErrNoMemory: memory or address space ran out.
	ErrNoMemory = errors.New("mmf: out of memory")
	// ErrUnsupported: not available on this platform or in this version.
	ErrUnsupported = errors.New("mmf: unsupported")
	// ErrFault: the mapped pages vanished (the file was truncated under the
	// map by another process or handle). The program goes on; calls that
	// touch the map's memory keep failing until Resize or Close.
	ErrFault = errors.New("mmf: mapped file was truncated under the map")
)

var sentinels = [...]error{
	nil, ErrInvalidArgument, ErrClosed, ErrReadOnly, ErrOutOfRange,
	ErrBusy, ErrIO, ErrNoMemory, ErrUnsupported, ErrFault,
}

// ErrorKind is the portable kind of the OS error behind a failure
// (mmf_error_kind in mmf.h; KindNone when the OS was not involved).
type ErrorKind int

// The kinds of mmf.h (MMF_KIND_*); a newer library may add more.
const (
	KindNone        ErrorKind = 0
	KindOther       ErrorKind = 1
	KindNotFound    ErrorKind = 2
	KindExists      ErrorKind = 3
	KindPermission  ErrorKind = 4
	KindNoSpace     ErrorKind = 5
	KindTooLarge    ErrorKind = 6
	KindLoop        ErrorKind = 7
	KindNameTooLong ErrorKind = 8
)

// Error is a failure of the C library (or of the binding's own checks, with
// the same statuses). It matches its status' sentinel with errors.Is, and
// its Kind's fs error (fs.ErrNotExist, fs.ErrExist, fs.ErrPermission).
type Error struct {
	Status  Status        // never StatusOK
	OSError syscall.Errno // mmf_last_os_error: errno (Windows: GetLastError) behind an IO failure, else 0
	Kind    ErrorKind     // mmf_last_error_kind: the portable kind of OSError
	Message string        // the native message: the call, its arguments, the OS error
}

// Is reports whether the failure is of the kind target stands for:
// fs.ErrNotExist, fs.ErrExist or fs.ErrPermission (from Kind, so the same
// on every platform).
func (e *Error) Is(target error) bool {
	switch target {
	case fs.ErrNotExist:
		return e.Kind == KindNotFound
	case fs.ErrExist:
		return e.Kind == KindExists
	case fs.ErrPermission:
		return e.Kind == KindPermission
	}
	return false
}

// Error returns "mmf: STATUS: message".
func (e *Error) Error() string {
	return "mmf: " + e.Status.String() + ": " + e.Message
}

// Unwrap returns the status' sentinel and, if set, the OS error (for
// errors.As to a syscall.Errno).
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Status > 0 && int(e.Status) < len(sentinels) {
		errs = append(errs, sentinels[e.Status])
	}
	if e.OSError != 0 {
		errs = append(errs, e.OSError)
	}
	return errs
}

// StatusOf returns the Status behind err: StatusOK for nil, the status of
// an *Error (possibly wrapped), StatusIO for any other error.
func StatusOf(err error) Status {
	if err == nil {
		return StatusOK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	for s := StatusInvalidArgument; int(s) < len(sentinels); s++ {
		if errors.Is(err, sentinels[s]) {
			return s
		}
	}
	return StatusIO
}

func newError(s Status, msg string) *Error {
	return &Error{Status: s, Message: msg}
}
