/*
 * mmf.h - memory-mapped files with the object model of Python's mmap module.
 *
 * One header, one library (libmmf.so.1). Every function that can fail
 * returns an mmf_status; results come back through pointers. On failure the
 * calling thread's last error message (mmf_last_error) names the call, its
 * arguments and, where the OS failed, the OS error text.
 *
 * Semantics follow Python's mmap object (the Python 2.7 documentation plus
 * the Python 3 additions); where the documentation is silent, CPython's
 * behaviour is the reference. Deliberate improvements over Python are marked
 * "Improvement:" at the function they concern.
 *
 * Thread safety: every function may be called concurrently on the same
 * handle from any number of threads, with one exception: mmf_free() must be
 * the last call on a handle (no call may be in flight on another thread, and
 * none may follow).
 * - Positional reads (mmf_read_at, mmf_find, mmf_rfind, mmf_length,
 *   mmf_size, and likewise mmf_flush and mmf_madvise) take no lock of the
 *   map and never wait for each other or for writers (the fsync of a sync
 *   flush waits only for another sync flush's fsync of the same map). They never return a torn write made through the
 *   same handle: a read that overlaps mmf_write, mmf_write_at,
 *   mmf_write_byte or mmf_move sees the bytes from before or after it,
 *   never a mix (it reads again, and after a few collisions waits its turn).
 * - Calls that change the bytes, the cursor or the mapping (mmf_read,
 *   mmf_read_byte, mmf_readline, mmf_write, mmf_write_byte, mmf_seek,
 *   mmf_write_at, mmf_move, mmf_resize, mmf_close, mmf_buffer_acquire) are
 *   served first come, first served, one at a time, so none of them can be
 *   starved by other threads, readers included. Cursor calls are therefore
 *   atomic with respect to each other; two threads sharing one cursor still
 *   see their reads interleave in an unspecified order.
 * - mmf_resize() never waits for readers (their old mapping is released
 *   once they are done); mmf_close() waits until the reads that began before
 *   it (on any handle) have finished, so that the mapping and the file are
 *   released when it returns.
 * Memory obtained through mmf_buffer_acquire() is not protected by any lock,
 * and writes through it are outside the torn-write promise.
 *
 * fork(): the child may use every map it inherits (and mmf_free it), even
 * when other threads of the parent were inside calls on it at the fork:
 * those threads do not exist in the child, so what they held is released
 * there. What they were doing is not finished for them: a write or move in
 * flight at the fork may stay half done in the child (in a COPY map for
 * good; a shared map's bytes are completed by the parent), and a map that
 * another thread was resizing or closing at the fork may be left in any
 * state that call passes through: the child should only close it.
 *
 * Signals (the fault guard). A file truncated under a map makes the call
 * that touches the lost pages return MMF_ERR_FAULT instead of the process
 * dying of SIGBUS. For that, the first mmf_open* call of the process installs
 * a process-wide SIGBUS handler (POSIX sigaction with SA_SIGINFO, SA_ONSTACK
 * and SA_NODEFER) and keeps what was installed before it. The handler claims
 * only a fault raised by the kernel inside the bytes an mmf call is touching
 * on the same thread, or inside a direct read (mmf_direct.h) on the thread
 * or at the instruction that read names; every other SIGBUS goes where it would have gone
 * without mmf: to the previous handler, or to what the kernel does for the
 * previous disposition (a fault kills even when SIGBUS was ignored; a SIGBUS
 * sent with kill() is dropped when ignored and kills under SIG_DFL). Limits:
 * - A SIGBUS handler installed after mmf's replaces it. Unless it chains to
 *   the handler it replaced (the JVM, Go and Mono do), a truncated file
 *   reaches that handler instead of becoming MMF_ERR_FAULT.
 * - A thread that has SIGBUS blocked (for example workers that block every
 *   signal with pthread_sigmask while one thread calls sigwait) is killed by
 *   a truncated file: the kernel does not deliver a fault to a blocked
 *   handler, it applies the default action. Leave SIGBUS unblocked in the
 *   threads that call mmf.
 * - Memory from mmf_buffer_acquire() is not guarded.
 * Windows: a vectored exception handler, first in the chain, claims
 * EXCEPTION_IN_PAGE_ERROR under the same rules; everything else continues
 * the search.
 *
 * The ABI is C99, versioned (symbol version mmf_1) and only grows: status
 * values, enum values and constants never change meaning once released.
 *
 * Platforms: POSIX (Linux first; macOS and FreeBSD built, not run, in CI)
 * and Windows. The semantics are the same; where Windows cannot behave like
 * POSIX, the function says so under "Windows:" and names the status it
 * returns instead, and so for "macOS:" and "FreeBSD:". Paths are UTF-8.
 */
#ifndef MMF_H
#define MMF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && !defined(MMF_STATIC)
#if defined(MMF_BUILDING)
#define MMF_API __declspec(dllexport)
#else
#define MMF_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define MMF_API __attribute__((visibility("default")))
#else
#define MMF_API
#endif

#define MMF_VERSION_MAJOR 1
#define MMF_VERSION_MINOR 1
#define MMF_VERSION_PATCH 0
#define MMF_VERSION_STRING "1.1.0"

/** An open or closed map. Opaque; created by mmf_open*, released by mmf_free. */
typedef struct mmf_map mmf_map;

/**
 * Result of every fallible call. The numeric values are part of the ABI.
 *
 * MMF_OK                    success.
 * MMF_ERR_INVALID_ARGUMENT  a NULL pointer where one is required, an unknown
 *                           enum or flag, an inconsistent option set, an
 *                           empty file mapped with length 0.
 * MMF_ERR_CLOSED            the map was closed (Python: ValueError "mmap
 *                           closed or invalid").
 * MMF_ERR_READ_ONLY         a write or move on an MMF_ACCESS_READ map, or a
 *                           resize of a READ or COPY map (Python: TypeError).
 * MMF_ERR_OUT_OF_RANGE      a position, length or range outside the map, or
 *                           one whose arithmetic overflows (Python:
 *                           ValueError / IndexError).
 * MMF_ERR_BUSY              close or resize while a buffer is acquired
 *                           (Python: BufferError).
 * MMF_ERR_IO                the operating system refused (open, mmap,
 *                           truncate, msync, disk full, ...); the message
 *                           carries the OS error text.
 * MMF_ERR_NO_MEMORY         memory or address space ran out.
 * MMF_ERR_UNSUPPORTED       the feature does not exist on this platform or in
 *                           this version, or not for this kind of map
 *                           (resizing a named map).
 * MMF_ERR_FAULT             the mapped pages vanished (the file was truncated
 *                           under the map, by another process or handle; on
 *                           Windows, EXCEPTION_IN_PAGE_ERROR: the file's
 *                           storage failed, e.g. a network share went away;
 *                           for an anonymous or named map, another process
 *                           truncated the shared object or the system could
 *                           not supply its pages, and the message says so).
 *                           The process goes on; calls that touch the map's
 *                           memory keep returning it until mmf_resize or
 *                           mmf_close. length, size, tell and seek still work.
 */
typedef enum mmf_status {
  MMF_OK = 0,
  MMF_ERR_INVALID_ARGUMENT = 1,
  MMF_ERR_CLOSED = 2,
  MMF_ERR_READ_ONLY = 3,
  MMF_ERR_OUT_OF_RANGE = 4,
  MMF_ERR_BUSY = 5,
  MMF_ERR_IO = 6,
  MMF_ERR_NO_MEMORY = 7,
  MMF_ERR_UNSUPPORTED = 8,
  MMF_ERR_FAULT = 9
} mmf_status;

/**
 * How the map may be used; Python's access= argument.
 *
 * MMF_ACCESS_DEFAULT  read and write, shared with the file (Python's default
 *                     on Unix: MAP_SHARED, PROT_READ|PROT_WRITE). With the
 *                     MMF_MAP_PRIVATE flag it behaves exactly like COPY.
 * MMF_ACCESS_READ     read only; writes, moves and resizes fail with
 *                     MMF_ERR_READ_ONLY.
 * MMF_ACCESS_WRITE    write-through: changes reach the file.
 * MMF_ACCESS_COPY     copy-on-write: changes stay in this process' memory and
 *                     never reach the file; the map cannot be resized.
 */
typedef enum mmf_access {
  MMF_ACCESS_DEFAULT = 0,
  MMF_ACCESS_READ = 1,
  MMF_ACCESS_WRITE = 2,
  MMF_ACCESS_COPY = 3
} mmf_access;

/* mmf_options.flags */
/** Create the file if it does not exist (mode 0666 & ~umask). If the file is
 *  shorter than offset+length, it is extended to that size (its blocks are
 *  reserved first), as Python's Windows constructor does. Without it, a
 *  length past the end is MMF_ERR_OUT_OF_RANGE on every platform (Windows
 *  itself would silently extend the file). With READ or COPY access and a
 *  file that exists and is long enough there is nothing to write, so the
 *  file is opened read-only (a read-only file works). A path that is a
 *  symbolic link to nothing creates the link's target, as open(2) does. A
 *  failed open leaves the file system as it found it: a file it created is
 *  removed, a file it extended is cut back to its old size. Not allowed
 *  for mmf_open_named. */
#define MMF_OPEN_CREATE 0x1u
/** Prefault the pages at open (MAP_POPULATE where available); a hint.
 *  macOS, FreeBSD: madvise(MADV_WILLNEED), then each page is read once. */
#define MMF_OPEN_POPULATE 0x2u
/** A private (copy-on-write) map: with MMF_ACCESS_DEFAULT this is
 *  MMF_ACCESS_COPY. Combined with READ, WRITE or COPY it is an
 *  MMF_ERR_INVALID_ARGUMENT, as Python forbids flags together with access. */
#define MMF_MAP_PRIVATE 0x4u
/** With MMF_OPEN_CREATE: fail with MMF_ERR_IO if the file already exists.
 *  With mmf_open_named (no MMF_OPEN_CREATE needed): the call must create the
 *  named map; MMF_ERR_IO if the name is taken. */
#define MMF_OPEN_EXCLUSIVE 0x8u
/** Refuse to open the path if its last component is a symbolic link
 *  (O_NOFOLLOW): MMF_ERR_IO with the OS error ELOOP. Windows: any reparse
 *  point (symbolic link, junction) is refused the same way. */
#define MMF_OPEN_NOFOLLOW 0x10u
/** With MMF_OPEN_CREATE: create the file with mode 0600 (owner only) instead
 *  of 0666 & ~umask. An existing file's mode is left as it is. Windows: the
 *  new file gets a protected DACL that grants access to its owner only. Named
 *  maps are always owner-only: not allowed for mmf_open_named. */
#define MMF_OPEN_OWNER_ONLY 0x20u

/**
 * Options for the mmf_open* calls. Initialise with MMF_OPTIONS_INIT or
 * mmf_options_init(), which set `size` to the sizeof(mmf_options) of the
 * header the caller was compiled with.
 *
 * size     the size of the caller's struct, in bytes. The library reads only
 *          these bytes and never writes the struct.
 * access   see mmf_access.
 * offset   file offset where the map starts. Improvement: any offset works,
 *          not only multiples of mmf_allocation_granularity(). Must be 0 for
 *          anonymous and named maps.
 * length   bytes to map; 0 maps from offset to the end of the file (an empty
 *          file, or an offset at the end, is then MMF_ERR_INVALID_ARGUMENT /
 *          MMF_ERR_OUT_OF_RANGE). Ignored by mmf_open_anonymous and
 *          mmf_open_named, which take their length as an argument.
 * flags    MMF_OPEN_* and MMF_MAP_* bits.
 *
 * How the struct grows: a minor release may append fields after the end of
 * the previous version's struct (never into its padding), each with a zero
 * default that means "as before". The library accepts any `size` from the
 * 1.0 struct (the end of `flags`) up:
 *   - a smaller size than the library's own (an older header): the fields
 *     the caller's struct does not hold take their defaults;
 *   - a larger size (a newer header): the bytes past the library's own
 *     struct must be zero, or the call fails with MMF_ERR_INVALID_ARGUMENT,
 *     so a program never silently loses an option it asked for;
 *   - a size below the end of `flags`: MMF_ERR_INVALID_ARGUMENT.
 * So a program built against 1.0 runs on any 1.x, and a program built
 * against 1.x runs on an older 1.y as long as it leaves the newer fields 0.
 */
typedef struct mmf_options {
  uint32_t size;
  mmf_access access;
  uint64_t offset;
  uint64_t length;
  uint32_t flags;
} mmf_options;

/** The initialiser of an mmf_options with the defaults: `size` is the
 *  caller's sizeof(mmf_options), access MMF_ACCESS_DEFAULT, offset 0,
 *  length 0 (whole file), no flags:
 *  `mmf_options o = MMF_OPTIONS_INIT;`. mmf_options_init(&o) does the same
 *  to an existing struct. Both are in this header, so they run in the
 *  caller's code with the caller's sizeof (see "How the struct grows"). */
#define MMF_OPTIONS_INIT \
  { sizeof(mmf_options), MMF_ACCESS_DEFAULT, 0u, 0u, 0u }

/* Fills *o as MMF_OPTIONS_INIT does; NULL is a no-op. Not a library call:
 * it is compiled into the caller, with the caller's sizeof(mmf_options). */
static inline void mmf_options_init(mmf_options* o) {
  if (!o) return;
  o->size = sizeof(mmf_options);
  o->access = MMF_ACCESS_DEFAULT;
  o->offset = 0;
  o->length = 0;
  o->flags = 0;
}

/** "Argument omitted" for the start and end of mmf_find / mmf_rfind. */
#define MMF_POS_DEFAULT INT64_MIN

/* whence for mmf_seek (the values of SEEK_SET, SEEK_CUR, SEEK_END) */
#define MMF_SEEK_SET 0
#define MMF_SEEK_CUR 1
#define MMF_SEEK_END 2

/* flags for mmf_flush */
/** Return once the range is on stable storage (msync MS_SYNC), and with it
 *  the file's size when it changed (mmf_resize, also to 0, or an
 *  MMF_OPEN_CREATE that extended the file) and the name of a file that
 *  MMF_OPEN_CREATE created (fsync of the file and of its directory). Sync
 *  flushes on several threads each return only once those fsyncs are done,
 *  and a failed fsync is MMF_ERR_IO for every flush that was waiting for it. */
#define MMF_FLUSH_SYNC 0x0u
/** Schedule write-back and return at once (msync MS_ASYNC). On Linux this
 *  only starts nothing: dirty shared pages are already tracked by the kernel
 *  and written back by its periodic write-back; it guarantees nothing about
 *  durability. */
#define MMF_FLUSH_ASYNC 0x1u

/* advice for mmf_madvise; portable numbers mapped to the OS's own */
#define MMF_ADVICE_NORMAL 0
#define MMF_ADVICE_RANDOM 1
#define MMF_ADVICE_SEQUENTIAL 2
#define MMF_ADVICE_WILLNEED 3
#define MMF_ADVICE_DONTNEED 4

/**
 * Open the file at `path` and map it (Python: mmap.mmap(f.fileno(), length,
 * access=..., offset=...)). The file descriptor mmf opens is its own,
 * O_CLOEXEC, and closed by mmf_close.
 *
 * o may be NULL for the defaults. On success *out is a new handle; on failure
 * *out is set to NULL.
 *
 * Returns:
 *   MMF_OK
 *   MMF_ERR_INVALID_ARGUMENT  path or out is NULL; o->size too small, or
 *                             nonzero fields this library does not know
 *                             (see mmf_options); unknown
 *                             bits in flags or unknown access; MMF_MAP_PRIVATE
 *                             with an explicit access; EXCLUSIVE or OWNER_ONLY
 *                             without CREATE; length 0 and the file is empty.
 *   MMF_ERR_OUT_OF_RANGE      offset at or past the end of the file with length
 *                             0; offset+length past the end of the file without
 *                             MMF_OPEN_CREATE; offset+length overflows.
 *   MMF_ERR_IO                the file cannot be opened, created, extended or
 *                             mapped (the message has the OS error); the path
 *                             is neither a regular file nor a device (a FIFO,
 *                             a directory, a socket: opening never blocks).
 *   MMF_ERR_NO_MEMORY         no address space or memory for the map.
 */
MMF_API mmf_status mmf_open(const char* path, const mmf_options* o, mmf_map** out);

/**
 * Map the file open as `fd`. The descriptor is duplicated (O_CLOEXEC): the
 * caller keeps ownership of fd and may close it at once. Windows: fd is a C
 * runtime descriptor (_open, _fileno) of the C runtime mmf is linked with;
 * its OS handle (_get_osfhandle) is duplicated. The descriptor must
 * be open for reading, and for writing unless access is READ or COPY.
 * MMF_OPEN_CREATE, MMF_OPEN_EXCLUSIVE, MMF_OPEN_NOFOLLOW and MMF_OPEN_OWNER_ONLY
 * are not allowed here (they concern a path); a length past
 * the end of the file is MMF_ERR_OUT_OF_RANGE.
 *
 * Returns: as mmf_open, and MMF_ERR_INVALID_ARGUMENT for a negative fd (use
 * mmf_open_anonymous for Python's fileno -1), MMF_ERR_IO for a descriptor
 * that cannot be duplicated or mapped.
 */
MMF_API mmf_status mmf_open_fd(int fd, const mmf_options* o, mmf_map** out);

/**
 * Map `length` bytes of zeroed memory backed by no file (Python: mmap.mmap(-1,
 * length)). With the default or WRITE access the memory is shared with
 * children created by fork(); COPY (or MMF_MAP_PRIVATE) makes it private.
 * o->length is ignored; o->offset must be 0.
 * Improvement: anonymous maps can be resized (on Linux they are backed by a
 * memfd, so a shared map stays shared after growing), and mmf_size reports
 * their length instead of failing.
 * FreeBSD: backed by a memfd too. macOS: backed by a POSIX shared-memory
 * object whose name is removed at once; macOS can size such an object only
 * once, so mmf_resize copies into a new object, as on Windows, and children
 * forked before the resize keep the old memory.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for a NULL out, a length of 0,
 * a nonzero offset, bad options or flags (MMF_OPEN_CREATE, _EXCLUSIVE,
 * _NOFOLLOW and _OWNER_ONLY concern a path); MMF_ERR_OUT_OF_RANGE for a
 * length over INT64_MAX; MMF_ERR_NO_MEMORY when memory or address space runs
 * out; MMF_ERR_IO for any other refusal of the OS.
 */
MMF_API mmf_status mmf_open_anonymous(uint64_t length, const mmf_options* o, mmf_map** out);

/**
 * Create or open the named shared map `name` and map `length` bytes of it
 * (Python: mmap.mmap(-1, length, tagname=name) on Windows). Improvement: the
 * same on every platform, so that processes written in any language open
 * one map by name. These are the rules of named maps; the bindings and
 * READMEs refer here.
 *   Name     1 to 31 bytes of A-Z a-z 0-9 '.' '_' '-', not starting with '.'
 *            or '-'; case matters. Checked identically everywhere. The OS
 *            object is "/<name>" for shm_open on POSIX (the name Python's
 *            multiprocessing.shared_memory uses) and "<name>" in the
 *            session namespace on Windows (the name Python's tagname uses).
 *   Create   Without flags: create-or-open. If the name exists it is opened
 *            (see Owner); otherwise a map of `length` zero bytes is created.
 *            With MMF_OPEN_EXCLUSIVE: create only; MMF_ERR_IO if the name
 *            exists. With length 0: open only (never create); MMF_ERR_IO if
 *            the name does not exist.
 *   Size     A new object is created with `length` rounded up to the page
 *            size (Windows sizes sections in pages; POSIX does the same so
 *            that sizes agree); the extra bytes are zero and mmf_size reports
 *            the object's size. Its memory is reserved at creation (POSIX:
 *            posix_fallocate), so a full /dev/shm is MMF_ERR_IO ("No space
 *            left on device") from this call, not a fault on a later store. Opening an existing name maps its first
 *            `length` bytes (length 0: all of it); a length larger than the
 *            object is MMF_ERR_OUT_OF_RANGE: a named map never grows on open.
 *   Resize   mmf_resize of a named map is MMF_ERR_UNSUPPORTED: other
 *            processes have it mapped, and a Windows section cannot change
 *            size. Create a new name instead.
 *   Options  o may be NULL. DEFAULT/WRITE share the bytes read-write; READ
 *            opens read-only (creating still makes the object); COPY (or
 *            MMF_MAP_PRIVATE) maps a private copy-on-write view of it.
 *            o->offset must be 0 and o->length is ignored. MMF_OPEN_CREATE,
 *            _NOFOLLOW and _OWNER_ONLY are MMF_ERR_INVALID_ARGUMENT (a named
 *            map is always created when missing, and always owner only).
 *            mmf_flush does nothing (there is no file).
 *   Owner    A named map belongs to one user. POSIX: it is created with
 *            O_EXCL and mode 0600 (whatever the umask); an existing object is opened only if its
 *            owner is the caller's effective uid and its mode grants nothing
 *            to group or others, so another user cannot squat a name before
 *            its owner first uses it. Windows: created with the caller's
 *            user SID as owner and a protected DACL that grants that user
 *            alone; an existing section is opened only if its owner is the
 *            caller's user SID. Anything else is MMF_ERR_IO of kind
 *            MMF_KIND_PERMISSION (mmf_last_os_error: EACCES, or
 *            ERROR_ACCESS_DENIED) with a message naming the object's owner.
 *   Lifetime POSIX: the name outlives every process until mmf_unlink_named
 *            (or a reboot); maps stay valid after the unlink, and a later
 *            open of the name creates a new object. Windows: the name and
 *            the memory vanish when the last map of it (in any process) is
 *            closed; mmf_unlink_named cannot remove it earlier. Portable code
 *            calls mmf_unlink_named once it no longer wants new openers.
 *   Sharing  The bytes are shared between all processes that map the name,
 *            with no synchronisation: use atomics on the memory of
 *            mmf_buffer_acquire (the OS's shared memory is address-free) or
 *            OS primitives to order access between processes.
 *   Creation race (POSIX): creating is shm_open then ftruncate; an opener
 *            that finds the object still empty waits a while for its size
 *            (currently about a second, which may change in any release)
 *            before failing with MMF_ERR_IO.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for a NULL name or out, a name
 * that breaks the name rules, a nonzero offset, bad flags or access,
 * MMF_OPEN_EXCLUSIVE with length 0, or a flag not allowed here (see Options);
 * MMF_ERR_OUT_OF_RANGE for a length over INT64_MAX, or larger than an
 * existing named map; MMF_ERR_IO for a name that exists with
 * MMF_OPEN_EXCLUSIVE, that does not exist with length 0, that belongs to
 * another user or grants access to others (see Owner), that is not a
 * regular shared-memory object (on Linux, anyone can put a FIFO or a
 * directory in /dev/shm: opening never blocks), or any other refusal of the
 * OS (the message has the OS error); MMF_ERR_NO_MEMORY when memory or
 * address space runs out.
 */
MMF_API mmf_status mmf_open_named(const char* name, uint64_t length, const mmf_options* o, mmf_map** out);

/**
 * Remove the name of a named shared map (POSIX: shm_unlink("/" name)).
 * Maps of it stay valid, in this and other processes; the memory is freed
 * when the last one closes. A later mmf_open_named with the name creates
 * a new object. A name that does not exist is not an error, so cleanup code
 * may call this unconditionally.
 * Windows: names cannot be removed; the name goes away by itself when the
 * last map of it closes. The name is validated and the call returns MMF_OK.
 * Thread safety: any thread, any time.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL or a name that breaks
 * the name rules (see mmf_open_named); MMF_ERR_IO if the OS refuses (for
 * example another user's object: permission denied).
 */
MMF_API mmf_status mmf_unlink_named(const char* name);

/**
 * Unmap and close the file (Python: close()). Idempotent: closing a closed map
 * is MMF_OK. The handle stays valid, every other call on it then returns
 * MMF_ERR_CLOSED, until mmf_free. Waits for the calls in flight on other
 * threads, and for reads on other handles that began before it (see Thread
 * safety at the top); never for calls that start later.
 * Unflushed changes of a shared map still reach the file eventually (the OS
 * writes them back), but only mmf_flush guarantees when.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL; MMF_ERR_BUSY while a
 * buffer is acquired (the map stays open).
 */
MMF_API mmf_status mmf_close(mmf_map* m);

/**
 * 1 if the map is closed (or m is NULL), 0 if it is open (Python: closed).
 * Never fails; does not touch the last error message.
 */
MMF_API int mmf_closed(const mmf_map* m);

/**
 * Close the map if it is open and release the handle. NULL is a no-op. This
 * must be the last call on the handle; any buffer still acquired becomes
 * invalid.
 */
MMF_API void mmf_free(mmf_map* m);

/**
 * Copy up to `cap` bytes from the cursor into buf and advance the cursor by
 * the count, stored in *n (Python: read(n)). At or past the end *n is 0.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT if m or n is NULL, or buf is NULL
 * with cap > 0; MMF_ERR_CLOSED; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_read(mmf_map* m, void* buf, size_t cap, size_t* n);

/**
 * Read the byte at the cursor into *out and advance by one (Python:
 * read_byte()).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or out; MMF_ERR_CLOSED;
 * MMF_ERR_OUT_OF_RANGE at or past the end (cursor unchanged); MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_read_byte(mmf_map* m, uint8_t* out);

/**
 * Copy bytes from the cursor up to and including the next '\n', or to the
 * end of the map, or `cap` bytes, whichever comes first; advance the cursor
 * by *n (Python: readline()). Improvement: the cap lets C callers read a line
 * in pieces; a line longer than cap is returned in several calls, only the
 * last of which ends with '\n'.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT if m or n is NULL, or buf is NULL
 * with cap > 0; MMF_ERR_CLOSED; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_readline(mmf_map* m, void* buf, size_t cap, size_t* n);

/**
 * Write len bytes at the cursor and advance it by len (Python: write()). All
 * or nothing: if the bytes do not fit between the cursor and the end, nothing
 * is written and the cursor stays. As in CPython, a cursor past the end (after
 * a shrink) fails even for len 0.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m, or NULL buf with
 * len > 0; MMF_ERR_CLOSED; MMF_ERR_READ_ONLY on an MMF_ACCESS_READ map;
 * MMF_ERR_OUT_OF_RANGE if it does not fit; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_write(mmf_map* m, const void* buf, size_t len);

/**
 * Write one byte at the cursor and advance by one (Python: write_byte()).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m; MMF_ERR_CLOSED;
 * MMF_ERR_READ_ONLY; MMF_ERR_OUT_OF_RANGE at or past the end; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_write_byte(mmf_map* m, uint8_t b);

/**
 * Move the cursor (Python: seek(pos, whence)): to off (MMF_SEEK_SET), to the
 * cursor + off (MMF_SEEK_CUR) or to the length + off (MMF_SEEK_END). The new
 * position must lie in [0, length]; otherwise the cursor stays. new_pos may be
 * NULL; otherwise it receives the new position.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or an unknown whence;
 * MMF_ERR_CLOSED; MMF_ERR_OUT_OF_RANGE for a target outside [0, length] or an
 * overflowing sum.
 */
MMF_API mmf_status mmf_seek(mmf_map* m, int64_t off, int whence, uint64_t* new_pos);

/**
 * Store the cursor in *pos (Python: tell()). After a shrink it may lie past
 * the end, as in CPython.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or pos; MMF_ERR_CLOSED.
 */
MMF_API mmf_status mmf_tell(mmf_map* m, uint64_t* pos);

/**
 * Copy up to cap bytes starting at pos into buf, without using or moving the
 * cursor (Python: m[pos:pos+cap]); *n receives the count, which is smaller
 * than cap only at the end of the map. pos == length gives *n = 0.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT if m or n is NULL, or buf is NULL
 * with cap > 0; MMF_ERR_CLOSED; MMF_ERR_OUT_OF_RANGE for pos > length
 * (Improvement: a Python slice would silently be empty); MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_read_at(mmf_map* m, uint64_t pos, void* buf, size_t cap, size_t* n);

/**
 * Write len bytes at pos without using or moving the cursor (Python:
 * m[pos:pos+len] = data). All or nothing.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m, or NULL buf with
 * len > 0; MMF_ERR_CLOSED; MMF_ERR_READ_ONLY; MMF_ERR_OUT_OF_RANGE if pos+len
 * exceeds the length or overflows; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_write_at(mmf_map* m, uint64_t pos, const void* buf, size_t len);

/**
 * Lowest index i with sub at i and start <= i, i+len <= end (Python:
 * find(sub, start, end)); *found = -1 if there is none. start defaults
 * (MMF_POS_DEFAULT) to the cursor, end to the length; negative values count
 * from the end; both are then clamped to [0, length], as slices are. An empty
 * sub is found at start when start <= end.
 *
 * Linear time whatever the input. A large range may be searched in chunks
 * on several threads: the calling thread and whichever helpers of a
 * process-wide pool are free (the pool starts them at the first such search
 * and keeps them; a child of fork() starts its own). The environment
 * variable MMF_SEARCH_THREADS, read at the first large search, limits them
 * (1-64; 1 keeps every search on the
 * calling thread). A page of the range that vanished gives MMF_ERR_FAULT even
 * when a match precedes it, once the range is searched in chunks.
 * Current behaviour, not contract (it may change in any release): a SIMD
 * prefilter with a Two-Way fallback; ranges of 16 MiB or more are split, on
 * up to 4 threads by default and at most one per CPU.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or found, or NULL sub
 * with len > 0; MMF_ERR_CLOSED; MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_find(mmf_map* m, const void* sub, size_t len, int64_t start, int64_t end, int64_t* found);

/**
 * Highest index found as mmf_find would (Python: rfind(sub, start, end)).
 * Note that, as in CPython, start defaults to the cursor, not to 0. An empty
 * sub is found at end when start <= end.
 *
 * Returns: as mmf_find.
 */
MMF_API mmf_status mmf_rfind(mmf_map* m, const void* sub, size_t len, int64_t start, int64_t end, int64_t* found);

/**
 * Copy count bytes from src to dest inside the map; the ranges may overlap
 * (Python: move(dest, src, count)). The cursor does not move.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m; MMF_ERR_CLOSED;
 * MMF_ERR_READ_ONLY; MMF_ERR_OUT_OF_RANGE if either range leaves the map (as in
 * CPython, dest or src past the end fails even for count 0); MMF_ERR_FAULT.
 */
MMF_API mmf_status mmf_move(mmf_map* m, uint64_t dest, uint64_t src, uint64_t count);

/**
 * Write changes in [offset, offset+size) back to the file (Python: flush());
 * size 0 means "to the end of the map", so (0, 0) flushes everything.
 * Improvement: the range is widened to page boundaries instead of failing
 * with EINVAL on an unaligned offset. On READ and COPY maps and on anonymous
 * maps there is nothing to write back and the call succeeds, as in CPython.
 * flags: MMF_FLUSH_SYNC (0) or MMF_FLUSH_ASYNC.
 * Windows: FlushViewOfFile, and for MMF_FLUSH_SYNC also FlushFileBuffers
 * (FlushViewOfFile alone does not reach the disk).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or unknown flags;
 * MMF_ERR_CLOSED; MMF_ERR_OUT_OF_RANGE if the range leaves the map or
 * overflows; MMF_ERR_IO if msync or fsync fails.
 */
MMF_API mmf_status mmf_flush(mmf_map* m, uint64_t offset, uint64_t size, uint32_t flags);

/**
 * Change the length of the map and of the file behind it to offset +
 * new_length (Python: resize()). As in CPython the file is truncated or
 * extended to exactly that size, even if it was longer, and the cursor is
 * left where it was, even past the new end. The map may move in memory.
 * Improvement: growing a file reserves its blocks first, so a full disk is
 * MMF_ERR_IO here rather than a crash on a later write; anonymous maps can be
 * resized; new_length 0 is allowed (the map is then empty, not closed).
 * A map that grows again and again (Linux) may also reserve blocks past the
 * end of the file (fallocate KEEP_SIZE; the file's size is not changed), so
 * that growing step by step costs a truncate per step; a shrink and closing
 * the map give those blocks back. Current behaviour, not contract (it may
 * change in any release): from the second grow on, as much again as the new
 * size, at most 64 MiB. Waits for the writer calls queued before it, never
 * for readers (see Thread safety at the top): a reader that started before
 * the resize finishes on the old length. On failure the map keeps its old
 * length and contents.
 *
 * macOS: blocks are reserved with fcntl(F_PREALLOCATE) (on APFS, a file
 * that shares blocks with a snapshot or clone may still need new ones when
 * written). FreeBSD: with posix_fallocate, which ZFS refuses (copy-on-write),
 * so there a grow is sparse and a full disk can still fault a later write
 * (MMF_ERR_FAULT). On both, nothing is reserved past the end of the file.
 *
 * Windows: a file cannot shrink while any view of it is mapped, so a
 * shrink unmaps, truncates and maps again; if another map of the same file
 * (in this or another process) holds it, the call fails with MMF_ERR_IO
 * (ERROR_USER_MAPPED_FILE) and the map keeps its old length and contents
 * (it may move in memory). Anonymous maps are resized by copying into a new
 * section, which nobody else can see.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m; MMF_ERR_CLOSED;
 * MMF_ERR_BUSY while a buffer is acquired; MMF_ERR_READ_ONLY for READ and
 * COPY maps; MMF_ERR_UNSUPPORTED for a named map (see mmf_open_named)
 * and for a map of a device such as /dev/zero (no file size to change);
 * MMF_ERR_OUT_OF_RANGE if offset + new_length exceeds INT64_MAX;
 * MMF_ERR_IO if the file cannot be resized (disk full, RLIMIT_FSIZE, on
 * Windows another map of the file, ...); MMF_ERR_NO_MEMORY if the new
 * mapping cannot be made (always from 2^57 bytes on POSIX, 2^47 on Windows:
 * no address space is that large).
 */
MMF_API mmf_status mmf_resize(mmf_map* m, uint64_t new_length);

/**
 * Store in *access the access the map really has: MMF_ACCESS_READ,
 * MMF_ACCESS_WRITE or MMF_ACCESS_COPY, never MMF_ACCESS_DEFAULT, which is
 * resolved at open (DEFAULT is WRITE; DEFAULT with MMF_MAP_PRIVATE is COPY).
 * It does not change for the life of the map. Lets bindings report a map's
 * mode without restating that rule.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or access;
 * MMF_ERR_CLOSED.
 */
MMF_API mmf_status mmf_access_of(mmf_map* m, mmf_access* access);

/**
 * Store the map's length in *len (Python: len(m)).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or len; MMF_ERR_CLOSED.
 */
MMF_API mmf_status mmf_length(mmf_map* m, uint64_t* len);

/**
 * Store the size of the whole file in *size, which can be larger than the
 * mapped area (Python: size()). Improvement: for anonymous maps it is the
 * map's length (CPython fails with EBADF); for a named map, the size of the
 * shared object (a whole number of pages when mmf created it).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or size; MMF_ERR_CLOSED;
 * MMF_ERR_IO if fstat fails.
 */
MMF_API mmf_status mmf_size(mmf_map* m, uint64_t* size);

/**
 * Advise the OS how [start, start+len) will be used (Python: madvise()); len 0
 * means "to the end", and a range past the end is clamped, as in CPython.
 * Improvement: an unaligned start is widened to its page instead of failing.
 * Windows: NORMAL succeeds (nothing to undo), WILLNEED prefetches
 * (PrefetchVirtualMemory); RANDOM, SEQUENTIAL and DONTNEED have no Windows
 * equivalent and return MMF_ERR_UNSUPPORTED (CPython has no madvise there).
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or an unknown advice;
 * MMF_ERR_CLOSED; MMF_ERR_OUT_OF_RANGE for start >= length or a start+len past
 * INT64_MAX (CPython's OverflowError); MMF_ERR_UNSUPPORTED if the platform lacks that advice;
 * MMF_ERR_IO if the OS refuses.
 */
MMF_API mmf_status mmf_madvise(mmf_map* m, int advice, uint64_t start, uint64_t len);

/**
 * Zero-copy access: *data receives the address of the first mapped byte and
 * *len the length (Python: memoryview(m)). Until the matching
 * mmf_buffer_release the map is pinned: close and resize fail with
 * MMF_ERR_BUSY, so the address stays valid. Acquisitions nest (a counter).
 * The memory of an MMF_ACCESS_READ map must not be written. Accesses through
 * the pointer bypass the library: no locking, and no protection against a
 * file truncated by another process. An empty map gives *len 0.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m, data or len;
 * MMF_ERR_CLOSED; MMF_ERR_FAULT if an earlier call found the file truncated
 * under the map (until mmf_resize).
 */
MMF_API mmf_status mmf_buffer_acquire(mmf_map* m, void** data, uint64_t* len);

/**
 * Release one acquisition made by mmf_buffer_acquire.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT for NULL m or when no buffer is
 * acquired; MMF_ERR_CLOSED.
 */
MMF_API mmf_status mmf_buffer_release(mmf_map* m);

/** The OS page size (Python: mmap.PAGESIZE). Never fails. */
MMF_API uint64_t mmf_page_size(void);

/** The granularity of map offsets in the OS (Python:
 *  mmap.ALLOCATIONGRANULARITY): the page size on POSIX, 64 KiB on Windows
 *  (GetSystemInfo); mmf itself accepts any offset. Never fails. */
MMF_API uint64_t mmf_allocation_granularity(void);

/** A static English name for a status ("MMF_ERR_CLOSED: map is closed");
 *  an unknown value gives "unknown status". Never NULL. */
MMF_API const char* mmf_strerror(mmf_status s);

/**
 * The calling thread's message for its last failed call, e.g.
 * "mmf_read_at(pos=20, cap=4): position 20 is past the end (length 14)".
 * Successful calls do not clear it. "" if this thread has had no failure.
 * The pointer is valid until this thread's next mmf call. Never NULL.
 */
MMF_API const char* mmf_last_error(void);

/**
 * The operating system's error number behind this thread's last failed call
 * (errno on POSIX, GetLastError() on Windows), or 0 when that failure did not
 * come from the OS (a bad argument, a closed map, ...). The number is the
 * platform's own; mmf_last_error_kind classifies it portably. Like
 * mmf_last_error, successful calls do not change it. Never fails.
 */
MMF_API int mmf_last_os_error(void);

/**
 * Why the OS refused, portably: the kind of the OS error behind this
 * thread's last failed call (usually MMF_ERR_IO), the same on every
 * platform, so that bindings map failures to their language's own kinds
 * without errno or Windows error tables and without parsing the message
 * (the model is sqlite's extended result codes and libgit2's GIT_ENOTFOUND).
 * The values are part of the ABI; later versions may add kinds, so treat an
 * unknown value as MMF_KIND_OTHER.
 *
 * MMF_KIND_NONE           the last failure did not come from the OS (a bad
 *                         argument, a closed map, ...), or there was none.
 * MMF_KIND_OTHER          an OS error with no kind below.
 * MMF_KIND_NOT_FOUND      the file, directory or named map does not exist
 *                         (ENOENT, ENOTDIR; ERROR_FILE_NOT_FOUND,
 *                         ERROR_PATH_NOT_FOUND).
 * MMF_KIND_EXISTS         it exists and the call had to create it
 *                         (MMF_OPEN_EXCLUSIVE: EEXIST; ERROR_FILE_EXISTS,
 *                         ERROR_ALREADY_EXISTS).
 * MMF_KIND_PERMISSION     permission denied, including another user's named
 *                         map (EACCES, EPERM; ERROR_ACCESS_DENIED).
 * MMF_KIND_NO_SPACE       the disk or a quota is full (ENOSPC, EDQUOT;
 *                         ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL).
 * MMF_KIND_TOO_LARGE      the file would exceed a size limit (EFBIG, e.g.
 *                         RLIMIT_FSIZE; ERROR_FILE_TOO_LARGE).
 * MMF_KIND_LOOP           MMF_OPEN_NOFOLLOW met a symbolic link (ELOOP;
 *                         Windows: any reparse point), or too many links.
 * MMF_KIND_NAME_TOO_LONG  a path or path component is too long
 *                         (ENAMETOOLONG; ERROR_FILENAME_EXCED_RANGE).
 */
typedef enum mmf_error_kind {
  MMF_KIND_NONE = 0,
  MMF_KIND_OTHER = 1,
  MMF_KIND_NOT_FOUND = 2,
  MMF_KIND_EXISTS = 3,
  MMF_KIND_PERMISSION = 4,
  MMF_KIND_NO_SPACE = 5,
  MMF_KIND_TOO_LARGE = 6,
  MMF_KIND_LOOP = 7,
  MMF_KIND_NAME_TOO_LONG = 8
} mmf_error_kind;

/**
 * The mmf_error_kind of this thread's last failed call: MMF_KIND_NONE when
 * that failure did not come from the OS, else the portable kind of the OS
 * error that mmf_last_os_error returns. Like mmf_last_error, successful calls
 * do not change it. Never fails.
 */
MMF_API mmf_error_kind mmf_last_error_kind(void);

/** The library's version, "MAJOR.MINOR.PATCH" (may differ from
 *  MMF_VERSION_STRING of the header a program was compiled with). */
MMF_API const char* mmf_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MMF_H */
