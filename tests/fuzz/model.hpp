// A reference model of the map's semantics (mmf.h, which follows CPython's
// mmap), written for clarity, not speed: plain vectors and the rules spelled
// out once more, independently of core/. The fuzzer compares the library
// against it call by call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "mmf.h"

namespace mmf::fuzz {

class Model {
 public:
  void init_file(std::vector<uint8_t> file, uint64_t offset, uint64_t length, bool read_only, bool shared,
                 bool resizable) {
    file_ = std::move(file);
    offset_ = offset;
    anonymous_ = false;
    read_only_ = read_only;
    shared_ = shared;
    resizable_ = resizable;
    priv_.assign(file_.begin() + static_cast<std::ptrdiff_t>(offset),
                 file_.begin() + static_cast<std::ptrdiff_t>(offset + length));
    length_ = length;
  }
  void init_anonymous(uint64_t length, bool read_only, bool resizable) {
    anonymous_ = true;
    read_only_ = read_only;
    shared_ = false;  // no file behind it: the private vector is the memory
    resizable_ = resizable;
    priv_.assign(length, 0);
    length_ = length;
  }

  bool closed() const { return closed_; }
  bool acquired() const { return exports_ > 0; }
  uint64_t length() const { return length_; }
  const std::vector<uint8_t>& file() const { return file_; }
  std::vector<uint8_t> view() const {
    if (!shared_) return priv_;
    return {file_.begin() + static_cast<std::ptrdiff_t>(offset_),
            file_.begin() + static_cast<std::ptrdiff_t>(offset_ + length_)};
  }

  mmf_status read(size_t cap, std::vector<uint8_t>& out) {
    if (closed_) return MMF_ERR_CLOSED;
    uint64_t n = std::min<uint64_t>(cap, remaining());
    out = slice(cursor_, n);
    cursor_ += n;
    return MMF_OK;
  }
  mmf_status read_byte(uint8_t& out) {
    if (closed_) return MMF_ERR_CLOSED;
    if (cursor_ >= length_) return MMF_ERR_OUT_OF_RANGE;
    out = slice(cursor_, 1)[0];
    ++cursor_;
    return MMF_OK;
  }
  mmf_status readline(size_t cap, std::vector<uint8_t>& out) {
    if (closed_) return MMF_ERR_CLOSED;
    std::vector<uint8_t> window = slice(cursor_, std::min<uint64_t>(cap, remaining()));
    auto nl = std::find(window.begin(), window.end(), '\n');
    out.assign(window.begin(), nl == window.end() ? nl : nl + 1);
    cursor_ += out.size();
    return MMF_OK;
  }
  mmf_status write(const std::vector<uint8_t>& b) {
    if (closed_) return MMF_ERR_CLOSED;
    if (read_only_) return MMF_ERR_READ_ONLY;
    if (cursor_ > length_ || length_ - cursor_ < b.size()) return MMF_ERR_OUT_OF_RANGE;
    store(cursor_, b);
    cursor_ += b.size();
    return MMF_OK;
  }
  mmf_status write_byte(uint8_t b) {
    if (closed_) return MMF_ERR_CLOSED;
    if (read_only_) return MMF_ERR_READ_ONLY;
    if (cursor_ >= length_) return MMF_ERR_OUT_OF_RANGE;
    store(cursor_, {b});
    ++cursor_;
    return MMF_OK;
  }
  mmf_status seek(int64_t off, int whence, uint64_t& pos) {
    if (closed_) return MMF_ERR_CLOSED;
    int64_t origin = 0;
    if (whence == 0) {
      origin = 0;
    } else if (whence == 1) {
      origin = static_cast<int64_t>(cursor_);
    } else if (whence == 2) {
      origin = static_cast<int64_t>(length_);
    } else {
      return MMF_ERR_INVALID_ARGUMENT;
    }
    // origin is in [0, 2^63); off anywhere: compare without overflow.
    if (off < 0 && -(off + 1) >= origin) return MMF_ERR_OUT_OF_RANGE;  // target < 0
    if (off > 0 && static_cast<uint64_t>(off) > length_) return MMF_ERR_OUT_OF_RANGE;
    int64_t target = origin + off;  // safe now: |off| bounded by the checks
    if (target < 0 || static_cast<uint64_t>(target) > length_) return MMF_ERR_OUT_OF_RANGE;
    cursor_ = static_cast<uint64_t>(target);
    pos = cursor_;
    return MMF_OK;
  }
  mmf_status tell(uint64_t& pos) const {
    if (closed_) return MMF_ERR_CLOSED;
    pos = cursor_;
    return MMF_OK;
  }
  mmf_status read_at(uint64_t pos, size_t cap, std::vector<uint8_t>& out) const {
    if (closed_) return MMF_ERR_CLOSED;
    if (pos > length_) return MMF_ERR_OUT_OF_RANGE;
    out = slice(pos, std::min<uint64_t>(cap, length_ - pos));
    return MMF_OK;
  }
  mmf_status write_at(uint64_t pos, const std::vector<uint8_t>& b) {
    if (closed_) return MMF_ERR_CLOSED;
    if (read_only_) return MMF_ERR_READ_ONLY;
    if (pos > length_ || length_ - pos < b.size()) return MMF_ERR_OUT_OF_RANGE;
    store(pos, b);
    return MMF_OK;
  }
  mmf_status find(const std::vector<uint8_t>& sub, int64_t start, int64_t end, bool reverse, int64_t& out) const {
    if (closed_) return MMF_ERR_CLOSED;
    const auto len = static_cast<int64_t>(length_);
    auto clamp = [len](int64_t v, int64_t dflt) {
      if (v == MMF_POS_DEFAULT) v = dflt;
      if (v < 0) v += len;
      return std::clamp<int64_t>(v, 0, len);
    };
    int64_t lo = clamp(start, static_cast<int64_t>(std::min<uint64_t>(cursor_, length_)));
    int64_t hi = clamp(end, len);
    out = -1;
    const auto n = static_cast<int64_t>(sub.size());
    std::vector<uint8_t> all = view();
    for (int64_t i = lo; i + n <= hi; ++i) {
      if (std::equal(sub.begin(), sub.end(), all.begin() + i)) {
        out = i;
        if (!reverse) break;
      }
    }
    return MMF_OK;
  }
  mmf_status move(uint64_t dest, uint64_t src, uint64_t count) {
    if (closed_) return MMF_ERR_CLOSED;
    if (read_only_) return MMF_ERR_READ_ONLY;
    if (dest > length_ || src > length_ || length_ - dest < count || length_ - src < count) {
      return MMF_ERR_OUT_OF_RANGE;
    }
    store(dest, slice(src, count));
    return MMF_OK;
  }
  mmf_status flush(uint64_t off, uint64_t size) const {
    if (closed_) return MMF_ERR_CLOSED;
    if (off > length_) return MMF_ERR_OUT_OF_RANGE;
    if (size == 0) size = length_ - off;
    if (length_ - off < size) return MMF_ERR_OUT_OF_RANGE;
    return MMF_OK;
  }
  mmf_status resize(uint64_t n) {
    if (closed_) return MMF_ERR_CLOSED;
    if (exports_ > 0) return MMF_ERR_BUSY;
    if (!resizable_) return MMF_ERR_READ_ONLY;
    if (n > static_cast<uint64_t>(INT64_MAX) - offset_) return MMF_ERR_OUT_OF_RANGE;
    // Absurd sizes (only tried on anonymous maps, see the fuzzer) cannot be
    // mapped: the memfd takes the size, mremap runs out of address space.
    if (n > (uint64_t{1} << 47)) return MMF_ERR_NO_MEMORY;
    if (anonymous_) {
      priv_.resize(n, 0);
    } else {
      file_.resize(offset_ + n, 0);  // the file becomes exactly offset + n bytes
    }
    length_ = n;
    return MMF_OK;
  }
  mmf_status size(uint64_t& out) const {
    if (closed_) return MMF_ERR_CLOSED;
    out = anonymous_ ? length_ : file_.size();
    return MMF_OK;
  }
  mmf_status madvise(int advice, uint64_t start, uint64_t len) const {
    if (closed_) return MMF_ERR_CLOSED;
    if (advice < 0 || advice > 4) return MMF_ERR_INVALID_ARGUMENT;
    if (start >= length_) return MMF_ERR_OUT_OF_RANGE;
    if (len > static_cast<uint64_t>(INT64_MAX) - start) return MMF_ERR_OUT_OF_RANGE;
    return MMF_OK;
  }
  mmf_status acquire(uint64_t& len) {
    if (closed_) return MMF_ERR_CLOSED;
    ++exports_;
    len = length_;
    return MMF_OK;
  }
  mmf_status release() {
    if (closed_) return MMF_ERR_CLOSED;
    if (exports_ == 0) return MMF_ERR_INVALID_ARGUMENT;
    --exports_;
    return MMF_OK;
  }
  mmf_status close() {
    if (closed_) return MMF_OK;
    if (exports_ > 0) return MMF_ERR_BUSY;
    closed_ = true;
    return MMF_OK;
  }

 private:
  uint64_t remaining() const { return cursor_ < length_ ? length_ - cursor_ : 0; }
  std::vector<uint8_t> slice(uint64_t pos, uint64_t n) const {
    if (n == 0) return {};  // pos may lie past the end (a shrunk map's cursor)
    std::vector<uint8_t> all = view();
    return {all.begin() + static_cast<std::ptrdiff_t>(pos), all.begin() + static_cast<std::ptrdiff_t>(pos + n)};
  }
  void store(uint64_t pos, const std::vector<uint8_t>& b) {
    if (shared_) {
      std::copy(b.begin(), b.end(), file_.begin() + static_cast<std::ptrdiff_t>(offset_ + pos));
    } else {
      std::copy(b.begin(), b.end(), priv_.begin() + static_cast<std::ptrdiff_t>(pos));
    }
  }

  std::vector<uint8_t> file_;  // the file's bytes (file setups)
  std::vector<uint8_t> priv_;  // the map's own bytes when nothing is shared with a file
  uint64_t offset_ = 0;
  uint64_t length_ = 0;
  uint64_t cursor_ = 0;
  uint64_t exports_ = 0;
  bool anonymous_ = false;
  bool read_only_ = false;
  bool shared_ = false;
  bool resizable_ = false;
  bool closed_ = false;
};

}  // namespace mmf::fuzz
