#include "search_pool.hpp"

#include <pthread.h>

#include <algorithm>
#include <csignal>

#include "search_parallel.hpp"

namespace mmf::core::search::pool {
namespace {

struct Job {
  void (*work)(void*) noexcept;
  void* arg;
  unsigned wanted;      // helpers that may still enter work
  unsigned active = 0;  // helpers inside work
  Job* prev = nullptr;
  Job* next = nullptr;
};

// pthread objects rather than std ones: constant-initialised (no static
// initialisation order, no construction guard a fork could leave taken) and
// re-initialised in place in a fork child.
struct State {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake = PTHREAD_COND_INITIALIZER;  // a job wants helpers
  pthread_cond_t left = PTHREAD_COND_INITIALIZER;  // a helper left a job
  Job* head = nullptr;                             // the open jobs, oldest first
  Job* tail = nullptr;
  unsigned started = 0;  // helpers started or being started
  unsigned idle = 0;     // helpers waiting for a job
};

constinit State g;
pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;

// The oldest job still taking helpers. Caller holds g.mu.
Job* open_job() {
  for (Job* j = g.head; j != nullptr; j = j->next) {
    if (j->wanted > 0) return j;
  }
  return nullptr;
}

void* helper_main(void* /*unused*/) {
#if defined(__GLIBC__)
  pthread_setname_np(pthread_self(), "mmf-search");  // how it shows in top and gdb
#endif
  pthread_mutex_lock(&g.mu);
  for (;;) {
    Job* job = open_job();
    if (job == nullptr) {
      ++g.idle;
      pthread_cond_wait(&g.wake, &g.mu);
      --g.idle;
      continue;
    }
    --job->wanted;
    ++job->active;
    pthread_mutex_unlock(&g.mu);
    job->work(job->arg);
    pthread_mutex_lock(&g.mu);
    // The job's caller may be waiting for its last helper; after this the
    // helper touches the job no more (it is unlinked before the wait).
    if (--job->active == 0) pthread_cond_broadcast(&g.left);
  }
}

bool start_helper() {
  // Helpers outlive the call that starts them, so they must not take signals
  // meant for the application's threads. The synchronous ones stay open: a
  // blocked SIGBUS kills the process instead of reaching the fault guard.
  sigset_t block;
  sigset_t old;
  sigfillset(&block);
  for (const int s : {SIGBUS, SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGSYS}) sigdelset(&block, s);
  pthread_sigmask(SIG_SETMASK, &block, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t{};
  const int rc = pthread_create(&t, &attr, helper_main, nullptr);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return rc == 0;
}

// Held across fork() so that the child's copy is never taken by a thread
// that does not exist there.
void before_fork() { pthread_mutex_lock(&g.mu); }
void after_fork_parent() { pthread_mutex_unlock(&g.mu); }
void after_fork_child() {
  // Re-initialised, not unlocked: the condition variables may count waiters
  // (helpers, callers) that the child does not have. Their jobs are gone too.
  pthread_mutex_init(&g.mu, nullptr);
  pthread_cond_init(&g.wake, nullptr);
  pthread_cond_init(&g.left, nullptr);
  g.head = g.tail = nullptr;
  g.started = g.idle = 0;
}

}  // namespace

void share(unsigned helpers, void (*work)(void*) noexcept, void* arg) noexcept {
  const unsigned cap = max_threads() - 1;
  helpers = std::min(helpers, cap);
  if (helpers == 0) {
    work(arg);
    return;
  }
  // Registered outside g.mu: fork() runs before_fork under glibc's own
  // atfork lock, which pthread_atfork takes too.
  pthread_once(&g_atfork_once, [] { pthread_atfork(before_fork, after_fork_parent, after_fork_child); });

  Job job{work, arg, helpers};
  pthread_mutex_lock(&g.mu);
  job.prev = g.tail;
  (g.tail != nullptr ? g.tail->next : g.head) = &job;
  g.tail = &job;
  const unsigned wake = std::min(helpers, g.idle);
  for (unsigned i = 0; i < wake; ++i) pthread_cond_signal(&g.wake);
  const unsigned start = std::min(helpers - wake, cap - g.started);
  g.started += start;
  pthread_mutex_unlock(&g.mu);
  // Started outside the lock, which other searches need meanwhile; a thread
  // that cannot be started leaves its share to the others.
  for (unsigned i = 0; i < start; ++i) {
    if (!start_helper()) {
      pthread_mutex_lock(&g.mu);
      --g.started;
      pthread_mutex_unlock(&g.mu);
    }
  }

  work(arg);

  pthread_mutex_lock(&g.mu);
  (job.prev != nullptr ? job.prev->next : g.head) = job.next;
  (job.next != nullptr ? job.next->prev : g.tail) = job.prev;
  // Unlinked: no helper can enter any more. Those inside leave once their
  // current chunk is done (nothing is left to claim).
  while (job.active > 0) pthread_cond_wait(&g.left, &g.mu);
  pthread_mutex_unlock(&g.mu);
}

unsigned helpers_started() noexcept {
  pthread_mutex_lock(&g.mu);
  const unsigned n = g.started;
  pthread_mutex_unlock(&g.mu);
  return n;
}

}  // namespace mmf::core::search::pool
