//! The error type: one variant per `mmf_status`, with the library's message.

use std::ffi::CStr;
use std::fmt;
use std::io;

use mmf_sys as sys;

/// A failed call: the status the C library returned (one variant per
/// `MMF_ERR_*`) and the calling thread's `mmf_last_error()` message, which
/// names the call, its arguments and, for [`Error::Io`], the OS error.
///
/// Errors detected by this crate before calling the library (a path with a
/// NUL byte, a seek target above `i64::MAX`, a `view` of a file-backed map)
/// use the variant the C library would have used and a message saying so.
///
/// | C status | variant | [`io::ErrorKind`] |
/// |---|---|---|
/// | `MMF_ERR_INVALID_ARGUMENT` | [`Error::InvalidArgument`] | `InvalidInput` |
/// | `MMF_ERR_CLOSED` | [`Error::Closed`] | `Other` |
/// | `MMF_ERR_READ_ONLY` | [`Error::ReadOnly`] | `PermissionDenied` |
/// | `MMF_ERR_OUT_OF_RANGE` | [`Error::OutOfRange`] | `InvalidInput` (`WriteZero` from `io::Write`) |
/// | `MMF_ERR_BUSY` | [`Error::Busy`] | `ResourceBusy` |
/// | `MMF_ERR_IO` | [`Error::Io`] | from `mmf_last_error_kind()`: `NotFound`, `AlreadyExists`, `PermissionDenied`, `StorageFull`, `FileTooLarge`; else the kind of the OS error number, else `Other` |
/// | `MMF_ERR_NO_MEMORY` | [`Error::NoMemory`] | `OutOfMemory` |
/// | `MMF_ERR_UNSUPPORTED` | [`Error::Unsupported`] | `Unsupported` |
/// | `MMF_ERR_FAULT` | [`Error::Fault`] | `Other` |
/// | a newer status | [`Error::Unknown`] | `Other` |
///
/// The `io::Error` made by `From` keeps the `Error` inside:
/// [`Error::from_io`] gets it back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An unknown option, an inconsistent option set, an empty file mapped
    /// with length 0 (`MMF_ERR_INVALID_ARGUMENT`).
    InvalidArgument(String),
    /// The map was closed (`MMF_ERR_CLOSED`; Python's `ValueError: mmap
    /// closed or invalid`).
    Closed(String),
    /// A write or move on a read-only map, a resize of a read-only or
    /// copy-on-write map (`MMF_ERR_READ_ONLY`).
    ReadOnly(String),
    /// A position, length or range outside the map, or one whose arithmetic
    /// overflows (`MMF_ERR_OUT_OF_RANGE`).
    OutOfRange(String),
    /// Close or resize while a view pins the map (`MMF_ERR_BUSY`).
    Busy(String),
    /// The operating system refused (`MMF_ERR_IO`). See [`Error::os_error`]
    /// and [`Error::io_kind`].
    Io {
        /// The library's message, with the OS's error text.
        message: String,
        /// `mmf_last_os_error()`: errno on POSIX, `GetLastError()` on
        /// Windows; 0 when the failure did not come from an OS call.
        os_error: i32,
        /// `mmf_last_error_kind()` (`MMF_KIND_*`): the portable kind.
        kind: sys::mmf_error_kind,
    },
    /// Memory or address space ran out (`MMF_ERR_NO_MEMORY`).
    NoMemory(String),
    /// Not available on this platform or version (`MMF_ERR_UNSUPPORTED`).
    Unsupported(String),
    /// The mapped pages vanished: the file was truncated under the map by
    /// another process or handle (`MMF_ERR_FAULT`). Calls that touch the
    /// map's memory keep failing with it until [`crate::Mmap::resize`] or
    /// [`crate::Mmap::close`]; `len`, `file_size`, `tell` and `seek` still
    /// work.
    Fault(String),
    /// A status this version of the crate does not know (from a newer
    /// libmmf: the C ABI only grows).
    Unknown {
        /// The `mmf_status` value.
        status: u32,
        /// The library's message.
        message: String,
    },
}

/// `Result<T, mmf::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Builds the error for a status that is not `MMF_OK`.
    pub(crate) fn new(status: sys::mmf_status, message: String) -> Error {
        match status {
            sys::MMF_ERR_INVALID_ARGUMENT => Error::InvalidArgument(message),
            sys::MMF_ERR_CLOSED => Error::Closed(message),
            sys::MMF_ERR_READ_ONLY => Error::ReadOnly(message),
            sys::MMF_ERR_OUT_OF_RANGE => Error::OutOfRange(message),
            sys::MMF_ERR_BUSY => Error::Busy(message),
            sys::MMF_ERR_IO => Error::Io {
                message,
                os_error: 0,
                kind: sys::MMF_KIND_NONE,
            },
            sys::MMF_ERR_NO_MEMORY => Error::NoMemory(message),
            sys::MMF_ERR_UNSUPPORTED => Error::Unsupported(message),
            sys::MMF_ERR_FAULT => Error::Fault(message),
            status => Error::Unknown { status, message },
        }
    }

    /// The error for `status`, with the calling thread's `mmf_last_error()`.
    /// Must run on the thread that made the failed call, before its next
    /// mmf call (the message is thread-local and overwritten).
    #[cold]
    #[inline(never)]
    pub(crate) fn last(status: sys::mmf_status) -> Error {
        // SAFETY: mmf_last_error never returns NULL; the string stays valid
        // until this thread's next mmf call, and it is copied at once.
        let msg = unsafe { CStr::from_ptr(sys::mmf_last_error()) };
        // Kept as it is, even empty, so that tests can hold the library to
        // its promise of a message; Display falls back to the status text.
        let message = msg.to_string_lossy().into_owned();
        if status == sys::MMF_ERR_IO {
            // SAFETY: plain thread-local reads of the same failed call.
            let (os_error, kind) =
                unsafe { (sys::mmf_last_os_error(), sys::mmf_last_error_kind()) };
            return Error::Io {
                message,
                os_error,
                kind,
            };
        }
        Error::new(status, message)
    }

    /// Turns a C status into `Ok(())` or the error with the thread's message.
    /// Inline, with the error's construction out of line and cold: on
    /// success a call through the crate is the C call and one comparison.
    #[inline]
    pub(crate) fn check(status: sys::mmf_status) -> Result<()> {
        if status == sys::MMF_OK {
            Ok(())
        } else {
            Err(Error::last(status))
        }
    }

    fn status_text(status: u32) -> String {
        // SAFETY: mmf_strerror returns a static string, never NULL.
        unsafe { CStr::from_ptr(sys::mmf_strerror(status)) }
            .to_string_lossy()
            .into_owned()
    }

    /// The numeric `mmf_status` (`MMF_ERR_*`) this error stands for.
    pub fn status(&self) -> u32 {
        match self {
            Error::InvalidArgument(_) => sys::MMF_ERR_INVALID_ARGUMENT,
            Error::Closed(_) => sys::MMF_ERR_CLOSED,
            Error::ReadOnly(_) => sys::MMF_ERR_READ_ONLY,
            Error::OutOfRange(_) => sys::MMF_ERR_OUT_OF_RANGE,
            Error::Busy(_) => sys::MMF_ERR_BUSY,
            Error::Io { .. } => sys::MMF_ERR_IO,
            Error::NoMemory(_) => sys::MMF_ERR_NO_MEMORY,
            Error::Unsupported(_) => sys::MMF_ERR_UNSUPPORTED,
            Error::Fault(_) => sys::MMF_ERR_FAULT,
            Error::Unknown { status, .. } => *status,
        }
    }

    /// The status name without its `MMF_ERR_` prefix, as the conformance
    /// vectors write it: `"OUT_OF_RANGE"`, `"CLOSED"`, ... (`"UNKNOWN"` for
    /// [`Error::Unknown`]).
    pub fn name(&self) -> &'static str {
        match self {
            Error::InvalidArgument(_) => "INVALID_ARGUMENT",
            Error::Closed(_) => "CLOSED",
            Error::ReadOnly(_) => "READ_ONLY",
            Error::OutOfRange(_) => "OUT_OF_RANGE",
            Error::Busy(_) => "BUSY",
            Error::Io { .. } => "IO",
            Error::NoMemory(_) => "NO_MEMORY",
            Error::Unsupported(_) => "UNSUPPORTED",
            Error::Fault(_) => "FAULT",
            Error::Unknown { .. } => "UNKNOWN",
        }
    }

    /// The library's message, e.g. `mmf_read_at(pos=20, cap=4): position 20
    /// is past the end (length 14)`. libmmf promises one for every failure.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidArgument(m)
            | Error::Closed(m)
            | Error::ReadOnly(m)
            | Error::OutOfRange(m)
            | Error::Busy(m)
            | Error::Io { message: m, .. }
            | Error::NoMemory(m)
            | Error::Unsupported(m)
            | Error::Fault(m) => m,
            Error::Unknown { message, .. } => message,
        }
    }

    /// For [`Error::Io`]: the OS error number (`mmf_last_os_error()`: errno
    /// on POSIX, `GetLastError()` on Windows); `None` when the failure did
    /// not come from an OS call. Never parsed from the message.
    pub fn os_error(&self) -> Option<i32> {
        match self {
            Error::Io { os_error, .. } if *os_error != 0 => Some(*os_error),
            _ => None,
        }
    }

    /// The [`Error`] inside an `io::Error` made from one (by `From`, or by
    /// this crate's `std::io` implementations).
    pub fn from_io(e: &io::Error) -> Option<&Error> {
        e.get_ref().and_then(|inner| inner.downcast_ref::<Error>())
    }

    /// The [`io::ErrorKind`] this error converts to (see the table above).
    pub fn io_kind(&self) -> io::ErrorKind {
        match self {
            Error::InvalidArgument(_) | Error::OutOfRange(_) => io::ErrorKind::InvalidInput,
            Error::ReadOnly(_) => io::ErrorKind::PermissionDenied,
            Error::Busy(_) => io::ErrorKind::ResourceBusy,
            Error::NoMemory(_) => io::ErrorKind::OutOfMemory,
            Error::Unsupported(_) => io::ErrorKind::Unsupported,
            Error::Io { os_error, kind, .. } => match *kind {
                sys::MMF_KIND_NOT_FOUND => io::ErrorKind::NotFound,
                sys::MMF_KIND_EXISTS => io::ErrorKind::AlreadyExists,
                sys::MMF_KIND_PERMISSION => io::ErrorKind::PermissionDenied,
                sys::MMF_KIND_NO_SPACE => io::ErrorKind::StorageFull,
                sys::MMF_KIND_TOO_LARGE => io::ErrorKind::FileTooLarge,
                // LOOP and NAME_TOO_LONG have no stable ErrorKind for this
                // crate's minimum Rust: the OS error number gives std's own
                // (FilesystemLoop, InvalidFilename) where it knows one.
                _ if *os_error != 0 => io::Error::from_raw_os_error(*os_error).kind(),
                _ => io::ErrorKind::Other,
            },
            Error::Closed(_) | Error::Fault(_) | Error::Unknown { .. } => io::ErrorKind::Other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message().is_empty() {
            write!(f, "{}", Error::status_text(self.status()))
        } else {
            write!(f, "{}: {}", self.name(), self.message())
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        io::Error::new(e.io_kind(), e)
    }
}
