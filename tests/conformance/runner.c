/*
 * runner.c - runs the conformance vectors (tests/conformance/vectors, *.vec)
 * through the C ABI of libmmf.
 *
 * Usage: mmf_conformance_runner [VECTOR_DIR | FILE.vec ...]
 *
 * The format is described in README.md next to this file. This runner is
 * also the template for the loaders of the other bindings, so the parser is
 * strict: every malformed line is reported with its file:line and the run
 * stops (exit code 2) before anything of that file is executed.
 *
 * `@improvement` marks are validated but otherwise ignored here: they only
 * tell the CPython oracle what to skip; libmmf must pass every statement.
 *
 * A vector is a call line, or a setup line whose expected status is not OK.
 * Output: one "FAIL file:line: ..." line per failing vector, then
 *   conformance: N passed, N failed, N skipped
 * Exit code: 0 when nothing failed, 1 on failures, 2 on malformed vectors or
 * usage errors.
 *
 * C99 plus POSIX (mkstemp, opendir) for temporary files and directory
 * listing; mingw-w64 provides both on Windows (temporary files go to %TEMP%).
 * `@windows => ...` lines give the next statement its expectation on
 * Windows (see README.md); a Windows build uses them, others check them.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "mmf.h"

/* ------------------------------------------------------------------------ */
/* statuses and ops                                                          */

static const char* const status_names[] = {"OK", "INVALID_ARGUMENT", "CLOSED",      "READ_ONLY", "OUT_OF_RANGE", "BUSY",
                                           "IO", "NO_MEMORY",        "UNSUPPORTED", "FAULT"};
#define N_STATUS ((int)(sizeof status_names / sizeof status_names[0]))

enum op {
  OP_READ,
  OP_READ_BYTE,
  OP_READLINE,
  OP_WRITE,
  OP_WRITE_BYTE,
  OP_SEEK,
  OP_TELL,
  OP_READ_AT,
  OP_WRITE_AT,
  OP_FIND,
  OP_RFIND,
  OP_MOVE,
  OP_FLUSH,
  OP_RESIZE,
  OP_LEN,
  OP_SIZE,
  OP_MADVISE,
  OP_ACQUIRE,
  OP_RELEASE,
  OP_CLOSE,
  OP_CLOSED,
  OP_CONTENT,
  OP_FILE,
  OP_COUNT
};

/* Argument kinds:
 *   u  unsigned 64-bit (a negative value wraps: -1 is UINT64_MAX)
 *   i  signed 64-bit
 *   w  int (whence, advice)
 *   b  byte string
 *   y  byte 0..255
 *   o  signed 64-bit or "-" (omitted: MMF_POS_DEFAULT)
 * Result kinds: "" none, "b" bytes, "u" unsigned, "i" signed. */
struct op_info {
  const char* name;
  const char* args;
  const char* result;
};

static const struct op_info ops[OP_COUNT] = {
    {"read", "u", "b"},      {"read_byte", "", "u"}, {"readline", "u", "b"}, {"write", "b", ""},
    {"write_byte", "y", ""}, {"seek", "iw", "u"},    {"tell", "", "u"},      {"read_at", "uu", "b"},
    {"write_at", "ub", ""},  {"find", "boo", "i"},   {"rfind", "boo", "i"},  {"move", "uuu", ""},
    {"flush", "uu", ""},     {"resize", "u", ""},    {"len", "", "u"},       {"size", "", "u"},
    {"madvise", "wuu", ""},  {"acquire", "", "u"},   {"release", "", ""},    {"close", "", ""},
    {"closed", "", "u"},     {"content", "", "b"},   {"file", "", "b"},
};

/* ------------------------------------------------------------------------ */
/* parsed statements                                                         */

struct bytes {
  unsigned char* p; /* malloc'd, never NULL once parsed (at least 1 byte) */
  size_t n;
};

#define MAX_ARGS 3

struct stmt {
  int line;
  int is_setup;
  int improvement; /* marked @improvement (ignored by this runner) */
  int status;      /* expected status */
  /* setup */
  int anon;
  struct bytes content;
  uint64_t anon_length;
  mmf_access access;
  uint64_t offset, length;
  uint32_t flags;
  /* call */
  enum op op;
  uint64_t u[MAX_ARGS];
  int64_t i[MAX_ARGS];
  struct bytes b;
  int has_result;
  struct bytes rbytes;
  uint64_t rint; /* integer result, as its 64-bit pattern */
};

struct vecfile {
  const char* name;
  struct stmt* s;
  size_t n, cap;
};

static void bytes_free(struct bytes* b) {
  free(b->p);
  b->p = NULL;
  b->n = 0;
}

static void vecfile_free(struct vecfile* f) {
  size_t k;
  for (k = 0; k < f->n; k++) {
    bytes_free(&f->s[k].content);
    bytes_free(&f->s[k].b);
    bytes_free(&f->s[k].rbytes);
  }
  free(f->s);
  f->s = NULL;
  f->n = f->cap = 0;
}

static void* xmalloc(size_t n) {
  void* p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "mmf_conformance_runner: out of memory\n");
    exit(2);
  }
  return p;
}

/* ------------------------------------------------------------------------ */
/* parsing                                                                   */

static const char* g_file = "";
static int g_line = 0;
static char g_err[512];

/* Record a parse error for the current file:line; returns 0 for chaining. */
static int perr(const char* fmt, ...) {
  va_list ap;
  int k = snprintf(g_err, sizeof g_err, "%s:%d: ", g_file, g_line);
  if (k < 0 || (size_t)k >= sizeof g_err) k = 0;
  va_start(ap, fmt);
  vsnprintf(g_err + k, sizeof g_err - (size_t)k, fmt, ap);
  va_end(ap);
  return 0;
}

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int hex_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

static int parse_bytes(const char* tok, struct bytes* out) {
  size_t len, k, n = 0;
  const char* s;
  if (strncmp(tok, "s:", 2) != 0) return perr("expected a byte string (s:...), got '%s'", tok);
  s = tok + 2;
  len = strlen(s);
  out->p = (unsigned char*)xmalloc(len + 1);
  for (k = 0; k < len; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '%') {
      if (k + 2 >= len || !is_hex(s[k + 1]) || !is_hex(s[k + 2])) {
        bytes_free(out);
        return perr("bad %%XX escape in '%s'", tok);
      }
      out->p[n++] = (unsigned char)(hex_val(s[k + 1]) * 16 + hex_val(s[k + 2]));
      k += 2;
    } else if (c < 0x21 || c > 0x7e) {
      bytes_free(out);
      return perr("byte 0x%02X must be written %%XX in a byte string", c);
    } else {
      out->p[n++] = c;
    }
  }
  out->n = n;
  return 1;
}

/* Parses an optionally negative decimal. On success *neg and *mag hold the
 * sign and magnitude. Rejects empty strings, "+", spaces, hex and the like. */
static int parse_decimal(const char* tok, int* neg, uint64_t* mag) {
  const char* d = tok;
  char* end;
  unsigned long long v;
  *neg = 0;
  if (*d == '-') {
    *neg = 1;
    d++;
  }
  if (*d < '0' || *d > '9') return perr("expected an integer, got '%s'", tok);
  errno = 0;
  v = strtoull(d, &end, 10);
  if (*end != '\0') return perr("expected an integer, got '%s'", tok);
  if (errno == ERANGE) return perr("integer '%s' does not fit in 64 bits", tok);
  *mag = (uint64_t)v;
  return 1;
}

/* Signed 64-bit: [INT64_MIN, INT64_MAX]. */
static int parse_i64(const char* tok, int64_t* out) {
  int neg;
  uint64_t mag;
  if (!parse_decimal(tok, &neg, &mag)) return 0;
  if (neg) {
    if (mag > (uint64_t)INT64_MAX + 1u) return perr("integer '%s' is below INT64_MIN", tok);
    *out = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
  } else {
    if (mag > (uint64_t)INT64_MAX) return perr("integer '%s' is above INT64_MAX", tok);
    *out = (int64_t)mag;
  }
  return 1;
}

/* Unsigned 64-bit: [INT64_MIN, UINT64_MAX]; a negative value becomes the
 * unsigned value with the same bits (-1 is UINT64_MAX). */
static int parse_u64(const char* tok, uint64_t* out) {
  int neg;
  uint64_t mag;
  if (!parse_decimal(tok, &neg, &mag)) return 0;
  if (neg) {
    if (mag > (uint64_t)INT64_MAX + 1u) return perr("integer '%s' is below INT64_MIN", tok);
    *out = (uint64_t)0 - mag;
  } else {
    *out = mag;
  }
  return 1;
}

static int parse_int_range(const char* tok, int64_t lo, int64_t hi, int64_t* out) {
  if (!parse_i64(tok, out)) return 0;
  if (*out < lo || *out > hi) return perr("integer '%s' out of range [%lld, %lld]", tok, (long long)lo, (long long)hi);
  return 1;
}

static int parse_status(const char* tok, int* out) {
  int k;
  for (k = 0; k < N_STATUS; k++)
    if (strcmp(tok, status_names[k]) == 0) {
      *out = k;
      return 1;
    }
  return perr("unknown status '%s'", tok);
}

static int find_arrow(char** tok, int ntok) {
  int k;
  for (k = 0; k < ntok; k++)
    if (strcmp(tok[k], "=>") == 0) return k;
  return -1;
}

static int parse_setup(char** tok, int ntok, struct stmt* st) {
  int k, last, arrow, seen_access = 0, seen_offset = 0, seen_length = 0, seen_private = 0, seen_create = 0;
  st->is_setup = 1;
  st->status = MMF_OK;
  st->access = MMF_ACCESS_DEFAULT;
  if (ntok < 3) return perr("setup needs 'file <content>' or 'anon <length>'");
  if (strcmp(tok[1], "file") == 0) {
    st->anon = 0;
    if (!parse_bytes(tok[2], &st->content)) return 0;
  } else if (strcmp(tok[1], "anon") == 0) {
    st->anon = 1;
    if (!parse_u64(tok[2], &st->anon_length)) return 0;
  } else {
    return perr("setup kind must be 'file' or 'anon', got '%s'", tok[1]);
  }
  last = ntok;
  arrow = find_arrow(tok, ntok);
  if (arrow >= 0) {
    if (arrow != ntok - 2) return perr("'=> STATUS' must end a setup line");
    if (!parse_status(tok[ntok - 1], &st->status)) return 0;
    last = arrow;
  }
  for (k = 3; k < last; k++) {
    const char* o = tok[k];
    if (strncmp(o, "access=", 7) == 0) {
      const char* a = o + 7;
      if (seen_access++) return perr("option 'access' given twice");
      if (strcmp(a, "default") == 0)
        st->access = MMF_ACCESS_DEFAULT;
      else if (strcmp(a, "read") == 0)
        st->access = MMF_ACCESS_READ;
      else if (strcmp(a, "write") == 0)
        st->access = MMF_ACCESS_WRITE;
      else if (strcmp(a, "copy") == 0)
        st->access = MMF_ACCESS_COPY;
      else
        return perr("unknown access '%s'", a);
    } else if (strncmp(o, "offset=", 7) == 0 && !st->anon) {
      if (seen_offset++) return perr("option 'offset' given twice");
      if (!parse_u64(o + 7, &st->offset)) return 0;
    } else if (strncmp(o, "length=", 7) == 0 && !st->anon) {
      if (seen_length++) return perr("option 'length' given twice");
      if (!parse_u64(o + 7, &st->length)) return 0;
    } else if (strcmp(o, "private") == 0) {
      if (seen_private++) return perr("option 'private' given twice");
      st->flags |= MMF_MAP_PRIVATE;
    } else if (strcmp(o, "create") == 0 && !st->anon) {
      if (seen_create++) return perr("option 'create' given twice");
      st->flags |= MMF_OPEN_CREATE;
    } else {
      return perr("unknown setup option '%s' for %s", o, st->anon ? "anon" : "file");
    }
  }
  return 1;
}

static int parse_call(char** tok, int ntok, struct stmt* st) {
  int k, arrow, nargs, nres;
  const struct op_info* info = NULL;
  for (k = 0; k < OP_COUNT; k++)
    if (strcmp(tok[0], ops[k].name) == 0) {
      st->op = (enum op)k;
      info = &ops[k];
    }
  if (!info) return perr("unknown op '%s'", tok[0]);
  arrow = find_arrow(tok, ntok);
  if (arrow < 0) return perr("missing '=> STATUS'");
  nargs = (int)strlen(info->args);
  if (arrow - 1 != nargs) return perr("%s takes %d argument(s), got %d", info->name, nargs, arrow - 1);
  for (k = 0; k < nargs; k++) {
    const char* t = tok[1 + k];
    int64_t v;
    switch (info->args[k]) {
      case 'u':
        if (!parse_u64(t, &st->u[k])) return 0;
        break;
      case 'i':
        if (!parse_i64(t, &st->i[k])) return 0;
        break;
      case 'w':
        if (!parse_int_range(t, INT_MIN, INT_MAX, &v)) return 0;
        st->i[k] = v;
        break;
      case 'y':
        if (!parse_int_range(t, 0, 255, &v)) return 0;
        st->u[k] = (uint64_t)v;
        break;
      case 'o':
        if (strcmp(t, "-") == 0)
          st->i[k] = MMF_POS_DEFAULT;
        else if (!parse_i64(t, &st->i[k]))
          return 0;
        else if (st->i[k] == MMF_POS_DEFAULT)
          return perr("%s is MMF_POS_DEFAULT in the C API: write '-' for an omitted argument", t);
        break;
      case 'b':
        if (st->b.p) return perr("internal: two byte-string arguments");
        if (!parse_bytes(t, &st->b)) return 0;
        break;
      default:
        return perr("internal: bad argument kind");
    }
  }
  if (arrow + 1 >= ntok) return perr("missing status after '=>'");
  if (!parse_status(tok[arrow + 1], &st->status)) return 0;
  nres = (st->status == MMF_OK && info->result[0]) ? 1 : 0;
  if (ntok - (arrow + 2) != nres)
    return perr("%s => %s takes %d result(s), got %d", info->name, status_names[st->status], nres, ntok - (arrow + 2));
  if (st->op == OP_CLOSED && st->status != MMF_OK) return perr("closed always returns OK");
  if (nres) {
    const char* t = tok[arrow + 2];
    int64_t v;
    st->has_result = 1;
    switch (info->result[0]) {
      case 'b':
        if (!parse_bytes(t, &st->rbytes)) return 0;
        break;
      case 'u':
        if (!parse_u64(t, &st->rint)) return 0;
        break;
      default:
        if (!parse_i64(t, &v)) return 0;
        st->rint = (uint64_t)v;
        break;
    }
  }
  return 1;
}

#define MAX_WIN_TOKENS 8

static void stmt_free(struct stmt* st) {
  bytes_free(&st->content);
  bytes_free(&st->b);
  bytes_free(&st->rbytes);
}

/* A "@windows => STATUS [result]" line gives the next statement another
 * expectation on Windows: the statement's tokens before "=>" followed by the
 * directive's. It is parsed everywhere (so a bad one fails on every
 * platform) and used only by a Windows build. Returns 0 with g_err set. */
static int apply_windows(struct stmt* st, char** tok, int ntok, char** win, int nwin, int win_line) {
  char* alt_tok[64];
  struct stmt alt;
  int n = 0, k, ok, saved_line = g_line;
  for (k = 0; k < ntok && strcmp(tok[k], "=>") != 0; k++) {
    if (n == 64 - MAX_WIN_TOKENS) return perr("statement too long for @windows");
    alt_tok[n++] = tok[k];
  }
  for (k = 0; k < nwin; k++) alt_tok[n++] = win[k];
  memset(&alt, 0, sizeof alt);
  g_line = win_line;
  ok = st->is_setup ? parse_setup(alt_tok, n, &alt) : parse_call(alt_tok, n, &alt);
  g_line = saved_line;
  if (!ok) {
    stmt_free(&alt);
    return 0;
  }
#ifdef _WIN32
  alt.line = st->line;
  alt.improvement = st->improvement;
  stmt_free(st);
  *st = alt;
#else
  stmt_free(&alt);
#endif
  return 1;
}

/* Reads and parses a whole file. Returns 1, or 0 with g_err set. */
static int parse_file(const char* path, const char* name, struct vecfile* vf) {
  FILE* f;
  char *data = NULL, *p, *end;
  size_t len = 0, cap = 0, got;
  int ok = 1, pending_improvement = 0, pending_line = 0;
  /* a @windows line waiting for its statement: its tokens from "=>" on
     (they point into data, which lives until the end of the parse) */
  char* win_tok[MAX_WIN_TOKENS];
  int win_ntok = 0, win_line = 0;
  int cur_setup = -1; /* index of the current section's setup */
  char** tok = NULL;
  size_t tokcap = 0;

  g_file = name;
  g_line = 0;
  vf->name = name;
  f = fopen(path, "rb");
  if (!f) return perr("cannot open: %s", strerror(errno));
  for (;;) {
    if (cap - len < 4096) {
      char* q;
      cap = cap ? cap * 2 : 65536;
      q = (char*)realloc(data, cap + 1);
      if (!q) {
        free(data);
        fclose(f);
        return perr("out of memory");
      }
      data = q;
    }
    got = fread(data + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(data);
    fclose(f);
    return perr("read error");
  }
  fclose(f);
  if (!data) data = (char*)xmalloc(1);
  data[len] = '\0';

  p = data;
  end = data + len;
  while (ok && p <= end) {
    char* eol = memchr(p, '\n', (size_t)(end - p));
    char *line = p, *q;
    int ntok = 0;
    size_t k;
    if (!eol) eol = end;
    g_line++;
    if (memchr(line, '\0', (size_t)(eol - line))) {
      ok = perr("NUL byte in line");
      break;
    }
    *eol = '\0';
    if (eol > line && eol[-1] == '\r') eol[-1] = '\0';
    p = eol + 1;
    /* tokenize on spaces */
    for (q = line; *q; q++)
      if (*q == '\t') {
        ok = perr("tabs are not allowed, separate tokens with spaces");
        break;
      }
    if (!ok) break;
    q = line;
    for (;;) {
      while (*q == ' ') q++;
      if (!*q) break;
      if ((size_t)ntok == tokcap) {
        char** nt;
        tokcap = tokcap ? tokcap * 2 : 16;
        nt = (char**)realloc(tok, tokcap * sizeof *tok);
        if (!nt) {
          ok = perr("out of memory");
          break;
        }
        tok = nt;
      }
      tok[ntok++] = q;
      while (*q && *q != ' ') q++;
      if (*q) *q++ = '\0';
    }
    if (!ok) break;
    if (ntok == 0 || tok[0][0] == '#') continue;
    if (strcmp(tok[0], "@improvement") == 0) {
      if (ntok < 2) {
        ok = perr("@improvement needs a reason");
        break;
      }
      if (pending_improvement) {
        ok = perr("two @improvement lines in a row");
        break;
      }
      pending_improvement = 1;
      pending_line = g_line;
      continue;
    }
    if (strcmp(tok[0], "@windows") == 0) {
      int k2;
      if (ntok < 3 || strcmp(tok[1], "=>") != 0) {
        ok = perr("@windows needs '=> STATUS [result]'");
        break;
      }
      if (win_ntok) {
        ok = perr("two @windows lines in a row");
        break;
      }
      if (ntok - 1 > MAX_WIN_TOKENS) {
        ok = perr("@windows has too many tokens");
        break;
      }
      for (k2 = 1; k2 < ntok; k2++) win_tok[k2 - 1] = tok[k2];
      win_ntok = ntok - 1;
      win_line = g_line;
      continue;
    }
    if (tok[0][0] == '@') {
      ok = perr("unknown directive '%s'", tok[0]);
      break;
    }
    for (k = 0; k < (size_t)ntok; k++) {
      const unsigned char* c;
      for (c = (const unsigned char*)tok[k]; *c; c++)
        if (*c < 0x21 || *c > 0x7e) {
          ok = perr("non-ASCII or control byte 0x%02X outside a comment", *c);
          break;
        }
      if (!ok) break;
    }
    if (!ok) break;
    if (vf->n == vf->cap) {
      struct stmt* ns;
      vf->cap = vf->cap ? vf->cap * 2 : 64;
      ns = (struct stmt*)realloc(vf->s, vf->cap * sizeof *ns);
      if (!ns) {
        ok = perr("out of memory");
        break;
      }
      vf->s = ns;
    }
    {
      struct stmt* st = &vf->s[vf->n];
      memset(st, 0, sizeof *st);
      st->line = g_line;
      st->improvement = pending_improvement;
      pending_improvement = 0;
      vf->n++; /* counted before parsing so that vecfile_free frees partial parses */
      if (strcmp(tok[0], "setup") == 0) {
        if (!parse_setup(tok, ntok, st)) {
          ok = 0;
          break;
        }
        cur_setup = (int)vf->n - 1;
      } else {
        if (cur_setup < 0) {
          ok = perr("call before the first setup");
          break;
        }
        if (!parse_call(tok, ntok, st)) {
          ok = 0;
          break;
        }
        if (vf->s[cur_setup].status != MMF_OK) {
          ok = perr("calls after a setup that must fail (line %d)", vf->s[cur_setup].line);
          break;
        }
        if (st->op == OP_FILE && vf->s[cur_setup].anon) {
          ok = perr("'file' in an anon section");
          break;
        }
      }
      if (win_ntok && !apply_windows(st, tok, ntok, win_tok, win_ntok, win_line)) {
        ok = 0;
        break;
      }
      win_ntok = 0;
    }
    if (eol == end) break;
  }
  if (ok && pending_improvement) {
    g_line = pending_line;
    ok = perr("@improvement not followed by a statement");
  }
  if (ok && win_ntok) {
    g_line = win_line;
    ok = perr("@windows not followed by a statement");
  }
  free(tok);
  free(data);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* execution                                                                 */

static int g_passed, g_failed;

static void print_bytes(FILE* out, const unsigned char* p, size_t n) {
  size_t k;
  fputs("s:", out);
  for (k = 0; k < n; k++) {
    if (p[k] >= 0x21 && p[k] <= 0x7e && p[k] != '%')
      fputc(p[k], out);
    else
      fprintf(out, "%%%02X", p[k]);
  }
}

struct got {
  int status;
  int has_result;
  unsigned char* bytes; /* malloc'd or NULL */
  size_t nbytes;
  uint64_t rint;
  int no_message; /* failed without a last-error message */
};

static void print_value(FILE* out, const struct op_info* info, int status, int has_result, const unsigned char* bytes,
                        size_t nbytes, uint64_t rint) {
  if (status >= 0 && status < N_STATUS)
    fputs(status_names[status], out);
  else
    fprintf(out, "status %d", status);
  if (!has_result) return;
  fputc(' ', out);
  if (info->result[0] == 'b')
    print_bytes(out, bytes, nbytes);
  else if (info->result[0] == 'i')
    fprintf(out, "%lld", (long long)(int64_t)rint);
  else
    fprintf(out, "%llu", (unsigned long long)rint);
}

static size_t clamp_size(uint64_t v) { return v > (uint64_t)SIZE_MAX ? SIZE_MAX : (size_t)v; }

/* A buffer big enough for any correct answer of a read of at most cap bytes
 * from the map (which can never return more than the map's length). Uses
 * mmf_closed/mmf_length, which do not touch the last error on success. */
static size_t read_buffer_size(mmf_map* m, size_t cap) {
  uint64_t len = 0;
  if (mmf_closed(m) || mmf_length(m, &len) != MMF_OK) len = 0;
  return (uint64_t)cap < len ? cap : clamp_size(len);
}

static int read_file(const char* path, unsigned char** out, size_t* n) {
  FILE* f = fopen(path, "rb");
  size_t cap = 4096, len = 0, got;
  unsigned char* buf;
  if (!f) return 0;
  buf = (unsigned char*)xmalloc(cap);
  while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      unsigned char* nb;
      cap *= 2;
      nb = (unsigned char*)realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return 0;
      }
      buf = nb;
    }
  }
  fclose(f);
  *out = buf;
  *n = len;
  return 1;
}

static const unsigned char empty_data[1] = {0};

/* Executes one call; fills *g. */
static void run_call(mmf_map* m, const char* path, const struct stmt* st, struct got* g) {
  mmf_status s = MMF_OK;
  const struct op_info* info = &ops[st->op];
  const void* data = st->b.p ? (const void*)st->b.p : (const void*)empty_data;
  memset(g, 0, sizeof *g);
  switch (st->op) {
    case OP_READ:
    case OP_READLINE:
    case OP_READ_AT: {
      size_t cap = clamp_size(st->op == OP_READ_AT ? st->u[1] : st->u[0]);
      size_t bufn = read_buffer_size(m, cap), n = (size_t)-1;
      unsigned char* buf = (unsigned char*)xmalloc(bufn + 1);
      if (st->op == OP_READ)
        s = mmf_read(m, buf, cap, &n);
      else if (st->op == OP_READLINE)
        s = mmf_readline(m, buf, cap, &n);
      else
        s = mmf_read_at(m, st->u[0], buf, cap, &n);
      if (s == MMF_OK && n > bufn) {
        /* more than the map could hold: report it as a wrong result */
        n = bufn;
        g->rint = 1;
      }
      g->bytes = buf;
      g->nbytes = s == MMF_OK ? n : 0;
      break;
    }
    case OP_READ_BYTE: {
      uint8_t b = 0;
      s = mmf_read_byte(m, &b);
      g->rint = b;
      break;
    }
    case OP_WRITE:
      s = mmf_write(m, data, st->b.n);
      break;
    case OP_WRITE_BYTE:
      s = mmf_write_byte(m, (uint8_t)st->u[0]);
      break;
    case OP_SEEK: {
      uint64_t np = 0;
      s = mmf_seek(m, st->i[0], (int)st->i[1], &np);
      g->rint = np;
      break;
    }
    case OP_TELL:
      s = mmf_tell(m, &g->rint);
      break;
    case OP_WRITE_AT:
      s = mmf_write_at(m, st->u[0], data, st->b.n);
      break;
    case OP_FIND:
    case OP_RFIND: {
      int64_t found = 0;
      s = (st->op == OP_FIND ? mmf_find : mmf_rfind)(m, data, st->b.n, st->i[1], st->i[2], &found);
      g->rint = (uint64_t)found;
      break;
    }
    case OP_MOVE:
      s = mmf_move(m, st->u[0], st->u[1], st->u[2]);
      break;
    case OP_FLUSH:
      s = mmf_flush(m, st->u[0], st->u[1], MMF_FLUSH_SYNC);
      break;
    case OP_RESIZE:
      s = mmf_resize(m, st->u[0]);
      break;
    case OP_LEN:
      s = mmf_length(m, &g->rint);
      break;
    case OP_SIZE:
      s = mmf_size(m, &g->rint);
      break;
    case OP_MADVISE:
      s = mmf_madvise(m, (int)st->i[0], st->u[1], st->u[2]);
      break;
    case OP_ACQUIRE: {
      void* p = NULL;
      s = mmf_buffer_acquire(m, &p, &g->rint);
      break;
    }
    case OP_RELEASE:
      s = mmf_buffer_release(m);
      break;
    case OP_CLOSE:
      s = mmf_close(m);
      break;
    case OP_CLOSED:
      g->rint = (uint64_t)mmf_closed(m);
      break;
    case OP_CONTENT: {
      uint64_t len = 0;
      s = mmf_length(m, &len);
      if (s == MMF_OK) {
        size_t n = (size_t)-1, cap = clamp_size(len);
        unsigned char* buf = (unsigned char*)xmalloc(cap + 1);
        s = mmf_read_at(m, 0, buf, cap, &n);
        g->bytes = buf;
        g->nbytes = s == MMF_OK ? (n <= cap ? n : cap) : 0;
        if (s == MMF_OK && n != cap) g->rint = 1; /* short read: show as wrong */
      }
      break;
    }
    case OP_FILE:
      if (!path || !read_file(path, &g->bytes, &g->nbytes)) {
        s = MMF_ERR_IO;
        fprintf(stdout, "FAIL %s:%d: file: cannot read the temporary file\n", g_file, st->line);
      }
      break;
    case OP_COUNT:
      break;
  }
  g->status = (int)s;
  g->has_result = s == MMF_OK && info->result[0] != '\0';
  if (s != MMF_OK && st->op != OP_FILE && mmf_last_error()[0] == '\0') g->no_message = 1;
}

static int results_equal(const struct stmt* st, const struct got* g) {
  if (g->status != st->status) return 0;
  if (!st->has_result) return 1;
  if (ops[st->op].result[0] == 'b') {
    if (g->rint) return 0; /* over-long or short read flagged by run_call */
    return g->nbytes == st->rbytes.n && (g->nbytes == 0 || memcmp(g->bytes, st->rbytes.p, g->nbytes) == 0);
  }
  return g->rint == st->rint;
}

static void report(const struct stmt* st, const struct got* g) {
  const struct op_info* info = st->is_setup ? NULL : &ops[st->op];
  static const struct op_info setup_info = {"setup", "", ""};
  if (!info) info = &setup_info;
  printf("FAIL %s:%d: %s: expected ", g_file, st->line, info->name);
  print_value(stdout, info, st->status, st->has_result, st->rbytes.p, st->rbytes.n, st->rint);
  printf(", got ");
  print_value(stdout, info, g->status, g->has_result, g->bytes, g->nbytes, info->result[0] == 'b' ? 0 : g->rint);
  if (g->status != MMF_OK) printf(" (%s)", mmf_last_error());
  printf("\n");
}

static int make_temp_file(const struct bytes* content, char* path, size_t pathsz) {
#ifdef _WIN32
  const char* dir = getenv("TEMP");
#else
  const char* dir = getenv("TMPDIR");
#endif
  int fd;
  size_t off = 0;
#ifdef _WIN32
  if (!dir || !*dir) dir = ".";
#else
  if (!dir || !*dir) dir = "/tmp";
#endif
  if ((size_t)snprintf(path, pathsz, "%s/mmf-conf-XXXXXX", dir) >= pathsz) return 0;
  fd = mkstemp(path);
  if (fd < 0) return 0;
#ifdef _WIN32
  (void)_setmode(fd, _O_BINARY); /* the bytes as they are, no CRLF */
#endif
  while (off < content->n) {
    ssize_t w = write(fd, content->p + off, content->n - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      unlink(path);
      return 0;
    }
    off += (size_t)w;
  }
  if (close(fd) != 0) {
    unlink(path);
    return 0;
  }
  return 1;
}

/* Runs the section starting at statement `first`; returns the index after it. */
static size_t run_section(const struct vecfile* vf, size_t first) {
  const struct stmt* setup = &vf->s[first];
  size_t end = first + 1, k;
  char path[4096];
  int have_path = 0;
  mmf_map* m = NULL;
  mmf_options o;
  mmf_status s;
  struct got g;

  while (end < vf->n && !vf->s[end].is_setup) end++;
  mmf_options_init(&o);
  o.access = setup->access;
  o.flags = setup->flags;
  if (setup->anon) {
    s = mmf_open_anonymous(setup->anon_length, &o, &m);
  } else {
    if (!make_temp_file(&setup->content, path, sizeof path)) {
      printf("FAIL %s:%d: setup: cannot create a temporary file: %s\n", g_file, setup->line, strerror(errno));
      g_failed += setup->status == MMF_OK ? (int)(end - first - 1) + (end == first + 1) : 1;
      return end;
    }
    have_path = 1;
    o.offset = setup->offset;
    o.length = setup->length;
    s = mmf_open(path, &o, &m);
  }
  memset(&g, 0, sizeof g);
  g.status = (int)s;
  if (s != MMF_OK && mmf_last_error()[0] == '\0') g.no_message = 1;
  if (s == MMF_OK && !m) g.status = -1; /* OK without a handle */
  if (g.status != setup->status || g.no_message) {
    report(setup, &g);
    if (g.no_message) printf("FAIL %s:%d: setup: failed with an empty mmf_last_error()\n", g_file, setup->line);
    g_failed += setup->status == MMF_OK ? (int)(end - first - 1) + (end == first + 1) : 1;
  } else if (setup->status != MMF_OK) {
    g_passed++;
  } else {
    for (k = first + 1; k < end; k++) {
      const struct stmt* st = &vf->s[k];
      run_call(m, have_path ? path : NULL, st, &g);
      if (!results_equal(st, &g)) {
        report(st, &g);
        g_failed++;
      } else if (g.no_message) {
        printf("FAIL %s:%d: %s: %s as expected, but mmf_last_error() is empty\n", g_file, st->line, ops[st->op].name,
               status_names[g.status]);
        g_failed++;
      } else {
        g_passed++;
      }
      free(g.bytes);
      g.bytes = NULL;
    }
  }
  mmf_free(m);
  if (have_path) unlink(path);
  return end;
}

static int cmp_names(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static int ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const char* base_name(const char* p) {
  const char* s = strrchr(p, '/');
#ifdef _WIN32
  const char* b = strrchr(p, '\\');
  if (b && (!s || b > s)) s = b;
#endif
  return s ? s + 1 : p;
}

/* Parses then runs one file; returns 0 on a malformed file. */
static int run_file(const char* path) {
  struct vecfile vf;
  size_t k;
  memset(&vf, 0, sizeof vf);
  if (!parse_file(path, base_name(path), &vf)) {
    fprintf(stdout, "malformed vector: %s\n", g_err);
    vecfile_free(&vf);
    return 0;
  }
  g_file = vf.name;
  k = 0;
  while (k < vf.n) k = run_section(&vf, k);
  vecfile_free(&vf);
  return 1;
}

int main(int argc, char** argv) {
  char** files = NULL;
  size_t nfiles = 0, k;
  int rc = 0;
  struct stat sb;

  if (argc < 2) {
    fprintf(stderr, "usage: %s VECTOR_DIR | FILE.vec ...\n", argv[0]);
    return 2;
  }
  if (argc == 2 && stat(argv[1], &sb) == 0 && S_ISDIR(sb.st_mode)) {
    DIR* d = opendir(argv[1]);
    struct dirent* e;
    size_t cap = 0;
    if (!d) {
      fprintf(stderr, "mmf_conformance_runner: cannot open %s: %s\n", argv[1], strerror(errno));
      return 2;
    }
    while ((e = readdir(d)) != NULL) {
      size_t n;
      if (!ends_with(e->d_name, ".vec") || e->d_name[0] == '.') continue;
      if (nfiles == cap) {
        char** nf;
        cap = cap ? cap * 2 : 32;
        nf = (char**)realloc(files, cap * sizeof *files);
        if (!nf) {
          fprintf(stderr, "mmf_conformance_runner: out of memory\n");
          return 2;
        }
        files = nf;
      }
      n = strlen(argv[1]) + strlen(e->d_name) + 2;
      files[nfiles] = (char*)xmalloc(n);
      snprintf(files[nfiles], n, "%s/%s", argv[1], e->d_name);
      nfiles++;
    }
    closedir(d);
    if (nfiles == 0) {
      printf("conformance: no .vec files in %s\n", argv[1]);
      free(files);
      return 2;
    }
    qsort(files, nfiles, sizeof *files, cmp_names);
  } else {
    files = (char**)xmalloc((size_t)(argc - 1) * sizeof *files);
    for (k = 1; k < (size_t)argc; k++) {
      size_t n = strlen(argv[k]) + 1;
      files[nfiles] = (char*)xmalloc(n);
      memcpy(files[nfiles], argv[k], n);
      nfiles++;
    }
  }
  for (k = 0; k < nfiles; k++) {
    if (rc == 0 && !run_file(files[k])) rc = 2;
    free(files[k]);
  }
  free(files);
  if (rc) return rc;
  printf("conformance: %d passed, %d failed, %d skipped\n", g_passed, g_failed, 0);
  return g_failed ? 1 : 0;
}
