//! [`MmapOptions`]: how to open a map.

use std::ffi::CString;
use std::path::Path;
use std::ptr;

use mmf_sys as sys;

use crate::{Error, Mmap, Result};

/// How a map may be used; Python's `access=` argument.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Access {
    /// Read and write, shared with the file (Python's default on Unix). With
    /// [`MmapOptions::private`] it behaves exactly like [`Access::Copy`].
    #[default]
    Default,
    /// Read only: writes, moves and resizes fail with [`Error::ReadOnly`].
    Read,
    /// Write-through: changes reach the file.
    Write,
    /// Copy-on-write: changes stay in this process and never reach the file;
    /// the map cannot be resized.
    Copy,
}

impl Access {
    fn raw(self) -> sys::mmf_access {
        match self {
            Access::Default => sys::MMF_ACCESS_DEFAULT,
            Access::Read => sys::MMF_ACCESS_READ,
            Access::Write => sys::MMF_ACCESS_WRITE,
            Access::Copy => sys::MMF_ACCESS_COPY,
        }
    }
}

/// A builder for [`Mmap`], in the style of [`std::fs::OpenOptions`].
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let dir = std::env::temp_dir().join(format!("mmf-doc-opts-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let path = dir.join("data.bin");
/// // Create the file with 4 KiB (its blocks reserved) and map it read-write.
/// let map = mmf::MmapOptions::new().create(true).len(4096).open(&path)?;
/// assert_eq!(map.len(), 4096);
/// map.write_at(b"hello", 100)?;
/// drop(map);
/// // Map 5 bytes from offset 100, read only: any offset works.
/// let ro = mmf::MmapOptions::new()
///     .access(mmf::Access::Read)
///     .offset(100)
///     .len(5)
///     .open(&path)?;
/// let mut buf = [0u8; 5];
/// ro.read_at(&mut buf, 0)?;
/// assert_eq!(&buf, b"hello");
/// assert!(matches!(ro.write_at(b"x", 0), Err(mmf::Error::ReadOnly(_))));
/// # drop(ro); std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MmapOptions {
    access: Access,
    offset: u64,
    len: u64,
    flags: u32,
}

impl MmapOptions {
    /// The defaults: [`Access::Default`], offset 0, length 0 (to the end of
    /// the file), no flags.
    pub fn new() -> MmapOptions {
        MmapOptions::default()
    }

    /// How the map may be used (default: [`Access::Default`]).
    pub fn access(&mut self, access: Access) -> &mut Self {
        self.access = access;
        self
    }

    /// File offset where the map starts (default 0). Any offset works, not
    /// only multiples of [`crate::allocation_granularity`]. Must be 0 for
    /// anonymous maps.
    pub fn offset(&mut self, offset: u64) -> &mut Self {
        self.offset = offset;
        self
    }

    /// Bytes to map; 0 (the default) maps from the offset to the end of the
    /// file. Ignored by [`MmapOptions::open_anonymous`], which takes its
    /// length as an argument.
    pub fn len(&mut self, len: u64) -> &mut Self {
        self.len = len;
        self
    }

    fn flag(&mut self, bit: u32, on: bool) -> &mut Self {
        if on {
            self.flags |= bit;
        } else {
            self.flags &= !bit;
        }
        self
    }

    /// Create the file if it does not exist; if it is shorter than offset +
    /// length it is extended to that size, its blocks reserved first.
    pub fn create(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_OPEN_CREATE, on)
    }

    /// With `create`: fail with [`Error::Io`] if the file already exists.
    /// With [`named`](Self::named): create only, [`Error::Io`] if the name
    /// exists.
    pub fn exclusive(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_OPEN_EXCLUSIVE, on)
    }

    /// With `create`: create the file with mode 0600 instead of 0666 & ~umask.
    pub fn owner_only(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_OPEN_OWNER_ONLY, on)
    }

    /// Refuse a path whose last component is a symbolic link (`O_NOFOLLOW`).
    pub fn no_follow(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_OPEN_NOFOLLOW, on)
    }

    /// Prefault the pages at open (`MAP_POPULATE`); a hint.
    pub fn populate(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_OPEN_POPULATE, on)
    }

    /// A private (copy-on-write) map: with [`Access::Default`] this is
    /// [`Access::Copy`]. Combined with an explicit access it is
    /// [`Error::InvalidArgument`], as Python forbids `flags` with `access`.
    pub fn private(&mut self, on: bool) -> &mut Self {
        self.flag(sys::MMF_MAP_PRIVATE, on)
    }

    fn raw(&self) -> sys::mmf_options {
        let mut o = sys::MMF_OPTIONS_INIT;
        o.access = self.access.raw();
        o.offset = self.offset;
        o.length = self.len;
        o.flags = self.flags;
        o
    }

    fn finish(
        &self,
        status: sys::mmf_status,
        raw: *mut sys::mmf_map,
        anonymous: bool,
    ) -> Result<Mmap> {
        Error::check(status)?;
        // SAFETY: MMF_OK means raw is a fresh handle that nothing else owns.
        Ok(unsafe { Mmap::from_raw(raw, anonymous, self.access != Access::Read) })
    }

    /// Opens (and, with [`create`](Self::create), creates) the file at `path`
    /// and maps it. mmf opens its own descriptor (`O_CLOEXEC`), closed with
    /// the map.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty file with length 0, a path with
    /// a NUL byte or an inconsistent option set; [`Error::OutOfRange`] for a
    /// range past the end of the file without `create`; [`Error::Io`] when
    /// the file cannot be opened, created, extended or mapped
    /// (`io::ErrorKind::NotFound` for a missing file).
    pub fn open<P: AsRef<Path>>(&self, path: P) -> Result<Mmap> {
        let path = path_to_cstring(path.as_ref())?;
        let o = self.raw();
        let mut raw = ptr::null_mut();
        // SAFETY: path is NUL-terminated, o initialised, raw a valid out slot.
        let s = unsafe { sys::mmf_open(path.as_ptr(), &o, &mut raw) };
        self.finish(s, raw, false)
    }

    /// Maps the open file `file`. The descriptor is duplicated: `file` may be
    /// closed at once. It must be open for reading, and for writing unless
    /// the access is [`Access::Read`] or [`Access::Copy`]; `create` and the
    /// other path flags are [`Error::InvalidArgument`] here.
    #[cfg(unix)]
    pub fn open_fd<F: std::os::fd::AsFd>(&self, file: &F) -> Result<Mmap> {
        use std::os::fd::AsRawFd;
        let fd = file.as_fd();
        let o = self.raw();
        let mut raw = ptr::null_mut();
        // SAFETY: fd is a live descriptor borrowed for the call (mmf dups it).
        let s = unsafe { sys::mmf_open_fd(fd.as_raw_fd(), &o, &mut raw) };
        self.finish(s, raw, false)
    }

    /// Maps `len` bytes of zeroed memory backed by no file (Python's
    /// `mmap(-1, len)`). Shared with `fork()`ed children unless the access is
    /// [`Access::Copy`] (or `private`). Anonymous maps can be resized.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `len` 0 or a nonzero offset;
    /// [`Error::OutOfRange`] for a length over `i64::MAX`;
    /// [`Error::NoMemory`] when the OS refuses the memory.
    pub fn open_anonymous(&self, len: u64) -> Result<Mmap> {
        let o = self.raw();
        let mut raw = ptr::null_mut();
        // SAFETY: o initialised, raw a valid out slot.
        let s = unsafe { sys::mmf_open_anonymous(len, &o, &mut raw) };
        self.finish(s, raw, true)
    }

    /// Creates or opens the named shared map `name` (Python's Windows
    /// `tagname`): other processes, in any language, map the same bytes by
    /// the same name. `len` 0 opens only; [`exclusive(true)`](Self::exclusive)
    /// creates only. The rules (names, sizes, access, owner, lifetime) are
    /// those of `mmf_open_named` in `mmf.h`, written once there.
    ///
    /// Other processes may change (or, being the owner, shrink) the bytes at
    /// any time, so a named map is not [anonymous](Mmap::is_anonymous):
    /// [`Mmap::view`] refuses it; copy with [`Mmap::read_at`] /
    /// [`Mmap::write_at`] (guarded), and order accesses between processes
    /// with atomics on the memory of `mmf_buffer_acquire` (through
    /// [`Mmap::as_raw`] and [`crate::sys`], e.g. `AtomicU32::from_ptr`).
    ///
    /// ```
    /// # fn main() -> Result<(), mmf::Error> {
    /// let name = format!("mmf-doc-{}", std::process::id());
    /// let a = mmf::MmapOptions::new().exclusive(true).named(&name, 4096)?;
    /// a.write_at(b"shared", 0)?;
    /// let b = mmf::MmapOptions::new().named(&name, 0)?; // open only
    /// let mut buf = [0u8; 6];
    /// b.read_at(&mut buf, 0)?;
    /// assert_eq!(&buf, b"shared");
    /// mmf::unlink_named(&name)?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a name that breaks the rules (or holds
    /// a NUL byte), `exclusive` with `len` 0, `create`, `no_follow`,
    /// `owner_only` or a nonzero offset; [`Error::OutOfRange`] for a `len`
    /// larger than the existing map (or over `i64::MAX`); [`Error::Io`] when
    /// the name exists (`exclusive`), does not exist (`len` 0), belongs to
    /// another user, or the OS refuses; [`Error::NoMemory`].
    pub fn named(&self, name: &str, len: u64) -> Result<Mmap> {
        let c_name = name_to_cstring("named", name)?;
        let o = self.raw();
        let mut raw = ptr::null_mut();
        // SAFETY: o initialised; c_name NUL-terminated and alive until after
        // the call (the library only reads it during the call); raw a valid
        // out slot.
        let s = unsafe { sys::mmf_open_named(c_name.as_ptr(), len, &o, &mut raw) };
        drop(c_name);
        // Not "anonymous": other processes share (and may change) the bytes.
        self.finish(s, raw, false)
    }
}

/// Removes the name of a named shared map (`mmf_unlink_named`): maps of it
/// stay valid, and a later [`MmapOptions::named`] with the name creates a new
/// map. A name that does not exist is not an error, so cleanup code may call
/// it unconditionally. Windows: it only checks the name, which goes away with
/// the last map of it.
///
/// # Errors
/// [`Error::InvalidArgument`] for a name that breaks the rules (or holds a
/// NUL byte); [`Error::Io`] when the OS refuses (permission denied).
pub fn unlink_named(name: &str) -> Result<()> {
    let c_name = name_to_cstring("unlink_named", name)?;
    // SAFETY: c_name is NUL-terminated and outlives the call.
    Error::check(unsafe { sys::mmf_unlink_named(c_name.as_ptr()) })
}

fn name_to_cstring(call: &str, name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| {
        Error::InvalidArgument(format!(
            "{call}({name:?}): the name contains a NUL byte (checked by the mmf crate)"
        ))
    })
}

#[cfg(unix)]
fn path_to_cstring(path: &Path) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes()).map_err(|_| nul_error(path))
}

#[cfg(not(unix))]
fn path_to_cstring(path: &Path) -> Result<CString> {
    let s = path.to_str().ok_or_else(|| {
        Error::InvalidArgument(format!("open({}): the path is not UTF-8", path.display()))
    })?;
    CString::new(s).map_err(|_| nul_error(path))
}

fn nul_error(path: &Path) -> Error {
    Error::InvalidArgument(format!(
        "open({:?}): the path contains a NUL byte (checked by the mmf crate)",
        path
    ))
}
