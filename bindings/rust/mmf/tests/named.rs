//! Named shared maps: `MmapOptions::named` and `mmf::unlink_named`, and Rust
//! and C over one named map across processes (CTest `rust.named.cross`).

use std::io;
use std::process::{Child, Command, Stdio};
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use mmf::{sys, Access, Error, Mmap, MmapOptions};

/// A name unique to this process and test, unlinked on drop (even when the
/// test panics).
struct Name(String);

impl Name {
    fn new(tag: &str) -> Name {
        Name(format!("mmfrs{}_{tag}", std::process::id()))
    }
}

impl Drop for Name {
    fn drop(&mut self) {
        let _ = mmf::unlink_named(&self.0);
    }
}

fn named(name: &str, len: u64) -> mmf::Result<Mmap> {
    MmapOptions::new().named(name, len)
}

fn read(m: &Mmap, pos: u64, n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    assert_eq!(m.read_at(&mut b, pos).unwrap(), n);
    b
}

#[test]
fn create_then_open_from_a_second_handle() {
    let n = Name::new("share");
    let a = named(&n.0, 100).unwrap();
    assert_eq!(a.len(), 100);
    let page = mmf::page_size();
    assert_eq!(
        a.file_size().unwrap(),
        100u64.div_ceil(page) * page,
        "whole pages"
    );
    assert!(!a.is_anonymous());
    a.write_at(b"hello", 0).unwrap();
    let b = named(&n.0, 0).unwrap(); // open only: all of it
    assert_eq!(b.len(), page);
    assert_eq!(read(&b, 0, 5), b"hello");
    b.write_at(b"back", 10).unwrap();
    assert_eq!(read(&a, 10, 4), b"back");
    let c = named(&n.0, 50).unwrap(); // create-or-open: the first 50 bytes
    assert_eq!(c.len(), 50);
}

#[test]
fn exclusive_refuses_an_existing_name() {
    let n = Name::new("excl");
    let a = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 4096)
        .unwrap();
    let e = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 4096)
        .unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(a.len(), 4096);
    let e = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 0)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
}

#[test]
fn open_only_needs_an_existing_name() {
    let n = Name::new("absent");
    mmf::unlink_named(&n.0).unwrap();
    let e = named(&n.0, 0).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::NotFound);
}

#[test]
fn a_length_larger_than_the_map_is_out_of_range() {
    let n = Name::new("size");
    let a = named(&n.0, 4096).unwrap();
    let e = named(&n.0, a.file_size().unwrap() + 1).unwrap_err();
    assert!(matches!(e, Error::OutOfRange(_)), "{e:?}");
    let e = named(&n.0, u64::MAX).unwrap_err();
    assert!(matches!(e, Error::OutOfRange(_)), "{e:?}");
}

#[test]
fn bad_names() {
    let long = "x".repeat(32);
    for bad in [
        "",
        "a/b",
        ".hidden",
        "-dash",
        &long,
        "café",
        "sp ace",
        "nul\0name",
    ] {
        let e = named(bad, 4096).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}: {e:?}");
        let e = mmf::unlink_named(bad).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}: {e:?}");
    }
}

#[test]
fn options_that_concern_files_are_refused() {
    let n = Name::new("flags");
    for o in [
        MmapOptions::new().create(true).clone(),
        MmapOptions::new().owner_only(true).clone(),
        MmapOptions::new().no_follow(true).clone(),
        MmapOptions::new().offset(1).clone(),
    ] {
        let e = o.named(&n.0, 4096).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{o:?}: {e:?}");
    }
}

#[test]
fn resize_is_unsupported() {
    let n = Name::new("resize");
    let a = named(&n.0, 4096).unwrap();
    let e = a.resize(8192).unwrap_err();
    assert!(matches!(e, Error::Unsupported(_)), "{e:?}");
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::Unsupported);
    assert_eq!(a.len(), 4096);
}

#[test]
fn safe_views_are_refused() {
    let n = Name::new("view");
    let mut a = named(&n.0, 4096).unwrap();
    assert!(matches!(a.view(), Err(Error::Unsupported(_))));
    assert!(matches!(a.view_mut(), Err(Error::Unsupported(_))));
}

#[test]
fn read_access_and_private_copies() {
    let n = Name::new("access");
    let a = named(&n.0, 4096).unwrap();
    a.write_at(b"shared", 0).unwrap();
    let r = MmapOptions::new()
        .access(Access::Read)
        .named(&n.0, 0)
        .unwrap();
    assert_eq!(read(&r, 0, 6), b"shared");
    assert!(matches!(r.write_at(b"x", 0), Err(Error::ReadOnly(_))));
    let c = MmapOptions::new().private(true).named(&n.0, 0).unwrap();
    c.write_at(b"mine", 0).unwrap();
    assert_eq!(read(&c, 0, 4), b"mine");
    assert_eq!(read(&a, 0, 6), b"shared");
}

#[test]
fn unlink_keeps_maps_and_is_idempotent() {
    let n = Name::new("unlink");
    let a = named(&n.0, 4096).unwrap();
    a.write_at(b"old", 0).unwrap();
    mmf::unlink_named(&n.0).unwrap();
    mmf::unlink_named(&n.0).unwrap(); // a missing name is not an error
    assert!(
        matches!(named(&n.0, 0), Err(Error::Io { .. })),
        "gone for new openers"
    );
    assert_eq!(read(&a, 0, 3), b"old", "the map stays valid");
    let fresh = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 4096)
        .unwrap();
    assert_eq!(read(&fresh, 0, 3), [0, 0, 0], "a new, zeroed object");
}

// ---- Rust and C over one named map, across processes (tests/named/README.md)
//
// The other side is the C program named_peer, whose path CTest passes in
// MMF_NAMED_PEER (rust.test and rust.named.cross). Without it (a plain
// `cargo test`) the two cross tests only say so and return.
//
// Synchronisation: the turn counter at bytes [0, 4) is an AtomicU32 over the
// memory of mmf_buffer_acquire (AtomicU32::from_ptr on the raw pointer: no
// `&[u8]` over bytes another process writes), loaded with Acquire and stored
// with Release (the C side uses __atomic_load_n/__atomic_store_n with
// ACQUIRE/RELEASE on the same bytes). The message is written with write_at
// (mmf_write_at) before the Release store that publishes the turn, and read
// with read_at after the Acquire load that sees it; only the side whose turn
// it is writes.

const ROUNDS: u32 = 200;
const WAIT: Duration = Duration::from_secs(20);

fn peer() -> Option<String> {
    let p = std::env::var("MMF_NAMED_PEER").ok();
    if p.is_none() {
        eprintln!("MMF_NAMED_PEER (the path of tests/named/named_peer) is not set: not run");
    }
    p
}

/// Kills the child if the test ends early (a panic).
struct Peer(Child);

impl Peer {
    fn finish(mut self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                assert!(
                    status.success(),
                    "{what}: {status} (its reason is on stderr)"
                );
                return;
            }
            assert!(Instant::now() < deadline, "{what} did not exit");
            sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[test]
fn cross_rust_creates_c_opens() {
    let Some(peer) = peer() else { return };
    let n = Name::new("rc");
    mmf::unlink_named(&n.0).unwrap();
    let m = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 4096)
        .unwrap();
    let child = Peer(
        Command::new(peer)
            .args(["pingpong", &n.0, &ROUNDS.to_string()])
            .spawn()
            .unwrap(),
    );
    play(&m, true).unwrap();
    child.finish("named_peer pingpong");
}

#[test]
fn cross_c_creates_rust_opens() {
    let Some(peer) = peer() else { return };
    let n = Name::new("cr");
    mmf::unlink_named(&n.0).unwrap();
    let mut child = Peer(
        Command::new(peer)
            .args(["serve", &n.0, &ROUNDS.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Open only (length 0) once the C side has created the name.
    let deadline = Instant::now() + WAIT;
    let m = loop {
        match named(&n.0, 0) {
            Ok(m) => break m,
            Err(e) => {
                assert_eq!(
                    io::Error::from(e.clone()).kind(),
                    io::ErrorKind::NotFound,
                    "{e}"
                );
                assert!(Instant::now() < deadline, "{e}");
                if let Some(status) = child.0.try_wait().unwrap() {
                    panic!(
                        "named_peer serve exited ({status}) before {} could be opened",
                        n.0
                    );
                }
                sleep(Duration::from_millis(5));
            }
        }
    };
    play(&m, false).unwrap();
    drop(m);
    child.finish("named_peer serve");
}

/// The checks of `play` can fail: a message that does not follow the
/// protocol is refused.
#[test]
fn the_protocol_catches_a_wrong_message() {
    let n = Name::new("neg");
    let m = MmapOptions::new()
        .exclusive(true)
        .named(&n.0, 4096)
        .unwrap();
    put_message(&m, "creator:7").unwrap();
    let mem = Acquired::new(&m).unwrap();
    mem.turn().store(1, Ordering::Release);
    drop(mem);
    let e = play(&m, false).unwrap_err();
    assert!(e.contains("\"creator:1\""), "{e}");
}

/// The map's memory, pinned by mmf_buffer_acquire until drop.
struct Acquired<'a> {
    map: &'a Mmap,
    turn: *mut u32,
}

impl<'a> Acquired<'a> {
    fn new(map: &'a Mmap) -> Result<Acquired<'a>, String> {
        let mut p: *mut std::ffi::c_void = ptr::null_mut();
        let mut len = 0u64;
        // SAFETY: a valid handle (owned by `map`) and two valid out slots.
        let s = unsafe { sys::mmf_buffer_acquire(map.as_raw(), &mut p, &mut len) };
        if s != sys::MMF_OK {
            return Err(format!("mmf_buffer_acquire: status {s}"));
        }
        let a = Acquired {
            map,
            turn: p.cast::<u32>(),
        };
        if len < 64 || p.is_null() {
            return Err(format!("a map of {len} bytes is too small"));
        }
        Ok(a)
    }

    fn turn(&self) -> &AtomicU32 {
        // SAFETY: the map is pinned (it stays mapped) while self lives; the
        // address is page-aligned, so aligned for u32; every process touches
        // these 4 bytes only with atomic operations (protocol.h).
        unsafe { AtomicU32::from_ptr(self.turn) }
    }
}

impl Drop for Acquired<'_> {
    fn drop(&mut self) {
        // SAFETY: pairs with the acquisition in new().
        let s = unsafe { sys::mmf_buffer_release(self.map.as_raw()) };
        assert_eq!(s, sys::MMF_OK);
    }
}

/// One side of protocol.h: the creator takes the odd turns, the opener the
/// even ones.
fn play(m: &Mmap, creator: bool) -> Result<(), String> {
    let (me, other) = if creator {
        ("creator", "opener")
    } else {
        ("opener", "creator")
    };
    let mem = Acquired::new(m)?;
    let turn = mem.turn();
    let mut t = if creator { 1 } else { 2 };
    while t <= 2 * ROUNDS {
        await_turn(turn, t - 1, me)?;
        if t > 1 {
            let want = format!("{other}:{}", t - 1);
            let got = message(m)?;
            if got != want {
                return Err(format!("{me}, turn {t}: message {got:?}, want {want:?}"));
            }
        }
        put_message(m, &format!("{me}:{t}")).map_err(|e| e.to_string())?;
        turn.store(t, Ordering::Release); // publishes the message written before it
        t += 2;
    }
    if creator {
        await_turn(turn, 2 * ROUNDS, me)?;
        let want = format!("opener:{}", 2 * ROUNDS);
        let got = message(m)?;
        if got != want {
            return Err(format!("the last message: {got:?}, want {want:?}"));
        }
    }
    Ok(())
}

fn await_turn(turn: &AtomicU32, want: u32, who: &str) -> Result<(), String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let seen = turn.load(Ordering::Acquire);
        if seen == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "{who}: timed out waiting for turn {want} (turn is {seen})"
            ));
        }
        sleep(Duration::from_micros(100));
    }
}

fn put_message(m: &Mmap, msg: &str) -> mmf::Result<()> {
    m.write_at(msg.as_bytes(), 16)?;
    m.write_at(&u32::try_from(msg.len()).unwrap().to_le_bytes(), 8)
}

fn message(m: &Mmap) -> Result<String, String> {
    let mut l = [0u8; 4];
    m.read_at(&mut l, 8).map_err(|e| e.to_string())?;
    let n = u32::from_le_bytes(l) as usize;
    if n > 48 {
        return Err(format!("message length {n}"));
    }
    let mut b = vec![0u8; n];
    m.read_at(&mut b, 16).map_err(|e| e.to_string())?;
    String::from_utf8(b).map_err(|e| e.to_string())
}
