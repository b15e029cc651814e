/* Compiled, never run: mmf.h must be valid strict C99 on its own. */
#include "mmf.h"

int mmf_header_c99_probe(void);
int mmf_header_c99_probe(void) {
  mmf_options o;
  mmf_options_init(&o);
  return (int)o.size + (int)MMF_ERR_FAULT + (MMF_POS_DEFAULT < 0);
}
