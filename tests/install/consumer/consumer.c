/* Uses the installed library: an anonymous map, a write and a find. */
#include <mmf.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  mmf_map* m = NULL;
  int64_t at = -1;
  if (mmf_open_anonymous(64, NULL, &m) != MMF_OK || mmf_write_at(m, 10, "needle", 6) != MMF_OK ||
      mmf_find(m, "needle", 6, 0, MMF_POS_DEFAULT, &at) != MMF_OK || at != 10) {
    fprintf(stderr, "consumer: %s\n", mmf_last_error());
    return 1;
  }
  mmf_free(m);
  printf("consumer ok %s\n", mmf_version());
  return strcmp(mmf_version(), MMF_VERSION_STRING) == 0 ? 0 : 1;
}
