// The helper threads of large searches: one pool per process.
//
// Starting and joining threads inside every large search cost a thread start
// per helper per search, and 100 concurrent searches ran 300 helpers on a
// machine with 4 cores or fewer. The pool starts at most max_threads() - 1
// helpers, when a search first asks for them, and keeps them until the
// process ends (detached, blocked in a condition wait, holding no lock).
//
// A search never waits for a helper to become free: it posts its work, does
// it on the calling thread, and takes whatever help is free now. So one
// search holds up another by at most the chunk a helper is already searching
// for it.
//
// fork(): the child has the forking thread only. The pool's lock is held
// across fork(), so no other thread can leave it locked, and the child
// forgets the parent's helpers and jobs: its first large search starts
// helpers of its own.
//
// POSIX only: on Windows a large search runs on the calling thread.
#pragma once

namespace mmf::core::search::pool {

// Runs work(arg) on the calling thread and on up to `helpers` pool threads
// (at most max_threads() - 1 in all). work must return once nothing is left
// that the thread running it could claim. Returns when work(arg) has returned
// on the calling thread and on every helper that entered it, and no helper
// can enter it any more: arg, on the caller's stack, may go.
void share(unsigned helpers, void (*work)(void*) noexcept, void* arg) noexcept;

// The helper threads this process has started (for tests).
unsigned helpers_started() noexcept;

}  // namespace mmf::core::search::pool
