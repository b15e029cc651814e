// fault_guard_win32_test.cpp - the Windows fault guard (structured exception
// handling). A real EXCEPTION_IN_PAGE_ERROR needs failing storage under a
// mapped file, which a test cannot arrange (Windows refuses to truncate a
// mapped file), so the exception is raised with RaiseException, exactly as
// the memory manager reports it: ExceptionInformation[1] is the address. The
// checks cover the filter (code, thread, range) and the resume path. (Wine
// reports a truncated file's page as an access violation, not as an in-page
// error, so even there a real one cannot be had.) A fault inside the leaf
// copy cannot be raised at all, so its filter is given a record and a
// context by hand.
//
// Prints one line per failed check, then
//   fault_guard_win32_test: N passed, M failed
#include <windows.h>

#include <cstdio>
#include <cstring>

#include "access.hpp"
#include "fault_guard.hpp"
#include "status.hpp"

namespace {

int g_pass = 0;
int g_fail = 0;

void check(bool ok, int line, const char* what) {
  if (ok) {
    ++g_pass;
  } else {
    ++g_fail;
    std::printf("FAIL fault_guard_win32_test.cpp:%d: %s\n", line, what);
  }
}
#define CHECK(c) check((c), __LINE__, #c)

void raise_at(DWORD code, const void* addr) {
  ULONG_PTR info[3] = {0, reinterpret_cast<ULONG_PTR>(addr), static_cast<ULONG_PTR>(0xC000009CL)};
  RaiseException(code, 0, 3, info);
}

// A handler registered after mmf's: sees what mmf passes on, and resumes
// after the RaiseException (software exceptions are continuable).
LONG g_passed_on = 0;
LONG CALLBACK catch_all(EXCEPTION_POINTERS* ep) {
  DWORD code = ep->ExceptionRecord->ExceptionCode;
  if (code == EXCEPTION_IN_PAGE_ERROR || code == EXCEPTION_ACCESS_VIOLATION) {
    ++g_passed_on;
    return EXCEPTION_CONTINUE_EXECUTION;
  }
  return EXCEPTION_CONTINUE_SEARCH;
}

}  // namespace

int main() {
  using mmf::core::Status;
  using mmf::core::with_guard;
  namespace fault = mmf::core::fault;
  fault::install();
  PVOID last = AddVectoredExceptionHandler(0, catch_all);
  CHECK(last != nullptr);

  unsigned char buf[256] = {};
  const unsigned long long before = fault::caught();

  // In range: claimed, the operation is abandoned, the status says fault.
  bool after_raise = false;
  int kept = 41;
  Status s = with_guard(buf, sizeof buf, [&] {
    kept = 42;
    raise_at(EXCEPTION_IN_PAGE_ERROR, buf + 100);
    after_raise = true;
  });
  CHECK(s == Status::fault);
  CHECK(!after_raise);
  CHECK(kept == 42);  // memory written before the fault is still there
  CHECK(fault::caught() == before + 1);
  CHECK(mmf::core::detail().find("EXCEPTION_IN_PAGE_ERROR") != std::string::npos);
  CHECK(g_passed_on == 0);

  // Edges of the range: first byte claimed, one past the end passed on.
  s = with_guard(buf, sizeof buf, [&] { raise_at(EXCEPTION_IN_PAGE_ERROR, buf); });
  CHECK(s == Status::fault);
  s = with_guard(buf, sizeof buf, [&] { raise_at(EXCEPTION_IN_PAGE_ERROR, buf + sizeof buf); });
  CHECK(s == Status::ok);
  CHECK(g_passed_on == 1);

  // Another exception code in the range is not ours.
  s = with_guard(buf, sizeof buf, [&] { raise_at(EXCEPTION_ACCESS_VIOLATION, buf + 1); });
  CHECK(s == Status::ok);
  CHECK(g_passed_on == 2);

  // Outside any guarded call nothing is claimed.
  raise_at(EXCEPTION_IN_PAGE_ERROR, buf + 1);
  CHECK(g_passed_on == 3);
  CHECK(fault::caught() == before + 2);

  // A normal guarded call still runs to the end.
  int ran = 0;
  s = with_guard(buf, sizeof buf, [&] { ran = 1; });
  CHECK(s == Status::ok && ran == 1);

  // Many faults in a row: the resume path leaks no stack and stays armed.
  int faults = 0;
  for (int i = 0; i < 10000; ++i) {
    if (with_guard(buf, sizeof buf, [&] { raise_at(EXCEPTION_IN_PAGE_ERROR, buf + (i % sizeof buf)); }) ==
        Status::fault) {
      ++faults;
    }
  }
  CHECK(faults == 10000);
  CHECK(fault::caught() == before + 10002);

  // Another thread's armed frame does not claim this thread's fault.
  struct Shared {
    HANDLE armed;
    HANDLE done;
    unsigned char* buf;
  } sh{CreateEventW(nullptr, TRUE, FALSE, nullptr), CreateEventW(nullptr, TRUE, FALSE, nullptr), buf};
  HANDLE t = CreateThread(
      nullptr, 0,
      [](LPVOID p) -> DWORD {
        auto* shp = static_cast<Shared*>(p);
        (void)with_guard(shp->buf, 256, [&] {
          SetEvent(shp->armed);
          WaitForSingleObject(shp->done, INFINITE);
        });
        return 0;
      },
      &sh, 0, nullptr);
  WaitForSingleObject(sh.armed, INFINITE);
  raise_at(EXCEPTION_IN_PAGE_ERROR, buf + 5);
  CHECK(g_passed_on == 4);
  SetEvent(sh.done);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(sh.armed);
  CloseHandle(sh.done);

#if defined(MMF_GUARD_LEAF_COPY)
  {
    // The leaf copy's filter: a PC inside the copy and an address of its
    // armed range move the PC to its fix-up and nothing else.
    using mmf::core::fault::detail::handle_exception;
    mmf::core::t_thread.leaf_lo = buf;
    mmf::core::t_thread.leaf_hi = buf + 16;
    EXCEPTION_RECORD rec{};
    rec.ExceptionCode = EXCEPTION_IN_PAGE_ERROR;
    rec.NumberParameters = 3;
    rec.ExceptionInformation[1] = reinterpret_cast<ULONG_PTR>(buf + 3);
    CONTEXT c{};
    const auto inside = reinterpret_cast<DWORD64>(mmf_guard_copy_begin + 16);
    c.Rip = inside;
    c.Rsp = 0x1000;
    EXCEPTION_POINTERS ep{&rec, &c};
    const unsigned long long n0 = fault::caught();
    CHECK(handle_exception(&ep) == EXCEPTION_CONTINUE_EXECUTION);
    CHECK(c.Rip == reinterpret_cast<DWORD64>(mmf_guard_copy_fixup));
    CHECK(c.Rsp == 0x1000);  // a leaf: the stack pointer stays
    CHECK(fault::caught() == n0 + 1);
    // One past the armed range: not ours.
    c.Rip = inside;
    rec.ExceptionInformation[1] = reinterpret_cast<ULONG_PTR>(buf + 16);
    CHECK(handle_exception(&ep) == EXCEPTION_CONTINUE_SEARCH);
    CHECK(c.Rip == inside);
    // In range, but the PC is not in the copy (and no frame is armed).
    rec.ExceptionInformation[1] = reinterpret_cast<ULONG_PTR>(buf + 3);
    c.Rip = reinterpret_cast<DWORD64>(&raise_at);
    CHECK(handle_exception(&ep) == EXCEPTION_CONTINUE_SEARCH);
    // Another exception code inside the copy: not ours.
    rec.ExceptionCode = EXCEPTION_ACCESS_VIOLATION;
    c.Rip = inside;
    CHECK(handle_exception(&ep) == EXCEPTION_CONTINUE_SEARCH);
    CHECK(fault::caught() == n0 + 1);

    // The leaf copy itself, at every size class it has.
    unsigned char src[64];
    for (int i = 0; i < 64; ++i) src[i] = static_cast<unsigned char>(i * 7 + 1);
    bool copies = true;
    for (size_t n : {1, 2, 3, 4, 7, 8, 9, 16, 17, 32, 33, 64}) {
      unsigned char dst[64] = {};
      copies = copies && mmf::core::guarded_copy(dst, src, n, src) == Status::ok && std::memcmp(dst, src, n) == 0 &&
               (n == 64 || dst[n] == 0);
    }
    CHECK(copies);
  }
#endif

  RemoveVectoredExceptionHandler(last);
  std::printf("fault_guard_win32_test: %d passed, %d failed\n", g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}
