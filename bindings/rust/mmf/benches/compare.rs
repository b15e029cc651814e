//! `cargo bench -p mmf`: mmf against memmap2 (+ the memchr crate's `memmem`
//! for search) on the same page-cached file: `read_at` of 1 byte and of 1 MiB
//! at random positions, a sum over every byte through the zero-copy view, and
//! `find` of an absent 8-byte needle; plus memchr's `memmem::find` and
//! `memmem::rfind` over memmap2's slice for the rare needles of
//! bench/c/bench_c.cpp (lengths 1 to 256), which bench/report.py puts next to
//! mmf's C `find`/`rfind`, each timed next to mmf's own `find`/`rfind`
//! through this crate.
//!
//! memmap2 gets a slice of the mapping (with `unsafe`, as it requires) and
//! copies out of it; mmf copies through libmmf, under its lock and fault
//! guard. The difference is the price of the safe API.
//!
//! A plain timing harness, so that no benchmark framework has to be built:
//! each contender is warmed up (at least 300 ms and 2 batches) and its batch
//! calibrated to about 150 ms; then the contenders of one operation are timed
//! in turn, one batch each per repetition, so that a change in the machine's
//! load hits both sides alike. Environment (bench/rust/run.sh sets it):
//! `MMF_BENCH_FILE` (the data file; default: a 64 MiB file of random
//! lowercase text made here), `MMF_BENCH_REPS` (default 5), `MMF_BENCH_OUT`
//! (a JSON file in Google Benchmark's aggregate shape, with the mean, standard
//! deviation and coefficient of variation over the repetitions).

use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const MIB: usize = 1 << 20;
const POSITIONS: usize = 1 << 16; // random positions, reused cyclically
const LENGTHS: [usize; 8] = [1, 2, 4, 8, 16, 32, 64, 256];
const CALIBRATE: Duration = Duration::from_millis(20);
const TARGET: Duration = Duration::from_millis(150);
// No JIT to wait for (the page cache is warm already): a short warm-up.
const WARMUP: Duration = Duration::from_millis(300);
const WARMUP_BATCHES: u32 = 2;

/// The rare needle of bench/c/bench_c.cpp: "QZXJKV" repeated, cut to `m`
/// bytes; uppercase, so absent from lowercase text.
fn rare_needle(m: usize) -> Vec<u8> {
    b"QZXJKV".iter().copied().cycle().take(m).collect()
}

struct Measured {
    name: String,
    ns: Vec<f64>,
    iters: u64,
    bytes_per_op: u64,
}

impl Measured {
    fn mean(&self) -> f64 {
        self.ns.iter().sum::<f64>() / self.ns.len() as f64
    }

    fn stddev(&self) -> f64 {
        if self.ns.len() < 2 {
            return 0.0;
        }
        let m = self.mean();
        let s: f64 = self.ns.iter().map(|v| (v - m) * (v - m)).sum();
        (s / (self.ns.len() - 1) as f64).sqrt()
    }
}

/// A contender: runs `iters` operations.
type Body<'a> = Box<dyn FnMut(u64) + 'a>;

fn time(f: &mut Body, iters: u64) -> Duration {
    let t = Instant::now();
    f(iters);
    t.elapsed()
}

/// Batches doubling until one takes 20 ms, then repeated for at least
/// `WARMUP` and `WARMUP_BATCHES` in all; returns the batch size that takes
/// about 150 ms.
fn warm_up(f: &mut Body) -> u64 {
    let mut iters = 1u64;
    let mut batches = 0;
    let start = Instant::now();
    loop {
        let t = time(f, iters);
        if t < CALIBRATE && iters < 1 << 40 {
            iters *= 2;
        } else {
            batches += 1;
            if batches >= WARMUP_BATCHES && start.elapsed() >= WARMUP {
                break;
            }
        }
    }
    let t = time(f, iters).as_nanos().max(1) as f64;
    ((iters as f64 * TARGET.as_nanos() as f64 / t) as u64).max(1)
}

struct Harness {
    reps: usize,
    results: Vec<Measured>,
}

impl Harness {
    /// Times the contenders of one operation, interleaved; records ns per
    /// operation under each name.
    fn compare(&mut self, bytes_per_op: u64, mut contenders: Vec<(String, Body)>) {
        let iters: Vec<u64> = contenders.iter_mut().map(|(_, f)| warm_up(f)).collect();
        let mut ns = vec![Vec::with_capacity(self.reps); contenders.len()];
        for _ in 0..self.reps {
            for (i, (_, f)) in contenders.iter_mut().enumerate() {
                ns[i].push(time(f, iters[i]).as_nanos() as f64 / iters[i] as f64);
            }
        }
        for (i, ((name, _), ns)) in contenders.into_iter().zip(ns).enumerate() {
            let r = Measured {
                name,
                ns,
                iters: iters[i],
                bytes_per_op,
            };
            println!(
                "{:<28} {:>16.1} ns  cv {:5.1}%  ({} x {})",
                r.name,
                r.mean(),
                100.0 * r.stddev() / r.mean(),
                self.reps,
                r.iters
            );
            self.results.push(r);
        }
    }

    fn json(&self) -> String {
        let mut s = format!(
            "{{\"context\": {{\"libmmf\": \"{}\"}},\n \"benchmarks\": [\n",
            mmf::version()
        );
        let mut first = true;
        for r in &self.results {
            let (mean, sd) = (r.mean(), r.stddev());
            let cv = if mean > 0.0 { sd / mean } else { 0.0 };
            for (agg, v) in [("mean", mean), ("stddev", sd), ("cv", cv)] {
                if !first {
                    s.push_str(",\n");
                }
                first = false;
                let _ = write!(
                    s,
                    "  {{\"name\": \"{n}_{agg}\", \"run_name\": \"{n}\", \"run_type\": \"aggregate\", \
                     \"aggregate_name\": \"{agg}\", \"real_time\": {v:e}, \"time_unit\": \"ns\", \
                     \"repetitions\": {}, \"iterations\": {}",
                    r.ns.len(),
                    r.iters,
                    n = r.name
                );
                if agg == "mean" {
                    let _ = write!(
                        s,
                        ", \"bytes_per_second\": {:e}",
                        r.bytes_per_op as f64 / (mean / 1e9)
                    );
                }
                s.push('}');
            }
        }
        s.push_str("\n ]}\n");
        s
    }
}

/// A small xorshift generator: reproducible positions without a crate.
fn positions(len: usize, span: usize, seed: u64) -> Vec<usize> {
    let mut x = seed;
    (0..POSITIONS)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % (len - span + 1) as u64) as usize
        })
        .collect()
}

/// `std::mt19937_64`, so that the 8-byte reads visit the very positions of
/// bench/c/bench_c.cpp's `read_at_random` rows (the C row this crate's
/// `read_u64` rows are read next to).
struct Mt64 {
    mt: [u64; 312],
    i: usize,
}

impl Mt64 {
    fn new(seed: u64) -> Mt64 {
        let mut mt = [0u64; 312];
        mt[0] = seed;
        for i in 1..312 {
            mt[i] = 6_364_136_223_846_793_005u64
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 62))
                .wrapping_add(i as u64);
        }
        Mt64 { mt, i: 312 }
    }

    fn next_u64(&mut self) -> u64 {
        if self.i >= 312 {
            for k in 0..312 {
                let x =
                    (self.mt[k] & 0xFFFF_FFFF_8000_0000) | (self.mt[(k + 1) % 312] & 0x7FFF_FFFF);
                let mut xa = x >> 1;
                if x & 1 != 0 {
                    xa ^= 0xB502_6F5A_A966_19E9;
                }
                self.mt[k] = self.mt[(k + 156) % 312] ^ xa;
            }
            self.i = 0;
        }
        let mut x = self.mt[self.i];
        self.i += 1;
        x ^= (x >> 29) & 0x5555_5555_5555_5555;
        x ^= (x << 17) & 0x71D6_7FFF_EDA6_0000;
        x ^= (x << 37) & 0xFFF7_EEE0_0000_0000;
        x ^ (x >> 43)
    }
}

/// bench_c.cpp's `random_positions()`: 4 Mi positions, `rng() % (len - 8)`
/// with `mt19937_64(7)`, used as `pos[i & (n - 1)]`.
fn positions_mt(len: usize) -> Vec<u64> {
    let mut rng = Mt64::new(7);
    (0..4usize << 20)
        .map(|_| rng.next_u64() % (len as u64 - 8))
        .collect()
}

/// The same code for both views: the sum of every byte.
#[inline(never)]
fn sum(data: &[u8]) -> u64 {
    data.iter().map(|&b| u64::from(b)).sum()
}

/// The position of the per-call rows: one hot cache line, so that what is
/// timed is the call, not the memory.
const HOT: u64 = 4096;

/// The per-call cost, layer by layer, at a hot position: the FFI floor (a
/// native call that does nothing: `mmf::page_size`, and the same C function
/// through `mmf::sys`), the C `mmf_read_at` called straight through
/// `mmf::sys` (crossing + the core's fast path), then the safe calls on top
/// of it. The differences are what each layer costs (bindings/rust/README.md,
/// "Per-call cost").
fn calls(h: &mut Harness, m: &mmf::Mmap) {
    let raw = m.as_raw();
    // The writes go to anonymous memory: the data file stays as it is.
    let w = &mmf::Mmap::anonymous(2 * HOT).unwrap();
    let wraw = w.as_raw();
    let mut contenders: Vec<(String, Body)> = vec![
        (
            "rust/noop/mmf".into(),
            Box::new(|n| {
                for _ in 0..n {
                    black_box(mmf::page_size());
                }
            }),
        ),
        (
            "rust/calls/sys_page_size".into(),
            Box::new(|n| {
                for _ in 0..n {
                    // SAFETY: no arguments.
                    black_box(unsafe { mmf::sys::mmf_page_size() });
                }
            }),
        ),
        (
            "rust/calls/sys_read_at_8".into(),
            Box::new(move |n| {
                let mut buf = [0u8; 8];
                let mut got = 0usize;
                for _ in 0..n {
                    // SAFETY: a live handle (m outlives the harness), an
                    // 8-byte buffer, a valid out pointer.
                    let s = unsafe {
                        mmf::sys::mmf_read_at(
                            raw,
                            black_box(HOT),
                            buf.as_mut_ptr().cast(),
                            8,
                            &mut got,
                        )
                    };
                    assert!(s == mmf::sys::MMF_OK && got == 8);
                    black_box(u64::from_le_bytes(buf));
                }
            }),
        ),
        (
            "rust/calls/read_at_1".into(),
            Box::new(move |n| {
                let mut one = [0u8; 1];
                for _ in 0..n {
                    m.read_at(&mut one, black_box(HOT)).unwrap();
                    black_box(&one);
                }
            }),
        ),
        (
            "rust/calls/read_at_8".into(),
            Box::new(move |n| {
                let mut buf = [0u8; 8];
                for _ in 0..n {
                    assert_eq!(m.read_at(&mut buf, black_box(HOT)).unwrap(), 8);
                    black_box(u64::from_le_bytes(buf));
                }
            }),
        ),
        (
            "rust/calls/sys_write_at_8".into(),
            Box::new(move |n| {
                for k in 0..n {
                    // SAFETY: a live handle, 8 readable bytes.
                    let s = unsafe {
                        mmf::sys::mmf_write_at(
                            wraw,
                            black_box(HOT),
                            k.to_le_bytes().as_ptr().cast(),
                            8,
                        )
                    };
                    assert_eq!(s, mmf::sys::MMF_OK);
                }
            }),
        ),
        (
            "rust/calls/write_at_8".into(),
            Box::new(move |n| {
                for k in 0..n {
                    w.write_at(&k.to_le_bytes(), black_box(HOT)).unwrap();
                }
            }),
        ),
    ];
    contenders.extend(typed_calls(m, w));
    h.compare(8, contenders);
}

/// The typed calls' rows of [`calls`]: `Mmap::read_u64_le_at` and
/// `Mmap::write_u64_le_at` at the hot position, and `is_closed` (the cheapest
/// method of a map: a native call that only loads a flag).
fn typed_calls<'a>(m: &'a mmf::Mmap, w: &'a mmf::Mmap) -> Vec<(String, Body<'a>)> {
    vec![
        (
            "rust/calls/is_closed".into(),
            Box::new(move |n| {
                for _ in 0..n {
                    black_box(black_box(m).is_closed());
                }
            }),
        ),
        (
            "rust/calls/read_u64_le_at".into(),
            Box::new(move |n| {
                for _ in 0..n {
                    black_box(m.read_u64_le_at(black_box(HOT)).unwrap());
                }
            }),
        ),
        (
            "rust/calls/write_u64_le_at".into(),
            Box::new(move |n| {
                for k in 0..n {
                    w.write_u64_le_at(black_box(HOT), k).unwrap();
                }
            }),
        ),
    ]
}

/// 8-byte little-endian integers at the 4 Mi random positions of the C
/// `read_at_random` rows, summed: `rust/read_u64/mmf` (the typed call)
/// against `rust/read_u64/memmap2` (`u64::from_le_bytes` over memmap2's
/// slice), with `read_u64/mmf_read_at` (the way before typed calls: `read_at`
/// into an array) and `read_u64/sys` (the C call straight through
/// `mmf::sys`: the floor of any call through libmmf) beside them.
fn read_u64(h: &mut Harness, m: &mmf::Mmap, mm: &memmap2::Mmap) {
    let pos = positions_mt(mm.len());
    let mask = pos.len() - 1;
    // The contenders read the same values.
    for &q in &pos[..1000] {
        let want = u64::from_le_bytes(mm[q as usize..q as usize + 8].try_into().unwrap());
        assert_eq!(m.read_u64_le_at(q).unwrap(), want);
    }
    let raw = m.as_raw();
    let (p, mm) = (&pos, &mm[..]);
    let mut contenders: Vec<(String, Body)> = vec![
        (
            "rust/read_u64/memmap2".into(),
            Box::new(move |n| {
                let mut sum = 0u64;
                for k in 0..n as usize {
                    let q = p[k & mask] as usize;
                    sum = sum.wrapping_add(u64::from_le_bytes(mm[q..q + 8].try_into().unwrap()));
                }
                black_box(sum);
            }),
        ),
        (
            "rust/read_u64/mmf_read_at".into(),
            Box::new(move |n| {
                let mut sum = 0u64;
                let mut buf = [0u8; 8];
                for k in 0..n as usize {
                    m.read_at(&mut buf, p[k & mask]).unwrap();
                    sum = sum.wrapping_add(u64::from_le_bytes(buf));
                }
                black_box(sum);
            }),
        ),
        (
            "rust/read_u64/sys".into(),
            Box::new(move |n| {
                let mut sum = 0u64;
                let mut buf = [0u8; 8];
                let mut got = 0usize;
                for k in 0..n as usize {
                    // SAFETY: as in calls().
                    let s = unsafe {
                        mmf::sys::mmf_read_at(
                            raw,
                            p[k & mask],
                            buf.as_mut_ptr().cast(),
                            8,
                            &mut got,
                        )
                    };
                    assert!(s == mmf::sys::MMF_OK && got == 8);
                    sum = sum.wrapping_add(u64::from_le_bytes(buf));
                }
                black_box(sum);
            }),
        ),
    ];
    contenders.extend(typed_u64(m, p));
    h.compare(8, contenders);
}

/// The typed call's row of [`read_u64`]: `Mmap::read_u64_le_at`.
fn typed_u64<'a>(m: &'a mmf::Mmap, p: &'a [u64]) -> Vec<(String, Body<'a>)> {
    let mask = p.len() - 1;
    vec![(
        "rust/read_u64/mmf".into(),
        Box::new(move |n| {
            let mut sum = 0u64;
            for k in 0..n as usize {
                sum = sum.wrapping_add(m.read_u64_le_at(p[k & mask]).unwrap());
            }
            black_box(sum);
        }),
    )]
}

fn make_text(path: &PathBuf, len: usize) {
    let mut x = 42u64;
    let data: Vec<u8> = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b'a' + (x % 26) as u8
        })
        .collect();
    fs::write(path, data).unwrap();
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: keep it quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let given = std::env::var_os("MMF_BENCH_FILE").filter(|_| !quick);
    let dir = std::env::temp_dir().join(format!("mmf-bench-{}", std::process::id()));
    let path = match &given {
        Some(p) => PathBuf::from(p),
        None => {
            fs::create_dir_all(&dir).unwrap();
            let p = dir.join("data.bin");
            make_text(&p, if quick { 2 * MIB } else { 64 * MIB });
            p
        }
    };
    let reps: usize = std::env::var("MMF_BENCH_REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);

    let mut m = mmf::MmapOptions::new()
        .access(mmf::Access::Read)
        .open(&path)
        .unwrap();
    let file = fs::File::open(&path).unwrap();
    // SAFETY: the benchmark's data file, not changed while mapped.
    let mm = unsafe { memmap2::Mmap::map(&file) }.unwrap();
    let len = mm.len();
    assert!(len >= MIB, "the data file must hold at least 1 MiB");
    let needle = rare_needle(8);

    if quick {
        // Smoke run: the two sides agree. The generator is std::mt19937_64
        // (the standard's check: the 10000th value from the default seed).
        let mut rng = Mt64::new(5489);
        let v = (0..10_000).fold(0, |_, _| rng.next_u64());
        assert_eq!(v, 9_981_545_732_273_789_042);
        let mut rng = Mt64::new(7);
        for _ in 0..1000 {
            let p = (rng.next_u64() % (len as u64 - 8)) as usize;
            let want = u64::from_le_bytes(mm[p..p + 8].try_into().unwrap());
            assert_eq!(m.read_u64_le_at(p as u64).unwrap(), want);
        }
        let mut one = [0u8; 1];
        m.read_at(&mut one, 7).unwrap();
        assert_eq!(one[0], mm[7]);
        for nd in [&b"QZXJKVQZ"[..], &mm[len - 5..], &mm[1000..1016]] {
            assert_eq!(
                m.find(nd, ..).unwrap(),
                memchr::memmem::find(&mm, nd).map(|i| i as u64)
            );
            assert_eq!(
                m.rfind(nd, ..).unwrap(),
                memchr::memmem::rfind(&mm, nd).map(|i| i as u64)
            );
        }
        println!("compare: quick check passed (run `cargo bench -p mmf` for timings)");
        let _ = fs::remove_dir_all(&dir);
        return;
    }

    println!(
        "file: {} MiB, libmmf {}, {} repetitions",
        len / MIB,
        mmf::version(),
        reps
    );
    assert_eq!(
        m.find(&needle, ..).unwrap(),
        memchr::memmem::find(&mm, &needle).map(|i| i as u64)
    );
    let pos1 = positions(len, 1, 0x9E37_79B9_7F4A_7C15);
    let pos1m = positions(len, MIB, 0xD1B5_4A32_D192_ED03);
    let mask = POSITIONS - 1;
    let mut h = Harness {
        reps,
        results: Vec::new(),
    };
    let key = |op: &str, imp: &str| format!("rust/{op}/{imp}");
    // MMF_BENCH_ONLY=calls,read_u64 (the groups below: read_1, read_1m, find,
    // memchr, view_scan, calls, read_u64) runs a subset, for work on one of
    // them; bench/run.sh runs them all.
    let only = std::env::var("MMF_BENCH_ONLY").ok();
    let want = |g: &str| only.as_deref().is_none_or(|o| o.split(',').any(|x| x == g));

    if want("calls") {
        calls(&mut h, &m);
    }
    if want("read_u64") {
        read_u64(&mut h, &m, &mm);
    }
    {
        let (m, mm) = (&m, &mm);
        let (p1, p1m) = (&pos1, &pos1m);
        let mut one_a = [0u8; 1];
        let mut one_b = [0u8; 1];
        if want("read_1") {
            h.compare(
                1,
                vec![
                    (
                        key("read_1", "mmf"),
                        Box::new(move |n| {
                            for k in 0..n as usize {
                                m.read_at(&mut one_a, p1[k & mask] as u64).unwrap();
                                black_box(&one_a);
                            }
                        }),
                    ),
                    (
                        key("read_1", "memmap2"),
                        Box::new(move |n| {
                            for k in 0..n as usize {
                                let p = p1[k & mask];
                                one_b.copy_from_slice(&mm[p..p + 1]);
                                black_box(&one_b);
                            }
                        }),
                    ),
                ],
            );
        }
        let mut big_a = vec![0u8; MIB];
        let mut big_b = vec![0u8; MIB];
        if want("read_1m") {
            h.compare(
                MIB as u64,
                vec![
                    (
                        key("read_1m", "mmf"),
                        Box::new(move |n| {
                            for k in 0..n as usize {
                                m.read_at(&mut big_a, p1m[k & mask] as u64).unwrap();
                                black_box(&big_a);
                            }
                        }),
                    ),
                    (
                        key("read_1m", "memmap2"),
                        Box::new(move |n| {
                            for k in 0..n as usize {
                                let p = p1m[k & mask];
                                big_b.copy_from_slice(&mm[p..p + MIB]);
                                black_box(&big_b);
                            }
                        }),
                    ),
                ],
            );
        }
        let nd = &needle;
        if want("find") {
            h.compare(
                len as u64,
                vec![
                    (
                        key("find", "mmf"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(m.find(black_box(nd), ..).unwrap());
                            }
                        }),
                    ),
                    (
                        key("find", "memmap2"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(memchr::memmem::find(black_box(&mm[..]), black_box(nd)));
                            }
                        }),
                    ),
                ],
            );
            // memchr's memmem over memmap2 for every needle length (bench/report.py:
            // find/memchr/<m> and rfind/memchr/<m> against mmf's C find/rfind),
            // timed next to mmf's own find/rfind through this crate
            // (find/mmf_rust/<m>, rfind/mmf_rust/<m>: the same C code, measured
            // interleaved with memchr, so a change in the machine's load between
            // the C and the Rust runs cannot tilt the comparison).
        }
        for len_m in LENGTHS.into_iter().filter(|_| want("memchr")) {
            let nd = rare_needle(len_m);
            let (n1, n2, n3, n4) = (nd.clone(), nd.clone(), nd.clone(), nd);
            h.compare(
                len as u64,
                vec![
                    (
                        format!("find/memchr/{len_m}"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(memchr::memmem::find(black_box(&mm[..]), black_box(&n1)));
                            }
                        }),
                    ),
                    (
                        format!("find/mmf_rust/{len_m}"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(m.find(black_box(&n2), ..).unwrap());
                            }
                        }),
                    ),
                    (
                        format!("rfind/memchr/{len_m}"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(memchr::memmem::rfind(
                                    black_box(&mm[..]),
                                    black_box(&n3),
                                ));
                            }
                        }),
                    ),
                    (
                        format!("rfind/mmf_rust/{len_m}"),
                        Box::new(move |n| {
                            for _ in 0..n {
                                black_box(m.rfind(black_box(&n4), ..).unwrap());
                            }
                        }),
                    ),
                ],
            );
        }
    }
    if want("view_scan") {
        // SAFETY: as for memmap2 above: the data file is not changed while
        // the view lives.
        let view = unsafe { m.view_unchecked() }.unwrap();
        assert_eq!(sum(&view), sum(&mm));
        let (v, mm) = (&view[..], &mm[..]);
        h.compare(
            len as u64,
            vec![
                (
                    key("view_scan", "mmf"),
                    Box::new(move |n| {
                        for _ in 0..n {
                            black_box(sum(black_box(v)));
                        }
                    }),
                ),
                (
                    key("view_scan", "memmap2"),
                    Box::new(move |n| {
                        for _ in 0..n {
                            black_box(sum(black_box(mm)));
                        }
                    }),
                ),
            ],
        );
    }

    if let Some(out) = std::env::var_os("MMF_BENCH_OUT") {
        fs::write(out, h.json()).unwrap();
    }
    drop(mm);
    drop(m);
    if given.is_none() {
        let _ = fs::remove_dir_all(&dir);
    }
}
