//! Memory-mapped files with the object model of Python's `mmap`, over
//! libmmf's C ABI (`mmf.h`, through the `mmf-sys` crate).
//!
//! * [`Mmap`]: a cursor through `std::io::{Read, Write, Seek, BufRead}`,
//!   positioned [`read_at`](Mmap::read_at) / [`write_at`](Mmap::write_at),
//!   [`find`](Mmap::find) / [`rfind`](Mmap::rfind) over ranges,
//!   [`move_bytes`](Mmap::move_bytes), [`flush`](Mmap::flush),
//!   [`resize`](Mmap::resize) (files and anonymous memory), [`close`](Mmap::close).
//! * Typed positional access, one native call each: `read_{u,i}{16,32,64,128}_{le,be}_at`,
//!   `read_f{32,64}_{le,be}_at`, `read_u8_at`, `read_i8_at`, the `write_*_at` pairs
//!   (e.g. [`read_u64_le_at`](Mmap::read_u64_le_at),
//!   [`write_f64_be_at`](Mmap::write_f64_be_at)), and
//!   [`read_pod_at`](Mmap::read_pod_at) / [`write_pod_at`](Mmap::write_pod_at)
//!   for any [`bytemuck::Pod`] type.
//! * [`MmapOptions`]: access, offset (any offset), length, create, populate,
//!   private.
//! * [`Error`]: one variant per C status, convertible into `io::Error`.
//!
//! # Why mapping a file is safe here
//!
//! With `memmap2`, every file-backed constructor is `unsafe`: the file can be
//! truncated or changed by another process while the map's memory is borrowed
//! as a slice, and a load from a truncated page kills the process with
//! `SIGBUS`. `mmf` never hands out the memory except through a [`View`]:
//! every method copies through libmmf, whose fault guard turns a vanished page
//! into [`Error::Fault`] and whose locks make concurrent calls on one handle
//! safe. A change by another process is then just a change of the bytes
//! copied. The zero-copy [`View`] / [`ViewMut`] are safe for anonymous maps
//! and `unsafe` for file-backed ones: see [`Mmap::view`].
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::io::{BufRead, Seek, SeekFrom};
//! # let dir = std::env::temp_dir().join(format!("mmf-doc-lib-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let path = dir.join("hello.txt");
//! std::fs::write(&path, b"Hello Python!\n")?;
//!
//! let mut mm = mmf::Mmap::open(&path)?;
//! let mut line = String::new();
//! mm.read_line(&mut line)?;
//! assert_eq!(line, "Hello Python!\n");
//! mm.write_at(b" world!\n", 6)?;
//! mm.seek(SeekFrom::Start(0))?;
//! line.clear();
//! mm.read_line(&mut line)?;
//! assert_eq!(line, "Hello  world!\n");
//! mm.flush()?;
//! drop(mm);
//! assert_eq!(std::fs::read(&path)?, b"Hello  world!\n");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod error;
mod map;
mod options;
mod typed;
mod view;

use std::ffi::CStr;

/// The crate whose `Pod` / `NoUninit` bound [`Mmap::read_pod_at`] and
/// [`Mmap::write_pod_at`], re-exported so that callers name the same version.
pub use bytemuck;
pub use error::{Error, Result};
pub use map::{Advice, Mmap};
pub use mmf_sys as sys;
pub use options::{unlink_named, Access, MmapOptions};
pub use view::{View, ViewMut};

/// The OS page size (Python's `mmap.PAGESIZE`).
#[inline]
pub fn page_size() -> u64 {
    // SAFETY: no arguments; never fails.
    unsafe { sys::mmf_page_size() }
}

/// The granularity of map offsets in the OS (Python's
/// `mmap.ALLOCATIONGRANULARITY`); mmf itself accepts any offset.
pub fn allocation_granularity() -> u64 {
    // SAFETY: no arguments; never fails.
    unsafe { sys::mmf_allocation_granularity() }
}

/// The version of the libmmf loaded at run time, `"MAJOR.MINOR.PATCH"`.
pub fn version() -> &'static str {
    // SAFETY: mmf_version returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(sys::mmf_version()) }
        .to_str()
        .unwrap_or("unknown")
}
