// Compiled, never run: mmf.h must be valid C++ on its own, with C linkage.
#include "mmf.h"

int mmf_header_cxx_probe();
int mmf_header_cxx_probe() {
  mmf_options o;
  mmf_options_init(&o);
  return static_cast<int>(o.size) + static_cast<int>(MMF_ERR_FAULT);
}
