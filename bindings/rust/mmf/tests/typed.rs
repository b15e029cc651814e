//! Typed positional access (`read_*_at` / `write_*_at`, `read_pod_at` /
//! `write_pod_at`): every width at the first byte, at the last valid
//! position, one past it, at huge and "negative" positions, on a read-only
//! map, on a closed map, on a truncated file, and against concurrent writes,
//! closes and resizes.

use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};

use mmf::{Access, Error, Mmap, MmapOptions};

const LEN: u64 = 64;

mod common;
use common::TempDir;

fn bytes(m: &Mmap) -> Vec<u8> {
    m.to_vec().unwrap()
}

/// Positions no value of width `w` fits at in a map of `LEN` bytes: one past
/// the last valid one, the end, past it, and the huge ones (u64::MAX is -1
/// as an i64; u64::MAX - w + 2 makes pos + w overflow).
fn bad_positions(w: u64) -> [u64; 8] {
    [
        LEN - w + 1,
        LEN,
        LEN + 1,
        i64::MAX as u64,
        (i64::MAX as u64) + 1,
        (u64::MAX - w).saturating_add(2),
        (-8i64) as u64,
        u64::MAX,
    ]
}

/// For one type and byte order: round trips at the first byte and the last
/// valid position, the bytes in that order, every bad position refused
/// with OutOfRange (and nothing written), READ and closed maps.
macro_rules! check_width {
    ($t:ty, $v:expr, $read:ident, $write:ident, $to:ident) => {{
        let w = std::mem::size_of::<$t>() as u64;
        let v: $t = $v;
        let m = Mmap::anonymous(LEN).unwrap();
        let what = concat!(stringify!($read), "/", stringify!($write));
        for pos in [0, 1, LEN - w] {
            m.$write(pos, v).unwrap();
            assert_eq!(
                m.$read(pos).unwrap().to_ne_bytes(),
                v.to_ne_bytes(),
                "{what} at {pos}"
            );
            let mut raw = vec![0u8; w as usize];
            m.read_at(&mut raw, pos).unwrap();
            assert_eq!(raw, v.$to(), "{what}: bytes at {pos}");
        }
        let before = bytes(&m);
        for pos in bad_positions(w) {
            let e = m.$read(pos).unwrap_err();
            assert!(
                matches!(e, Error::OutOfRange(_)),
                "{what} read at {pos}: {e}"
            );
            assert!(!e.message().is_empty());
            let e = m.$write(pos, v).unwrap_err();
            assert!(
                matches!(e, Error::OutOfRange(_)),
                "{what} write at {pos}: {e}"
            );
        }
        assert_eq!(bytes(&m), before, "{what}: a refused write changed bytes");

        // READ map: reads work, writes are ReadOnly and change nothing.
        let d = TempDir::new("ro");
        let p = d.file("f", &before);
        let ro = MmapOptions::new().access(Access::Read).open(&p).unwrap();
        assert_eq!(
            ro.$read(LEN - w).unwrap().to_ne_bytes(),
            v.to_ne_bytes(),
            "{what}"
        );
        for pos in [0, LEN - w] {
            let e = ro.$write(pos, v).unwrap_err();
            assert!(
                matches!(e, Error::ReadOnly(_)),
                "{what} on READ at {pos}: {e}"
            );
        }
        drop(ro);
        assert_eq!(fs::read(&p).unwrap(), before);

        // Closed: every call, at every position, is Closed.
        m.close().unwrap();
        for pos in [0, LEN - w, LEN - w + 1, u64::MAX] {
            assert!(
                matches!(m.$read(pos), Err(Error::Closed(_))),
                "{what} closed at {pos}"
            );
            assert!(
                matches!(m.$write(pos, v), Err(Error::Closed(_))),
                "{what} closed at {pos}"
            );
        }
    }};
}

#[test]
fn every_width_and_order_at_the_edges() {
    check_width!(u8, 0xA5, read_u8_at, write_u8_at, to_le_bytes);
    check_width!(i8, -91, read_i8_at, write_i8_at, to_le_bytes);
    check_width!(u16, 0x0102, read_u16_le_at, write_u16_le_at, to_le_bytes);
    check_width!(u16, 0x0102, read_u16_be_at, write_u16_be_at, to_be_bytes);
    check_width!(i16, -2, read_i16_le_at, write_i16_le_at, to_le_bytes);
    check_width!(i16, -2, read_i16_be_at, write_i16_be_at, to_be_bytes);
    check_width!(
        u32,
        0x0102_0304,
        read_u32_le_at,
        write_u32_le_at,
        to_le_bytes
    );
    check_width!(
        u32,
        0x0102_0304,
        read_u32_be_at,
        write_u32_be_at,
        to_be_bytes
    );
    check_width!(
        i32,
        i32::MIN + 7,
        read_i32_le_at,
        write_i32_le_at,
        to_le_bytes
    );
    check_width!(
        i32,
        i32::MIN + 7,
        read_i32_be_at,
        write_i32_be_at,
        to_be_bytes
    );
    check_width!(
        u64,
        0x0102_0304_0506_0708,
        read_u64_le_at,
        write_u64_le_at,
        to_le_bytes
    );
    check_width!(
        u64,
        0x0102_0304_0506_0708,
        read_u64_be_at,
        write_u64_be_at,
        to_be_bytes
    );
    check_width!(
        i64,
        -0x0102_0304_0506_0708,
        read_i64_le_at,
        write_i64_le_at,
        to_le_bytes
    );
    check_width!(
        i64,
        -0x0102_0304_0506_0708,
        read_i64_be_at,
        write_i64_be_at,
        to_be_bytes
    );
    check_width!(
        u128,
        u128::MAX / 3,
        read_u128_le_at,
        write_u128_le_at,
        to_le_bytes
    );
    check_width!(
        u128,
        u128::MAX / 3,
        read_u128_be_at,
        write_u128_be_at,
        to_be_bytes
    );
    check_width!(
        i128,
        i128::MIN + 1,
        read_i128_le_at,
        write_i128_le_at,
        to_le_bytes
    );
    check_width!(
        i128,
        i128::MIN + 1,
        read_i128_be_at,
        write_i128_be_at,
        to_be_bytes
    );
    check_width!(f32, -1.5e-3, read_f32_le_at, write_f32_le_at, to_le_bytes);
    check_width!(f32, -1.5e-3, read_f32_be_at, write_f32_be_at, to_be_bytes);
    check_width!(
        f64,
        std::f64::consts::PI,
        read_f64_le_at,
        write_f64_le_at,
        to_le_bytes
    );
    check_width!(
        f64,
        std::f64::consts::PI,
        read_f64_be_at,
        write_f64_be_at,
        to_be_bytes
    );
    // A NaN payload survives (bits, not values, are copied).
    check_width!(
        f64,
        f64::from_bits(0x7FF8_0000_DEAD_BEEF),
        read_f64_be_at,
        write_f64_be_at,
        to_be_bytes
    );
    check_width!(
        f32,
        f32::from_bits(0xFFC0_1234),
        read_f32_le_at,
        write_f32_le_at,
        to_le_bytes
    );
}

#[test]
fn byte_order_is_explicit() {
    let m = Mmap::anonymous(16).unwrap();
    m.write_u32_be_at(0, 0x0102_0304).unwrap();
    m.write_u32_le_at(4, 0x0102_0304).unwrap();
    let mut b = [0u8; 8];
    m.read_at(&mut b, 0).unwrap();
    assert_eq!(b, [1, 2, 3, 4, 4, 3, 2, 1]);
    assert_eq!(m.read_u32_le_at(0).unwrap(), 0x0403_0201);
    assert_eq!(m.read_u16_be_at(3).unwrap(), 0x0404);
    assert_eq!(m.read_i8_at(0).unwrap(), 1);
    // Typed calls leave the cursor alone.
    assert_eq!(m.tell().unwrap(), 0);
}

#[test]
fn messages_say_what_failed() {
    let m = Mmap::anonymous(LEN).unwrap();
    // Partly inside the map: found by the crate from the short count.
    let e = m.read_u64_le_at(LEN - 4).unwrap_err();
    assert!(e.message().contains("read_u64_le_at(pos=60)"), "{e}");
    assert!(e.message().contains("length 64"), "{e}");
    let e = m.read_pod_at::<[u8; 3]>(LEN).unwrap_err();
    assert!(e.message().contains("read_pod_at(pos=64)"), "{e}");
    // Wholly outside: the library's message.
    let e = m.read_u16_be_at(u64::MAX).unwrap_err();
    assert!(e.message().contains("mmf_read_at"), "{e}");
    let e = m.write_f32_le_at(LEN - 3, 1.0).unwrap_err();
    assert!(e.message().contains("mmf_write_at"), "{e}");
}

/// A record as a file format would lay it out: no padding, any bit
/// pattern valid.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C)]
struct Rec {
    key: u64,
    value: [u8; 4],
    flags: u32,
}

// SAFETY: repr(C), no padding (8 + 4 + 4 bytes), every field Pod.
unsafe impl mmf::bytemuck::Zeroable for Rec {}
// SAFETY: as above.
unsafe impl mmf::bytemuck::Pod for Rec {}

#[test]
fn pod_records() {
    let m = Mmap::anonymous(LEN).unwrap();
    let r = Rec {
        key: 0x1122_3344_5566_7788,
        value: *b"abcd",
        flags: 9,
    };
    let w = std::mem::size_of::<Rec>() as u64;
    for pos in [0, 3, LEN - w] {
        m.write_pod_at(pos, &r).unwrap();
        assert_eq!(m.read_pod_at::<Rec>(pos).unwrap(), r);
    }
    let before = bytes(&m);
    for pos in bad_positions(w) {
        assert!(
            matches!(m.read_pod_at::<Rec>(pos), Err(Error::OutOfRange(_))),
            "{pos}"
        );
        assert!(
            matches!(m.write_pod_at(pos, &r), Err(Error::OutOfRange(_))),
            "{pos}"
        );
    }
    assert_eq!(bytes(&m), before);
    // Arrays of numbers are Pod too; a zero-sized type reads nothing, and
    // like read_at is refused only past the end.
    m.write_pod_at(8, &[1u16, 2, 3]).unwrap();
    assert_eq!(m.read_pod_at::<[u16; 3]>(8).unwrap(), [1, 2, 3]);
    m.read_pod_at::<()>(LEN).unwrap();
    assert!(matches!(
        m.read_pod_at::<()>(LEN + 1),
        Err(Error::OutOfRange(_))
    ));
    m.close().unwrap();
    assert!(matches!(m.read_pod_at::<Rec>(0), Err(Error::Closed(_))));
    assert!(matches!(m.write_pod_at(0, &r), Err(Error::Closed(_))));
}

#[test]
fn truncated_file_is_fault_for_typed_calls() {
    let d = TempDir::new("fault");
    let page = mmf::page_size();
    let p = d.file("f", &vec![7u8; 4 * page as usize]);
    let m = Mmap::open(&p).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(0)
        .unwrap();
    assert!(matches!(m.read_u64_le_at(2 * page), Err(Error::Fault(_))));
    // Across a page boundary too.
    assert!(matches!(m.read_u32_be_at(page - 2), Err(Error::Fault(_))));
    assert!(matches!(m.write_u64_be_at(8, 1), Err(Error::Fault(_))));
    assert!(matches!(m.read_pod_at::<Rec>(0), Err(Error::Fault(_))));
    // resize re-establishes the file and the mapping.
    m.resize(page).unwrap();
    m.write_u64_be_at(8, 1).unwrap();
    assert_eq!(m.read_u64_be_at(8).unwrap(), 1);
}

#[test]
fn typed_writes_drop_the_buf_read_look_ahead() {
    use std::io::BufRead;
    let mut m = Mmap::anonymous(12).unwrap();
    m.write_at(b"abcde\nfghij\n", 0).unwrap();
    let mut line = String::new();
    m.read_line(&mut line).unwrap();
    assert_eq!(line, "abcde\n");
    // The look-ahead holds "fghij\n" now; a typed write changes it.
    m.write_u16_be_at(6, u16::from_be_bytes(*b"XY")).unwrap();
    line.clear();
    m.read_line(&mut line).unwrap();
    assert_eq!(line, "XYhij\n");
}

/// A typed read never sees half of a concurrent typed write through the
/// same handle, even across a page boundary (the core's seqlock).
#[test]
fn reads_never_tear_against_writes() {
    let page = mmf::page_size();
    let m = Arc::new(Mmap::anonymous(2 * page).unwrap());
    let pos = page - 3;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (m, stop) = (Arc::clone(&m), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut k = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let v = if k % 2 == 0 { 0 } else { u64::MAX };
                m.write_u64_le_at(pos, v).unwrap();
                k += 1;
            }
        })
    };
    for _ in 0..200_000 {
        let v = m.read_u64_le_at(pos).unwrap();
        assert!(v == 0 || v == u64::MAX, "torn read: {v:#x}");
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
}

/// Typed reads racing a resize and then a close on other threads: each read
/// succeeds (with the bytes written), or fails with OutOfRange (the map is
/// shorter for now) or Closed; never a crash on unmapped memory.
#[test]
fn reads_race_resize_and_close() {
    let page = mmf::page_size();
    let m = Arc::new(Mmap::anonymous(16 * page).unwrap());
    let pos = 8 * page + 4;
    m.write_u64_be_at(pos, 0xFEED).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(3));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (m, done, start) = (Arc::clone(&m), Arc::clone(&done), Arc::clone(&start));
            std::thread::spawn(move || {
                assert_eq!(m.read_u64_be_at(pos).unwrap(), 0xFEED);
                start.wait();
                let (mut ok, mut closed) = (1u64, false);
                while !closed {
                    match m.read_u64_be_at(pos) {
                        // A shrink and regrow zero the tail: 0 or the value.
                        Ok(v) => {
                            assert!(v == 0xFEED || v == 0, "{v:#x}");
                            ok += 1;
                        }
                        Err(Error::OutOfRange(_)) => {}
                        Err(Error::Closed(_)) => closed = true,
                        Err(e) => panic!("unexpected: {e}"),
                    }
                    if done.load(Ordering::Relaxed) && !closed {
                        // The closer has run: the next read must say so.
                        assert!(matches!(m.read_u64_be_at(pos), Err(Error::Closed(_))));
                        closed = true;
                    }
                }
                ok
            })
        })
        .collect();
    start.wait();
    for i in 0..200 {
        let len = if i % 2 == 0 { page } else { 16 * page };
        m.resize(len).unwrap();
        if i % 2 == 1 {
            m.write_u64_be_at(pos, 0xFEED).unwrap();
        }
    }
    m.close().unwrap();
    done.store(true, Ordering::Relaxed);
    for r in readers {
        assert!(r.join().unwrap() >= 1);
    }
}
