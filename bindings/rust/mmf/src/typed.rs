//! Typed positional access: integers and floats at a byte position, in an
//! explicit byte order, and any [`bytemuck::Pod`] value in native order.
//!
//! Each call is one `mmf_read_at` / `mmf_write_at` on a stack array of the
//! value's width, so it has everything [`Mmap::read_at`] /
//! [`Mmap::write_at`] have (the range, read-only and closed checks, the fault
//! guard, the consistency with concurrent writes through the handle) and
//! allocates nothing unless it fails. The wrappers are `#[inline]`: in the
//! caller's code a typed read is the C call, one comparison and the decode.

use std::mem::size_of;

use mmf_sys as sys;

use crate::{Error, Mmap, Result};

impl Mmap {
    /// Exactly `N` bytes at `pos`: one `mmf_read_at`, whose short count at
    /// the end of the map becomes [`Error::OutOfRange`] here.
    #[inline]
    fn read_array_at<const N: usize>(&self, pos: u64, what: &'static str) -> Result<[u8; N]> {
        let mut buf = [0u8; N];
        let mut n = 0usize;
        // SAFETY: a live handle; `buf` is writable for N bytes; `n` is a
        // valid out pointer.
        let s = unsafe { sys::mmf_read_at(self.ptr(), pos, buf.as_mut_ptr().cast(), N, &mut n) };
        if s == sys::MMF_OK && n == N {
            Ok(buf)
        } else {
            Err(read_error(s, what, pos, n, N))
        }
    }

    /// Writes `bytes` at `pos`: one `mmf_write_at`, all or nothing.
    #[inline]
    fn write_array_at<const N: usize>(&self, pos: u64, bytes: [u8; N]) -> Result<()> {
        self.touched();
        // SAFETY: a live handle; `bytes` is readable for N bytes.
        Error::check(unsafe { sys::mmf_write_at(self.ptr(), pos, bytes.as_ptr().cast(), N) })
    }

    /// Reads the value of type `T` whose bytes are at `pos`, in the
    /// machine's byte order and layout (`T`'s in-memory representation;
    /// `pos` needs no alignment). For records of a file format, a
    /// `#[repr(C)]` struct deriving `Pod` (bytemuck's `derive` feature);
    /// for single numbers prefer the methods with an explicit byte order,
    /// such as [`Mmap::read_u64_le_at`]. One `mmf_read_at` call, into a
    /// `T` on the stack.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] when the `size_of::<T>()` bytes at `pos` do not
    /// all lie inside the map (`pos` past the end, at the end, or too close
    /// to it; nothing is read); [`Error::Closed`]; [`Error::Fault`] if the
    /// file was truncated under the map.
    ///
    /// ```
    /// # fn main() -> Result<(), mmf::Error> {
    /// let m = mmf::Mmap::anonymous(64)?;
    /// m.write_pod_at(8, &[1u32, 2, 3])?;
    /// assert_eq!(m.read_pod_at::<[u32; 3]>(8)?, [1, 2, 3]);
    /// m.write_u16_be_at(0, 0x1234)?;
    /// assert_eq!((m.read_u8_at(0)?, m.read_u16_le_at(0)?), (0x12, 0x3412));
    /// assert!(matches!(m.read_pod_at::<u64>(60), Err(mmf::Error::OutOfRange(_))));
    /// # Ok(()) }
    /// ```
    #[inline]
    pub fn read_pod_at<T: bytemuck::Pod>(&self, pos: u64) -> Result<T> {
        let mut value = T::zeroed();
        let buf = bytemuck::bytes_of_mut(&mut value);
        let mut n = 0usize;
        // SAFETY: a live handle; `buf` is writable for its length; `n` is a
        // valid out pointer.
        let s = unsafe {
            sys::mmf_read_at(self.ptr(), pos, buf.as_mut_ptr().cast(), buf.len(), &mut n)
        };
        if s == sys::MMF_OK && n == size_of::<T>() {
            Ok(value)
        } else {
            Err(read_error(s, "read_pod_at", pos, n, size_of::<T>()))
        }
    }

    /// Writes the bytes of `value` (its in-memory representation, in the
    /// machine's byte order) at `pos`, all or nothing, without using the
    /// cursor. One `mmf_write_at` call.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] when the `size_of::<T>()` bytes at `pos` do not
    /// all fit in the map (nothing is written); [`Error::ReadOnly`] for an
    /// [`Access::Read`](crate::Access::Read) map; [`Error::Closed`];
    /// [`Error::Fault`] if the file was truncated under the map.
    #[inline]
    pub fn write_pod_at<T: bytemuck::NoUninit>(&self, pos: u64, value: &T) -> Result<()> {
        self.write_at(bytemuck::bytes_of(value), pos)
    }
}

/// The error of a typed read: the library's, or, when the library read
/// fewer bytes than the width (the value crosses the end of the map), an
/// [`Error::OutOfRange`] that says so. Out of line and cold: the success path
/// carries none of it.
#[cold]
#[inline(never)]
fn read_error(status: sys::mmf_status, what: &str, pos: u64, n: usize, width: usize) -> Error {
    if status != sys::MMF_OK {
        return Error::last(status);
    }
    // n is what lay between pos and the end: pos + n is the length.
    Error::OutOfRange(format!(
        "{what}(pos={pos}): the {width}-byte value at {pos} passes the end of the map \
         (length {}) (checked by the mmf crate)",
        pos + n as u64
    ))
}

/// The typed methods of one type: `read_<t>_{le,be}_at` and
/// `write_<t>_{le,be}_at`, each one native call.
macro_rules! typed_methods {
    ($($t:ident: $rle:ident, $rbe:ident, $wle:ident, $wbe:ident;)*) => {
        impl Mmap {
            $(
                typed_methods!(@read $t, $rle, from_le_bytes, "little-endian");
                typed_methods!(@read $t, $rbe, from_be_bytes, "big-endian");
                typed_methods!(@write $t, $wle, to_le_bytes, "little-endian");
                typed_methods!(@write $t, $wbe, to_be_bytes, "big-endian");
            )*
        }
    };
    (@read $t:ident, $name:ident, $from:ident, $order:literal) => {
        #[doc = concat!(
            "Reads the `", stringify!($t), "` stored ", $order, " in the `size_of::<",
            stringify!($t), ">()` bytes at `pos` (no alignment needed), without using ",
            "or moving the cursor: one `mmf_read_at` call. It never returns half of ",
            "a concurrent write through this map.\n\n",
            "# Errors\n",
            "[`Error::OutOfRange`] when the bytes do not all lie inside the map ",
            "(`pos` past the end, at it, or too close to it; huge positions ",
            "included); [`Error::Closed`]; [`Error::Fault`] if the file was ",
            "truncated under the map."
        )]
        #[inline]
        pub fn $name(&self, pos: u64) -> Result<$t> {
            self.read_array_at(pos, stringify!($name)).map($t::$from)
        }
    };
    (@write $t:ident, $name:ident, $to:ident, $order:literal) => {
        #[doc = concat!(
            "Writes `value` as a ", $order, " `", stringify!($t), "` at `pos` (no ",
            "alignment needed), all or nothing, without using or moving the cursor: ",
            "one `mmf_write_at` call.\n\n",
            "# Errors\n",
            "[`Error::OutOfRange`] when the bytes do not all fit in the map (nothing ",
            "is written; huge positions included); [`Error::ReadOnly`] for an ",
            "[`Access::Read`](crate::Access::Read) map; [`Error::Closed`]; ",
            "[`Error::Fault`] if the file was truncated under the map."
        )]
        #[inline]
        pub fn $name(&self, pos: u64, value: $t) -> Result<()> {
            self.write_array_at(pos, value.$to())
        }
    };
}

typed_methods! {
    u16: read_u16_le_at, read_u16_be_at, write_u16_le_at, write_u16_be_at;
    u32: read_u32_le_at, read_u32_be_at, write_u32_le_at, write_u32_be_at;
    u64: read_u64_le_at, read_u64_be_at, write_u64_le_at, write_u64_be_at;
    u128: read_u128_le_at, read_u128_be_at, write_u128_le_at, write_u128_be_at;
    i16: read_i16_le_at, read_i16_be_at, write_i16_le_at, write_i16_be_at;
    i32: read_i32_le_at, read_i32_be_at, write_i32_le_at, write_i32_be_at;
    i64: read_i64_le_at, read_i64_be_at, write_i64_le_at, write_i64_be_at;
    i128: read_i128_le_at, read_i128_be_at, write_i128_le_at, write_i128_be_at;
    f32: read_f32_le_at, read_f32_be_at, write_f32_le_at, write_f32_be_at;
    f64: read_f64_le_at, read_f64_be_at, write_f64_le_at, write_f64_be_at;
}

impl Mmap {
    /// Reads the byte at `pos` without using or moving the cursor (Python's
    /// `m[pos]`): one `mmf_read_at` call. See [`Mmap::read_byte`] for the
    /// cursor's.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for `pos` at or past the end; [`Error::Closed`];
    /// [`Error::Fault`] if the file was truncated under the map.
    #[inline]
    pub fn read_u8_at(&self, pos: u64) -> Result<u8> {
        self.read_array_at(pos, "read_u8_at").map(u8::from_le_bytes)
    }

    /// Reads the byte at `pos` as an `i8`; as [`Mmap::read_u8_at`].
    ///
    /// # Errors
    /// As [`Mmap::read_u8_at`].
    #[inline]
    pub fn read_i8_at(&self, pos: u64) -> Result<i8> {
        self.read_array_at(pos, "read_i8_at").map(i8::from_le_bytes)
    }

    /// Writes one byte at `pos` without using or moving the cursor (Python's
    /// `m[pos] = b`): one `mmf_write_at` call.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for `pos` at or past the end; [`Error::ReadOnly`]
    /// for an [`Access::Read`](crate::Access::Read) map; [`Error::Closed`];
    /// [`Error::Fault`] if the file was truncated under the map.
    #[inline]
    pub fn write_u8_at(&self, pos: u64, value: u8) -> Result<()> {
        self.write_array_at(pos, [value])
    }

    /// Writes an `i8` at `pos`; as [`Mmap::write_u8_at`].
    ///
    /// # Errors
    /// As [`Mmap::write_u8_at`].
    #[inline]
    pub fn write_i8_at(&self, pos: u64, value: i8) -> Result<()> {
        self.write_array_at(pos, value.to_le_bytes())
    }
}
