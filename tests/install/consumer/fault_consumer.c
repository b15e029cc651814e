/* A file truncated under a map, read through mmf_read_at's inline fast path
 * (exception-table sites): MMF_ERR_FAULT, not SIGBUS. check_install.sh links
 * it against libmmf.a with --gc-sections and -z start-stop-gc, what LLD
 * (rustc's default linker) does: the table, which only its __start_ and
 * __stop_ symbols refer to, must survive the collection (core/README.md,
 * "The fault guard"). */
#define _POSIX_C_SOURCE 200809L
#include <mmf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char path[] = "/tmp/mmf-fault-consumer-XXXXXX";
  int fd = mkstemp(path);
  long page = sysconf(_SC_PAGESIZE);
  mmf_map* m = NULL;
  mmf_options o;
  unsigned char buf[8];
  size_t n = 0;
  int i;
  int ok = 1;
  if (fd < 0 || ftruncate(fd, 2 * page) != 0) {
    perror("fault_consumer: temp file");
    return 1;
  }
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  if (mmf_open(path, &o, &m) != MMF_OK) {
    fprintf(stderr, "fault_consumer: %s\n", mmf_last_error());
    return 1;
  }
  /* The first call gives the thread its epoch slot; later ones take the fast path. */
  for (i = 0; i < 3; ++i) ok = ok && mmf_read_at(m, (uint64_t)page, buf, sizeof buf, &n) == MMF_OK;
  if (ftruncate(fd, 0) != 0) ok = 0;
  /* Each width the fast path reads with a table site of its own. */
  ok = ok && mmf_read_at(m, (uint64_t)page, buf, 8, &n) == MMF_ERR_FAULT;
  ok = ok && mmf_read_at(m, (uint64_t)page, buf, 1, &n) == MMF_ERR_FAULT;
  mmf_free(m);
  close(fd);
  unlink(path);
  if (!ok) {
    fprintf(stderr, "fault_consumer: a truncated file did not give MMF_ERR_FAULT\n");
    return 1;
  }
  printf("fault_consumer ok\n");
  return 0;
}
