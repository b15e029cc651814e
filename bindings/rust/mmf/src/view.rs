//! Zero-copy views: the map's memory itself, pinned.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::slice;

use crate::Mmap;

/// A read-only, zero-copy view of a map; derefs to `[u8]`. Made by
/// [`Mmap::view`] (anonymous maps) or [`Mmap::view_unchecked`] (`unsafe`, any
/// map), where the safety rules are. While it lives the map is pinned
/// (libmmf refuses `close` and `resize` with `Busy`) and mutably borrowed (no
/// call through the `Mmap` compiles). Dropping it releases the pin.
pub struct View<'a> {
    map: &'a Mmap,
    data: NonNull<u8>,
    len: usize,
}

/// A writable, zero-copy view of a map; derefs to `[u8]` mutably. See
/// [`View`], [`Mmap::view_mut`] and [`Mmap::view_mut_unchecked`].
pub struct ViewMut<'a> {
    map: &'a Mmap,
    data: NonNull<u8>,
    len: usize,
}

// SAFETY: a View is a pinned `&[u8]` (Send + Sync like one); the release in
// Drop is an mmf call, allowed from any thread. A ViewMut is a `&mut [u8]`.
unsafe impl Send for View<'_> {}
unsafe impl Sync for View<'_> {}
unsafe impl Send for ViewMut<'_> {}
unsafe impl Sync for ViewMut<'_> {}

impl<'a> View<'a> {
    /// `data`/`len` come from a successful mmf_buffer_acquire on `map`,
    /// borrowed mutably by the caller for 'a.
    pub(crate) fn new(map: &'a mut Mmap, data: NonNull<u8>, len: usize) -> View<'a> {
        View { map, data, len }
    }
}

impl<'a> ViewMut<'a> {
    pub(crate) fn new(map: &'a mut Mmap, data: NonNull<u8>, len: usize) -> ViewMut<'a> {
        ViewMut { map, data, len }
    }
}

impl Deref for View<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: the map is pinned (its address and length cannot change),
        // nothing in this process can write it (it is mutably borrowed), and
        // nothing outside can by the contract of the constructor.
        unsafe { slice::from_raw_parts(self.data.as_ptr(), self.len) }
    }
}

impl Deref for ViewMut<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: as for View.
        unsafe { slice::from_raw_parts(self.data.as_ptr(), self.len) }
    }
}

impl DerefMut for ViewMut<'_> {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as for View; the map is writable (checked at creation) and
        // &mut self makes this the only reference.
        unsafe { slice::from_raw_parts_mut(self.data.as_ptr(), self.len) }
    }
}

impl Drop for View<'_> {
    fn drop(&mut self) {
        self.map.release();
    }
}

impl Drop for ViewMut<'_> {
    fn drop(&mut self) {
        self.map.release();
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View").field("len", &self.len).finish()
    }
}

impl fmt::Debug for ViewMut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ViewMut").field("len", &self.len).finish()
    }
}
