/*
 * mmf_direct.h - direct reads: a map's bytes read with the caller's own
 * loads, with mmf's promises kept. For language bindings whose runtime makes
 * every call into C expensive (a JVM's native-call transition ends in a full
 * fence, so each read would pay its cache miss alone); C and C++ programs
 * should call mmf_read_at(), which is as fast.
 *
 * Experimental, in the sense of zstd's experimental section: these calls are
 * part of libmmf.so.1 (symbol version mmf_1.1) and stay, but the layout they
 * describe is the library's private memory and may change in any release. A
 * reader must check mmf_direct_layout.version against the
 * MMF_DIRECT_VERSION it was written for, and take mmf_read_at() for every
 * read when they differ or when mmf_direct_layout_of() fails.
 *
 * The protocol. Once per thread, on that thread: slot =
 * mmf_direct_slot_claim(). Once per map: mmf_direct_layout_of(map, &l).
 * Then a read of w bytes (1 <= w <= 8) at position pos is, with every load
 * and store a single aligned access of the field's size, in this program
 * order, and with nothing but compiler barriers between them (the writers'
 * side issues the process-wide fences, membarrier(2)):
 *
 *   1. e = *l.epoch;                        slot[l.slot_active_offset] = e
 *   2. before = block[l.seq_offset]         (uint32_t)
 *      v      = block[l.view_offset]        (pointer)
 *      data   = block[l.data_offset]        (uint64_t)
 *      len    = block[l.length_offset]      (uint64_t)
 *      slot[l.slot_view_offset] = v
 *   3. if before is odd, or pos > len - w, or len < w: go to 6 and call
 *      mmf_read_at() instead.
 *   4. x = the w bytes at data + pos
 *   5. if block[l.seq_offset] != before or block[l.view_offset] != v: go to
 *      6 and call mmf_read_at() instead; else x is the answer.
 *   6. slot[l.slot_active_offset] = 0       (a release store)
 *
 * What it guarantees, as for mmf_read_at():
 * - mmf_close() and mmf_resize() wait for a read between steps 1 and 6
 *   before they unmap what it reads (the slot is an epoch slot of the
 *   library's own kind; mmf_close() on any thread, including a call from
 *   another language, waits for it).
 * - A read never returns a write made through the same handle half done
 *   (step 5: the map's seqlock).
 * - A file truncated under the map (by another process) never kills the
 *   process and never yields the lost bytes as zeros: the fault handler
 *   recognises the thread's slot, marks the map faulted, puts a page of
 *   zeros where the vanished page was so that the load can complete, and
 *   changes the view; step 5 then sends the read to mmf_read_at(), which
 *   returns MMF_ERR_FAULT, as every later call that touches the map does
 *   until mmf_resize() maps the file afresh or mmf_close(). The handler
 *   recognises only the slot's own thread, and only between steps 2 and 6.
 * - While a buffer is acquired (mmf_buffer_acquire) the view has length 0,
 *   so every direct read takes step 3's call: a buffer's reader never sees
 *   those zeros, and mmf_buffer_acquire() waits for direct reads in flight.
 *
 * What the reader must provide: steps 1 to 6 run on one thread, with no
 * blocking call and no other section on the same slot between them (a slot
 * holds one section at a time); the map's handle stays valid until step 6
 * (mmf_free() must not run meanwhile); a slot is released with
 * mmf_direct_slot_release() only when no read will use it again.
 *
 * How the fault handler recognises a direct read, one of two ways:
 * - by thread: the thread that claimed the slot runs the reads on it, and
 *   step 2 stores v in slot[l.slot_view_offset] (a JVM's threads);
 * - by instruction: a reader whose slots are not tied to threads (Go's, one
 *   per P, used by whichever thread runs that P, with preemption off) leaves
 *   slot_view at 0, registers the address of its step-4 load instruction
 *   with mmf_direct_add_load(), and holds v in register rbx when it runs.
 *   x86-64 only.
 *
 * Available where the library's readers use the asymmetric protocol: Linux
 * with membarrier(2) (MEMBARRIER_CMD_PRIVATE_EXPEDITED). Elsewhere
 * mmf_direct_slot_claim() returns NULL and mmf_direct_layout_of() fails
 * with MMF_ERR_UNSUPPORTED.
 */
#ifndef MMF_DIRECT_H
#define MMF_DIRECT_H

#include "mmf.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The layout version this header describes (mmf_direct_layout.version). */
#define MMF_DIRECT_VERSION 1

/**
 * Where a direct reader finds what it reads (see the protocol above). The
 * caller sets `size` to sizeof(mmf_direct_layout); the library fills in the
 * fields that fit in it. Offsets are in bytes from `block` or from a slot.
 */
typedef struct mmf_direct_layout {
  size_t size;                    /**< in: sizeof(mmf_direct_layout) */
  uint32_t version;               /**< out: the library's MMF_DIRECT_VERSION */
  const volatile uint64_t* epoch; /**< the process-wide epoch (step 1) */
  const volatile void* block;     /**< the map's block (steps 2 and 5); lives as long as the handle */
  size_t block_size;              /**< bytes of the block that the offsets below address */
  size_t seq_offset;              /**< uint32_t: the seqlock */
  size_t view_offset;             /**< pointer: the view (compare it, never follow it) */
  size_t data_offset;             /**< uint64_t: the address of byte 0 of the map */
  size_t length_offset;           /**< uint64_t: the length the view allows */
  size_t slot_size;               /**< bytes of a slot that the offsets below address */
  size_t slot_active_offset;      /**< uint64_t: the epoch the section began in, 0 outside */
  size_t slot_view_offset;        /**< pointer: the view being read (for the fault handler) */
} mmf_direct_layout;

/**
 * Describes `map` for direct reads: fills in `*out` (whose `size` the caller
 * set), and from then on mmf_buffer_acquire() on this map waits for direct
 * reads in flight.
 *
 * Returns, in this order of checks: MMF_ERR_INVALID_ARGUMENT (a NULL
 * argument, or out->size smaller than the layout's first version);
 * MMF_ERR_CLOSED (the map is closed); MMF_ERR_UNSUPPORTED (direct reads are
 * not available in this process: see above); else MMF_OK.
 */
MMF_API mmf_status mmf_direct_layout_of(mmf_map* map, mmf_direct_layout* out);

/**
 * A direct-read slot for the calling thread, or NULL when direct reads are
 * not available (or memory ran out). The calling thread is the only one that
 * may read with it. The slot stays listed (and is scanned by every close
 * and resize) until mmf_direct_slot_release().
 */
MMF_API void* mmf_direct_slot_claim(void);

/**
 * Releases a slot from mmf_direct_slot_claim() (NULL: nothing happens). Any
 * thread may call it, once the slot's thread will read with it no more
 * (for example after that thread ended).
 */
MMF_API void mmf_direct_slot_release(void* slot);

/**
 * Registers `pc`, the address of a reader's step-4 load instruction, for the
 * recognition by instruction (see above): a fault at exactly `pc` is a direct
 * read, with v in register rbx. Registering an address twice is harmless.
 *
 * Returns: MMF_OK; MMF_ERR_INVALID_ARGUMENT (pc is NULL); MMF_ERR_UNSUPPORTED
 * (not x86-64 Linux with direct reads); MMF_ERR_NO_MEMORY (16 addresses are
 * registered already).
 */
MMF_API mmf_status mmf_direct_add_load(const void* pc);

#ifdef __cplusplus
}
#endif

#endif /* MMF_DIRECT_H */
