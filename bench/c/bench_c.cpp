// C/C++ benchmarks: mmf through its C ABI against the raw system calls and
// the C/C++ searches on the same page-cached file. Every mmf row has a peer
// row measured in the same run; bench/report.py turns them into ratios.
//
// Usage: mmf_bench_c --make-file PATH   (writes the 256 MiB data file)
//        MMF_BENCH_FILE=PATH mmf_bench_c [google-benchmark flags]
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "floor_model.h"
#include "mmf.h"

namespace {

constexpr size_t kFileSize = 256u << 20;
constexpr size_t kAdversarialSize = 64u << 20;
const int kNeedleLengths[] = {1, 2, 4, 8, 16, 32, 64, 256};

std::string g_file;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "bench: %s: %s / %s\n", what, std::strerror(errno), mmf_last_error());
  std::exit(2);
}

// The haystack is random lowercase text; rare needles are uppercase, so
// they never occur and every search scans the whole map.
std::string rare_needle(int m) {
  std::string n(static_cast<size_t>(m), 'Q');
  for (int i = 0; i < m; ++i) n[static_cast<size_t>(i)] = "QZXJKV"[i % 6];
  return n;
}

// Reads one byte of every page: faults them all in.
void touch_pages(const void* p, uint64_t len) {
  unsigned sum = 0;
  for (uint64_t off = 0; off < len; off += 4096) sum += static_cast<const volatile uint8_t*>(p)[off];
  benchmark::DoNotOptimize(sum);
}

// touch_pages over an mmf map, through its buffer.
void touch_map(mmf_map* m) {
  void* data = nullptr;
  uint64_t len = 0;
  if (mmf_buffer_acquire(m, &data, &len) != MMF_OK) die("buffer_acquire");
  touch_pages(data, len);
  mmf_buffer_release(m);
}

struct RawMap {
  int fd = -1;
  uint8_t* p = nullptr;
  size_t len = 0;
  explicit RawMap(const std::string& path) {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0) die("open raw");
    len = static_cast<size_t>(st.st_size);
    void* v = mmap(nullptr, len, PROT_READ, MAP_SHARED, fd, 0);
    if (v == MAP_FAILED) die("mmap raw");
    p = static_cast<uint8_t*>(v);
    // Fault every page in before timing: the benchmarks measure searching
    // and copying, not the first touch (measured on its own below).
    touch_pages(p, len);
  }
  ~RawMap() {
    munmap(p, len);
    close(fd);
  }
};

mmf_map* open_map(const std::string& path, uint32_t flags = 0) {
  mmf_options o;
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  o.flags = flags;
  mmf_map* m = nullptr;
  if (mmf_open(path.c_str(), &o, &m) != MMF_OK) die("mmf_open");
  return m;
}

// As RawMap: every page faulted in before timing.
mmf_map* open_warm_map(const std::string& path) {
  mmf_map* m = open_map(path);
  touch_map(m);
  return m;
}

// ---- find / rfind, rare needle ----------------------------------------

void BM_find_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  std::string nd = rare_needle(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    int64_t at = 0;
    if (mmf_find(m, nd.data(), nd.size(), 0, MMF_POS_DEFAULT, &at) != MMF_OK) die("find");
    benchmark::DoNotOptimize(at);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kFileSize));
  mmf_free(m);
}

void BM_rfind_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  std::string nd = rare_needle(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    int64_t at = 0;
    if (mmf_rfind(m, nd.data(), nd.size(), 0, MMF_POS_DEFAULT, &at) != MMF_OK) die("rfind");
    benchmark::DoNotOptimize(at);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kFileSize));
  mmf_free(m);
}

void BM_find_memmem(benchmark::State& st) {
  RawMap r(g_file);
  std::string nd = rare_needle(static_cast<int>(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(memmem(r.p, r.len, nd.data(), nd.size()));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kFileSize));
}

void BM_find_bmh(benchmark::State& st) {
  RawMap r(g_file);
  std::string nd = rare_needle(static_cast<int>(st.range(0)));
  std::boyer_moore_horspool_searcher searcher(nd.begin(), nd.end());
  for (auto _ : st) benchmark::DoNotOptimize(std::search(r.p, r.p + r.len, searcher));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kFileSize));
}

// ---- adversarial: aaaa... haystack, aa...ab needle (and its mirror) ------

mmf_map* adversarial_map() {
  mmf_map* m = nullptr;
  if (mmf_open_anonymous(kAdversarialSize, nullptr, &m) != MMF_OK) die("anonymous");
  std::vector<char> chunk(1 << 20, 'a');
  for (size_t off = 0; off < kAdversarialSize; off += chunk.size()) {
    if (mmf_write_at(m, off, chunk.data(), chunk.size()) != MMF_OK) die("fill");
  }
  return m;
}

void BM_adv_find_mmf(benchmark::State& st) {
  mmf_map* m = adversarial_map();
  std::string nd = std::string(static_cast<size_t>(st.range(0)) - 1, 'a') + "b";
  for (auto _ : st) {
    int64_t at = 0;
    mmf_find(m, nd.data(), nd.size(), 0, MMF_POS_DEFAULT, &at);
    benchmark::DoNotOptimize(at);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kAdversarialSize));
  mmf_free(m);
}

void BM_adv_rfind_mmf(benchmark::State& st) {
  mmf_map* m = adversarial_map();
  std::string nd = "b" + std::string(static_cast<size_t>(st.range(0)) - 1, 'a');
  for (auto _ : st) {
    int64_t at = 0;
    mmf_rfind(m, nd.data(), nd.size(), 0, MMF_POS_DEFAULT, &at);
    benchmark::DoNotOptimize(at);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kAdversarialSize));
  mmf_free(m);
}

void BM_adv_find_memmem(benchmark::State& st) {
  std::vector<char> h(kAdversarialSize, 'a');
  std::string nd = std::string(static_cast<size_t>(st.range(0)) - 1, 'a') + "b";
  for (auto _ : st) benchmark::DoNotOptimize(memmem(h.data(), h.size(), nd.data(), nd.size()));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(kAdversarialSize));
}

// ---- reads -------------------------------------------------------------

void BM_read_at_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  const auto n = static_cast<size_t>(st.range(0));
  std::vector<uint8_t> buf(n);
  std::mt19937_64 rng(1);
  for (auto _ : st) {
    size_t got = 0;
    uint64_t pos = rng() % (kFileSize - n);
    if (mmf_read_at(m, pos, buf.data(), n, &got) != MMF_OK) die("read_at");
    benchmark::DoNotOptimize(buf.data());
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(n));
  mmf_free(m);
}

void BM_read_at_memcpy(benchmark::State& st) {
  RawMap r(g_file);
  const auto n = static_cast<size_t>(st.range(0));
  std::vector<uint8_t> buf(n);
  std::mt19937_64 rng(1);
  for (auto _ : st) {
    uint64_t pos = rng() % (kFileSize - n);
    std::memcpy(buf.data(), r.p + pos, n);
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(n));
}

// 8-byte reads at 4 M random positions drawn before timing, so the loop is
// nothing but the reads: how much of the memory-level parallelism of plain
// loads survives a call. The loops index a plain pointer with a constant
// mask: through the vector, every iteration after an opaque call reloaded
// its begin and end (the callee might have changed them), three loads per
// call that the inlined memcpy loop did not pay and a user's loop over its
// own array would not either.
constexpr size_t kPositions = size_t{4} << 20;

const std::vector<uint64_t>& random_positions() {
  static const std::vector<uint64_t> pos = [] {
    std::vector<uint64_t> p(kPositions);
    std::mt19937_64 rng(7);
    for (auto& x : p) x = rng() % (kFileSize - 8);
    return p;
  }();
  return pos;
}

void BM_read_at_random8_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  const uint64_t* const pos = random_positions().data();
  uint64_t buf = 0, sum = 0;
  size_t i = 0, got = 0;
  for (auto _ : st) {
    if (mmf_read_at(m, pos[i++ & (kPositions - 1)], &buf, sizeof buf, &got) != MMF_OK) die("read_at");
    sum += buf;
  }
  benchmark::DoNotOptimize(sum);
  mmf_free(m);
}

void BM_read_at_random8_memcpy(benchmark::State& st) {
  RawMap r(g_file);
  const uint64_t* const pos = random_positions().data();
  uint64_t buf = 0, sum = 0;
  size_t i = 0;
  for (auto _ : st) {
    std::memcpy(&buf, r.p + pos[i++ & (kPositions - 1)], sizeof buf);
    sum += buf;
  }
  benchmark::DoNotOptimize(sum);
}

// The floor model (floor_model.h) at the same positions: what the design's
// promises cost in this loop, apart from what mmf adds to them.
template <int (*Read)(floor_map*, uint64_t, void*, size_t, size_t*)>
void BM_read_at_random8_floor(benchmark::State& st) {
  RawMap r(g_file);
  floor_map* m = floor_open(r.p, r.len);
  if (m == nullptr) die("floor_open");
  const uint64_t* const pos = random_positions().data();
  uint64_t buf = 0, sum = 0;
  size_t i = 0, got = 0;
  for (auto _ : st) {
    if (Read(m, pos[i++ & (kPositions - 1)], &buf, sizeof buf, &got) != 0) die("floor read");
    sum += buf;
  }
  benchmark::DoNotOptimize(sum);
  floor_close(m);
}

// The same 8 bytes again and again: the per-call cost with the data in L1.
void BM_read_at_hot_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  uint8_t buf[8];
  for (auto _ : st) {
    size_t got = 0;
    if (mmf_read_at(m, 4096, buf, sizeof buf, &got) != MMF_OK) die("read_at");
    benchmark::DoNotOptimize(buf);
    benchmark::ClobberMemory();
  }
  mmf_free(m);
}

void BM_read_at_hot_memcpy(benchmark::State& st) {
  RawMap r(g_file);
  uint8_t buf[8];
  const uint8_t* volatile src = r.p + 4096;  // reloaded each time, as a call's argument is
  for (auto _ : st) {
    std::memcpy(buf, src, sizeof buf);
    benchmark::DoNotOptimize(buf);
    benchmark::ClobberMemory();
  }
}

// resize (4 KiB <-> 1 MiB, 1,000 times) and then close, while four threads
// loop read_at, find, rfind and cursor reads on the same handle without a
// pause. Reports the latency distribution as counters (milliseconds).
void BM_resize_under_readers(benchmark::State& st) {
  const std::string path = g_file + ".live";
  std::vector<double> resize_ms;
  double close_ms = 0;
  for (auto _ : st) {
    {
      std::string init(1 << 20, 'x');
      FILE* f = std::fopen(path.c_str(), "wb");
      if (f == nullptr || std::fwrite(init.data(), 1, init.size(), f) != init.size()) die("live file");
      std::fclose(f);
    }
    mmf_options o;
    mmf_options_init(&o);
    o.access = MMF_ACCESS_WRITE;
    mmf_map* m = nullptr;
    if (mmf_open(path.c_str(), &o, &m) != MMF_OK) die("mmf_open");
    std::atomic<bool> stop{false};
    std::vector<std::thread> readers;
    for (unsigned t = 0; t < 4; ++t) {
      readers.emplace_back([m, t, &stop] {
        std::vector<uint8_t> buf(4096);
        for (uint64_t i = t; !stop.load(std::memory_order_relaxed); ++i) {
          size_t n = 0;
          int64_t at = 0;
          uint8_t b = 0;
          switch (i % 4) {
            case 0:
              mmf_read_at(m, 8192, buf.data(), buf.size(), &n);
              break;
            case 1:
              mmf_find(m, "needle", 6, 0, MMF_POS_DEFAULT, &at);
              break;
            case 2:
              mmf_rfind(m, "needle", 6, 0, MMF_POS_DEFAULT, &at);
              break;
            default:
              mmf_seek(m, 0, MMF_SEEK_SET, nullptr);
              mmf_read(m, buf.data(), 64, &n);
              mmf_read_byte(m, &b);
              break;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int r = 0; r < 1000; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      if (mmf_resize(m, r % 2 == 0 ? 4096 : 1 << 20) != MMF_OK) die("resize");
      resize_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (mmf_close(m) != MMF_OK) die("close");
    close_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    stop.store(true);
    for (auto& t : readers) t.join();
    mmf_free(m);
    std::remove(path.c_str());
  }
  std::sort(resize_ms.begin(), resize_ms.end());
  auto pct = [&](double p) { return resize_ms[static_cast<size_t>(p * static_cast<double>(resize_ms.size() - 1))]; };
  st.counters["p50_ms"] = pct(0.5);
  st.counters["p99_ms"] = pct(0.99);
  st.counters["max_ms"] = resize_ms.back();
  st.counters["close_ms"] = close_ms;
}

void BM_read_byte_mmf(benchmark::State& st) {
  mmf_map* m = open_warm_map(g_file);
  uint8_t b = 0;
  uint64_t left = kFileSize;
  for (auto _ : st) {
    if (left-- == 0) {
      mmf_seek(m, 0, MMF_SEEK_SET, nullptr);
      left = kFileSize - 1;
    }
    mmf_read_byte(m, &b);
    benchmark::DoNotOptimize(b);
  }
  mmf_free(m);
}

void BM_read_byte_raw(benchmark::State& st) {
  RawMap r(g_file);
  size_t pos = 0;
  for (auto _ : st) {
    if (pos == r.len) pos = 0;
    uint8_t b = *static_cast<volatile uint8_t*>(r.p + pos++);
    benchmark::DoNotOptimize(b);
  }
}

// ---- open + close --------------------------------------------------------

void BM_open_close_mmf(benchmark::State& st) {
  for (auto _ : st) mmf_free(open_map(g_file));
}

void BM_open_close_raw(benchmark::State& st) {
  for (auto _ : st) {
    int fd = open(g_file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat s {};
    fstat(fd, &s);
    void* p = mmap(nullptr, static_cast<size_t>(s.st_size), PROT_READ, MAP_SHARED, fd, 0);
    munmap(p, static_cast<size_t>(s.st_size));
    close(fd);
  }
}

// ---- resize: grow 1 MiB -> 1 GiB in 1 MiB steps ---------------------------

std::string scratch_path() { return g_file + ".grow"; }

void BM_resize_grow_mmf(benchmark::State& st) {
  for (auto _ : st) {
    st.PauseTiming();
    unlink(scratch_path().c_str());
    mmf_options o;
    mmf_options_init(&o);
    o.flags = MMF_OPEN_CREATE;
    o.length = 1 << 20;
    mmf_map* m = nullptr;
    if (mmf_open(scratch_path().c_str(), &o, &m) != MMF_OK) die("grow open");
    st.ResumeTiming();
    for (uint64_t len = 2u << 20; len <= (1u << 30); len += 1u << 20) {
      if (mmf_resize(m, len) != MMF_OK) die("resize");
    }
    st.PauseTiming();
    mmf_free(m);
    unlink(scratch_path().c_str());
    st.ResumeTiming();
  }
}

// Grows a raw mapping the same way. reserve = false: ftruncate (a sparse
// file, which a full disk turns into SIGBUS on a later store); true:
// posix_fallocate at each step, the blocks reserved as mmf does.
void resize_grow_raw(benchmark::State& st, bool reserve) {
  auto extend = [&](int fd, size_t from, size_t to) {
    return reserve ? posix_fallocate(fd, static_cast<off_t>(from), static_cast<off_t>(to - from))
                   : ftruncate(fd, static_cast<off_t>(to));
  };
  for (auto _ : st) {
    st.PauseTiming();
    unlink(scratch_path().c_str());
    int fd = open(scratch_path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || extend(fd, 0, 1 << 20) != 0) die("grow raw");
    void* p = mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    size_t cur = 1 << 20;
    st.ResumeTiming();
    for (size_t len = 2u << 20; len <= (1u << 30); len += 1u << 20) {
      if (extend(fd, cur, len) != 0) die(reserve ? "posix_fallocate" : "ftruncate");
      p = mremap(p, cur, len, MREMAP_MAYMOVE);
      if (p == MAP_FAILED) die("mremap");
      cur = len;
    }
    st.PauseTiming();
    munmap(p, cur);
    close(fd);
    unlink(scratch_path().c_str());
    st.ResumeTiming();
  }
}
void BM_resize_grow_raw(benchmark::State& st) { resize_grow_raw(st, false); }
void BM_resize_grow_raw_reserved(benchmark::State& st) { resize_grow_raw(st, true); }

// ---- first touch, with and without populate (64 MiB of the file) ---------

void first_touch(benchmark::State& st, uint32_t flags) {
  for (auto _ : st) {
    mmf_options o;
    mmf_options_init(&o);
    o.access = MMF_ACCESS_READ;
    o.flags = flags;
    o.length = 64u << 20;
    mmf_map* m = nullptr;
    if (mmf_open(g_file.c_str(), &o, &m) != MMF_OK) die("touch open");
    touch_map(m);
    mmf_free(m);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * (64 << 20));
}
void BM_first_touch_lazy(benchmark::State& st) { first_touch(st, 0); }
void BM_first_touch_populate(benchmark::State& st) { first_touch(st, MMF_OPEN_POPULATE); }

void make_file(const std::string& path) {
  std::vector<char> buf(1 << 20);
  std::mt19937 rng(42);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) die("create data file");
  for (size_t done = 0; done < kFileSize; done += buf.size()) {
    for (auto& c : buf) c = static_cast<char>('a' + rng() % 26);
    if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) die("write data file");
  }
  std::fclose(f);
}

void register_all() {
  for (int m : kNeedleLengths) {
    benchmark::RegisterBenchmark("find/mmf", BM_find_mmf)->Arg(m);
    benchmark::RegisterBenchmark("find/memmem", BM_find_memmem)->Arg(m);
    benchmark::RegisterBenchmark("find/bmh", BM_find_bmh)->Arg(m);
    benchmark::RegisterBenchmark("rfind/mmf", BM_rfind_mmf)->Arg(m);
    if (m >= 2) {
      benchmark::RegisterBenchmark("adv_find/mmf", BM_adv_find_mmf)->Arg(m);
      benchmark::RegisterBenchmark("adv_find/memmem", BM_adv_find_memmem)->Arg(m);
      benchmark::RegisterBenchmark("adv_rfind/mmf", BM_adv_rfind_mmf)->Arg(m);
    }
  }
  for (int n : {1, 4096, 1 << 20}) {
    benchmark::RegisterBenchmark("read_at/mmf", BM_read_at_mmf)->Arg(n);
    benchmark::RegisterBenchmark("read_at/memcpy", BM_read_at_memcpy)->Arg(n);
  }
  benchmark::RegisterBenchmark("read_at/mmf", BM_read_at_mmf)->Arg(8);
  benchmark::RegisterBenchmark("read_at/memcpy", BM_read_at_memcpy)->Arg(8);
  benchmark::RegisterBenchmark("read_at_random/mmf", BM_read_at_random8_mmf)->Arg(8);
  benchmark::RegisterBenchmark("read_at_random/memcpy", BM_read_at_random8_memcpy)->Arg(8);
  benchmark::RegisterBenchmark("read_at_random/floor_full", BM_read_at_random8_floor<floor_read_full>)->Arg(8);
  benchmark::RegisterBenchmark("read_at_random/floor_noseq", BM_read_at_random8_floor<floor_read_noseq>)->Arg(8);
  benchmark::RegisterBenchmark("read_at_random/floor_bare", BM_read_at_random8_floor<floor_read_bare>)->Arg(8);
  benchmark::RegisterBenchmark("read_at_hot/mmf", BM_read_at_hot_mmf)->Arg(8);
  benchmark::RegisterBenchmark("read_at_hot/memcpy", BM_read_at_hot_memcpy)->Arg(8);
  benchmark::RegisterBenchmark("resize_under_readers/mmf", BM_resize_under_readers)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("read_byte/mmf", BM_read_byte_mmf);
  benchmark::RegisterBenchmark("read_byte/raw", BM_read_byte_raw);
  benchmark::RegisterBenchmark("open_close/mmf", BM_open_close_mmf);
  benchmark::RegisterBenchmark("open_close/raw", BM_open_close_raw);
  benchmark::RegisterBenchmark("resize_grow_1GiB/mmf", BM_resize_grow_mmf)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("resize_grow_1GiB/raw", BM_resize_grow_raw)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("resize_grow_1GiB/raw_reserved", BM_resize_grow_raw_reserved)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("first_touch_64MiB/lazy", BM_first_touch_lazy)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("first_touch_64MiB/populate", BM_first_touch_populate)->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--make-file") == 0) {
    make_file(argv[2]);
    return 0;
  }
  const char* file = std::getenv("MMF_BENCH_FILE");
  if (file == nullptr) {
    std::fprintf(stderr, "set MMF_BENCH_FILE (make one with --make-file PATH)\n");
    return 2;
  }
  g_file = file;
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
