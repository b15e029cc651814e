package org.mmf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the shared conformance vectors (tests/conformance/vectors/*.vec) through the Java API:
 * the Java twin of tests/conformance/runner.c, with the same strict parser, output and exit
 * codes (0 nothing failed, 1 failures, 2 malformed vector or usage error).
 *
 * <p>The one implementation of the Java side of the vectors: {@link ConformanceTest} runs it under
 * JUnit ({@code mvn test}, CTest {@code java.conformance}), one dynamic test per file. By hand:
 * {@code java -cp mmf.jar:mmf-tests.jar org.mmf.ConformanceRunner VECTOR_DIR | FILE.vec ...}
 *
 * <p>Every op goes through the public {@link MappedFile} API ({@code acquire}/{@code release} are
 * {@link MappedFile#view()} / {@link View#close()}), with one exception: a {@code release} with
 * no View open (a C-level misuse that the View API makes impossible) is sent to
 * mmf_buffer_release through the package-private SWIG layer, so that its status is still
 * checked. Counts in {@code cap} arguments beyond what a Java array can hold are clamped to it;
 * no vector's map is that large, so the results are the same.
 */
public final class ConformanceRunner {
  private static final String[] STATUS_NAMES = {
    "OK", "INVALID_ARGUMENT", "CLOSED", "READ_ONLY", "OUT_OF_RANGE", "BUSY", "IO", "NO_MEMORY",
    "UNSUPPORTED", "FAULT"
  };

  /** op name, argument kinds, result kind (see runner.c). */
  private enum Op {
    READ("read", "u", "b"),
    READ_BYTE("read_byte", "", "u"),
    READLINE("readline", "u", "b"),
    WRITE("write", "b", ""),
    WRITE_BYTE("write_byte", "y", ""),
    SEEK("seek", "iw", "u"),
    TELL("tell", "", "u"),
    READ_AT("read_at", "uu", "b"),
    WRITE_AT("write_at", "ub", ""),
    FIND("find", "boo", "i"),
    RFIND("rfind", "boo", "i"),
    MOVE("move", "uuu", ""),
    FLUSH("flush", "uu", ""),
    RESIZE("resize", "u", ""),
    LEN("len", "", "u"),
    SIZE("size", "", "u"),
    MADVISE("madvise", "wuu", ""),
    ACQUIRE("acquire", "", "u"),
    RELEASE("release", "", ""),
    CLOSE("close", "", ""),
    CLOSED("closed", "", "u"),
    CONTENT("content", "", "b"),
    FILE("file", "", "b");

    final String opName;
    final String args;
    final String result;

    Op(String opName, String args, String result) {
      this.opName = opName;
      this.args = args;
      this.result = result;
    }
  }

  private static final class Stmt {
    int line;
    boolean isSetup;
    int status;
    // setup
    boolean anon;
    byte[] content;
    long anonLength;
    Access access = Access.DEFAULT;
    long offset;
    long length;
    boolean privateMap;
    boolean create;
    // call
    Op op;
    final long[] n = new long[3]; // integer arguments as 64-bit patterns
    byte[] b;
    boolean hasResult;
    byte[] rbytes;
    long rint;
  }

  /** A malformed vector. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String msg) {
      super(msg);
    }
  }

  private String file = "";
  private int lineNo;
  private int passed;
  private int failed;
  /** The FAIL and malformed lines, for ConformanceTest's assertion messages. */
  private final List<String> failures = new ArrayList<>();

  private void out(String line) {
    System.out.println(line);
    if (!line.startsWith("warning:")) {
      failures.add(line);
    }
  }

  /** The outcome of one vector file. */
  static final class Result {
    final int passed;
    final int failed;
    final boolean malformed;
    final List<String> failures;

    Result(int passed, int failed, boolean malformed, List<String> failures) {
      this.passed = passed;
      this.failed = failed;
      this.malformed = malformed;
      this.failures = failures;
    }
  }

  /** Runs one vector file with a fresh runner (ConformanceTest: one dynamic test per file). */
  static Result run(Path vec) throws IOException {
    ConformanceRunner r = new ConformanceRunner();
    boolean ok = r.runFile(vec);
    return new Result(r.passed, r.failed, !ok, List.copyOf(r.failures));
  }

  /** The .vec files of a directory, in name order (as runner.c takes them). */
  static List<Path> vectorFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".vec") && !n.startsWith(".");
      }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).forEach(files::add);
    }
    return files;
  }

  private Malformed perr(String msg) {
    return new Malformed(file + ":" + lineNo + ": " + msg);
  }

  // ------------------------------------------------------------------ parsing

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private byte[] parseBytes(String tok) throws Malformed {
    if (!tok.startsWith("s:")) {
      throw perr("expected a byte string (s:...), got '" + tok + "'");
    }
    String s = tok.substring(2);
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '%') {
        if (k + 2 >= s.length() || !isHex(s.charAt(k + 1)) || !isHex(s.charAt(k + 2))) {
          throw perr("bad %XX escape in '" + tok + "'");
        }
        out[n++] = (byte) Integer.parseInt(s.substring(k + 1, k + 3), 16);
        k += 2;
      } else if (c < 0x21 || c > 0x7e) {
        throw perr(String.format("byte 0x%02X must be written %%XX in a byte string", (int) c));
      } else {
        out[n++] = (byte) c;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** [INT64_MIN, UINT64_MAX] as a 64-bit pattern; {@code signed} limits it to [INT64_MIN, INT64_MAX]. */
  private long parseInt64(String tok, boolean signed) throws Malformed {
    String d = tok;
    boolean neg = false;
    if (d.startsWith("-")) {
      neg = true;
      d = d.substring(1);
    }
    if (d.isEmpty() || d.charAt(0) < '0' || d.charAt(0) > '9') {
      throw perr("expected an integer, got '" + tok + "'");
    }
    for (int k = 0; k < d.length(); k++) {
      if (d.charAt(k) < '0' || d.charAt(k) > '9') {
        throw perr("expected an integer, got '" + tok + "'");
      }
    }
    long mag;
    try {
      mag = Long.parseUnsignedLong(d);
    } catch (NumberFormatException e) {
      throw perr("integer '" + tok + "' does not fit in 64 bits");
    }
    if (neg) {
      if (Long.compareUnsigned(mag, Long.MIN_VALUE) > 0) {
        throw perr("integer '" + tok + "' is below INT64_MIN");
      }
      return -mag;
    }
    if (signed && mag < 0) {
      throw perr("integer '" + tok + "' is above INT64_MAX");
    }
    return mag;
  }

  private long parseRange(String tok, long lo, long hi) throws Malformed {
    long v = parseInt64(tok, true);
    if (v < lo || v > hi) {
      throw perr("integer '" + tok + "' out of range [" + lo + ", " + hi + "]");
    }
    return v;
  }

  private int parseStatus(String tok) throws Malformed {
    for (int k = 0; k < STATUS_NAMES.length; k++) {
      if (STATUS_NAMES[k].equals(tok)) {
        return k;
      }
    }
    throw perr("unknown status '" + tok + "'");
  }

  private static int findArrow(List<String> tok) {
    return tok.indexOf("=>");
  }

  private void parseSetup(List<String> tok, Stmt st) throws Malformed {
    st.isSetup = true;
    st.status = 0;
    if (tok.size() < 3) {
      throw perr("setup needs 'file <content>' or 'anon <length>'");
    }
    if (tok.get(1).equals("file")) {
      st.anon = false;
      st.content = parseBytes(tok.get(2));
    } else if (tok.get(1).equals("anon")) {
      st.anon = true;
      st.anonLength = parseInt64(tok.get(2), false);
    } else {
      throw perr("setup kind must be 'file' or 'anon', got '" + tok.get(1) + "'");
    }
    int last = tok.size();
    int arrow = findArrow(tok);
    if (arrow >= 0) {
      if (arrow != tok.size() - 2) {
        throw perr("'=> STATUS' must end a setup line");
      }
      st.status = parseStatus(tok.get(tok.size() - 1));
      last = arrow;
    }
    boolean seenAccess = false;
    boolean seenOffset = false;
    boolean seenLength = false;
    boolean seenPrivate = false;
    boolean seenCreate = false;
    for (int k = 3; k < last; k++) {
      String o = tok.get(k);
      if (o.startsWith("access=")) {
        if (seenAccess) {
          throw perr("option 'access' given twice");
        }
        seenAccess = true;
        switch (o.substring(7)) {
          case "default":
            st.access = Access.DEFAULT;
            break;
          case "read":
            st.access = Access.READ;
            break;
          case "write":
            st.access = Access.WRITE;
            break;
          case "copy":
            st.access = Access.COPY;
            break;
          default:
            throw perr("unknown access '" + o.substring(7) + "'");
        }
      } else if (o.startsWith("offset=") && !st.anon) {
        if (seenOffset) {
          throw perr("option 'offset' given twice");
        }
        seenOffset = true;
        st.offset = parseInt64(o.substring(7), false);
      } else if (o.startsWith("length=") && !st.anon) {
        if (seenLength) {
          throw perr("option 'length' given twice");
        }
        seenLength = true;
        st.length = parseInt64(o.substring(7), false);
      } else if (o.equals("private")) {
        if (seenPrivate) {
          throw perr("option 'private' given twice");
        }
        seenPrivate = true;
        st.privateMap = true;
      } else if (o.equals("create") && !st.anon) {
        if (seenCreate) {
          throw perr("option 'create' given twice");
        }
        seenCreate = true;
        st.create = true;
      } else {
        throw perr("unknown setup option '" + o + "' for " + (st.anon ? "anon" : "file"));
      }
    }
  }

  private void parseCall(List<String> tok, Stmt st) throws Malformed {
    Op info = null;
    for (Op op : Op.values()) {
      if (op.opName.equals(tok.get(0))) {
        info = op;
      }
    }
    if (info == null) {
      throw perr("unknown op '" + tok.get(0) + "'");
    }
    st.op = info;
    int arrow = findArrow(tok);
    if (arrow < 0) {
      throw perr("missing '=> STATUS'");
    }
    int nargs = info.args.length();
    if (arrow - 1 != nargs) {
      throw perr(info.opName + " takes " + nargs + " argument(s), got " + (arrow - 1));
    }
    for (int k = 0; k < nargs; k++) {
      String t = tok.get(1 + k);
      switch (info.args.charAt(k)) {
        case 'u':
          st.n[k] = parseInt64(t, false);
          break;
        case 'i':
          st.n[k] = parseInt64(t, true);
          break;
        case 'w':
          st.n[k] = parseRange(t, Integer.MIN_VALUE, Integer.MAX_VALUE);
          break;
        case 'y':
          st.n[k] = parseRange(t, 0, 255);
          break;
        case 'o':
          if (t.equals("-")) {
            st.n[k] = MappedFile.DEFAULT;
          } else {
            st.n[k] = parseInt64(t, true);
            if (st.n[k] == MappedFile.DEFAULT) {
              throw perr(t + " is MMF_POS_DEFAULT in the C API: write '-' for an omitted argument");
            }
          }
          break;
        case 'b':
          if (st.b != null) {
            throw perr("internal: two byte-string arguments");
          }
          st.b = parseBytes(t);
          break;
        default:
          throw perr("internal: bad argument kind");
      }
    }
    if (arrow + 1 >= tok.size()) {
      throw perr("missing status after '=>'");
    }
    st.status = parseStatus(tok.get(arrow + 1));
    int nres = (st.status == 0 && !info.result.isEmpty()) ? 1 : 0;
    if (tok.size() - (arrow + 2) != nres) {
      throw perr(info.opName + " => " + STATUS_NAMES[st.status] + " takes " + nres + " result(s), got "
          + (tok.size() - (arrow + 2)));
    }
    if (info == Op.CLOSED && st.status != 0) {
      throw perr("closed always returns OK");
    }
    if (nres == 1) {
      String t = tok.get(arrow + 2);
      st.hasResult = true;
      switch (info.result.charAt(0)) {
        case 'b':
          st.rbytes = parseBytes(t);
          break;
        case 'u':
          st.rint = parseInt64(t, false);
          break;
        default:
          st.rint = parseInt64(t, true);
          break;
      }
    }
  }

  private List<Stmt> parseFile(Path path, String name) throws Malformed {
    file = name;
    lineNo = 0;
    byte[] raw;
    try {
      raw = Files.readAllBytes(path);
    } catch (IOException e) {
      throw perr("cannot open: " + e.getMessage());
    }
    // ISO-8859-1 keeps every byte as one char, so the checks below see bytes.
    String data = new String(raw, StandardCharsets.ISO_8859_1);
    List<Stmt> out = new ArrayList<>();
    boolean pendingImprovement = false;
    boolean pendingWindows = false;
    int pendingWindowsLine = 0;
    int pendingLine = 0;
    int curSetup = -1;
    int p = 0;
    while (p <= data.length()) {
      int eol = data.indexOf('\n', p);
      boolean last = eol < 0;
      if (last) {
        eol = data.length();
      }
      lineNo++;
      String line = data.substring(p, eol);
      p = eol + 1;
      if (line.indexOf('\0') >= 0) {
        throw perr("NUL byte in line");
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.indexOf('\t') >= 0) {
        throw perr("tabs are not allowed, separate tokens with spaces");
      }
      List<String> tok = new ArrayList<>();
      for (String t : line.split(" ")) {
        if (!t.isEmpty()) {
          tok.add(t);
        }
      }
      if (tok.isEmpty() || tok.get(0).startsWith("#")) {
        if (last) {
          break;
        }
        continue;
      }
      if (tok.get(0).equals("@improvement")) {
        if (tok.size() < 2) {
          throw perr("@improvement needs a reason");
        }
        if (pendingImprovement) {
          throw perr("two @improvement lines in a row");
        }
        pendingImprovement = true;
        pendingLine = lineNo;
        if (last) {
          break;
        }
        continue;
      }
      if (tok.get(0).equals("@windows")) {
        // Another expectation for the next statement on Windows; the JVM
        // runner runs on POSIX here, so it is checked for form and skipped.
        if (tok.size() < 3 || !tok.get(1).equals("=>")) {
          throw perr("@windows needs '=> STATUS [result]'");
        }
        parseStatus(tok.get(2));
        if (pendingWindows) {
          throw perr("two @windows lines in a row");
        }
        pendingWindows = true;
        pendingWindowsLine = lineNo;
        if (last) {
          break;
        }
        continue;
      }
      if (tok.get(0).startsWith("@")) {
        throw perr("unknown directive '" + tok.get(0) + "'");
      }
      for (String t : tok) {
        for (int k = 0; k < t.length(); k++) {
          char c = t.charAt(k);
          if (c < 0x21 || c > 0x7e) {
            throw perr(String.format("non-ASCII or control byte 0x%02X outside a comment", (int) c));
          }
        }
      }
      Stmt st = new Stmt();
      st.line = lineNo;
      pendingImprovement = false; // validated above; ignored as in runner.c
      pendingWindows = false;
      if (tok.get(0).equals("setup")) {
        parseSetup(tok, st);
        out.add(st);
        curSetup = out.size() - 1;
      } else {
        if (curSetup < 0) {
          throw perr("call before the first setup");
        }
        parseCall(tok, st);
        Stmt setup = out.get(curSetup);
        if (setup.status != 0) {
          throw perr("calls after a setup that must fail (line " + setup.line + ")");
        }
        if (st.op == Op.FILE && setup.anon) {
          throw perr("'file' in an anon section");
        }
        out.add(st);
      }
      if (last) {
        break;
      }
    }
    if (pendingImprovement) {
      lineNo = pendingLine;
      throw perr("@improvement not followed by a statement");
    }
    if (pendingWindows) {
      lineNo = pendingWindowsLine;
      throw perr("@windows not followed by a statement");
    }
    return out;
  }

  // ------------------------------------------------------------------ execution

  /** What a call returned. */
  private static final class Got {
    int status;
    boolean hasResult;
    byte[] bytes = new byte[0];
    long rint;
    boolean noMessage;
    String message = "";
    String javaError;
  }

  private static String printBytes(byte[] p) {
    StringBuilder sb = new StringBuilder("s:");
    for (byte x : p) {
      int c = x & 0xff;
      if (c >= 0x21 && c <= 0x7e && c != '%') {
        sb.append((char) c);
      } else {
        sb.append(String.format("%%%02X", c));
      }
    }
    return sb.toString();
  }

  private static String printValue(Op op, int status, boolean hasResult, byte[] bytes, long rint) {
    StringBuilder sb = new StringBuilder();
    sb.append(status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "status " + status);
    if (!hasResult) {
      return sb.toString();
    }
    sb.append(' ');
    if (op.result.equals("b")) {
      sb.append(printBytes(bytes));
    } else if (op.result.equals("i")) {
      sb.append(rint);
    } else {
      sb.append(Long.toUnsignedString(rint));
    }
    return sb.toString();
  }

  /** A count argument (unsigned in C) as a Java array size: clamped to the largest array. */
  private static int cap(long u) {
    return Long.compareUnsigned(u, MappedFile.MAX_ARRAY) > 0 ? MappedFile.MAX_ARRAY : (int) u;
  }

  private void runCall(MappedFile m, Path path, Deque<View> views, Stmt st, Got g) {
    byte[] data = st.b != null ? st.b : new byte[0];
    try {
      switch (st.op) {
        case READ:
          g.bytes = Long.compareUnsigned(st.n[0], MappedFile.MAX_ARRAY) > 0 ? m.read() : m.read(cap(st.n[0]));
          break;
        case READLINE:
          g.bytes = m.readLine(cap(st.n[0]));
          break;
        case READ_AT:
          g.bytes = m.get(st.n[0], cap(st.n[1]));
          break;
        case READ_BYTE:
          g.rint = m.readByte();
          break;
        case WRITE:
          m.write(data);
          break;
        case WRITE_BYTE:
          m.writeByte((int) st.n[0]);
          break;
        case SEEK:
          g.rint = m.seek(st.n[0], (int) st.n[1]);
          break;
        case TELL:
          g.rint = m.tell();
          break;
        case WRITE_AT:
          m.put(st.n[0], data);
          break;
        case FIND:
          g.rint = m.find(data, st.n[1], st.n[2]);
          break;
        case RFIND:
          g.rint = m.rfind(data, st.n[1], st.n[2]);
          break;
        case MOVE:
          m.move(st.n[0], st.n[1], st.n[2]);
          break;
        case FLUSH:
          m.flush(st.n[0], st.n[1]);
          break;
        case RESIZE:
          m.resize(st.n[0]);
          break;
        case LEN:
          g.rint = m.length();
          break;
        case SIZE:
          g.rint = m.size();
          break;
        case MADVISE:
          m.madvise((int) st.n[0], st.n[1], st.n[2]);
          break;
        case ACQUIRE: {
          View v = m.view();
          views.push(v);
          g.rint = v.length();
          break;
        }
        case RELEASE:
          if (!views.isEmpty()) {
            views.pop().close();
          } else {
            m.bufferReleaseUnpaired();
          }
          break;
        case CLOSE:
          m.close();
          break;
        case CLOSED:
          g.rint = m.isClosed() ? 1 : 0;
          break;
        case CONTENT: {
          long len = m.length();
          if (len > MappedFile.MAX_ARRAY) {
            throw new IllegalStateException("map too large for content: " + len);
          }
          g.bytes = m.get(0, (int) len);
          if (g.bytes.length != len) {
            g.javaError = "short read: " + g.bytes.length + " of " + len;
          }
          break;
        }
        case FILE:
          try {
            g.bytes = Files.readAllBytes(path);
          } catch (IOException e) {
            g.status = 6;
            out("FAIL " + file + ":" + st.line + ": file: cannot read the temporary file");
          }
          break;
        default:
          throw new IllegalStateException("op " + st.op);
      }
    } catch (IOException | RuntimeException e) {
      caught(g, e);
    }
    g.hasResult = g.status == 0 && !st.op.result.isEmpty();
  }

  /**
   * Every mmf exception implements MmfError, whatever JDK type it extends; anything else is a bug
   * of the binding.
   */
  private static void caught(Got g, Exception e) {
    if (e instanceof MmfError) {
      MmfError me = (MmfError) e;
      record(g, me.status().code(), me.nativeMessage());
    } else {
      g.status = -1;
      g.javaError = e.toString();
    }
  }

  private static void record(Got g, int status, String msg) {
    g.status = status;
    g.message = msg;
    g.noMessage = msg == null || msg.isEmpty();
  }

  private static boolean resultsEqual(Stmt st, Got g) {
    if (g.status != st.status || g.javaError != null) {
      return false;
    }
    if (!st.hasResult) {
      return true;
    }
    if (st.op.result.equals("b")) {
      return Arrays.equals(g.bytes, st.rbytes);
    }
    return g.rint == st.rint;
  }

  private void report(Stmt st, Got g) {
    Op op = st.isSetup ? null : st.op;
    String name = op == null ? "setup" : op.opName;
    String expected = op == null ? printValue(Op.CLOSE, st.status, false, null, 0)
        : printValue(op, st.status, st.hasResult, st.rbytes, st.rint);
    String got = op == null ? printValue(Op.CLOSE, g.status, false, null, 0)
        : printValue(op, g.status, g.hasResult, g.bytes, g.rint);
    StringBuilder sb = new StringBuilder("FAIL " + file + ":" + st.line + ": " + name + ": expected " + expected
        + ", got " + got);
    if (g.status > 0) {
      sb.append(" (").append(g.message).append(')');
    }
    if (g.javaError != null) {
      sb.append(" [java: ").append(g.javaError).append(']');
    }
    out(sb.toString());
  }

  private int runSection(List<Stmt> s, int first) {
    Stmt setup = s.get(first);
    int end = first + 1;
    while (end < s.size() && !s.get(end).isSetup) {
      end++;
    }
    int calls = end - first - 1;
    int onSetupFailure = setup.status == 0 ? calls + (calls == 0 ? 1 : 0) : 1;
    Options o = Options.defaults().access(setup.access);
    if (setup.privateMap) {
      o = o.privateMap();
    }
    Path path = null;
    MappedFile m = null;
    Got g = new Got();
    Deque<View> views = new ArrayDeque<>();
    try {
      if (!setup.anon) {
        try {
          String tmp = System.getenv("TMPDIR");
          path = Files.createTempFile(Paths.get(tmp == null || tmp.isEmpty() ? "/tmp" : tmp), "mmf-conf-", "");
          Files.write(path, setup.content);
        } catch (IOException e) {
          out("FAIL " + file + ":" + setup.line + ": setup: cannot create a temporary file: " + e);
          failed += onSetupFailure;
          return end;
        }
        o = o.offset(setup.offset).length(setup.length);
        if (setup.create) {
          o = o.create();
        }
      }
      try {
        m = setup.anon ? MappedFile.anonymous(setup.anonLength, o) : MappedFile.open(path, o);
      } catch (IOException | RuntimeException e) {
        caught(g, e);
      }
      if (g.status != setup.status || g.noMessage || g.javaError != null) {
        report(setup, g);
        if (g.noMessage) {
          out("FAIL " + file + ":" + setup.line + ": setup: failed with an empty native message");
        }
        failed += onSetupFailure;
      } else if (setup.status != 0) {
        passed++;
      } else {
        for (int k = first + 1; k < end; k++) {
          Stmt st = s.get(k);
          Got cg = new Got();
          runCall(m, path, views, st, cg);
          if (!resultsEqual(st, cg)) {
            report(st, cg);
            failed++;
          } else if (cg.noMessage) {
            out("FAIL " + file + ":" + st.line + ": " + st.op.opName + ": "
                + STATUS_NAMES[cg.status] + " as expected, but the native message is empty");
            failed++;
          } else {
            passed++;
          }
        }
      }
    } finally {
      while (!views.isEmpty()) {
        views.pop().close();
      }
      if (m != null) {
        m.close();
      }
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          out("warning: cannot remove " + path + ": " + e);
        }
      }
    }
    return end;
  }

  private boolean runFile(Path path) {
    String name = path.getFileName().toString();
    List<Stmt> stmts;
    try {
      stmts = parseFile(path, name);
    } catch (Malformed e) {
      out("malformed vector: " + e.getMessage());
      return false;
    }
    file = name;
    int k = 0;
    while (k < stmts.size()) {
      k = runSection(stmts, k);
    }
    return true;
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ConformanceRunner VECTOR_DIR | FILE.vec ...");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    Path first = Paths.get(args[0]);
    if (args.length == 1 && Files.isDirectory(first)) {
      files.addAll(vectorFiles(first));
      if (files.isEmpty()) {
        System.out.println("conformance: no .vec files in " + args[0]);
        System.exit(2);
      }
    } else {
      for (String a : args) {
        files.add(Paths.get(a));
      }
    }
    ConformanceRunner r = new ConformanceRunner();
    for (Path f : files) {
      if (!r.runFile(f)) {
        System.exit(2);
      }
    }
    System.out.println("conformance: " + r.passed + " passed, " + r.failed + " failed, 0 skipped");
    System.out.flush();
    System.exit(r.failed != 0 ? 1 : 0);
  }
}
