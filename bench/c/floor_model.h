/* A model of the fewest memory accesses mmf's positional-read design needs,
 * built as its own shared library so that a call to it pays what a call into
 * libmmf.so pays (the PLT, the initial-exec TLS offset from the GOT). The
 * benchmark compares it with mmf_read_at and with a raw load: the gap
 * between the model and the raw load is what the design's promises cost, the
 * gap between mmf and the model is what mmf adds (argument checks, lengths
 * other than 8). core/README.md, "What a small read costs", has the figures.
 *
 * Three variants, each a call that copies 8 bytes at pos into buf:
 *   floor_read_full   epoch slot in TLS (announce, clear), view pointer, seqlock
 *                     (load, validate), bounds: what mmf promises
 *   floor_read_noseq  without the seqlock: no promise about torn writes
 *   floor_read_bare   neither: a bounds-checked call that a concurrent unmap
 *                     would leave on freed address space */
#ifndef MMF_BENCH_FLOOR_MODEL_H
#define MMF_BENCH_FLOOR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct floor_map floor_map;

__attribute__((visibility("default"))) floor_map* floor_open(const void* data, uint64_t length);
__attribute__((visibility("default"))) void floor_close(floor_map* m);
__attribute__((visibility("default"))) int floor_read_full(floor_map* m, uint64_t pos, void* buf, size_t cap,
                                                           size_t* n);
__attribute__((visibility("default"))) int floor_read_noseq(floor_map* m, uint64_t pos, void* buf, size_t cap,
                                                            size_t* n);
__attribute__((visibility("default"))) int floor_read_bare(floor_map* m, uint64_t pos, void* buf, size_t cap,
                                                           size_t* n);

#ifdef __cplusplus
}
#endif

#endif
