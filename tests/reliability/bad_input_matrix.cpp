// Makes every public entry point's call with each kind of bad input and
// writes the statuses as a Markdown table. The test compares the table with
// the committed capi/bad-input-matrix.md, so the document is always what the
// library really does; MMF_UPDATE_DOCS=1 rewrites it.
//
// Usage: mmf_bad_input_matrix OUTPUT.md [COMMITTED.md]
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "mmf.h"
#include "mmf_direct.h"

namespace {

const char* kColumns[] = {"NULL handle",  "NULL pointer",        "closed map",
                          "huge value",   "negative (-1 / MIN)", "offset+length overflows",
                          "read-only map"};
constexpr int kNumColumns = 7;
constexpr uint64_t kLen = 16;

std::string g_path;

// A fresh map for every cell: file-backed, 16 bytes, cursor at 0.
mmf_map* fresh(mmf_access access = MMF_ACCESS_WRITE) {
  mmf_options o;
  mmf_options_init(&o);
  o.access = access;
  mmf_map* m = nullptr;
  if (mmf_open(g_path.c_str(), &o, &m) != MMF_OK) {
    std::fprintf(stderr, "setup failed: %s\n", mmf_last_error());
    std::exit(2);
  }
  return m;
}
mmf_map* closed_map() {
  mmf_map* m = fresh();
  mmf_close(m);
  return m;
}

using Call = std::function<mmf_status(mmf_map*)>;
struct Cell {
  bool applies = false;
  enum class Map { none, open, closed, read_only } map = Map::none;
  Call call;
};
struct Row {
  const char* name;
  std::vector<Cell> cells;  // kNumColumns
};

Cell na() { return {}; }
Cell on(Cell::Map map, Call c) { return Cell{true, map, std::move(c)}; }
Cell with_none(Call c) { return on(Cell::Map::none, std::move(c)); }
Cell with_open(Call c) { return on(Cell::Map::open, std::move(c)); }
Cell with_closed(Call c) { return on(Cell::Map::closed, std::move(c)); }
Cell with_ro(Call c) { return on(Cell::Map::read_only, std::move(c)); }

mmf_options opts(uint64_t offset, uint64_t length, mmf_access access = MMF_ACCESS_DEFAULT) {
  mmf_options o;
  mmf_options_init(&o);
  o.offset = offset;
  o.length = length;
  o.access = access;
  return o;
}

std::vector<Row> rows() {
  static char buf[64];
  static size_t n;
  static uint64_t u;
  static mmf_direct_layout layout = [] {
    mmf_direct_layout l{};
    l.size = sizeof l;
    return l;
  }();
  static int64_t i64;
  static uint8_t b;
  static void* data;
  static mmf_map* out;
  static mmf_access access;
  const char* path = g_path.c_str();
  auto open_with = [path](mmf_options o) { return mmf_open(path, &o, &out); };
  return {
      {"mmf_open",
       {with_none([path](mmf_map*) { return mmf_open(path, nullptr, nullptr); }),
        with_none([](mmf_map*) { return mmf_open(nullptr, nullptr, &out); }), na(),
        with_none([=](mmf_map*) { return open_with(opts(0, UINT64_MAX)); }),
        with_none([=](mmf_map*) { return open_with(opts(UINT64_MAX, 0)); }),
        with_none([=](mmf_map*) { return open_with(opts(8, UINT64_MAX - 4)); }), na()}},
      {"mmf_open_fd",
       {with_none([path](mmf_map*) {
          int fd = open(path, O_RDWR | O_CLOEXEC);
          mmf_status s = mmf_open_fd(fd, nullptr, nullptr);
          close(fd);
          return s;
        }),
        na(), na(), with_none([path](mmf_map*) {
          int fd = open(path, O_RDWR | O_CLOEXEC);
          mmf_options o = opts(0, UINT64_MAX);
          mmf_status s = mmf_open_fd(fd, &o, &out);
          close(fd);
          return s;
        }),
        with_none([](mmf_map*) { return mmf_open_fd(-1, nullptr, &out); }), with_none([path](mmf_map*) {
          int fd = open(path, O_RDWR | O_CLOEXEC);
          mmf_options o = opts(8, UINT64_MAX - 4);
          mmf_status s = mmf_open_fd(fd, &o, &out);
          close(fd);
          return s;
        }),
        with_none([path](mmf_map*) {  // a read-only descriptor asked for a writable map
          int fd = open(path, O_RDONLY | O_CLOEXEC);
          mmf_options o = opts(0, 0, MMF_ACCESS_WRITE);
          mmf_status s = mmf_open_fd(fd, &o, &out);
          close(fd);
          return s;
        })}},
      {"mmf_open_anonymous",
       {with_none([](mmf_map*) { return mmf_open_anonymous(16, nullptr, nullptr); }), na(), na(),
        with_none([](mmf_map*) { return mmf_open_anonymous(UINT64_MAX, nullptr, &out); }),
        with_none([](mmf_map*) { return mmf_open_anonymous(static_cast<uint64_t>(-1), nullptr, &out); }), na(), na()}},
      {"mmf_open_named",
       {with_none([](mmf_map*) { return mmf_open_named("mmf-matrix", 16, nullptr, nullptr); }),
        with_none([](mmf_map*) { return mmf_open_named(nullptr, 16, nullptr, &out); }), na(),
        with_none([](mmf_map*) { return mmf_open_named("mmf-matrix", UINT64_MAX, nullptr, &out); }),
        with_none([](mmf_map*) { return mmf_open_named("mmf-matrix", static_cast<uint64_t>(-1), nullptr, &out); }),
        na(), na()}},
      {"mmf_unlink_named",
       {na(), with_none([](mmf_map*) { return mmf_unlink_named(nullptr); }), na(),
        with_none([](mmf_map*) { return mmf_unlink_named(std::string(4096, 'x').c_str()); }), na(), na(), na()}},
      {"mmf_close",
       {with_none([](mmf_map*) { return mmf_close(nullptr); }), na(),
        with_closed([](mmf_map* m) { return mmf_close(m); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_close(m); })}},
      {"mmf_read",
       {with_none([](mmf_map*) { return mmf_read(nullptr, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read(m, nullptr, 4, &n); }),
        with_closed([](mmf_map* m) { return mmf_read(m, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read(m, buf, SIZE_MAX, &n); }), na(), na(),
        with_ro([](mmf_map* m) { return mmf_read(m, buf, 4, &n); })}},
      {"mmf_read_byte",
       {with_none([](mmf_map*) { return mmf_read_byte(nullptr, &b); }),
        with_open([](mmf_map* m) { return mmf_read_byte(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_read_byte(m, &b); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_read_byte(m, &b); })}},
      {"mmf_readline",
       {with_none([](mmf_map*) { return mmf_readline(nullptr, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_readline(m, buf, 4, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_readline(m, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_readline(m, buf, SIZE_MAX, &n); }), na(), na(),
        with_ro([](mmf_map* m) { return mmf_readline(m, buf, 4, &n); })}},
      {"mmf_write",
       {with_none([](mmf_map*) { return mmf_write(nullptr, "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write(m, nullptr, 2); }),
        with_closed([](mmf_map* m) { return mmf_write(m, "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write(m, buf, SIZE_MAX); }), na(), with_open([](mmf_map* m) {
          mmf_seek(m, 15, MMF_SEEK_SET, nullptr);
          return mmf_write(m, "ab", 2);
        }),
        with_ro([](mmf_map* m) { return mmf_write(m, "ab", 2); })}},
      {"mmf_write_byte",
       {with_none([](mmf_map*) { return mmf_write_byte(nullptr, 1); }), na(),
        with_closed([](mmf_map* m) { return mmf_write_byte(m, 1); }), na(), na(), with_open([](mmf_map* m) {
          mmf_seek(m, 0, MMF_SEEK_END, nullptr);
          return mmf_write_byte(m, 1);
        }),
        with_ro([](mmf_map* m) { return mmf_write_byte(m, 1); })}},
      {"mmf_seek",
       {with_none([](mmf_map*) { return mmf_seek(nullptr, 0, MMF_SEEK_SET, &u); }), na(),
        with_closed([](mmf_map* m) { return mmf_seek(m, 0, MMF_SEEK_SET, &u); }),
        with_open([](mmf_map* m) { return mmf_seek(m, INT64_MAX, MMF_SEEK_SET, &u); }),
        with_open([](mmf_map* m) { return mmf_seek(m, INT64_MIN, MMF_SEEK_CUR, &u); }), with_open([](mmf_map* m) {
          mmf_seek(m, 8, MMF_SEEK_SET, nullptr);
          return mmf_seek(m, INT64_MAX, MMF_SEEK_CUR, &u);
        }),
        with_ro([](mmf_map* m) { return mmf_seek(m, 1, MMF_SEEK_SET, &u); })}},
      {"mmf_tell",
       {with_none([](mmf_map*) { return mmf_tell(nullptr, &u); }),
        with_open([](mmf_map* m) { return mmf_tell(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_tell(m, &u); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_tell(m, &u); })}},
      {"mmf_read_at",
       {with_none([](mmf_map*) { return mmf_read_at(nullptr, 0, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read_at(m, 0, nullptr, 4, &n); }),
        with_closed([](mmf_map* m) { return mmf_read_at(m, 0, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read_at(m, UINT64_MAX, buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read_at(m, static_cast<uint64_t>(-1), buf, 4, &n); }),
        with_open([](mmf_map* m) { return mmf_read_at(m, UINT64_MAX - 1, buf, 4, &n); }),
        with_ro([](mmf_map* m) { return mmf_read_at(m, 0, buf, 4, &n); })}},
      {"mmf_write_at",
       {with_none([](mmf_map*) { return mmf_write_at(nullptr, 0, "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write_at(m, 0, nullptr, 2); }),
        with_closed([](mmf_map* m) { return mmf_write_at(m, 0, "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write_at(m, UINT64_MAX, "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write_at(m, static_cast<uint64_t>(-1), "ab", 2); }),
        with_open([](mmf_map* m) { return mmf_write_at(m, UINT64_MAX - 1, "abcd", 4); }),
        with_ro([](mmf_map* m) { return mmf_write_at(m, 0, "ab", 2); })}},
      {"mmf_find",
       {with_none([](mmf_map*) { return mmf_find(nullptr, "a", 1, 0, 0, &i64); }),
        with_open([](mmf_map* m) { return mmf_find(m, nullptr, 1, 0, 0, &i64); }),
        with_closed([](mmf_map* m) { return mmf_find(m, "a", 1, 0, 0, &i64); }),
        with_open([](mmf_map* m) { return mmf_find(m, "a", 1, INT64_MAX, INT64_MAX, &i64); }),
        with_open([](mmf_map* m) { return mmf_find(m, "a", 1, INT64_MIN + 1, -1, &i64); }), na(),
        with_ro([](mmf_map* m) { return mmf_find(m, "a", 1, 0, MMF_POS_DEFAULT, &i64); })}},
      {"mmf_rfind",
       {with_none([](mmf_map*) { return mmf_rfind(nullptr, "a", 1, 0, 0, &i64); }),
        with_open([](mmf_map* m) { return mmf_rfind(m, "a", 1, 0, 0, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_rfind(m, "a", 1, 0, 0, &i64); }),
        with_open([](mmf_map* m) { return mmf_rfind(m, "a", 1, INT64_MAX, INT64_MAX, &i64); }),
        with_open([](mmf_map* m) { return mmf_rfind(m, "a", 1, INT64_MIN + 1, -1, &i64); }), na(),
        with_ro([](mmf_map* m) { return mmf_rfind(m, "a", 1, 0, MMF_POS_DEFAULT, &i64); })}},
      {"mmf_move",
       {with_none([](mmf_map*) { return mmf_move(nullptr, 0, 1, 1); }), na(),
        with_closed([](mmf_map* m) { return mmf_move(m, 0, 1, 1); }),
        with_open([](mmf_map* m) { return mmf_move(m, 0, 1, UINT64_MAX); }),
        with_open([](mmf_map* m) { return mmf_move(m, static_cast<uint64_t>(-1), 0, 1); }),
        with_open([](mmf_map* m) { return mmf_move(m, 8, 0, UINT64_MAX - 4); }),
        with_ro([](mmf_map* m) { return mmf_move(m, 0, 1, 1); })}},
      {"mmf_flush",
       {with_none([](mmf_map*) { return mmf_flush(nullptr, 0, 0, 0); }), na(),
        with_closed([](mmf_map* m) { return mmf_flush(m, 0, 0, 0); }),
        with_open([](mmf_map* m) { return mmf_flush(m, 0, UINT64_MAX, 0); }),
        with_open([](mmf_map* m) { return mmf_flush(m, static_cast<uint64_t>(-1), 0, 0); }),
        with_open([](mmf_map* m) { return mmf_flush(m, 8, UINT64_MAX - 4, 0); }),
        with_ro([](mmf_map* m) { return mmf_flush(m, 0, 0, 0); })}},
      {"mmf_resize",
       {with_none([](mmf_map*) { return mmf_resize(nullptr, 8); }), na(),
        with_closed([](mmf_map* m) { return mmf_resize(m, 8); }),
        with_open([](mmf_map* m) { return mmf_resize(m, UINT64_MAX); }),
        with_open([](mmf_map* m) { return mmf_resize(m, static_cast<uint64_t>(-1)); }), na(),
        with_ro([](mmf_map* m) { return mmf_resize(m, 8); })}},
      {"mmf_access_of",
       {with_none([](mmf_map*) { return mmf_access_of(nullptr, &access); }),
        with_open([](mmf_map* m) { return mmf_access_of(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_access_of(m, &access); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_access_of(m, &access); })}},
      {"mmf_length",
       {with_none([](mmf_map*) { return mmf_length(nullptr, &u); }),
        with_open([](mmf_map* m) { return mmf_length(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_length(m, &u); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_length(m, &u); })}},
      {"mmf_size",
       {with_none([](mmf_map*) { return mmf_size(nullptr, &u); }),
        with_open([](mmf_map* m) { return mmf_size(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_size(m, &u); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_size(m, &u); })}},
      {"mmf_madvise",
       {with_none([](mmf_map*) { return mmf_madvise(nullptr, MMF_ADVICE_NORMAL, 0, 0); }), na(),
        with_closed([](mmf_map* m) { return mmf_madvise(m, MMF_ADVICE_NORMAL, 0, 0); }),
        with_open([](mmf_map* m) { return mmf_madvise(m, MMF_ADVICE_NORMAL, UINT64_MAX, 0); }),
        with_open([](mmf_map* m) { return mmf_madvise(m, -1, 0, 0); }),
        with_open([](mmf_map* m) { return mmf_madvise(m, MMF_ADVICE_NORMAL, 8, UINT64_MAX - 4); }),
        with_ro([](mmf_map* m) { return mmf_madvise(m, MMF_ADVICE_WILLNEED, 0, 0); })}},
      {"mmf_buffer_acquire",
       {with_none([](mmf_map*) { return mmf_buffer_acquire(nullptr, &data, &u); }),
        with_open([](mmf_map* m) { return mmf_buffer_acquire(m, nullptr, &u); }),
        with_closed([](mmf_map* m) { return mmf_buffer_acquire(m, &data, &u); }), na(), na(), na(),
        with_ro([](mmf_map* m) {
          mmf_status s = mmf_buffer_acquire(m, &data, &u);
          if (s == MMF_OK) mmf_buffer_release(m);
          return s;
        })}},
      {"mmf_buffer_release",
       {with_none([](mmf_map*) { return mmf_buffer_release(nullptr); }), na(),
        with_closed([](mmf_map* m) { return mmf_buffer_release(m); }), na(), na(), na(),
        with_ro([](mmf_map* m) { return mmf_buffer_release(m); })}},
      // mmf_direct.h. Only the cells whose answer does not depend on whether
      // this process has direct reads (c99_api_test checks the rest).
      {"mmf_direct_layout_of",
       {with_none([](mmf_map*) { return mmf_direct_layout_of(nullptr, &layout); }),
        with_open([](mmf_map* m) { return mmf_direct_layout_of(m, nullptr); }),
        with_closed([](mmf_map* m) { return mmf_direct_layout_of(m, &layout); }), na(), na(), na(), na()}},
      {"mmf_direct_add_load",
       {na(), with_none([](mmf_map*) { return mmf_direct_add_load(nullptr); }), na(), na(), na(), na(), na()}},
  };
}

std::string short_name(mmf_status s) {
  std::string full = mmf_strerror(s);
  std::string name = full.substr(0, full.find(':'));
  return "`" + name + "`";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.md [COMMITTED.md]\n", argv[0]);
    return 2;
  }
  const char* dir = std::getenv("TMPDIR");
  g_path = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-matrix-XXXXXX";
  int fd = mkstemp(g_path.data());
  if (fd < 0 || write(fd, "0123456789abcdef", kLen) != static_cast<ssize_t>(kLen)) return 2;
  close(fd);

  std::ostringstream md;
  md << "# Bad-input matrix\n\n"
     << "Generated by `tests/reliability/bad_input_matrix.cpp`, which makes every call below against a real\n"
     << "16-byte file map (a fresh one per cell) and records the status; `ctest -R bad_input_matrix` fails when\n"
     << "this file and the library disagree (`MMF_UPDATE_DOCS=1` rewrites it). `OK` cells are documented\n"
     << "clamping or idempotence, not silent acceptance; `n/a`: the entry point has no such argument.\n\n"
     << "Columns: *NULL pointer* is a required output or data pointer; *huge* is `UINT64_MAX`/`SIZE_MAX`/\n"
     << "`INT64_MAX` in the length or position; *negative* is `-1`/`INT64_MIN` (converted, for unsigned\n"
     << "parameters); *overflows* is an offset and a length whose sum wraps; *read-only map* is an\n"
     << "`MMF_ACCESS_READ` map (for `mmf_open_fd`: a read-only descriptor asked for a writable map). For\n"
     << "named maps, *huge* is also a 4096-byte name (`mmf_unlink_named`).\n\n| entry point "
        "|";
  for (const char* c : kColumns) md << " " << c << " |";
  md << "\n|---|";
  for (int i = 0; i < kNumColumns; ++i) md << "---|";
  md << "\n";
  int cells = 0;
  for (const Row& row : rows()) {
    md << "| `" << row.name << "` |";
    for (const Cell& cell : row.cells) {
      if (!cell.applies) {
        md << " n/a |";
        continue;
      }
      mmf_map* m = nullptr;
      if (cell.map == Cell::Map::open) m = fresh();
      if (cell.map == Cell::Map::closed) m = closed_map();
      if (cell.map == Cell::Map::read_only) m = fresh(MMF_ACCESS_READ);
      mmf_status s = cell.call(m);
      mmf_free(m);
      md << " " << short_name(s) << " |";
      ++cells;
    }
    md << "\n";
  }
  md << "\n" << cells << " calls.\n";
  unlink(g_path.c_str());

  std::ofstream(argv[1]) << md.str();
  std::printf("bad-input matrix: %d calls\n", cells);
  if (argc < 3) return 0;
  std::ifstream committed(argv[2]);
  std::stringstream ss;
  ss << committed.rdbuf();
  if (ss.str() == md.str()) {
    std::printf("bad-input matrix: 1 passed, 0 failed\n");
    return 0;
  }
  if (const char* upd = std::getenv("MMF_UPDATE_DOCS"); upd != nullptr && std::strcmp(upd, "1") == 0) {
    std::ofstream(argv[2]) << md.str();
    std::printf("bad-input matrix: rewrote %s\n", argv[2]);
    return 0;
  }
  std::printf("bad-input matrix: %s differs from the library's behaviour (see %s; MMF_UPDATE_DOCS=1 rewrites)\n",
              argv[2], argv[1]);
  std::printf("bad-input matrix: 0 passed, 1 failed\n");
  return 1;
}
