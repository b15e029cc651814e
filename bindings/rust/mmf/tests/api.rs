//! The safe API end to end: cursor I/O through std::io, positioned access,
//! search ranges, bad input (huge, overflowing, closed, read-only), error
//! conversion, the fault guard, threads and views.

use std::fs;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::ops::Bound;
use std::sync::Arc;

use mmf::{Access, Advice, Error, Mmap, MmapOptions};

mod common;
use common::TempDir;

fn io_inner(e: &io::Error) -> &Error {
    Error::from_io(e).expect("an mmf::Error inside the io::Error")
}

#[test]
fn mmap_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Mmap>();
    assert_send_sync::<mmf::View<'static>>();
    assert_send_sync::<mmf::ViewMut<'static>>();
    assert_send_sync::<Error>();
}

#[test]
fn python_hello_through_std_io() {
    let d = TempDir::new("hello");
    let p = d.file("hello.txt", b"Hello Python!\n");
    let mut m = Mmap::open(&p).unwrap();
    let mut line = String::new();
    m.read_line(&mut line).unwrap();
    assert_eq!(line, "Hello Python!\n");
    assert_eq!(m.stream_position().unwrap(), 14);
    let mut five = [0u8; 5];
    assert_eq!(m.read_at(&mut five, 0).unwrap(), 5);
    assert_eq!(&five, b"Hello");
    m.write_at(b" world!\n", 6).unwrap();
    m.seek(SeekFrom::Start(0)).unwrap();
    let mut all = Vec::new();
    m.read_to_end(&mut all).unwrap();
    assert_eq!(all, b"Hello  world!\n");
    m.flush().unwrap();
    drop(m);
    assert_eq!(fs::read(&p).unwrap(), b"Hello  world!\n");
}

#[test]
fn write_is_all_or_nothing() {
    let m = Mmap::anonymous(8).unwrap();
    let mut w = &m;
    w.write_all(b"abcdef").unwrap();
    let e = w.write(b"xyz").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::WriteZero);
    assert!(matches!(io_inner(&e), Error::OutOfRange(_)));
    assert_eq!(m.tell().unwrap(), 6, "a failed write leaves the cursor");
    assert_eq!(m.to_vec().unwrap(), b"abcdef\0\0", "and writes nothing");
    w.write_all(b"gh").unwrap();
    assert!(matches!(m.write_byte(b'!'), Err(Error::OutOfRange(_))));
    assert!(matches!(m.read_byte(), Err(Error::OutOfRange(_))));
    m.seek_to_start();
    assert_eq!(m.read_byte().unwrap(), b'a');
}

trait SeekToStart {
    fn seek_to_start(&self);
}

impl SeekToStart for Mmap {
    fn seek_to_start(&self) {
        (&mut &*self).rewind().unwrap();
    }
}

#[test]
fn seek_rejects_huge_and_overflowing_targets() {
    let m = Mmap::anonymous(10).unwrap();
    let mut s = &m;
    assert_eq!(s.seek(SeekFrom::End(-3)).unwrap(), 7);
    for pos in [
        SeekFrom::Start(u64::MAX),
        SeekFrom::Start(i64::MAX as u64 + 1),
        SeekFrom::Start(11),
        SeekFrom::Current(i64::MAX),
        SeekFrom::Current(i64::MIN),
        SeekFrom::End(i64::MAX),
        SeekFrom::End(i64::MIN),
        SeekFrom::End(1),
    ] {
        let e = s.seek(pos).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{pos:?}");
        assert!(matches!(io_inner(&e), Error::OutOfRange(_)), "{pos:?}");
        assert_eq!(m.tell().unwrap(), 7, "{pos:?} moved the cursor");
    }
    assert_eq!(s.seek(SeekFrom::Start(10)).unwrap(), 10);
    let mut buf = [0u8; 4];
    assert_eq!(s.read(&mut buf).unwrap(), 0, "reading at the end is Ok(0)");
}

#[test]
fn read_at_and_write_at_bounds() {
    let m = Mmap::anonymous(16).unwrap();
    m.write_at(b"yz", 14).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(m.read_at(&mut buf, 12).unwrap(), 4);
    assert_eq!(&buf[..4], b"\0\0yz");
    assert_eq!(m.read_at(&mut buf, 16).unwrap(), 0);
    for pos in [17, u64::MAX, i64::MAX as u64] {
        assert!(
            matches!(m.read_at(&mut buf, pos), Err(Error::OutOfRange(_))),
            "{pos}"
        );
    }
    for pos in [15, 16, u64::MAX, u64::MAX - 1, i64::MAX as u64] {
        assert!(
            matches!(m.write_at(b"ab", pos), Err(Error::OutOfRange(_))),
            "{pos}"
        );
    }
    assert_eq!(
        &m.to_vec().unwrap()[14..],
        b"yz",
        "failed writes wrote nothing"
    );
    m.write_at(b"", 16).unwrap();
    assert_eq!(m.read_at(&mut [], 0).unwrap(), 0);
}

#[test]
fn find_and_rfind_take_ranges() {
    let m = Mmap::anonymous(12).unwrap();
    m.write_at(b"abcabcabcxyz", 0).unwrap();
    assert_eq!(m.find(b"abc", ..).unwrap(), Some(0));
    assert_eq!(m.find(b"abc", 1..).unwrap(), Some(3));
    assert_eq!(m.find(b"abc", 1..6).unwrap(), Some(3));
    assert_eq!(
        m.find(b"abc", 1..5).unwrap(),
        None,
        "the match must end inside the range"
    );
    assert_eq!(m.find(b"abc", 1..=5).unwrap(), Some(3));
    assert_eq!(
        m.find(b"abc", (Bound::Excluded(0), Bound::Unbounded))
            .unwrap(),
        Some(3)
    );
    assert_eq!(m.rfind(b"abc", ..).unwrap(), Some(6));
    assert_eq!(m.rfind(b"abc", ..8).unwrap(), Some(3));
    assert_eq!(m.find(b"nope", ..).unwrap(), None);
    assert_eq!(m.find(b"", 4..).unwrap(), Some(4));
    assert_eq!(m.rfind(b"", ..7).unwrap(), Some(7));
    // Huge bounds are clamped, never overflow.
    assert_eq!(m.find(b"xyz", 0..u64::MAX).unwrap(), Some(9));
    assert_eq!(m.find(b"xyz", ..=u64::MAX).unwrap(), Some(9));
    assert_eq!(m.find(b"a", u64::MAX..).unwrap(), None);
    assert_eq!(m.find(b"", u64::MAX..).unwrap(), Some(12));
    assert_eq!(
        m.rfind(b"a", (Bound::Excluded(u64::MAX), Bound::Unbounded))
            .unwrap(),
        None
    );
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = m.find(b"a", 8..2).unwrap();
    assert_eq!(backwards, None);
    // find does not use the cursor; py_find does, as Python's.
    m.seek_to_start();
    (&mut &m).seek(SeekFrom::Start(4)).unwrap();
    assert_eq!(m.find(b"abc", ..).unwrap(), Some(0));
    assert_eq!(m.py_find(b"abc", None, None).unwrap(), Some(6));
    assert_eq!(m.py_rfind(b"abc", None, None).unwrap(), Some(6));
    assert_eq!(m.py_find(b"abc", Some(-6), None).unwrap(), Some(6));
    assert_eq!(
        m.py_find(b"abc", Some(i64::MIN), Some(i64::MAX)).unwrap(),
        Some(0)
    );
    assert_eq!(m.py_rfind(b"abc", Some(0), Some(-4)).unwrap(), Some(3));
}

#[test]
fn move_bytes_overlaps_and_rejects_overflow() {
    let m = Mmap::anonymous(10).unwrap();
    m.write_at(b"0123456789", 0).unwrap();
    m.move_bytes(2, 0, 6).unwrap();
    assert_eq!(m.to_vec().unwrap(), b"0101234589");
    for (d, s, c) in [
        (0, 0, 11),
        (u64::MAX, 0, 1),
        (0, u64::MAX, 1),
        (5, 0, u64::MAX),
        (11, 0, 0),
    ] {
        assert!(
            matches!(m.move_bytes(d, s, c), Err(Error::OutOfRange(_))),
            "{d} {s} {c}"
        );
    }
    assert_eq!(m.to_vec().unwrap(), b"0101234589");
}

#[test]
fn flush_and_advise_ranges() {
    let d = TempDir::new("flush");
    let p = d.file("f", &vec![b'.'; 3 * mmf::page_size() as usize]);
    let m = Mmap::open(&p).unwrap();
    m.write_at(b"x", 5).unwrap();
    m.flush_range(1, 1).unwrap(); // unaligned: widened to the page
    m.flush_async().unwrap();
    m.flush_async_range(0, 0).unwrap();
    let len = m.len();
    assert!(matches!(m.flush_range(len, 1), Err(Error::OutOfRange(_))));
    assert!(matches!(
        m.flush_range(u64::MAX, 1),
        Err(Error::OutOfRange(_))
    ));
    assert!(matches!(
        m.flush_range(1, u64::MAX),
        Err(Error::OutOfRange(_))
    ));
    for a in [
        Advice::Normal,
        Advice::Random,
        Advice::Sequential,
        Advice::WillNeed,
    ] {
        m.advise(a, 1, 0).unwrap();
    }
    assert!(matches!(
        m.advise(Advice::Normal, len, 0),
        Err(Error::OutOfRange(_))
    ));
    assert!(matches!(
        m.advise(Advice::Normal, 0, u64::MAX),
        Err(Error::OutOfRange(_))
    ));
    m.advise(Advice::Normal, 0, len * 10).unwrap(); // clamped
    assert_eq!(fs::read(&p).unwrap()[5], b'x');
}

#[test]
fn resize_file_and_anonymous() {
    let d = TempDir::new("resize");
    let p = d.file("f", b"hello");
    let m = Mmap::open(&p).unwrap();
    m.resize(10_000).unwrap();
    assert_eq!((m.len(), m.file_size().unwrap()), (10_000, 10_000));
    assert_eq!(fs::metadata(&p).unwrap().len(), 10_000);
    m.write_at(b"!!", 9_998).unwrap();
    m.resize(0).unwrap();
    assert!(m.is_empty());
    assert!(matches!(m.resize(u64::MAX), Err(Error::OutOfRange(_))));
    assert!(matches!(
        m.resize(i64::MAX as u64 + 1),
        Err(Error::OutOfRange(_))
    ));
    assert!(m.is_empty(), "a failed resize keeps the length");

    let a = Mmap::anonymous(4).unwrap();
    a.write_at(b"keep", 0).unwrap();
    a.resize(1 << 20).unwrap();
    assert_eq!(a.file_size().unwrap(), 1 << 20);
    let mut b4 = [0u8; 4];
    a.read_at(&mut b4, 0).unwrap();
    assert_eq!(&b4, b"keep");

    for access in [Access::Read, Access::Copy] {
        let r = MmapOptions::new().access(access).open(&p);
        // p is empty now: mapping it whole is INVALID_ARGUMENT, as in Python.
        assert!(matches!(r, Err(Error::InvalidArgument(_))), "{access:?}");
    }
    m.resize(3).unwrap();
    for access in [Access::Read, Access::Copy] {
        let r = MmapOptions::new().access(access).open(&p).unwrap();
        assert!(matches!(r.resize(4), Err(Error::ReadOnly(_))), "{access:?}");
    }
}

#[test]
fn every_call_on_a_closed_map_is_closed() {
    let mut m = Mmap::anonymous(8).unwrap();
    assert!(!m.is_closed());
    m.close().unwrap();
    m.close().unwrap(); // idempotent
    assert!(m.is_closed());
    let closed = |r: Result<(), Error>, what: &str| {
        assert!(
            matches!(r, Err(Error::Closed(ref s)) if !s.is_empty()),
            "{what}: {r:?}"
        );
    };
    let mut buf = [0u8; 4];
    // len() is infallible: a closed map is empty, and says it is closed.
    assert_eq!(m.len(), 0, "len of a closed map");
    assert!(m.is_empty(), "is_empty of a closed map");
    assert!(m.is_closed());
    assert!(format!("{m:?}").contains("closed: true"), "{m:?}");
    closed(m.file_size().map(drop), "file_size");
    closed(m.tell().map(drop), "tell");
    closed(m.read_at(&mut buf, 0).map(drop), "read_at");
    closed(m.write_at(b"x", 0), "write_at");
    closed(m.read_byte().map(drop), "read_byte");
    closed(m.write_byte(1), "write_byte");
    closed(m.readline(&mut buf).map(drop), "readline");
    closed(m.find(b"x", ..).map(drop), "find");
    closed(m.rfind(b"x", ..).map(drop), "rfind");
    closed(m.py_find(b"x", None, None).map(drop), "py_find");
    closed(m.move_bytes(0, 1, 1), "move_bytes");
    closed(m.flush(), "flush");
    closed(m.flush_range(0, 1), "flush_range");
    closed(m.advise(Advice::Normal, 0, 0), "advise");
    closed(m.resize(4), "resize");
    closed(m.to_vec().map(drop), "to_vec");
    closed(m.view().map(drop), "view");
    closed(m.view_mut().map(drop), "view_mut");
    for e in [
        m.read(&mut buf).map(drop).unwrap_err(),
        m.write(b"x").map(drop).unwrap_err(),
        m.seek(SeekFrom::Start(0)).map(drop).unwrap_err(),
        m.seek(SeekFrom::Start(u64::MAX)).map(drop).unwrap_err(),
        Write::flush(&mut m).unwrap_err(),
        m.fill_buf().map(drop).unwrap_err(),
    ] {
        assert!(matches!(io_inner(&e), Error::Closed(_)), "{e}");
    }
    assert!(format!("{m:?}").contains("closed"));
}

#[test]
fn errors_convert_to_io_kinds() {
    let d = TempDir::new("errors");
    let missing = d.0.join("missing");
    let e = Mmap::open(&missing).unwrap_err();
    assert!(matches!(e, Error::Io { .. }));
    assert_eq!(e.os_error(), Some(2), "{e}");
    assert_eq!(io::Error::from(e.clone()).kind(), io::ErrorKind::NotFound);
    assert!(e.to_string().starts_with("IO: mmf_open("), "{e}");
    assert!(e.message().contains("missing"));

    let p = d.file("exists", b"abc");
    let e = MmapOptions::new()
        .create(true)
        .exclusive(true)
        .open(&p)
        .unwrap_err();
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::AlreadyExists);

    let e = Mmap::open(d.0.join("nul\0byte")).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
    let e = MmapOptions::new()
        .access(Access::Read)
        .private(true)
        .open(&p)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::InvalidInput);
    let e = MmapOptions::new().exclusive(true).open(&p).unwrap_err();
    assert!(
        matches!(e, Error::InvalidArgument(_)),
        "exclusive without create: {e}"
    );

    let ro = MmapOptions::new().access(Access::Read).open(&p).unwrap();
    let e = ro.write_at(b"x", 0).unwrap_err();
    assert_eq!((e.status(), e.name()), (3, "READ_ONLY"));
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::PermissionDenied);

    // BUSY: only reachable past the safe API (a View borrows the map).
    let m = Mmap::anonymous(4).unwrap();
    let (mut ptr, mut len) = (std::ptr::null_mut(), 0u64);
    assert_eq!(
        unsafe { mmf::sys::mmf_buffer_acquire(m.as_raw(), &mut ptr, &mut len) },
        0
    );
    let e = m.close().unwrap_err();
    assert!(matches!(e, Error::Busy(_)));
    assert_eq!(io::Error::from(e).kind(), io::ErrorKind::ResourceBusy);
    assert!(matches!(m.resize(8), Err(Error::Busy(_))));
    assert_eq!(unsafe { mmf::sys::mmf_buffer_release(m.as_raw()) }, 0);
    m.resize(8).unwrap();

    assert!(matches!(Mmap::anonymous(0), Err(Error::InvalidArgument(_))));
    for len in [u64::MAX, i64::MAX as u64 + 1] {
        assert!(
            matches!(Mmap::anonymous(len), Err(Error::OutOfRange(_))),
            "{len}"
        );
    }
    let e = MmapOptions::new().offset(1).open_anonymous(4).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
    let e = MmapOptions::new()
        .offset(u64::MAX)
        .len(1)
        .open(&p)
        .unwrap_err();
    assert!(matches!(e, Error::OutOfRange(_)), "{e}");
    let e = MmapOptions::new().len(u64::MAX).open(&p).unwrap_err();
    assert!(matches!(e, Error::OutOfRange(_)), "{e}");
}

#[test]
fn options_offset_create_and_fd() {
    let d = TempDir::new("opts");
    let p = d.0.join("new");
    let m = MmapOptions::new()
        .create(true)
        .owner_only(true)
        .offset(3)
        .len(5)
        .open(&p)
        .unwrap();
    assert_eq!((m.len(), m.file_size().unwrap()), (5, 8));
    m.write_at(b"HELLO", 0).unwrap();
    drop(m);
    assert_eq!(fs::read(&p).unwrap(), b"\0\0\0HELLO");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let f = fs::File::open(&p).unwrap();
        let ro = MmapOptions::new()
            .access(Access::Read)
            .offset(3)
            .open_fd(&f)
            .unwrap();
        drop(f); // the descriptor was duplicated
        assert_eq!(ro.to_vec().unwrap(), b"HELLO");
        let f = fs::File::open(&p).unwrap();
        let e = MmapOptions::new().create(true).open_fd(&f).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
        let e = MmapOptions::new().open_fd(&f).unwrap_err(); // read-write on an O_RDONLY fd
        assert!(matches!(e, Error::Io { .. }), "{e}");
        let link = d.0.join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        let e = MmapOptions::new().no_follow(true).open(&link).unwrap_err();
        assert_eq!(e.os_error(), Some(40), "ELOOP: {e}");
        assert!(
            matches!(
                e,
                Error::Io {
                    kind: mmf::sys::MMF_KIND_LOOP,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            io::Error::from(e).kind(),
            io::Error::from_raw_os_error(40).kind()
        );
    }
    let cow = MmapOptions::new()
        .private(true)
        .populate(true)
        .open(&p)
        .unwrap();
    cow.write_at(b"private", 0).unwrap();
    assert_eq!(
        &fs::read(&p).unwrap()[..3],
        b"\0\0\0",
        "copy-on-write never reaches the file"
    );
}

/// The fault guard: a file truncated under the map is an error, not SIGBUS.
#[test]
fn truncated_file_is_fault_not_sigbus() {
    let d = TempDir::new("fault");
    let page = mmf::page_size() as usize;
    let p = d.file("f", &vec![7u8; 4 * page]);
    let m = Mmap::open(&p).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(0)
        .unwrap();
    let mut buf = [0u8; 16];
    let e = m.read_at(&mut buf, 2 * page as u64).unwrap_err();
    assert!(matches!(e, Error::Fault(_)), "{e}");
    assert!(matches!(m.write_at(b"x", 0), Err(Error::Fault(_))));
    assert!(matches!(m.find(b"x", ..), Err(Error::Fault(_))));
    assert!(matches!(m.to_vec(), Err(Error::Fault(_))));
    assert!(matches!(m.read_byte(), Err(Error::Fault(_))));
    // length, size, tell, seek still work.
    assert_eq!(m.len(), 4 * page as u64);
    assert_eq!(m.file_size().unwrap(), 0);
    (&mut &m).seek(SeekFrom::Start(1)).unwrap();
    // resize re-establishes the file and the mapping.
    m.resize(page as u64).unwrap();
    m.write_at(b"back", 0).unwrap();
    assert_eq!(m.read_at(&mut buf, 0).unwrap(), 16);
    assert_eq!(&buf[..4], b"back");
}

#[test]
fn threads_share_one_map() {
    let m = Arc::new(Mmap::anonymous(8 * 1024).unwrap());
    let handles: Vec<_> = (0..4u8)
        .map(|t| {
            let m = Arc::clone(&m);
            std::thread::spawn(move || {
                for i in 0..1024u64 {
                    let pos = u64::from(t) * 2048 + i * 2;
                    m.write_at(&[b'a' + t, t], pos).unwrap();
                    let mut two = [0u8; 2];
                    m.read_at(&mut two, pos).unwrap();
                    assert_eq!(two, [b'a' + t, t]);
                    // A failing call on another thread must not disturb this
                    // thread's error message.
                    let e = m.read_at(&mut two, u64::MAX).unwrap_err();
                    assert!(e.message().contains("mmf_read_at"), "{e}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    for t in 0..4u8 {
        assert_eq!(
            m.find(&[b'a' + t, t], ..).unwrap(),
            Some(u64::from(t) * 2048)
        );
        assert_eq!(
            m.rfind(&[b'a' + t, t], ..).unwrap(),
            Some(u64::from(t) * 2048 + 2046)
        );
    }
}

#[test]
fn buf_read_follows_the_cursor_and_writes() {
    let mut m = Mmap::anonymous(20000).unwrap();
    let text: Vec<u8> = (0..1000)
        .flat_map(|i| format!("line {i:04}\n").into_bytes())
        .collect();
    m.write_at(&text, 0).unwrap();
    let mut first = String::new();
    m.read_line(&mut first).unwrap();
    assert_eq!(first, "line 0000\n");
    assert_eq!(
        m.tell().unwrap(),
        10,
        "the cursor moves only by what was consumed"
    );
    assert!(m.fill_buf().unwrap().starts_with(b"line 0001"));
    // A write through the handle drops the look-ahead.
    m.write_at(b"LINE", 10).unwrap();
    let mut second = String::new();
    m.read_line(&mut second).unwrap();
    assert_eq!(second, "LINE 0001\n");
    // Read and BufRead agree on the position.
    let mut five = [0u8; 5];
    m.read_exact(&mut five).unwrap();
    assert_eq!(&five, b"line ");
    let lines: Vec<String> = (&mut m).lines().take(3).map(Result::unwrap).collect();
    assert_eq!(lines, ["0002", "line 0003", "line 0004"]);
    m.seek(SeekFrom::Start(9990)).unwrap();
    let rest: Vec<_> = (&mut m).split(b'\n').map(Result::unwrap).collect();
    assert_eq!(
        rest.len(),
        2,
        "the last line, then the zeroes up to the end"
    );
    assert_eq!(rest[0], b"line 0999");
    assert_eq!(m.tell().unwrap(), 20000);
    let mut capped = [0u8; 4];
    m.seek(SeekFrom::Start(0)).unwrap();
    assert_eq!(m.readline(&mut capped).unwrap(), 4);
    assert_eq!(&capped, b"line");
    // Past the end after a shrink: EOF, not an error.
    m.seek(SeekFrom::End(0)).unwrap();
    m.resize(10).unwrap();
    assert!(m.fill_buf().unwrap().is_empty());
}

#[test]
fn views_of_anonymous_maps() {
    let mut m = Mmap::anonymous(8).unwrap();
    {
        let mut v = m.view_mut().unwrap();
        v.copy_from_slice(b"zerocopy");
        v[0] = b'Z';
    }
    assert_eq!(m.to_vec().unwrap(), b"Zerocopy");
    {
        let v = m.view().unwrap();
        assert_eq!(&*v, b"Zerocopy");
        std::thread::scope(|s| {
            s.spawn(|| assert_eq!(v.len(), 8));
        });
    }
    // The pin is released: resize and close work again.
    m.resize(0).unwrap();
    assert!(m.view().unwrap().is_empty());
    let ro = MmapOptions::new().access(Access::Read).open_anonymous(4);
    // Read-only anonymous memory is an INVALID_ARGUMENT or a map; either way,
    // view_mut must not give it out writable.
    if let Ok(mut ro) = ro {
        assert!(matches!(ro.view_mut(), Err(Error::ReadOnly(_))));
    }
}

#[test]
fn views_of_files_need_unsafe() {
    let d = TempDir::new("view");
    let p = d.file("f", b"file bytes");
    let mut m = Mmap::open(&p).unwrap();
    assert!(matches!(m.view(), Err(Error::Unsupported(_))));
    assert!(matches!(m.view_mut(), Err(Error::Unsupported(_))));
    // SAFETY: nothing else touches this fresh file in a private directory.
    unsafe {
        let mut v = m.view_mut_unchecked().unwrap();
        v[..4].copy_from_slice(b"FILE");
    }
    // SAFETY: as above.
    let v = unsafe { m.view_unchecked() }.unwrap();
    assert_eq!(&*v, b"FILE bytes");
    drop(v);
    m.flush().unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"FILE bytes");
    let mut ro = MmapOptions::new().access(Access::Read).open(&p).unwrap();
    // SAFETY: as above.
    assert!(matches!(
        unsafe { ro.view_mut_unchecked() },
        Err(Error::ReadOnly(_))
    ));
    // A map whose file was truncated refuses new views (FAULT) once a call
    // has seen the truncation.
    fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(0)
        .unwrap();
    assert!(matches!(m.read_at(&mut [0u8; 1], 0), Err(Error::Fault(_))));
    // SAFETY: the acquisition fails before any memory is handed out.
    assert!(matches!(
        unsafe { m.view_unchecked() },
        Err(Error::Fault(_))
    ));
}

#[test]
fn library_facts() {
    assert!(mmf::version().starts_with("1."));
    assert!(mmf::page_size().is_power_of_two());
    assert!(mmf::allocation_granularity() >= mmf::page_size());
}
