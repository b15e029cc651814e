//! The shared conformance vectors (tests/conformance/vectors/*.vec) through
//! the safe `mmf` crate: the Rust counterpart of tests/conformance/runner.c,
//! with the same arguments, output and exit codes.
//!
//! Usage: cargo test -p mmf --test conformance [-- VECTOR_DIR | FILE.vec ...]
//! (default: the repository's tests/conformance/vectors, or
//! $MMF_CONFORMANCE_VECTORS).
//!
//! Every op goes through the public API of `mmf` (`std::io` traits for
//! read/write/seek, statuses recovered with `Error::from_io`), except what
//! that API makes unrepresentable on purpose, which goes through `mmf::sys`
//! on the same handle and is counted separately: a `whence` or `advice`
//! outside the enums, and `acquire`/`release` (the safe `View` borrows the
//! map mutably, so "close while acquired => BUSY" cannot be written with it).
//!
//! Like runner.c (as it is, not as tests/conformance/README.md describes it)
//! this does not cap RLIMIT_FSIZE: under such a cap libmmf's memfd-backed
//! anonymous maps fail with IO (EFBIG) where huge.vec expects NO_MEMORY.
//!
//! Output: one "FAIL file:line: ..." per failing vector, then
//!   conformance: N passed, N failed, N skipped
//! Exit code 0 when nothing failed, 1 on failures, 2 on a malformed vector.

mod vecfile;

use std::ffi::CStr;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mmf::{sys, Access, Advice, Error, Mmap, MmapOptions};
use vecfile::{Arg, Expected, Kind, Stmt, STATUS_NAMES};

/// What a call gave: a status index (0 = OK), an optional result, and
/// whether a failure came with an empty message.
struct Got {
    status: usize,
    result: Expected,
    empty_message: bool,
}

impl Got {
    fn ok(result: Expected) -> Got {
        Got {
            status: 0,
            result,
            empty_message: false,
        }
    }

    fn err(e: &Error) -> Got {
        let status = usize::try_from(e.status()).unwrap_or(usize::MAX);
        Got {
            status,
            result: Expected::None,
            empty_message: e.message().is_empty(),
        }
    }

    fn from<T>(r: mmf::Result<T>, f: impl FnOnce(T) -> Expected) -> Got {
        match r {
            Ok(v) => Got::ok(f(v)),
            Err(e) => Got::err(&e),
        }
    }

    fn from_io<T>(r: std::io::Result<T>, f: impl FnOnce(T) -> Expected) -> Got {
        match r {
            Ok(v) => Got::ok(f(v)),
            Err(e) => match Error::from_io(&e) {
                Some(inner) => Got::err(inner),
                None => panic!("an io::Error without an mmf::Error inside: {e}"),
            },
        }
    }

    /// A raw C status, with the thread's last error message.
    fn raw(s: sys::mmf_status, result: Expected) -> Got {
        if s == sys::MMF_OK {
            return Got::ok(result);
        }
        let msg = unsafe { CStr::from_ptr(sys::mmf_last_error()) };
        Got {
            status: s as usize,
            result: Expected::None,
            empty_message: msg.to_bytes().is_empty(),
        }
    }
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    raw: usize,
}

fn u(a: &Arg) -> u64 {
    match a {
        Arg::U(v) => *v,
        other => unreachable!("expected an unsigned argument, got {other:?}"),
    }
}

fn i(a: &Arg) -> i64 {
    match a {
        Arg::I(v) => *v,
        other => unreachable!("expected a signed argument, got {other:?}"),
    }
}

fn b(a: &Arg) -> &[u8] {
    match a {
        Arg::B(v) => v,
        other => unreachable!("expected bytes, got {other:?}"),
    }
}

fn opt(a: &Arg) -> Option<i64> {
    match a {
        Arg::Omitted => None,
        a => Some(i(a)),
    }
}

/// A buffer for a read of at most `cap` bytes: a read never returns more
/// than the map's length, so min(cap, len) holds any correct answer (the C
/// runner sizes its buffer the same way). A closed map gets an empty buffer.
fn read_buf(m: &Mmap, cap: u64) -> Vec<u8> {
    let len = m.len();
    vec![0u8; usize::try_from(cap.min(len)).expect("map larger than memory")]
}

fn bytes_result(buf: Vec<u8>, n: usize) -> Expected {
    let mut buf = buf;
    buf.truncate(n);
    Expected::Bytes(buf)
}

fn int(v: u64) -> Expected {
    Expected::Int(v)
}

fn run_call(m: &Mmap, path: Option<&Path>, op: &str, a: &[Arg], counts: &mut Counts) -> Got {
    match op {
        "read" => {
            let mut buf = read_buf(m, u(&a[0]));
            let r = (&mut &*m).read(&mut buf);
            Got::from_io(r, |n| bytes_result(buf, n))
        }
        "read_byte" => Got::from(m.read_byte(), |v| int(v.into())),
        "readline" => {
            let mut buf = read_buf(m, u(&a[0]));
            let r = m.readline(&mut buf);
            Got::from(r, |n| bytes_result(buf, n))
        }
        "write" => Got::from_io((&mut &*m).write(b(&a[0])), |_| Expected::None),
        "write_byte" => Got::from(m.write_byte(u(&a[0]) as u8), |_| Expected::None),
        "seek" => {
            let (off, whence) = (i(&a[0]), i(&a[1]));
            let pos = match whence {
                // A negative absolute target becomes a u64 past i64::MAX,
                // which the crate refuses as the C library would.
                0 => SeekFrom::Start(off as u64),
                1 => SeekFrom::Current(off),
                2 => SeekFrom::End(off),
                _ => {
                    counts.raw += 1;
                    let mut np = 0;
                    let s = unsafe { sys::mmf_seek(m.as_raw(), off, whence as i32, &mut np) };
                    return Got::raw(s, int(np));
                }
            };
            Got::from_io((&mut &*m).seek(pos), int)
        }
        "tell" => Got::from(m.tell(), int),
        "read_at" => {
            let mut buf = read_buf(m, u(&a[1]));
            let r = m.read_at(&mut buf, u(&a[0]));
            Got::from(r, |n| bytes_result(buf, n))
        }
        "write_at" => Got::from(m.write_at(b(&a[1]), u(&a[0])), |_| Expected::None),
        "find" | "rfind" => {
            let r = if op == "find" {
                m.py_find(b(&a[0]), opt(&a[1]), opt(&a[2]))
            } else {
                m.py_rfind(b(&a[0]), opt(&a[1]), opt(&a[2]))
            };
            Got::from(r, |f| int(f.map_or(u64::MAX, |v| v)))
        }
        "move" => Got::from(m.move_bytes(u(&a[0]), u(&a[1]), u(&a[2])), |_| {
            Expected::None
        }),
        "flush" => Got::from(m.flush_range(u(&a[0]), u(&a[1])), |_| Expected::None),
        "resize" => Got::from(m.resize(u(&a[0])), |_| Expected::None),
        "len" if !m.is_closed() => Got::ok(int(m.len())),
        // Mmap::len() is infallible (0 when closed); the vectors hold the C
        // contract, where a closed map's length is MMF_ERR_CLOSED.
        "len" => {
            counts.raw += 1;
            let mut n = 0u64;
            let s = unsafe { sys::mmf_length(m.as_raw(), &mut n) };
            Got::raw(s, int(n))
        }
        "size" => Got::from(m.file_size(), int),
        "madvise" => {
            let advice = match i(&a[0]) {
                0 => Some(Advice::Normal),
                1 => Some(Advice::Random),
                2 => Some(Advice::Sequential),
                3 => Some(Advice::WillNeed),
                4 => Some(Advice::DontNeed),
                _ => None,
            };
            match advice {
                Some(adv) => Got::from(m.advise(adv, u(&a[1]), u(&a[2])), |_| Expected::None),
                None => {
                    counts.raw += 1;
                    let s = unsafe {
                        sys::mmf_madvise(m.as_raw(), i(&a[0]) as i32, u(&a[1]), u(&a[2]))
                    };
                    Got::raw(s, Expected::None)
                }
            }
        }
        "acquire" => {
            counts.raw += 1;
            let (mut p, mut len) = (std::ptr::null_mut(), 0u64);
            let s = unsafe { sys::mmf_buffer_acquire(m.as_raw(), &mut p, &mut len) };
            Got::raw(s, int(len))
        }
        "release" => {
            counts.raw += 1;
            Got::raw(
                unsafe { sys::mmf_buffer_release(m.as_raw()) },
                Expected::None,
            )
        }
        "close" => Got::from(m.close(), |_| Expected::None),
        "closed" => Got::ok(int(m.is_closed().into())),
        "content" => Got::from(m.to_vec(), Expected::Bytes),
        "file" => match path.map(std::fs::read) {
            Some(Ok(v)) => Got::ok(Expected::Bytes(v)),
            _ => Got {
                status: 6,
                result: Expected::None,
                empty_message: false,
            },
        },
        other => unreachable!("op {other}"),
    }
}

fn show(status: usize, r: &Expected) -> String {
    let mut s = STATUS_NAMES
        .get(status)
        .map_or_else(|| format!("status {status}"), |n| n.to_string());
    match r {
        Expected::None => {}
        Expected::Int(v) => s += &format!(" {v} (as i64: {})", *v as i64),
        Expected::Bytes(bytes) => {
            s += " s:";
            for &c in bytes {
                if (0x21..=0x7e).contains(&c) && c != b'%' {
                    s.push(c as char);
                } else {
                    s += &format!("%{c:02X}");
                }
            }
        }
    }
    s
}

fn temp_file(content: &[u8]) -> std::io::Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = SEQ.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("mmf-rust-conf-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(mut f) => {
                f.write_all(content)?;
                return Ok(p);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn run_section(name: &str, stmts: &[Stmt], counts: &mut Counts) {
    let (setup_stmt, calls) = stmts.split_first().expect("a section has a setup");
    let Kind::Setup(setup) = &setup_stmt.kind else {
        unreachable!()
    };
    let mut opts = MmapOptions::new();
    opts.access(match setup.access {
        vecfile::Access::Default => Access::Default,
        vecfile::Access::Read => Access::Read,
        vecfile::Access::Write => Access::Write,
        vecfile::Access::Copy => Access::Copy,
    })
    .private(setup.private);
    let mut path = None;
    let opened = if setup.anon {
        opts.open_anonymous(setup.anon_len)
    } else {
        let p = match temp_file(&setup.content) {
            Ok(p) => p,
            Err(e) => {
                println!(
                    "FAIL {name}:{}: setup: cannot create a temporary file: {e}",
                    setup_stmt.line
                );
                counts.failed += if setup_stmt.status == 0 {
                    calls.len().max(1)
                } else {
                    1
                };
                return;
            }
        };
        opts.offset(setup.offset)
            .len(setup.length)
            .create(setup.create);
        let r = opts.open(&p);
        path = Some(p);
        r
    };
    let got = match &opened {
        Ok(_) => Got::ok(Expected::None),
        Err(e) => Got::err(e),
    };
    if got.status != setup_stmt.status || got.empty_message {
        let msg = opened
            .as_ref()
            .err()
            .map_or(String::new(), |e| format!(" ({})", e.message()));
        println!(
            "FAIL {name}:{}: setup: expected {}, got {}{msg}",
            setup_stmt.line,
            STATUS_NAMES[setup_stmt.status],
            show(got.status, &Expected::None)
        );
        if got.empty_message {
            println!(
                "FAIL {name}:{}: setup: failed with an empty message",
                setup_stmt.line
            );
        }
        counts.failed += if setup_stmt.status == 0 {
            calls.len().max(1)
        } else {
            1
        };
    } else if let Ok(m) = &opened {
        for st in calls {
            let Kind::Call(call) = &st.kind else {
                unreachable!()
            };
            let g = run_call(m, path.as_deref(), call.op, &call.args, counts);
            if g.status != st.status || (st.status == 0 && g.result != call.result) {
                let mut line = format!(
                    "FAIL {name}:{}: {}: expected {}, got {}",
                    st.line,
                    call.op,
                    show(st.status, &call.result),
                    show(g.status, &g.result)
                );
                if g.status != 0 {
                    let msg = unsafe { CStr::from_ptr(sys::mmf_last_error()) };
                    line += &format!(" (last error: {})", msg.to_string_lossy());
                }
                println!("{line}");
                counts.failed += 1;
            } else if g.empty_message {
                println!(
                    "FAIL {name}:{}: {}: {} as expected, but the message is empty",
                    st.line, call.op, STATUS_NAMES[g.status]
                );
                counts.failed += 1;
            } else {
                counts.passed += 1;
            }
        }
    } else {
        counts.passed += 1; // a setup that had to fail, and did
    }
    drop(opened);
    if let Some(p) = path {
        let _ = std::fs::remove_file(p);
    }
}

fn run_file(path: &Path, counts: &mut Counts) -> Result<(), String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = std::fs::read(path).map_err(|e| format!("{name}:0: cannot open: {e}"))?;
    let stmts = vecfile::parse(&name, &text)?;
    let mut k = 0;
    while k < stmts.len() {
        let end = stmts[k + 1..]
            .iter()
            .position(|s| matches!(s.kind, Kind::Setup(_)))
            .map_or(stmts.len(), |e| k + 1 + e);
        run_section(&name, &stmts[k..end], counts);
        k = end;
    }
    Ok(())
}

fn main() -> ExitCode {
    // libtest-style flags that cargo may pass (e.g. --nocapture) are ignored.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let default_dir = std::env::var_os("MMF_CONFORMANCE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/conformance/vectors")
        });
    let mut files: Vec<PathBuf> = Vec::new();
    let single_dir = match args.as_slice() {
        [] => Some(default_dir),
        [one] if Path::new(one).is_dir() => Some(PathBuf::from(one)),
        _ => None,
    };
    if let Some(dir) = single_dir {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                eprintln!("conformance: cannot open {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        };
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".vec") && !n.starts_with('.') {
                files.push(e.path());
            }
        }
        if files.is_empty() {
            println!("conformance: no .vec files in {}", dir.display());
            return ExitCode::from(2);
        }
        files.sort();
    } else {
        files = args.iter().map(PathBuf::from).collect();
    }
    let mut counts = Counts::default();
    for f in &files {
        if let Err(e) = run_file(f, &mut counts) {
            println!("malformed vector: {e}");
            return ExitCode::from(2);
        }
    }
    println!(
        "conformance (rust, libmmf {}): {} vector(s) in {} file(s); {} call(s) went through mmf::sys \
         (whence/advice outside the enums, acquire/release, len of a closed map), the rest through the safe API",
        mmf::version(),
        counts.passed + counts.failed,
        files.len(),
        counts.raw
    );
    println!(
        "conformance: {} passed, {} failed, 0 skipped",
        counts.passed, counts.failed
    );
    if counts.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
