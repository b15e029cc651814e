// Differential fuzzer: decodes its input into a sequence of calls, makes each
// call on a real map through the C ABI and on a small reference model of the
// Python semantics (model.hpp), and aborts on any difference in status, data,
// cursor, length or file contents.
//
// Input layout: a setup header (kind, access, sizes, file content seed), then
// one op per byte followed by that op's arguments. Running out of bytes ends
// the sequence, so every input is valid.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "direct_reader.hpp"
#include "mmf.h"
#include "model.hpp"

namespace {

class Input {
 public:
  Input(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool empty() const { return i_ >= n_; }
  uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }

  // A position-like unsigned value: mostly near the map, sometimes extreme.
  uint64_t upos(uint64_t len) {
    uint8_t k = u8();
    switch (k % 16) {
      case 0:
        return kExtremes[u8() % (sizeof kExtremes / sizeof kExtremes[0])];
      case 1:
        return len + u8() % 4;
      default:
        return u16() % (len + 9);
    }
  }
  // A signed find/rfind bound or seek offset.
  int64_t spos(uint64_t len) {
    uint8_t k = u8();
    switch (k % 16) {
      case 0:
        return MMF_POS_DEFAULT;
      case 1:
        return static_cast<int64_t>(kExtremes[u8() % (sizeof kExtremes / sizeof kExtremes[0])]);
      case 2:
        return INT64_MIN + 1;
      default: {
        auto span = static_cast<int64_t>(len) + 5;
        return static_cast<int64_t>(u16() % (2 * span + 1)) - span;
      }
    }
  }
  std::vector<uint8_t> bytes(size_t max) {
    size_t n = u8() % (max + 1);
    std::vector<uint8_t> out;
    for (size_t k = 0; k < n; ++k) out.push_back(static_cast<uint8_t>('a' + u8() % 4));  // small alphabet: finds hit
    return out;
  }

 private:
  static constexpr uint64_t kExtremes[] = {
      UINT64_MAX, UINT64_MAX - 1, INT64_MAX, uint64_t{1} << 63, (uint64_t{1} << 63) + 1, uint64_t{1} << 32, 4096};
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

[[noreturn]] void mismatch(const char* what, size_t step, int op, long long real, long long expected) {
  std::fprintf(stderr, "MISMATCH at step %zu (op %d): %s: real %lld, model %lld; last error: %s\n", step, op, what,
               real, expected, mmf_last_error());
  std::abort();
}

void check_bytes(const char* what, size_t step, int op, const std::vector<uint8_t>& real,
                 const std::vector<uint8_t>& expected) {
  if (real == expected) return;
  size_t i = 0;
  while (i < real.size() && i < expected.size() && real[i] == expected[i]) ++i;
  std::fprintf(stderr, "MISMATCH at step %zu (op %d): %s differ at byte %zu (real size %zu, model size %zu)\n", step,
               op, what, i, real.size(), expected.size());
  std::abort();
}

std::vector<uint8_t> file_bytes(int fd) {
  std::vector<uint8_t> out;
  off_t size = lseek(fd, 0, SEEK_END);
  out.resize(static_cast<size_t>(size));
  if (size > 0 && pread(fd, out.data(), out.size(), 0) != size) std::abort();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  const uint8_t kind = in.u8();
  const bool anonymous = (kind & 1) != 0;
  mmf_options o;
  mmf_options_init(&o);
  o.access = static_cast<mmf_access>((kind >> 1) % 4);
  if (o.access == MMF_ACCESS_DEFAULT && (kind & 0x10) != 0) o.flags |= MMF_MAP_PRIVATE;
  const bool shared = !(o.access == MMF_ACCESS_COPY || (o.flags & MMF_MAP_PRIVATE) != 0);
  const bool resizable = o.access == MMF_ACCESS_DEFAULT ? shared : o.access == MMF_ACCESS_WRITE;

  mmf_map* m = nullptr;
  int fd = -1;
  mmf::fuzz::Model model;
  if (anonymous) {
    uint64_t len = 1 + in.u16() % 9000;
    if (mmf_open_anonymous(len, &o, &m) != MMF_OK) mismatch("open_anonymous status", 0, -1, 1, 0);
    model.init_anonymous(len, o.access == MMF_ACCESS_READ, resizable);
  } else {
    size_t file_size = 1 + in.u16() % 9000;
    std::vector<uint8_t> content(file_size);
    uint8_t seed = in.u8();
    for (size_t i = 0; i < file_size; ++i) content[i] = static_cast<uint8_t>("abcd\n"[(i * 7 + seed) % 5]);
    o.offset = in.u16() % file_size;
    uint16_t l = in.u16();
    o.length = (l & 1) != 0 ? 0 : 1 + l % (file_size - o.offset);
    // A memfd reached through /proc stands in for a file: no disk I/O.
    fd = memfd_create("mmf-fuzz", MFD_CLOEXEC);
    if (fd < 0 || write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) std::abort();
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (mmf_open(path.c_str(), &o, &m) != MMF_OK) mismatch("open status", 0, -1, 1, 0);
    model.init_file(content, o.offset, o.length == 0 ? file_size - o.offset : o.length, o.access == MMF_ACCESS_READ,
                    shared, resizable);
  }

  std::vector<uint8_t> buf;
  for (size_t step = 1; !in.empty() && step < 400; ++step) {
    const int op = in.u8() % 20;
    const uint64_t len = model.length();
    mmf_status real = MMF_OK;
    mmf_status expect = MMF_OK;
    switch (op) {
      case 0: {  // read
        size_t cap = static_cast<size_t>(in.upos(len));
        buf.assign(std::min<size_t>(cap, 20000), 0);
        size_t n = 0;
        real = mmf_read(m, buf.data(), std::min(cap, buf.size()), &n);
        std::vector<uint8_t> want;
        expect = model.read(std::min(cap, buf.size()), want);
        if (real == MMF_OK && expect == MMF_OK)
          check_bytes("read data", step, op, {buf.begin(), buf.begin() + n}, want);
        break;
      }
      case 1: {
        uint8_t b = 0, w = 0;
        real = mmf_read_byte(m, &b);
        expect = model.read_byte(w);
        if (real == MMF_OK && expect == MMF_OK && b != w) mismatch("read_byte", step, op, b, w);
        break;
      }
      case 2: {
        size_t cap = static_cast<size_t>(in.upos(len));
        buf.assign(std::min<size_t>(cap, 20000), 0);
        size_t n = 0;
        real = mmf_readline(m, buf.data(), std::min(cap, buf.size()), &n);
        std::vector<uint8_t> want;
        expect = model.readline(std::min(cap, buf.size()), want);
        if (real == MMF_OK && expect == MMF_OK) check_bytes("readline", step, op, {buf.begin(), buf.begin() + n}, want);
        break;
      }
      case 3: {
        std::vector<uint8_t> b = in.bytes(24);
        real = mmf_write(m, b.data(), b.size());
        expect = model.write(b);
        break;
      }
      case 4: {
        uint8_t b = in.u8();
        real = mmf_write_byte(m, b);
        expect = model.write_byte(b);
        break;
      }
      case 5: {
        int64_t off = in.spos(len);
        int whence = in.u8() % 4;
        uint64_t np = 0, wp = 0;
        real = mmf_seek(m, off, whence, &np);
        expect = model.seek(off, whence, wp);
        if (real == MMF_OK && expect == MMF_OK && np != wp) mismatch("seek position", step, op, np, wp);
        break;
      }
      case 6: {
        uint64_t p = 0, w = 0;
        real = mmf_tell(m, &p);
        expect = model.tell(w);
        if (real == MMF_OK && expect == MMF_OK && p != w) mismatch("tell", step, op, p, w);
        break;
      }
      case 7: {
        uint64_t pos = in.upos(len);
        size_t cap = static_cast<size_t>(in.upos(len));
        buf.assign(std::min<size_t>(cap, 20000), 0);
        size_t n = 0;
        real = mmf_read_at(m, pos, buf.data(), std::min(cap, buf.size()), &n);
        std::vector<uint8_t> want;
        expect = model.read_at(pos, std::min(cap, buf.size()), want);
        if (real == MMF_OK && expect == MMF_OK) check_bytes("read_at", step, op, {buf.begin(), buf.begin() + n}, want);
        break;
      }
      case 8: {
        uint64_t pos = in.upos(len);
        std::vector<uint8_t> b = in.bytes(24);
        real = mmf_write_at(m, pos, b.data(), b.size());
        expect = model.write_at(pos, b);
        break;
      }
      case 9:
      case 10: {
        std::vector<uint8_t> sub = in.bytes(4);
        int64_t start = in.spos(len), end = in.spos(len);
        int64_t f = 0, w = 0;
        real = op == 9 ? mmf_find(m, sub.data(), sub.size(), start, end, &f)
                       : mmf_rfind(m, sub.data(), sub.size(), start, end, &f);
        expect = model.find(sub, start, end, op == 10, w);
        if (real == MMF_OK && expect == MMF_OK && f != w) mismatch("find index", step, op, f, w);
        break;
      }
      case 11: {
        uint64_t d = in.upos(len), s = in.upos(len), c = in.upos(len);
        real = mmf_move(m, d, s, c);
        expect = model.move(d, s, c);
        break;
      }
      case 12: {
        uint64_t off = in.upos(len), sz = in.upos(len);
        real = mmf_flush(m, off, sz, in.u8() & 1);
        expect = model.flush(off, sz);
        break;
      }
      case 13: {
        uint8_t k = in.u8();
        // Huge sizes: files only get ones that overflow (a real attempt to
        // grow a memfd-backed file that far would eat the machine's memory);
        // anonymous maps get ones that must fail in mremap.
        uint64_t n = in.u16() % 12000;
        if (k % 8 == 0) n = anonymous ? static_cast<uint64_t>(INT64_MAX) - (k >> 3) : UINT64_MAX - (k >> 3);
        real = mmf_resize(m, n);
        expect = model.resize(n);
        break;
      }
      case 14: {
        uint64_t s = 0, w = 0;
        real = mmf_size(m, &s);
        expect = model.size(w);
        if (real == MMF_OK && expect == MMF_OK && s != w) mismatch("size", step, op, s, w);
        break;
      }
      case 15: {
        int advice = static_cast<int>(in.u8() % 6) - 1;  // -1..4 minus DONTNEED below
        if (advice == MMF_ADVICE_DONTNEED) advice = 7;   // DONTNEED discards private pages: not modelled
        uint64_t s = in.upos(len), l = in.upos(len);
        real = mmf_madvise(m, advice, s, l);
        expect = model.madvise(advice, s, l);
        break;
      }
      case 16: {
        void* p = nullptr;
        uint64_t l = 0, w = 0;
        real = mmf_buffer_acquire(m, &p, &l);
        expect = model.acquire(w);
        if (real == MMF_OK && expect == MMF_OK && l != w) mismatch("acquire length", step, op, l, w);
        break;
      }
      case 17:
        real = mmf_buffer_release(m);
        expect = model.release();
        break;
      case 18:
        real = mmf_close(m);
        expect = model.close();
        break;
      case 19: {
        // A direct read (mmf_direct.h) of 8 bytes: with no other thread and no
        // vanished page, it succeeds exactly where read_at gives 8 bytes and no
        // buffer is acquired, and gives read_at's bytes.
        mmf_test::DirectReader d(m);
        if (!d.usable()) break;  // not offered here, or the map is closed
        const uint64_t pos = in.upos(len);
        uint64_t x = 0;
        const bool got = d.read8(pos, x);
        std::vector<uint8_t> want;
        const bool in_range = model.read_at(pos, 8, want) == MMF_OK && want.size() == 8;
        if (got != (in_range && !model.acquired())) mismatch("direct read", step, op, got, in_range);
        if (got)
          check_bytes("direct read", step, op, {reinterpret_cast<uint8_t*>(&x), reinterpret_cast<uint8_t*>(&x) + 8},
                      want);
        break;
      }
      default:
        break;
    }
    if (real != expect) mismatch(mmf_strerror(real), step, op, real, expect);
    if (mmf_closed(m) != (model.closed() ? 1 : 0)) mismatch("closed", step, op, mmf_closed(m), model.closed());
    if (model.closed()) continue;

    uint64_t rl = 0, rc = 0, mc = 0;
    if (mmf_length(m, &rl) != MMF_OK || rl != model.length()) mismatch("length", step, op, rl, model.length());
    (void)model.tell(mc);
    if (mmf_tell(m, &rc) != MMF_OK || rc != mc) mismatch("cursor", step, op, rc, mc);
    std::vector<uint8_t> whole(rl);
    size_t n = 0;
    if (mmf_read_at(m, 0, whole.data(), whole.size(), &n) != MMF_OK) mismatch("read_at whole", step, op, 1, 0);
    check_bytes("map contents", step, op, whole, model.view());
    if (fd >= 0) check_bytes("file contents", step, op, file_bytes(fd), model.file());
  }

  mmf_free(m);
  if (fd >= 0) close(fd);
  return 0;
}
