/* Compiled, never run: mmf_direct.h must be valid strict C99 on its own. */
#include "mmf_direct.h"

int mmf_header_direct_c99_probe(void);
int mmf_header_direct_c99_probe(void) {
  mmf_direct_layout l;
  l.size = sizeof l;
  return (int)l.size + MMF_DIRECT_VERSION + (mmf_direct_slot_claim() != NULL);
}
