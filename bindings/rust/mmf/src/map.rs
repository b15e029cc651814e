//! [`Mmap`]: the map object.

use std::fmt;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::ops::{Bound, RangeBounds};
use std::path::Path;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, Ordering};

use mmf_sys as sys;

use crate::view::{View, ViewMut};
use crate::{Error, MmapOptions, Result};

/// Capacity of the [`BufRead`] look-ahead buffer.
const READ_BUF: usize = 8192;

/// How [`Mmap::advise`] tells the OS the memory will be used (`madvise`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Advice {
    /// No special treatment (`MADV_NORMAL`).
    Normal,
    /// Expect random access (`MADV_RANDOM`).
    Random,
    /// Expect sequential access (`MADV_SEQUENTIAL`).
    Sequential,
    /// Expect access soon: read ahead (`MADV_WILLNEED`).
    WillNeed,
    /// Not needed soon (`MADV_DONTNEED`): a shared map keeps its bytes (they
    /// are in the file or shared memory); a copy-on-write map loses its
    /// private changes in that range, as with the system call.
    DontNeed,
}

impl Advice {
    fn raw(self) -> i32 {
        (match self {
            Advice::Normal => sys::MMF_ADVICE_NORMAL,
            Advice::Random => sys::MMF_ADVICE_RANDOM,
            Advice::Sequential => sys::MMF_ADVICE_SEQUENTIAL,
            Advice::WillNeed => sys::MMF_ADVICE_WILLNEED,
            Advice::DontNeed => sys::MMF_ADVICE_DONTNEED,
        }) as i32
    }
}

/// The [`BufRead`] look-ahead: a copy of the bytes at the cursor, valid until
/// the map's `stale` flag is set (a call through this handle moved the cursor
/// or changed bytes). The cursor itself only moves in `consume`, so reads
/// through [`Read`] and the look-ahead never disagree on the position.
#[derive(Default)]
struct ReadBuf {
    data: Vec<u8>,
    pos: usize,
}

/// A memory-mapped file, or anonymous shared memory, with the object model of
/// Python's `mmap`: a cursor (`std::io::{Read, Write, Seek, BufRead}`),
/// positioned access ([`read_at`](Mmap::read_at) /
/// [`write_at`](Mmap::write_at)), [`find`](Mmap::find) /
/// [`rfind`](Mmap::rfind), [`move_bytes`](Mmap::move_bytes),
/// [`flush`](Mmap::flush), [`resize`](Mmap::resize) and
/// [`close`](Mmap::close).
///
/// # Safety model
///
/// Every method copies bytes through libmmf, which touches the mapped memory
/// only inside its fault guard: if another process truncates the file under
/// the map, the call returns [`Error::Fault`] instead of the process dying of
/// `SIGBUS`, and a concurrent change by another process is only a change of
/// the bytes copied, never undefined behaviour in this process. That is why
/// opening a *file* is safe here, where `memmap2::Mmap::map` is `unsafe`.
///
/// The one way to the memory itself is a [`View`] / [`ViewMut`]: see
/// [`Mmap::view`] for what is safe there and what is not.
///
/// # Threads
///
/// `Mmap` is `Send` and `Sync`: every method takes `&self` and may run on any
/// number of threads at once (share it in an `Arc`), as the C library
/// promises. `std::io` is implemented for `&Mmap` too, like for `&File`; two
/// threads sharing one cursor see their reads interleave in an unspecified
/// order, as with a shared file offset.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::io::{BufRead, Read, Seek, SeekFrom, Write};
/// let mut m = mmf::Mmap::anonymous(32)?;
/// m.write_all(b"first line\nsecond line\n")?;
/// m.seek(SeekFrom::Start(0))?;
/// let mut line = String::new();
/// m.read_line(&mut line)?;
/// assert_eq!(line, "first line\n");
/// assert_eq!(m.find(b"line", ..)?, Some(6));
/// assert_eq!(m.rfind(b"line", ..)?, Some(18));
/// assert_eq!(m.find(b"line", 7..)?, Some(18));
/// let mut word = [0u8; 6];
/// m.read_exact(&mut word)?;
/// assert_eq!(&word, b"second");
/// # Ok(()) }
/// ```
pub struct Mmap {
    raw: NonNull<sys::mmf_map>,
    anonymous: bool,
    writable: bool,
    /// Set by every call through this handle that may move the cursor or
    /// change bytes; invalidates the `BufRead` look-ahead, whose refill (with
    /// `&mut self`) clears it.
    stale: AtomicBool,
    rbuf: ReadBuf,
}

// SAFETY: mmf.h's thread-safety contract: "every function may be called
// concurrently on the same handle from any number of threads, with one
// exception: mmf_free() must be the last call on a handle". Every method here
// takes `&self` and calls only those functions; `mmf_free` runs in `Drop`,
// which has `&mut self`, so no other call can be in flight or follow. The
// handle has no thread affinity (the only thread-local state, the last error
// message, is read on the calling thread right after the failing call), so it
// may move between threads (`Send`). The memory obtained through
// `mmf_buffer_acquire`, which the contract does not protect, is only reachable
// through `View`/`ViewMut`, which borrow the `Mmap` mutably: no call through
// this handle can run while one exists. The `stale` flag is atomic; the
// BufRead buffer is only touched through `&mut self`.
unsafe impl Send for Mmap {}
unsafe impl Sync for Mmap {}

fn clamp_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn found(index: i64) -> Option<u64> {
    u64::try_from(index).ok()
}

impl Mmap {
    /// Wraps a handle fresh from an `mmf_open*` call.
    ///
    /// # Safety
    /// `raw` must be a valid handle that nothing else owns or frees.
    pub(crate) unsafe fn from_raw(raw: *mut sys::mmf_map, anonymous: bool, writable: bool) -> Mmap {
        Mmap {
            raw: NonNull::new(raw).expect("libmmf returned MMF_OK without a handle"),
            anonymous,
            writable,
            stale: AtomicBool::new(false),
            rbuf: ReadBuf::default(),
        }
    }

    /// Opens the file at `path` read-write and maps all of it (Python's
    /// `mmap(f.fileno(), 0)`). See [`MmapOptions`] for everything else.
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Mmap> {
        MmapOptions::new().open(path)
    }

    /// `len` bytes of zeroed anonymous shared memory (Python's
    /// `mmap(-1, len)`).
    pub fn anonymous(len: u64) -> Result<Mmap> {
        MmapOptions::new().open_anonymous(len)
    }

    #[inline]
    pub(crate) fn ptr(&self) -> *mut sys::mmf_map {
        self.raw.as_ptr()
    }

    /// Marks the `BufRead` look-ahead stale. A plain load and store, not a
    /// read-modify-write: writers only ever set the flag, and the one place
    /// that clears it (`fill_buf`) has `&mut self`, so no call races with it,
    /// and every call made before it happens-before it (a `&mut` is only
    /// regained through synchronisation). A `lock`ed increment here cost
    /// typed and byte-slice writes several ns a call (README, "Per-call
    /// cost"); the load first keeps the cache line shared between threads
    /// that write through one handle once it is set.
    #[inline]
    pub(crate) fn touched(&self) {
        if !self.stale.load(Ordering::Relaxed) {
            self.stale.store(true, Ordering::Relaxed);
        }
    }

    /// The C handle, for calls the safe API does not offer (with `mmf_sys`).
    /// It stays owned by this `Mmap`: never pass it to `mmf_free`, and do
    /// not use it after the `Mmap` is dropped. Calls through it bypass this
    /// type's `BufRead` look-ahead bookkeeping.
    pub fn as_raw(&self) -> *mut sys::mmf_map {
        self.ptr()
    }

    /// Whether this is an anonymous map (no file behind it, no name: nothing
    /// outside this process can change it). A named map
    /// ([`MmapOptions::named`]) is not.
    pub fn is_anonymous(&self) -> bool {
        self.anonymous
    }

    /// The length of the map in bytes (Python's `len(m)`). Infallible, as
    /// memmap2's is: a closed map has length 0 (Python raises `ValueError`
    /// there; every other call on a closed map is [`Error::Closed`], and
    /// [`is_closed`](Self::is_closed) tells the two cases apart).
    pub fn len(&self) -> u64 {
        self.length().unwrap_or(0)
    }

    /// The length, or [`Error::Closed`]: for the callers that must not take
    /// a closed map for an empty one.
    fn length(&self) -> Result<u64> {
        let mut n = 0;
        // SAFETY: valid handle, valid out pointer (as in every call below).
        Error::check(unsafe { sys::mmf_length(self.ptr(), &mut n) })?;
        Ok(n)
    }

    /// Whether the map is empty: length 0, e.g. after `resize(0)`, or closed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The size of the whole file, which can exceed the mapped area (Python's
    /// `size()`); for anonymous maps, the map's length.
    pub fn file_size(&self) -> Result<u64> {
        let mut n = 0;
        Error::check(unsafe { sys::mmf_size(self.ptr(), &mut n) })?;
        Ok(n)
    }

    /// The cursor (Python's `tell()`); after a shrink it may lie past the end.
    pub fn tell(&self) -> Result<u64> {
        let mut n = 0;
        Error::check(unsafe { sys::mmf_tell(self.ptr(), &mut n) })?;
        Ok(n)
    }

    fn seek_raw(&self, off: i64, whence: u32) -> Result<u64> {
        let mut pos = 0;
        Error::check(unsafe { sys::mmf_seek(self.ptr(), off, whence as i32, &mut pos) })?;
        Ok(pos)
    }

    fn seek_from(&self, pos: SeekFrom) -> Result<u64> {
        let (off, whence) = match pos {
            SeekFrom::Start(n) => {
                // The C library checks "closed" before the range: so does
                // this (tell fails with the library's CLOSED message).
                if n > i64::MAX as u64 {
                    self.tell()?;
                }
                let off = i64::try_from(n).map_err(|_| {
                    Error::OutOfRange(format!(
                        "seek(SeekFrom::Start({n})): past i64::MAX, so outside any map \
                         (checked by the mmf crate)"
                    ))
                })?;
                (off, sys::MMF_SEEK_SET)
            }
            SeekFrom::Current(d) => (d, sys::MMF_SEEK_CUR),
            SeekFrom::End(d) => (d, sys::MMF_SEEK_END),
        };
        self.touched();
        self.seek_raw(off, whence)
    }

    fn read_cursor(&self, buf: &mut [u8]) -> Result<usize> {
        self.touched();
        let mut n = 0;
        Error::check(unsafe {
            sys::mmf_read(self.ptr(), buf.as_mut_ptr().cast(), buf.len(), &mut n)
        })?;
        Ok(n.min(buf.len()))
    }

    fn write_cursor(&self, data: &[u8]) -> Result<()> {
        self.touched();
        Error::check(unsafe { sys::mmf_write(self.ptr(), data.as_ptr().cast(), data.len()) })
    }

    /// Reads the byte at the cursor and advances it (Python's `read_byte()`).
    /// [`Error::OutOfRange`] at or past the end.
    pub fn read_byte(&self) -> Result<u8> {
        self.touched();
        let mut b = 0;
        Error::check(unsafe { sys::mmf_read_byte(self.ptr(), &mut b) })?;
        Ok(b)
    }

    /// Writes one byte at the cursor and advances it (Python's
    /// `write_byte()`). [`Error::OutOfRange`] at or past the end.
    pub fn write_byte(&self, b: u8) -> Result<()> {
        self.touched();
        Error::check(unsafe { sys::mmf_write_byte(self.ptr(), b) })
    }

    /// Copies bytes from the cursor up to and including the next `\n`, the
    /// end of the map, or `buf.len()` bytes, whichever comes first, and
    /// advances the cursor by the count returned (Python's `readline()`, with
    /// a cap). A line longer than `buf` comes back in several calls. See also
    /// [`BufRead::read_line`], which has no cap.
    pub fn readline(&self, buf: &mut [u8]) -> Result<usize> {
        self.touched();
        let mut n = 0;
        Error::check(unsafe {
            sys::mmf_readline(self.ptr(), buf.as_mut_ptr().cast(), buf.len(), &mut n)
        })?;
        Ok(n.min(buf.len()))
    }

    /// Copies up to `buf.len()` bytes from `offset` into `buf` without using
    /// or moving the cursor (Python's `m[offset:offset+len]`); returns the
    /// count, which is smaller only at the end of the map. The arguments are
    /// in the order of std's `FileExt::read_at(buf, offset)`.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for `offset` past the end (`offset == len`
    /// gives 0); [`Error::Closed`]; [`Error::Fault`] if the file was
    /// truncated under the map.
    #[inline]
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        read_at_raw(self.ptr(), offset, buf)
    }

    /// Writes all of `buf` at `offset` without using or moving the cursor
    /// (Python's `m[offset:offset+len] = buf`), arguments in the order of
    /// std's `FileExt::write_at(buf, offset)`. Unlike that call it never
    /// writes part of `buf`: a range that does not fit (or overflows) is
    /// [`Error::OutOfRange`] and writes nothing.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] as above; [`Error::ReadOnly`] on a map opened
    /// with [`Access::Read`](crate::Access::Read); [`Error::Closed`];
    /// [`Error::Fault`] if the file was truncated under the map.
    #[inline]
    pub fn write_at(&self, buf: &[u8], offset: u64) -> Result<()> {
        self.touched();
        Error::check(unsafe {
            sys::mmf_write_at(self.ptr(), offset, buf.as_ptr().cast(), buf.len())
        })
    }

    /// The whole map as a `Vec` (a copy).
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let len = usize::try_from(self.length()?).map_err(|_| {
            Error::NoMemory("to_vec(): the map is larger than the address space".into())
        })?;
        let mut v = vec![0u8; len];
        let n = self.read_at(&mut v, 0)?;
        v.truncate(n);
        Ok(v)
    }

    /// Lowest index `i` in `range` with `needle` at `i` and the whole match
    /// inside `range` (Python's `find(sub, start, end)`), or `None`.
    ///
    /// Unlike Python, an unbounded start means 0, not the cursor: `..` is the
    /// whole map. Bounds past the end are clamped to it, as slices are in
    /// Python; an empty needle is found at the start of the range. For
    /// Python's exact defaults and negative indices use [`Mmap::py_find`].
    pub fn find<R: RangeBounds<u64>>(&self, needle: &[u8], range: R) -> Result<Option<u64>> {
        let (start, end) = bounds(&range);
        self.find_raw(needle, start, end, false)
    }

    /// Highest index found as [`Mmap::find`] would (Python's `rfind`).
    pub fn rfind<R: RangeBounds<u64>>(&self, needle: &[u8], range: R) -> Result<Option<u64>> {
        let (start, end) = bounds(&range);
        self.find_raw(needle, start, end, true)
    }

    /// Python's `find(sub, start, end)` exactly: `None` for `start` is the
    /// cursor, for `end` the length; negative values count from the end; both
    /// are then clamped to `[0, len]`.
    pub fn py_find(
        &self,
        needle: &[u8],
        start: Option<i64>,
        end: Option<i64>,
    ) -> Result<Option<u64>> {
        self.find_raw(needle, py_pos(start), py_pos(end), false)
    }

    /// Python's `rfind(sub, start, end)` exactly (the start defaults to the
    /// cursor, as in CPython). See [`Mmap::py_find`].
    pub fn py_rfind(
        &self,
        needle: &[u8],
        start: Option<i64>,
        end: Option<i64>,
    ) -> Result<Option<u64>> {
        self.find_raw(needle, py_pos(start), py_pos(end), true)
    }

    fn find_raw(&self, needle: &[u8], start: i64, end: i64, reverse: bool) -> Result<Option<u64>> {
        let f = if reverse {
            sys::mmf_rfind
        } else {
            sys::mmf_find
        };
        let mut index = -1;
        Error::check(unsafe {
            f(
                self.ptr(),
                needle.as_ptr().cast(),
                needle.len(),
                start,
                end,
                &mut index,
            )
        })?;
        Ok(found(index))
    }

    /// Copies `count` bytes from `src` to `dest` inside the map; the ranges
    /// may overlap (Python's `move(dest, src, count)`). The cursor stays.
    /// [`Error::OutOfRange`] if either range leaves the map or overflows.
    pub fn move_bytes(&self, dest: u64, src: u64, count: u64) -> Result<()> {
        self.touched();
        Error::check(unsafe { sys::mmf_move(self.ptr(), dest, src, count) })
    }

    /// Writes all changes back to the file and waits until they are on stable
    /// storage (`msync(MS_SYNC)`, plus `fsync` after a size change). Nothing
    /// to do, and `Ok`, for read-only, copy-on-write and anonymous maps.
    pub fn flush(&self) -> Result<()> {
        self.flush_range(0, 0)
    }

    /// Writes back `[offset, offset + len)`, widened to page boundaries;
    /// `len` 0 means to the end of the map. [`Error::OutOfRange`] if the
    /// range leaves the map or overflows.
    pub fn flush_range(&self, offset: u64, len: u64) -> Result<()> {
        Error::check(unsafe { sys::mmf_flush(self.ptr(), offset, len, sys::MMF_FLUSH_SYNC) })
    }

    /// Schedules write-back and returns at once (`msync(MS_ASYNC)`); no
    /// durability guarantee.
    pub fn flush_async(&self) -> Result<()> {
        self.flush_async_range(0, 0)
    }

    /// [`Mmap::flush_range`] without waiting (`msync(MS_ASYNC)`).
    pub fn flush_async_range(&self, offset: u64, len: u64) -> Result<()> {
        Error::check(unsafe { sys::mmf_flush(self.ptr(), offset, len, sys::MMF_FLUSH_ASYNC) })
    }

    /// Advises the OS how `[offset, offset + len)` will be used (Python's
    /// `madvise`); `len` 0 means to the end and a range past the end is
    /// clamped. [`Error::OutOfRange`] for `offset >= len()` or an offset +
    /// len past `i64::MAX`.
    pub fn advise(&self, advice: Advice, offset: u64, len: u64) -> Result<()> {
        Error::check(unsafe { sys::mmf_madvise(self.ptr(), advice.raw(), offset, len) })
    }

    /// Changes the length of the map, and of the file to offset + `new_len`
    /// (Python's `resize()`); the cursor stays, even past the new end.
    /// Growing a file reserves its blocks first, so a full disk is
    /// [`Error::Io`] here. On failure the map keeps its length and bytes.
    ///
    /// # Errors
    /// [`Error::ReadOnly`] for [`Access::Read`](crate::Access::Read) and
    /// [`Access::Copy`](crate::Access::Copy) maps; [`Error::OutOfRange`] past
    /// `i64::MAX`; [`Error::Io`] / [`Error::NoMemory`] when the OS refuses;
    /// [`Error::Unsupported`] for a named map ([`MmapOptions::named`]: other
    /// processes have it mapped).
    pub fn resize(&self, new_len: u64) -> Result<()> {
        self.touched();
        Error::check(unsafe { sys::mmf_resize(self.ptr(), new_len) })
    }

    /// Unmaps and closes the file (Python's `close()`). Idempotent; every
    /// other call then fails with [`Error::Closed`]. Dropping the `Mmap`
    /// closes it too. Unflushed changes of a shared map still reach the file
    /// eventually; only [`Mmap::flush`] says when.
    pub fn close(&self) -> Result<()> {
        self.touched();
        Error::check(unsafe { sys::mmf_close(self.ptr()) })
    }

    /// Whether the map is closed (Python's `closed`).
    #[inline]
    pub fn is_closed(&self) -> bool {
        unsafe { sys::mmf_closed(self.ptr()) != 0 }
    }

    /// A zero-copy, read-only view of an **anonymous** map, pinning it
    /// (derefs to `&[u8]`).
    ///
    /// # What is safe
    ///
    /// A view is the map's memory itself, which libmmf does not guard: reads
    /// through it are plain loads. Rust requires that the bytes behind a
    /// `&[u8]` do not change while it lives, and a load from a page whose
    /// file was truncated raises `SIGBUS`, which kills the process.
    ///
    /// * In this process, the view borrows the `Mmap` mutably, so no call
    ///   through this handle (a write, resize or close) can run while it
    ///   lives; libmmf also refuses `close`/`resize` of a pinned map
    ///   ([`Error::Busy`]).
    /// * An anonymous map has no file: nothing outside this handle can change
    ///   or shrink it, short of `unsafe` code (a `fork()` whose child writes
    ///   to a shared anonymous map, or writes to `/proc/self/mem`). So this
    ///   method is safe.
    /// * A file-backed map can be written or truncated at any time by another
    ///   process, or by another map of the same file in this process, and the
    ///   crate cannot prevent it. This method therefore returns
    ///   [`Error::Unsupported`] for file-backed maps; use
    ///   [`Mmap::view_unchecked`] (`unsafe`), or copy with
    ///   [`Mmap::read_at`], which is guarded. The same holds for a named map
    ///   ([`MmapOptions::named`]), which other processes map.
    ///
    /// ```
    /// # fn main() -> Result<(), mmf::Error> {
    /// let mut m = mmf::Mmap::anonymous(8)?;
    /// m.write_at(b"abc", 0)?;
    /// let v = m.view()?;
    /// assert_eq!(&v[..3], b"abc");
    /// # Ok(()) }
    /// ```
    ///
    /// The view excludes every other call on the map while it lives:
    ///
    /// ```compile_fail,E0502
    /// let mut m = mmf::Mmap::anonymous(8).unwrap();
    /// let v = m.view().unwrap();
    /// m.write_at(b"x", 0).unwrap(); // error: `m` is mutably borrowed by `v`
    /// drop(v);
    /// ```
    pub fn view(&mut self) -> Result<View<'_>> {
        self.require_anonymous("view")?;
        // SAFETY: anonymous: nothing but this handle can change the memory.
        unsafe { self.view_unchecked() }
    }

    /// A zero-copy, writable view of an **anonymous** map (derefs to
    /// `&mut [u8]`); [`Error::ReadOnly`] for an
    /// [`Access::Read`](crate::Access::Read) map. Safe for the reasons given
    /// at [`Mmap::view`].
    pub fn view_mut(&mut self) -> Result<ViewMut<'_>> {
        self.require_anonymous("view_mut")?;
        // SAFETY: as in view().
        unsafe { self.view_mut_unchecked() }
    }

    fn require_anonymous(&self, what: &str) -> Result<()> {
        if self.anonymous {
            Ok(())
        } else {
            Err(Error::Unsupported(format!(
                "{what}(): a file-backed or named map can be written or truncated by another \
                 process while the view lives; use the unsafe {what}_unchecked() or read_at() \
                 (checked by the mmf crate)"
            )))
        }
    }

    /// A zero-copy, read-only view of any map.
    ///
    /// # Safety
    ///
    /// While the view lives, the mapped part of the file must not be
    /// modified or truncated by anyone else: another process, another map of
    /// the same file, or `std::fs` writes to it. A modification is undefined
    /// behaviour (the `&[u8]` changes under Rust's feet); a truncation makes
    /// the next load raise `SIGBUS`, which libmmf does not guard here, so the
    /// process dies. The same contract as `memmap2::Mmap::map`; use file
    /// permissions or locks (e.g. `flock`) to enforce it.
    pub unsafe fn view_unchecked(&mut self) -> Result<View<'_>> {
        let (data, len) = self.acquire()?;
        Ok(View::new(self, data, len))
    }

    /// A zero-copy, writable view of any map; [`Error::ReadOnly`] for an
    /// [`Access::Read`](crate::Access::Read) map. Writes reach the file as
    /// writes through the map do (not for [`Access::Copy`](crate::Access::Copy)).
    ///
    /// # Safety
    /// As for [`Mmap::view_unchecked`].
    pub unsafe fn view_mut_unchecked(&mut self) -> Result<ViewMut<'_>> {
        if !self.writable {
            return Err(Error::ReadOnly(
                "view_mut(): the map is read only (access Read) (checked by the mmf crate)".into(),
            ));
        }
        self.touched();
        let (data, len) = self.acquire()?;
        Ok(ViewMut::new(self, data, len))
    }

    fn acquire(&self) -> Result<(NonNull<u8>, usize)> {
        let mut data: *mut std::ffi::c_void = ptr::null_mut();
        let mut len = 0u64;
        Error::check(unsafe { sys::mmf_buffer_acquire(self.ptr(), &mut data, &mut len) })?;
        let Ok(len) = usize::try_from(len) else {
            self.release();
            return Err(Error::NoMemory(
                "view(): the map is larger than the address space".into(),
            ));
        };
        // An empty map may have no address; a slice needs a non-null one.
        let data = NonNull::new(data.cast::<u8>())
            .filter(|_| len > 0)
            .unwrap_or(NonNull::dangling());
        Ok((data, len))
    }

    /// Ends one acquisition (called by the views' `Drop`).
    pub(crate) fn release(&self) {
        // SAFETY: valid handle. It cannot fail: the acquisition is ours and
        // the map cannot have been closed while pinned.
        let s = unsafe { sys::mmf_buffer_release(self.ptr()) };
        debug_assert_eq!(s, sys::MMF_OK, "mmf_buffer_release failed");
    }
}

#[inline]
fn read_at_raw(m: *mut sys::mmf_map, pos: u64, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    // SAFETY: m is a live handle; buf is writable for buf.len() bytes.
    Error::check(unsafe { sys::mmf_read_at(m, pos, buf.as_mut_ptr().cast(), buf.len(), &mut n) })?;
    Ok(n.min(buf.len()))
}

/// A `RangeBounds<u64>` as the C API's (start, end): unbounded is 0 / the
/// end; values past i64::MAX are past any map, so clamping to it is the same
/// as the C library's clamping to the length.
fn bounds<R: RangeBounds<u64>>(range: &R) -> (i64, i64) {
    let start = match range.start_bound() {
        Bound::Included(&s) => clamp_i64(s),
        Bound::Excluded(&s) => clamp_i64(s.saturating_add(1)),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => clamp_i64(e.saturating_add(1)),
        Bound::Excluded(&e) => clamp_i64(e),
        Bound::Unbounded => i64::MAX,
    };
    (start, end)
}

/// Python's optional index as the C API's: `None` is MMF_POS_DEFAULT
/// (i64::MIN), so an explicit i64::MIN becomes i64::MIN + 1, which also
/// clamps to 0 for every possible length (at most i64::MAX).
fn py_pos(p: Option<i64>) -> i64 {
    match p {
        None => sys::MMF_POS_DEFAULT,
        Some(i64::MIN) => i64::MIN + 1,
        Some(v) => v,
    }
}

impl Drop for Mmap {
    fn drop(&mut self) {
        // SAFETY: &mut self: no call is in flight, none can follow.
        unsafe { sys::mmf_free(self.ptr()) }
    }
}

impl fmt::Debug for Mmap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Mmap");
        d.field("anonymous", &self.anonymous);
        match self.length() {
            Ok(len) => d.field("len", &len),
            Err(_) => d.field("closed", &true),
        };
        d.finish()
    }
}

/// Reads at the cursor and advances it (Python's `read(n)`); `Ok(0)` at or
/// past the end.
impl Read for &Mmap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.read_cursor(buf)?)
    }
}

/// Writes at the cursor, all or nothing (Python's `write()`): bytes that do
/// not fit between the cursor and the end are an error of kind `WriteZero`
/// (with [`Error::OutOfRange`] inside) and nothing is written. A map does not
/// grow by writing; [`Mmap::resize`] first.
///
/// `flush` only checks that the map is open, like `File`'s, which does not
/// sync either: the bytes are already in the map. [`Mmap::flush`] (an
/// inherent method, which method-call syntax prefers) writes them back to
/// the file.
impl Write for &Mmap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.write_cursor(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e @ Error::OutOfRange(_)) => Err(io::Error::new(io::ErrorKind::WriteZero, e)),
            Err(e) => Err(e.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.is_closed() {
            return Err(Error::Closed(
                "io::Write::flush(): the map is closed (checked by the mmf crate)".into(),
            )
            .into());
        }
        Ok(())
    }
}

/// Moves the cursor (Python's `seek`); a target outside `[0, len]` is an
/// error of kind `InvalidInput` and the cursor stays.
impl Seek for &Mmap {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        Ok(self.seek_from(pos)?)
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.tell()?)
    }
}

impl Read for Mmap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self).read(buf)
    }
}

impl Write for Mmap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut &*self)
    }
}

impl Seek for Mmap {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        (&*self).seek(pos)
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.tell()?)
    }
}

/// Buffered reading at the cursor: `read_line`, `lines`, `read_until`,
/// `split`. The look-ahead is a copy of the bytes at the cursor; the cursor
/// only moves as bytes are consumed, so [`Read`], [`Seek`] and
/// [`Mmap::tell`] stay exact, and any call through this handle that moves
/// the cursor or writes drops the look-ahead. Like `BufReader<File>`, a
/// change made by another process or handle inside the look-ahead (at most
/// 8 KiB) may be seen late.
impl BufRead for Mmap {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let stale = self.stale.get_mut();
        if self.rbuf.pos >= self.rbuf.data.len() || *stale {
            *stale = false;
            let cursor = self.tell()?;
            let len = self.length()?;
            self.rbuf.data.resize(READ_BUF, 0);
            let n = if cursor >= len {
                0
            } else {
                read_at_raw(self.ptr(), cursor, &mut self.rbuf.data)?
            };
            self.rbuf.data.truncate(n);
            self.rbuf.pos = 0;
        }
        Ok(&self.rbuf.data[self.rbuf.pos..])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.rbuf.data.len() - self.rbuf.pos);
        if amt == 0 {
            return;
        }
        // Not through seek_from: moving past bytes just looked at keeps the
        // look-ahead valid. amt <= 8 KiB, so the cast is exact.
        match self.seek_raw(amt as i64, sys::MMF_SEEK_CUR) {
            Ok(_) => self.rbuf.pos += amt,
            // Only possible if the map was closed or shrunk since fill_buf
            // (which marks it stale): drop the look-ahead; the next call
            // reports the error.
            Err(_) => self.rbuf.data.clear(),
        }
    }
}
