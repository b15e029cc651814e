#include "thread_state.hpp"

namespace mmf::core {

#if defined(__ELF__)
thread_local constinit ThreadState t_thread __attribute__((tls_model("initial-exec"))) = {};
#else
thread_local constinit ThreadState t_thread = {};
#endif

}  // namespace mmf::core
