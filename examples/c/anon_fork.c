/*
 * anon_fork.c - the second example of Python's mmap documentation, through
 * the C API: an anonymous map shared between a parent and a fork()ed child.
 *
 *   mm = mmap.mmap(-1, 13)
 *   mm.write(b"Hello world!")
 *   pid = os.fork()
 *   if pid == 0:  # In a child process
 *       mm.seek(0)
 *       print(mm.readline())   # prints "Hello world!"
 *       mm.close()
 *
 * The map is 13 bytes and the text 12, so readline() returns the text plus
 * one zero byte (there is no '\n' to stop at); the child prints the text up
 * to that zero byte.
 *
 * Beyond Python's example, the child then writes '\n' over that zero byte
 * and the parent, after waiting for it, checks that it sees the change: the
 * memory really is shared, not copied at fork(). Every status is checked; on failure the program prints
 * mmf_last_error() and exits with status 1.
 */
#define _POSIX_C_SOURCE 200809L

#include <mmf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(mmf_status s, const char* what) {
  if (s != MMF_OK) {
    fprintf(stderr, "anon_fork: %s failed: %s (%s)\n", what, mmf_last_error(), mmf_strerror(s));
    exit(1);
  }
}

int main(void) {
  mmf_map* mm = NULL;
  pid_t pid;
  int wstatus = 0;

  check(mmf_open_anonymous(13, NULL, &mm), "mmf_open_anonymous");
  check(mmf_write(mm, "Hello world!", strlen("Hello world!")), "mmf_write");

  fflush(stdout); /* nothing buffered is printed twice */
  pid = fork();
  if (pid < 0) {
    perror("anon_fork: fork");
    return 1;
  }
  if (pid == 0) {
    /* In a child process */
    char buf[64];
    size_t n = 0;
    size_t len = 0;
    check(mmf_seek(mm, 0, MMF_SEEK_SET, NULL), "mmf_seek");
    check(mmf_readline(mm, buf, sizeof buf, &n), "mmf_readline");
    while (len < n && buf[len] != '\0' && buf[len] != '\n') {
      ++len;
    }
    printf("%.*s\n", (int)len, buf); /* prints "Hello world!" */
    check(mmf_write_at(mm, 12, "\n", 1), "mmf_write_at");
    check(mmf_close(mm), "mmf_close");
    mmf_free(mm);
    return fflush(stdout) == 0 ? 0 : 1;
  }

  if (waitpid(pid, &wstatus, 0) != pid) {
    perror("anon_fork: waitpid");
    return 1;
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    fprintf(stderr, "anon_fork: the child failed\n");
    return 1;
  }
  {
    char buf[64];
    size_t n = 0;
    check(mmf_seek(mm, 0, MMF_SEEK_SET, NULL), "mmf_seek");
    check(mmf_readline(mm, buf, sizeof buf, &n), "mmf_readline");
    if (n != 13 || memcmp(buf, "Hello world!\n", 13) != 0) {
      fprintf(stderr, "anon_fork: the parent does not see the child's write\n");
      return 1;
    }
    printf("parent: the child's write is visible\n");
  }
  check(mmf_close(mm), "mmf_close");
  mmf_free(mm);
  return 0;
}
