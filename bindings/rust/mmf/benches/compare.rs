//! `cargo bench -p mmf`: mmf against memmap2 (+ memchr's memmem for search)
//! on the same 64 MiB file: `read_at` of 1 byte and of 1 MiB, and `find` of a
//! needle at the end. A plain timing harness (median of 7 batches, each at
//! least ~100 ms), so that no benchmark framework has to be built.
//!
//! memmap2 gets a slice of the mapping (with `unsafe`, as it requires) and
//! copies out of it; mmf copies through libmmf, under its lock and fault
//! guard. The difference is the price of the safe API.

use std::fs;
use std::hint::black_box;
use std::time::{Duration, Instant};

const FILE_LEN: usize = 64 << 20;
const MIB: usize = 1 << 20;

/// Median nanoseconds per call of `f`.
fn bench(mut f: impl FnMut()) -> f64 {
    let mut iters = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..iters {
            f();
        }
        if t.elapsed() > Duration::from_millis(100) {
            break;
        }
        iters *= 2;
    }
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[3]
}

fn fmt(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:8.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:8.3} us", ns / 1e3)
    } else {
        format!("{:8.1} ns", ns)
    }
}

fn row(name: &str, mmf_ns: f64, other_ns: f64, other: &str) {
    println!(
        "{name:<22} mmf {}   {other:<16} {}   mmf/other {:5.2}",
        fmt(mmf_ns),
        fmt(other_ns),
        mmf_ns / other_ns
    );
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: keep it quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let dir = std::env::temp_dir().join(format!("mmf-bench-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.bin");
    let len = if quick { 2 * MIB } else { FILE_LEN };
    let mut data: Vec<u8> = (0..len).map(|i| b'a' + (i % 23) as u8).collect();
    let needle = b"the needle: 0123456789";
    data[len - needle.len()..].copy_from_slice(needle);
    fs::write(&path, &data).unwrap();
    drop(data);

    let m = mmf::Mmap::open(&path).unwrap();
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    // SAFETY: the benchmark's own file, in a private directory, not changed
    // while mapped.
    let mm = unsafe { memmap2::Mmap::map(&file) }.unwrap();

    let mut one = [0u8; 1];
    let mut big = vec![0u8; MIB];
    let mut pos = 0usize;
    let mut next = || {
        pos = (pos + 4093) % (len - MIB);
        pos
    };

    if quick {
        // Smoke run: the two sides agree.
        m.read_at(7, &mut one).unwrap();
        assert_eq!(one[0], mm[7]);
        assert_eq!(
            m.find(needle, ..).unwrap(),
            memchr::memmem::find(&mm, needle).map(|i| i as u64)
        );
        println!("compare: quick check passed (run `cargo bench -p mmf` for timings)");
        let _ = fs::remove_dir_all(&dir);
        return;
    }

    println!("file: {} MiB, libmmf {}", len / MIB, mmf::version());
    let a = bench(|| {
        let p = next() as u64;
        black_box(m.read_at(black_box(p), &mut one).unwrap());
    });
    let b = bench(|| {
        let p = next();
        one.copy_from_slice(&mm[black_box(p)..p + 1]);
        black_box(&one);
    });
    row("read_at 1 byte", a, b, "memmap2 slice");
    let a = bench(|| {
        let p = next() as u64;
        black_box(m.read_at(black_box(p), &mut big).unwrap());
    });
    let b = bench(|| {
        let p = next();
        big.copy_from_slice(&mm[black_box(p)..p + MIB]);
        black_box(&big);
    });
    row("read_at 1 MiB", a, b, "memmap2 slice");
    let a = bench(|| {
        black_box(m.find(black_box(needle), ..).unwrap());
    });
    let finder = memchr::memmem::Finder::new(needle);
    let b = bench(|| {
        black_box(finder.find(black_box(&mm[..])));
    });
    row("find (64 MiB scan)", a, b, "memmap2+memmem");
    drop(mm);
    drop(m);
    let _ = fs::remove_dir_all(&dir);
}
