// The Windows implementation of platform.hpp: CreateFileMapping and
// MapViewOfFile. Files are opened with full sharing (as POSIX files are
// shared), paths are UTF-8, and errors carry the FormatMessage text.
#include <io.h>
#include <windows.h>
// After windows.h, which they need.
#include <aclapi.h>
#include <sddl.h>

#include <cinttypes>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "platform.hpp"

namespace mmf::core::os {
namespace {

// x64 user address space: 128 TiB.
constexpr uint64_t kMaxMapLength = uint64_t{1} << 47;

Status too_large(uint64_t length) {
  return fail(Status::no_memory, "a map of %" PRIu64 " bytes does not fit the address space", length);
}

Status status_of(DWORD err) {
  return err == ERROR_NOT_ENOUGH_MEMORY || err == ERROR_COMMITMENT_LIMIT || err == ERROR_OUTOFMEMORY ? Status::no_memory
                                                                                                     : Status::io;
}

DWORD hi32(uint64_t v) { return static_cast<DWORD>(v >> 32); }
DWORD lo32(uint64_t v) { return static_cast<DWORD>(v & 0xffffffffu); }

const SYSTEM_INFO& system_info() {
  static const SYSTEM_INFO info = [] {
    SYSTEM_INFO si{};
    GetSystemInfo(&si);
    return si;
  }();
  return info;
}

Status widen(const char* utf8, std::wstring& out) {
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, nullptr, 0);
  if (n <= 0) return fail(Status::invalid_argument, "\"%s\" is not valid UTF-8", utf8);
  out.assign(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, out.data(), n);
  out.resize(static_cast<size_t>(n) - 1);
  return Status::ok;
}

// A security descriptor whose owner is the current user and whose protected
// DACL grants that user full access and nobody else anything
// (MMF_OPEN_OWNER_ONLY, and every named map).
class OwnerOnly {
 public:
  Status init() {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
      return fail_win(Status::io, GetLastError(), "OpenProcessToken failed");
    }
    DWORD need = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &need);
    user_.resize(need);
    bool ok = need > 0 && GetTokenInformation(token, TokenUser, user_.data(), need, &need);
    DWORD err = GetLastError();
    CloseHandle(token);
    if (!ok) return fail_win(Status::io, err, "GetTokenInformation(TokenUser) failed");
    PSID sid = reinterpret_cast<TOKEN_USER*>(user_.data())->User.Sid;
    acl_.resize(sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + GetLengthSid(sid));
    auto* acl = reinterpret_cast<ACL*>(acl_.data());
    if (!InitializeAcl(acl, static_cast<DWORD>(acl_.size()), ACL_REVISION) ||
        !AddAccessAllowedAce(acl, ACL_REVISION, GENERIC_ALL, sid) ||
        !InitializeSecurityDescriptor(&sd_, SECURITY_DESCRIPTOR_REVISION) ||
        !SetSecurityDescriptorOwner(&sd_, sid, FALSE) || !SetSecurityDescriptorDacl(&sd_, TRUE, acl, FALSE) ||
        !SetSecurityDescriptorControl(&sd_, SE_DACL_PROTECTED, SE_DACL_PROTECTED)) {
      return fail_win(Status::io, GetLastError(), "cannot build an owner-only security descriptor");
    }
    sa_.nLength = sizeof sa_;
    sa_.lpSecurityDescriptor = &sd_;
    sa_.bInheritHandle = FALSE;
    return Status::ok;
  }
  SECURITY_ATTRIBUTES* attributes() { return &sa_; }
  // The current user's SID; valid after init().
  PSID user() { return reinterpret_cast<TOKEN_USER*>(user_.data())->User.Sid; }

 private:
  std::vector<unsigned char> user_;
  std::vector<unsigned char> acl_;
  SECURITY_DESCRIPTOR sd_{};
  SECURITY_ATTRIBUTES sa_{};
};

using PrefetchFn = BOOL(WINAPI*)(HANDLE, ULONG_PTR, PWIN32_MEMORY_RANGE_ENTRY, ULONG);

// PrefetchVirtualMemory exists from Windows 8 on; looked up, not linked.
PrefetchFn prefetch_fn() {
  static const PrefetchFn fn = [] {
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    FARPROC p = k32 == nullptr ? nullptr : GetProcAddress(k32, "PrefetchVirtualMemory");
    PrefetchFn out = nullptr;
    static_assert(sizeof out == sizeof p);
    std::memcpy(&out, &p, sizeof out);
    return out;
  }();
  return fn;
}

}  // namespace

uint64_t page_size() { return system_info().dwPageSize; }

uint64_t allocation_granularity() { return system_info().dwAllocationGranularity; }

Status open_file(const char* path, OpenFlags f, Handle& out, bool& created) {
  std::wstring wpath;
  if (Status s = widen(path, wpath); s != Status::ok) return s;
  OwnerOnly owner;
  SECURITY_ATTRIBUTES* sa = nullptr;
  if (f.create && f.owner_only) {
    if (Status s = owner.init(); s != Status::ok) return s;
    sa = owner.attributes();
  }
  const DWORD access = GENERIC_READ | (f.write ? GENERIC_WRITE : 0);
  const DWORD disposition = !f.create ? OPEN_EXISTING : (f.exclusive ? CREATE_NEW : OPEN_ALWAYS);
  const DWORD attrs = FILE_ATTRIBUTE_NORMAL | (f.nofollow ? FILE_FLAG_OPEN_REPARSE_POINT : 0);
  HANDLE h = CreateFileW(wpath.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, sa, disposition,
                         attrs, nullptr);
  DWORD err = GetLastError();
  if (h == INVALID_HANDLE_VALUE) {
    return fail_win(Status::io, err, "CreateFile(\"%s\"%s%s%s) failed", path, f.write ? ", read-write" : ", read-only",
                    f.create ? (f.exclusive ? ", create exclusive" : ", create") : "", f.nofollow ? ", nofollow" : "");
  }
  // OPEN_ALWAYS reports an existing file with ERROR_ALREADY_EXISTS.
  created = f.create && (f.exclusive || err != ERROR_ALREADY_EXISTS);
  if (f.nofollow) {
    BY_HANDLE_FILE_INFORMATION info{};
    if (GetFileInformationByHandle(h, &info) && (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
      CloseHandle(h);
      return fail_kind(Status::io, ErrorKind::loop,
                       "\"%s\" is a symbolic link or another reparse point (nofollow; as ELOOP)", path);
    }
  }
  out = h;
  return Status::ok;
}

void remove_file(const char* path) {
  std::wstring wpath;
  if (widen(path, wpath) == Status::ok) DeleteFileW(wpath.c_str());
}

Status duplicate_fd(int fd, Handle& out) {
  auto h = reinterpret_cast<HANDLE>(_get_osfhandle(fd));
  if (h == INVALID_HANDLE_VALUE || h == nullptr) {
    return fail(Status::io, "file descriptor %d is not open (_get_osfhandle failed)", fd);
  }
  HANDLE dup = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
    return fail_win(Status::io, GetLastError(), "cannot duplicate the handle of file descriptor %d", fd);
  }
  out = dup;
  return Status::ok;
}

void close_handle(Handle h) {
  if (h != kNoHandle && h != INVALID_HANDLE_VALUE) CloseHandle(h);
}

Status file_info(Handle h, FileInfo& out) {
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(h, &size)) return fail_win(Status::io, GetLastError(), "GetFileSizeEx failed");
  out.regular = GetFileType(h) == FILE_TYPE_DISK;
  out.size = size.QuadPart > 0 ? static_cast<uint64_t>(size.QuadPart) : 0;
  return Status::ok;
}

Status create_anonymous_object(uint64_t length, Handle& out) {
  if (length > static_cast<uint64_t>(INT64_MAX)) {
    return fail(Status::out_of_range, "length %" PRIu64 " is too large", length);
  }
  if (length >= kMaxMapLength) return too_large(length);
  HANDLE h = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, hi32(length), lo32(length), nullptr);
  if (h == nullptr) {
    DWORD err = GetLastError();
    return fail_win(status_of(err), err, "CreateFileMapping of %" PRIu64 " bytes of memory failed", length);
  }
  out = h;
  return Status::ok;
}

namespace {

// A SID as text ("S-1-5-21-..."), for messages.
std::string sid_text(PSID sid) {
  char* s = nullptr;
  if (!ConvertSidToStringSidA(sid, &s)) return "(unknown SID)";
  std::string out(s);
  LocalFree(s);
  return out;
}

// mmf.h, mmf_open_named, "Owner": a section this call did not create is used
// only if its owner is the current user (who owns every section mmf creates,
// see OwnerOnly), so another user cannot squat a name before its owner first
// uses it.
Status check_owner(HANDLE section, const char* name, PSID me) {
  PSID owner = nullptr;
  PSECURITY_DESCRIPTOR sd = nullptr;
  DWORD err =
      GetSecurityInfo(section, SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION, &owner, nullptr, nullptr, nullptr, &sd);
  if (err != ERROR_SUCCESS) return fail_win(Status::io, err, "cannot read the owner of named map \"%s\"", name);
  std::unique_ptr<void, decltype(&LocalFree)> sd_guard(sd, &LocalFree);
  if (owner == nullptr || !IsValidSid(owner) || !EqualSid(owner, me)) {
    return fail_win(Status::io, ERROR_ACCESS_DENIED,
                    "named map \"%s\" belongs to %s; only a section owned by this user (%s) is opened", name,
                    owner == nullptr || !IsValidSid(owner) ? "no owner" : sid_text(owner).c_str(),
                    sid_text(me).c_str());
  }
  return Status::ok;
}

}  // namespace

Status open_named(const NamedRequest& req, Handle& out, bool& created, uint64_t& size) {
  std::wstring wname;
  if (Status s = widen(req.name, wname); s != Status::ok) return s;
  OwnerOnly owner;
  if (Status s = owner.init(); s != Status::ok) return s;
  created = false;
  HANDLE h = nullptr;
  if (!req.exclusive) {
    // FILE_MAP_COPY is SECTION_QUERY: what a copy-on-write view needs beside read.
    // READ_CONTROL: check_owner reads the section's owner.
    const DWORD want = FILE_MAP_READ | FILE_MAP_COPY | READ_CONTROL | (req.write ? FILE_MAP_WRITE : 0);
    h = OpenFileMappingW(want, FALSE, wname.c_str());
    DWORD err = GetLastError();
    if (h == nullptr && (err != ERROR_FILE_NOT_FOUND || !req.may_create)) {
      return fail_win(Status::io, err, "OpenFileMapping(\"%s\"%s) failed", req.name,
                      req.write ? ", read-write" : ", read-only");
    }
  }
  if (h == nullptr) {
    if (req.create_size >= kMaxMapLength) return too_large(req.create_size);
    // Owned by this user and open to nobody else (OwnerOnly), which is also
    // what check_owner demands of a section someone else created.
    h = CreateFileMappingW(INVALID_HANDLE_VALUE, owner.attributes(), PAGE_READWRITE, hi32(req.create_size),
                           lo32(req.create_size), wname.c_str());
    DWORD err = GetLastError();
    if (h == nullptr) {
      return fail_win(status_of(err), err, "CreateFileMapping(\"%s\", %" PRIu64 " bytes%s) failed", req.name,
                      req.create_size, req.exclusive ? ", create exclusive" : "");
    }
    if (err == ERROR_ALREADY_EXISTS) {
      if (req.exclusive) {
        CloseHandle(h);
        return fail_win(Status::io, err, "CreateFileMapping(\"%s\", create exclusive) failed", req.name);
      }
      // Lost a race with another creator: use theirs.
    } else {
      created = true;
      size = req.create_size;
    }
  }
  if (!created) {
    Status s = check_owner(h, req.name, owner.user());
    if (s == Status::ok) s = shared_size(h, size);
    if (s != Status::ok) {
      CloseHandle(h);
      return s;
    }
  }
  out = h;
  return Status::ok;
}

Status unlink_named(const char* /*name*/) {
  // A Windows name belongs to the section object and goes away with its last
  // handle; there is no call that removes it earlier.
  return Status::ok;
}

Status shared_size(Handle h, uint64_t& out) {
  // A view of the whole section spans its size, rounded up to pages (the
  // granularity Windows keeps for sections backed by the paging file).
  void* view = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
  if (view == nullptr) return fail_win(Status::io, GetLastError(), "cannot map the section to learn its size");
  MEMORY_BASIC_INFORMATION mbi{};
  SIZE_T got = VirtualQuery(view, &mbi, sizeof mbi);
  DWORD err = GetLastError();
  UnmapViewOfFile(view);
  if (got == 0) return fail_win(Status::io, err, "VirtualQuery of the section's view failed");
  out = mbi.RegionSize;
  return Status::ok;
}

namespace {

Status set_end_of_file(HANDLE h, uint64_t size) {
  LARGE_INTEGER pos{};
  pos.QuadPart = static_cast<LONGLONG>(size);
  if (!SetFilePointerEx(h, pos, nullptr, FILE_BEGIN) || !SetEndOfFile(h)) {
    return fail_win(Status::io, GetLastError(), "cannot set the file size to %" PRIu64 " bytes", size);
  }
  return Status::ok;
}

}  // namespace

Status grow_file(Handle h, uint64_t old_size, uint64_t new_size) {
  if (new_size > static_cast<uint64_t>(INT64_MAX)) {
    return fail(Status::out_of_range, "file size %" PRIu64 " is too large", new_size);
  }
  if (new_size <= old_size) return Status::ok;
  // Reserve the clusters first, so a full disk is an error now and not an
  // EXCEPTION_IN_PAGE_ERROR on a later store. File systems (and Wine) that
  // cannot reserve fall back to setting the size, as on POSIX.
  FILE_ALLOCATION_INFO alloc{};
  alloc.AllocationSize.QuadPart = static_cast<LONGLONG>(new_size);
  if (!SetFileInformationByHandle(h, FileAllocationInfo, &alloc, sizeof alloc)) {
    DWORD err = GetLastError();
    if (err != ERROR_INVALID_PARAMETER && err != ERROR_NOT_SUPPORTED && err != ERROR_INVALID_FUNCTION &&
        err != ERROR_CALL_NOT_IMPLEMENTED) {  // (Wine)
      return fail_win(Status::io, err, "cannot grow the file from %" PRIu64 " to %" PRIu64 " bytes", old_size,
                      new_size);
    }
  }
  Status s = set_end_of_file(h, new_size);
  if (s != Status::ok) {
    const std::string reason = detail();  // a copy: fail() below overwrites it
    (void)set_end_of_file(h, old_size);
    return fail(s, "cannot grow the file from %" PRIu64 " to %" PRIu64 " bytes: %s", old_size, new_size,
                reason.c_str());
  }
  return Status::ok;
}

// The POSIX reservation trick has no cheap equivalent here (the allocation
// size is the file's, and a grow already reserves through it).
bool reserve_beyond_end(Handle, uint64_t, uint64_t) { return false; }

Status truncate_file(Handle h, uint64_t new_size) {
  if (new_size > static_cast<uint64_t>(INT64_MAX)) {
    return fail(Status::out_of_range, "file size %" PRIu64 " is too large", new_size);
  }
  return set_end_of_file(h, new_size);
}

Status sync_file(Handle h) {
  if (!FlushFileBuffers(h)) return fail_win(Status::io, GetLastError(), "FlushFileBuffers failed");
  return Status::ok;
}

std::string parent_directory(const char* /*path*/) { return {}; }

Status sync_directory(const char* /*dir*/) { return Status::ok; }

Status map(const MapRequest& req, void*& out) {
  if (req.length > SIZE_MAX || req.length >= kMaxMapLength || req.file_offset > static_cast<uint64_t>(INT64_MAX)) {
    return too_large(req.length);
  }
  HANDLE section = req.handle;
  bool own_section = false;
  if (req.handle == kNoHandle) {
    // Private anonymous memory: a section of the paging file nobody else has.
    if (Status s = create_anonymous_object(req.length, section); s != Status::ok) return s;
    own_section = true;
  } else if (!req.memory_object) {
    const DWORD protect = !req.writable ? PAGE_READONLY : (req.shared ? PAGE_READWRITE : PAGE_WRITECOPY);
    const uint64_t end = req.file_offset + req.length;
    section = CreateFileMappingW(req.handle, nullptr, protect, hi32(end), lo32(end), nullptr);
    if (section == nullptr) {
      DWORD err = GetLastError();
      return fail_win(status_of(err), err, "CreateFileMapping of %" PRIu64 " bytes of the file failed", end);
    }
    own_section = true;
  }
  const DWORD access = !req.writable ? FILE_MAP_READ : (req.shared ? FILE_MAP_WRITE : FILE_MAP_COPY);
  void* p =
      MapViewOfFile(section, access, hi32(req.file_offset), lo32(req.file_offset), static_cast<SIZE_T>(req.length));
  DWORD err = GetLastError();
  // A view holds its section: the handle is not needed any more.
  if (own_section) CloseHandle(section);
  if (p == nullptr) {
    return fail_win(status_of(err), err, "MapViewOfFile of %" PRIu64 " bytes at offset %" PRIu64 " failed", req.length,
                    req.file_offset);
  }
  if (req.populate) {
    if (PrefetchFn prefetch = prefetch_fn(); prefetch != nullptr) {
      WIN32_MEMORY_RANGE_ENTRY range{p, static_cast<SIZE_T>(req.length)};
      (void)prefetch(GetCurrentProcess(), 1, &range, 0);  // a hint
    }
  }
  out = p;
  return Status::ok;
}

// A view can neither grow in place nor lose its tail: the map object maps a
// new view (and unmaps the old one once no reader uses it) instead.
bool extend_in_place(void* /*addr*/, uint64_t /*old_length*/, uint64_t /*new_length*/) { return false; }

void unmap_tail(void* /*addr*/, uint64_t /*old_length*/, uint64_t /*new_length*/) {}

Status map_zeros(void* /*addr*/, uint64_t /*length*/) noexcept { return Status::unsupported; }

void unmap(void* addr, uint64_t /*length*/) {
  if (addr != nullptr) UnmapViewOfFile(addr);
}

Status sync_memory(Handle h, void* addr, uint64_t length, bool async) {
  if (!FlushViewOfFile(addr, static_cast<SIZE_T>(length))) {
    return fail_win(Status::io, GetLastError(), "FlushViewOfFile of %" PRIu64 " bytes failed", length);
  }
  // FlushViewOfFile only starts the write-back of the pages.
  if (!async && h != kNoHandle) return sync_file(h);
  return Status::ok;
}

Status advise(void* addr, uint64_t length, int mmf_advice) {
  static const char* const kNames[] = {"NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED"};
  static_assert(sizeof kNames / sizeof kNames[0] == advice::count);
  if (mmf_advice < 0 || mmf_advice >= advice::count) {
    return fail(Status::invalid_argument, "unknown advice %d", mmf_advice);
  }
  if (mmf_advice == advice::normal) return Status::ok;  // the state every view is in
  if (mmf_advice == advice::willneed) {
    PrefetchFn prefetch = prefetch_fn();
    if (prefetch == nullptr) return fail(Status::unsupported, "PrefetchVirtualMemory is not available");
    WIN32_MEMORY_RANGE_ENTRY range{addr, static_cast<SIZE_T>(length)};
    if (!prefetch(GetCurrentProcess(), 1, &range, 0)) {
      return fail_win(Status::io, GetLastError(), "PrefetchVirtualMemory failed");
    }
    return Status::ok;
  }
  return fail(Status::unsupported, "Windows has no equivalent of MADV_%s", kNames[mmf_advice]);
}

}  // namespace mmf::core::os
