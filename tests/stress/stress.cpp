// Concurrency stress: readers (read_at, find, cursor reads, readline, buffer
// acquire/release) race writers, a resizer/flusher and finally a closer on
// one handle. Passes when nothing crashes, every call returns a status the
// header documents for that situation, and no read returns a byte that was
// never in the map (every byte ever stored is a lowercase letter, or a zero
// from growth). Run under ThreadSanitizer by the "tsan" preset.
//
// Usage: mmf_stress [seconds]   (default 3; MMF_STRESS_SECONDS overrides)
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "checks.hpp"
#include "mmf.h"

namespace {

constexpr uint64_t kMinLen = 1;
constexpr uint64_t kMaxLen = 256 * 1024;

using stress_checks::expect;
using stress_checks::failure;
using stress_checks::g_calls;
using stress_checks::g_closing;
using stress_checks::g_failures;

bool plausible(const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != 0 && (p[i] < 'a' || p[i] > 'z')) return false;
  }
  return true;
}

void reader(mmf_map* m, unsigned seed, const std::atomic<bool>& stop) {
  std::mt19937_64 rng(seed);
  std::vector<unsigned char> buf(64 * 1024);
  while (!stop.load(std::memory_order_relaxed)) {
    size_t n = 0;
    switch (rng() % 5) {
      case 0: {
        uint64_t pos = rng() % (kMaxLen + 16);
        size_t cap = rng() % buf.size();
        mmf_status s = mmf_read_at(m, pos, buf.data(), cap, &n);
        expect("read_at", s, {MMF_OK, MMF_ERR_OUT_OF_RANGE});
        if (s == MMF_OK && (n > cap || pos + n > kMaxLen || !plausible(buf.data(), n))) failure("read_at data", s);
        break;
      }
      case 1: {
        const char* needles[] = {"q", "zz", "abc", "needle"};
        const char* sub = needles[rng() % 4];
        int64_t found = 0;
        mmf_status s = mmf_find(m, sub, std::strlen(sub), 0, MMF_POS_DEFAULT, &found);
        expect("find", s, {MMF_OK});
        if (s == MMF_OK && (found < -1 || found > static_cast<int64_t>(kMaxLen))) failure("find index", s);
        s = mmf_rfind(m, sub, std::strlen(sub), MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found);
        expect("rfind", s, {MMF_OK});
        break;
      }
      case 2: {
        mmf_status s = mmf_seek(m, static_cast<int64_t>(rng() % kMaxLen), MMF_SEEK_SET, nullptr);
        expect("seek", s, {MMF_OK, MMF_ERR_OUT_OF_RANGE});
        size_t cap = rng() % 4096;
        s = mmf_read(m, buf.data(), cap, &n);
        expect("read", s, {MMF_OK});
        if (s == MMF_OK && (n > cap || !plausible(buf.data(), n))) failure("read data", s);
        break;
      }
      case 3: {
        mmf_status s = mmf_readline(m, buf.data(), 512, &n);
        expect("readline", s, {MMF_OK});
        if (s == MMF_OK && (n > 512 || !plausible(buf.data(), n))) failure("readline data", s);
        break;
      }
      default: {
        void* data = nullptr;
        uint64_t len = 0;
        mmf_status s = mmf_buffer_acquire(m, &data, &len);
        expect("buffer_acquire", s, {MMF_OK});
        if (s == MMF_OK) {
          // The bytes themselves are deliberately outside the library's locks
          // (a race with writers by contract), so only the pin is checked:
          // while held, the length must not change.
          uint64_t now = 0;
          mmf_status ls = mmf_length(m, &now);
          expect("length", ls, {MMF_OK});
          if (ls == MMF_OK && now != len) failure("length changed under a pinned buffer", ls);
          if (len > 0 && data == nullptr) failure("buffer data", s);
          expect("buffer_release", mmf_buffer_release(m), {MMF_OK});
        }
        break;
      }
    }
  }
}

void writer(mmf_map* m, unsigned seed, const std::atomic<bool>& stop) {
  std::mt19937_64 rng(seed);
  std::string chunk(2048, 'a');
  while (!stop.load(std::memory_order_relaxed)) {
    for (char& c : chunk) c = static_cast<char>('a' + rng() % 26);
    size_t n = rng() % chunk.size();
    switch (rng() % 3) {
      case 0:
        expect("write_at", mmf_write_at(m, rng() % kMaxLen, chunk.data(), n), {MMF_OK, MMF_ERR_OUT_OF_RANGE});
        break;
      case 1:
        expect("write", mmf_write(m, chunk.data(), n), {MMF_OK, MMF_ERR_OUT_OF_RANGE});
        break;
      default:
        expect("move", mmf_move(m, rng() % kMaxLen, rng() % kMaxLen, rng() % 4096), {MMF_OK, MMF_ERR_OUT_OF_RANGE});
        break;
    }
  }
}

void resizer(mmf_map* m, unsigned seed, const std::atomic<bool>& stop) {
  std::mt19937_64 rng(seed);
  while (!stop.load(std::memory_order_relaxed)) {
    uint64_t len = kMinLen + rng() % (kMaxLen - kMinLen);
    expect("resize", mmf_resize(m, len), {MMF_OK, MMF_ERR_BUSY});
    expect("flush", mmf_flush(m, rng() % 8192, rng() % 8192, static_cast<uint32_t>(rng() % 2)),
           {MMF_OK, MMF_ERR_OUT_OF_RANGE});
  }
}

int run(const char* label, mmf_map* m, double seconds) {
  std::atomic<bool> stop_work{false};
  std::atomic<bool> stop_readers{false};
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < 4; ++i) threads.emplace_back(reader, m, 100 + i, std::cref(stop_readers));
  threads.emplace_back(writer, m, 7, std::cref(stop_work));
  threads.emplace_back(writer, m, 8, std::cref(stop_work));
  threads.emplace_back(resizer, m, 9, std::cref(stop_work));
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));

  // Close while the readers are still running: close waits for calls in
  // flight and fails with BUSY while a reader holds a buffer.
  stop_work.store(true);
  g_closing.store(true);
  mmf_status s;
  uint64_t busy = 0;
  while ((s = mmf_close(m)) == MMF_ERR_BUSY) ++busy;
  expect("close", s, {MMF_OK});
  stop_readers.store(true);
  for (auto& t : threads) t.join();
  if (!mmf_closed(m)) failure("closed after close", MMF_OK);
  mmf_free(m);
  g_closing.store(false);
  std::printf("stress %s: closed after %" PRIu64 " busy retries\n", label, busy);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  if (const char* env = std::getenv("MMF_STRESS_SECONDS")) seconds = std::atof(env);
  if (argc > 1) seconds = std::atof(argv[1]);

  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-stress-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return 2;
  std::string init(64 * 1024, 'm');
  if (write(fd, init.data(), init.size()) != static_cast<ssize_t>(init.size())) return 2;
  close(fd);

  mmf_map* m = nullptr;
  if (mmf_open(path.c_str(), nullptr, &m) != MMF_OK) {
    std::fprintf(stderr, "open: %s\n", mmf_last_error());
    return 2;
  }
  run("file", m, seconds / 2);
  unlink(path.c_str());

  if (mmf_open_anonymous(64 * 1024, nullptr, &m) != MMF_OK) {
    std::fprintf(stderr, "open_anonymous: %s\n", mmf_last_error());
    return 2;
  }
  // The anonymous map starts as zeros, which plausible() accepts.
  run("anonymous", m, seconds / 2);

  uint64_t calls = g_calls.load(), failures = g_failures.load();
  std::printf("stress: %" PRIu64 " calls over %.1f s\n", calls, seconds);
  std::printf("stress: %" PRIu64 " passed, %" PRIu64 " failed\n", calls - failures, failures);
  return failures == 0 ? 0 : 1;
}
