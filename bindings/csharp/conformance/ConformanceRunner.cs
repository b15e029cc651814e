// Runs the shared conformance vectors (tests/conformance/vectors/*.vec) through
// the C# API: the C# twin of tests/conformance/runner.c, with the same strict
// parser, output and exit codes (0 nothing failed, 1 failures, 2 malformed
// vector or usage error).
//
// Usage: mono mmf-conformance.exe VECTOR_DIR | FILE.vec ...
//
// The same file is compiled into Mmf.Tests.dll, where the NUnit fixture
// ConformanceTests runs every vector as one TestCaseSource case through
// Runner.Cases: one implementation, two front ends.
//
// Every op goes through the public MappedFile API (acquire/release are
// CreateView()/View.Dispose()), with one exception: a release with no View
// held (a C-level misuse the View API makes impossible) is sent to
// mmf_buffer_release through the internal layer, so its status is still
// checked. Counts in cap arguments beyond what a byte array holds are clamped
// to it; no vector's map is that large, so the results are the same.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Mmf.Conformance {
  sealed class MalformedException : Exception {
    public MalformedException(string msg) : base(msg) {}
  }

  sealed class Op {
    public readonly string Name, Args, Result;
    public Op(string name, string args, string result) {
      Name = name;
      Args = args;
      Result = result;
    }
  }

  sealed class Stmt {
    public int Line;
    public bool IsSetup;
    public int Status;
    // setup
    public bool Anon;
    public byte[] Content;
    public ulong AnonLength;
    public MmfAccess Access = MmfAccess.Default;
    public ulong Offset, Length;
    public bool Private, Create;
    // call
    public Op Op;
    public readonly ulong[] N = new ulong[3]; // integer arguments as 64-bit patterns
    public byte[] B;
    public bool HasResult;
    public byte[] RBytes;
    public ulong RInt;
  }

  sealed class Got {
    public int Status;
    public bool HasResult;
    public byte[] Bytes = new byte[0];
    public ulong RInt;
    public bool NoMessage;
    public string Message = "";
    public string CsError;
  }

  /// <summary>
  /// One vector: a call, or the setup of a section that has no calls (an open
  /// that must fail). Run() runs the vector's section the first time one of
  /// its vectors is asked for (the calls of a section depend on each other)
  /// and returns this vector's failure message, or null when it passed.
  /// </summary>
  sealed class Case {
    internal readonly string Name;
    readonly Func<string> run;
    internal Case(string name, Func<string> run) {
      Name = name;
      this.run = run;
    }
    internal string Run() {
      return run();
    }
    public override string ToString() {
      return Name;
    }
  }

  static class Runner {
    static readonly string[] StatusNames = {
      "OK", "INVALID_ARGUMENT", "CLOSED", "READ_ONLY", "OUT_OF_RANGE", "BUSY", "IO", "NO_MEMORY", "UNSUPPORTED", "FAULT"
    };

    static readonly Op[] Ops = {
      new Op("read", "u", "b"), new Op("read_byte", "", "u"), new Op("readline", "u", "b"), new Op("write", "b", ""),
      new Op("write_byte", "y", ""), new Op("seek", "iw", "u"), new Op("tell", "", "u"), new Op("read_at", "uu", "b"),
      new Op("write_at", "ub", ""), new Op("find", "boo", "i"), new Op("rfind", "boo", "i"), new Op("move", "uuu", ""),
      new Op("flush", "uu", ""), new Op("resize", "u", ""), new Op("len", "", "u"), new Op("size", "", "u"),
      new Op("madvise", "wuu", ""), new Op("acquire", "", "u"), new Op("release", "", ""), new Op("close", "", ""),
      new Op("closed", "", "u"), new Op("content", "", "b"), new Op("file", "", "b"),
    };

    static string file = "";
    static int lineNo;
    static int passed, failed;

    static MalformedException Perr(string msg) {
      return new MalformedException(file + ":" + lineNo + ": " + msg);
    }

    // ---------------------------------------------------------------- parsing

    static bool IsHex(char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static byte[] ParseBytes(string tok) {
      if (!tok.StartsWith("s:", StringComparison.Ordinal)) throw Perr("expected a byte string (s:...), got '" + tok + "'");
      string s = tok.Substring(2);
      var out_ = new List<byte>(s.Length);
      for (int k = 0; k < s.Length; k++) {
        char c = s[k];
        if (c == '%') {
          if (k + 2 >= s.Length || !IsHex(s[k + 1]) || !IsHex(s[k + 2])) throw Perr("bad %XX escape in '" + tok + "'");
          out_.Add(byte.Parse(s.Substring(k + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
          k += 2;
        } else if (c < 0x21 || c > 0x7e) {
          throw Perr(string.Format("byte 0x{0:X2} must be written %XX in a byte string", (int)c));
        } else {
          out_.Add((byte)c);
        }
      }
      return out_.ToArray();
    }

    /// <summary>[INT64_MIN, UINT64_MAX] as a 64-bit pattern; signed limits it to [INT64_MIN, INT64_MAX].</summary>
    static ulong ParseInt64(string tok, bool signed) {
      string d = tok;
      bool neg = false;
      if (d.StartsWith("-", StringComparison.Ordinal)) {
        neg = true;
        d = d.Substring(1);
      }
      if (d.Length == 0) throw Perr("expected an integer, got '" + tok + "'");
      foreach (char c in d)
        if (c < '0' || c > '9') throw Perr("expected an integer, got '" + tok + "'");
      ulong mag;
      if (!ulong.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out mag))
        throw Perr("integer '" + tok + "' does not fit in 64 bits");
      if (neg) {
        if (mag > 0x8000000000000000UL) throw Perr("integer '" + tok + "' is below INT64_MIN");
        return unchecked(0UL - mag);
      }
      if (signed && mag > long.MaxValue) throw Perr("integer '" + tok + "' is above INT64_MAX");
      return mag;
    }

    static long ParseRange(string tok, long lo, long hi) {
      long v = unchecked((long)ParseInt64(tok, true));
      if (v < lo || v > hi) throw Perr("integer '" + tok + "' out of range [" + lo + ", " + hi + "]");
      return v;
    }

    static int ParseStatus(string tok) {
      int k = Array.IndexOf(StatusNames, tok);
      if (k < 0) throw Perr("unknown status '" + tok + "'");
      return k;
    }

    static void ParseSetup(List<string> tok, Stmt st) {
      st.IsSetup = true;
      st.Status = 0;
      if (tok.Count < 3) throw Perr("setup needs 'file <content>' or 'anon <length>'");
      if (tok[1] == "file") {
        st.Anon = false;
        st.Content = ParseBytes(tok[2]);
      } else if (tok[1] == "anon") {
        st.Anon = true;
        st.AnonLength = ParseInt64(tok[2], false);
      } else {
        throw Perr("setup kind must be 'file' or 'anon', got '" + tok[1] + "'");
      }
      int last = tok.Count;
      int arrow = tok.IndexOf("=>");
      if (arrow >= 0) {
        if (arrow != tok.Count - 2) throw Perr("'=> STATUS' must end a setup line");
        st.Status = ParseStatus(tok[tok.Count - 1]);
        last = arrow;
      }
      bool seenAccess = false, seenOffset = false, seenLength = false, seenPrivate = false, seenCreate = false;
      for (int k = 3; k < last; k++) {
        string o = tok[k];
        if (o.StartsWith("access=", StringComparison.Ordinal)) {
          if (seenAccess) throw Perr("option 'access' given twice");
          seenAccess = true;
          switch (o.Substring(7)) {
            case "default":
              st.Access = MmfAccess.Default;
              break;
            case "read":
              st.Access = MmfAccess.Read;
              break;
            case "write":
              st.Access = MmfAccess.Write;
              break;
            case "copy":
              st.Access = MmfAccess.Copy;
              break;
            default:
              throw Perr("unknown access '" + o.Substring(7) + "'");
          }
        } else if (o.StartsWith("offset=", StringComparison.Ordinal) && !st.Anon) {
          if (seenOffset) throw Perr("option 'offset' given twice");
          seenOffset = true;
          st.Offset = ParseInt64(o.Substring(7), false);
        } else if (o.StartsWith("length=", StringComparison.Ordinal) && !st.Anon) {
          if (seenLength) throw Perr("option 'length' given twice");
          seenLength = true;
          st.Length = ParseInt64(o.Substring(7), false);
        } else if (o == "private") {
          if (seenPrivate) throw Perr("option 'private' given twice");
          seenPrivate = true;
          st.Private = true;
        } else if (o == "create" && !st.Anon) {
          if (seenCreate) throw Perr("option 'create' given twice");
          seenCreate = true;
          st.Create = true;
        } else {
          throw Perr("unknown setup option '" + o + "' for " + (st.Anon ? "anon" : "file"));
        }
      }
    }

    static void ParseCall(List<string> tok, Stmt st) {
      Op info = null;
      foreach (Op op in Ops)
        if (op.Name == tok[0]) info = op;
      if (info == null) throw Perr("unknown op '" + tok[0] + "'");
      st.Op = info;
      int arrow = tok.IndexOf("=>");
      if (arrow < 0) throw Perr("missing '=> STATUS'");
      int nargs = info.Args.Length;
      if (arrow - 1 != nargs) throw Perr(info.Name + " takes " + nargs + " argument(s), got " + (arrow - 1));
      for (int k = 0; k < nargs; k++) {
        string t = tok[1 + k];
        switch (info.Args[k]) {
          case 'u':
            st.N[k] = ParseInt64(t, false);
            break;
          case 'i':
            st.N[k] = ParseInt64(t, true);
            break;
          case 'w':
            st.N[k] = unchecked((ulong)ParseRange(t, int.MinValue, int.MaxValue));
            break;
          case 'y':
            st.N[k] = (ulong)ParseRange(t, 0, 255);
            break;
          case 'o':
            if (t == "-") {
              st.N[k] = unchecked((ulong)MappedFile.DefaultPosition);
            } else {
              st.N[k] = ParseInt64(t, true);
              if (unchecked((long)st.N[k]) == MappedFile.DefaultPosition)
                throw Perr(t + " is MMF_POS_DEFAULT in the C API: write '-' for an omitted argument");
            }
            break;
          case 'b':
            if (st.B != null) throw Perr("internal: two byte-string arguments");
            st.B = ParseBytes(t);
            break;
          default:
            throw Perr("internal: bad argument kind");
        }
      }
      if (arrow + 1 >= tok.Count) throw Perr("missing status after '=>'");
      st.Status = ParseStatus(tok[arrow + 1]);
      int nres = (st.Status == 0 && info.Result.Length > 0) ? 1 : 0;
      if (tok.Count - (arrow + 2) != nres)
        throw Perr(info.Name + " => " + StatusNames[st.Status] + " takes " + nres + " result(s), got " +
                   (tok.Count - (arrow + 2)));
      if (info.Name == "closed" && st.Status != 0) throw Perr("closed always returns OK");
      if (nres == 1) {
        string t = tok[arrow + 2];
        st.HasResult = true;
        switch (info.Result[0]) {
          case 'b':
            st.RBytes = ParseBytes(t);
            break;
          case 'u':
            st.RInt = ParseInt64(t, false);
            break;
          default:
            st.RInt = ParseInt64(t, true);
            break;
        }
      }
    }

    const int MaxWinTokens = 8;
    static readonly bool OnWindows = Path.DirectorySeparatorChar == '\\';

    /// <summary>
    /// A "@windows => STATUS [result]" line: the statement's tokens before "=>"
    /// followed by the directive's, parsed everywhere (a bad one is malformed on
    /// every platform); returns the replacement on Windows, else null.
    /// </summary>
    static Stmt ApplyWindows(Stmt st, List<string> tok, List<string> win, int winLine) {
      var altTok = new List<string>();
      foreach (string t in tok) {
        if (t == "=>") break;
        altTok.Add(t);
      }
      altTok.AddRange(win);
      var alt = new Stmt();
      int saved = lineNo;
      lineNo = winLine;
      if (st.IsSetup)
        ParseSetup(altTok, alt);
      else
        ParseCall(altTok, alt);
      lineNo = saved;
      alt.Line = st.Line;
      return OnWindows ? alt : null;
    }

    static List<Stmt> ParseFile(string path, string name) {
      file = name;
      lineNo = 0;
      byte[] raw;
      try {
        raw = File.ReadAllBytes(path);
      } catch (Exception e) {
        throw Perr("cannot open: " + e.Message);
      }
      // Latin-1 keeps every byte as one char, so the checks below see bytes.
      var sb = new StringBuilder(raw.Length);
      foreach (byte b in raw) sb.Append((char)b);
      string data = sb.ToString();
      var out_ = new List<Stmt>();
      bool pendingImprovement = false;
      int pendingLine = 0;
      List<string> winTok = null; // a @windows line waiting for its statement: its tokens from "=>" on
      int winLine = 0;
      int curSetup = -1;
      int p = 0;
      while (p <= data.Length) {
        int eol = data.IndexOf('\n', p);
        bool last = eol < 0;
        if (last) eol = data.Length;
        lineNo++;
        string line = data.Substring(p, eol - p);
        p = eol + 1;
        if (line.IndexOf('\0') >= 0) throw Perr("NUL byte in line");
        if (line.EndsWith("\r", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 1);
        if (line.IndexOf('\t') >= 0) throw Perr("tabs are not allowed, separate tokens with spaces");
        var tok = new List<string>();
        foreach (string t in line.Split(' '))
          if (t.Length > 0) tok.Add(t);
        if (tok.Count == 0 || tok[0].StartsWith("#", StringComparison.Ordinal)) {
          if (last) break;
          continue;
        }
        if (tok[0] == "@improvement") {
          if (tok.Count < 2) throw Perr("@improvement needs a reason");
          if (pendingImprovement) throw Perr("two @improvement lines in a row");
          pendingImprovement = true;
          pendingLine = lineNo;
          if (last) break;
          continue;
        }
        if (tok[0] == "@windows") {
          if (tok.Count < 3 || tok[1] != "=>") throw Perr("@windows needs '=> STATUS [result]'");
          if (winTok != null) throw Perr("two @windows lines in a row");
          if (tok.Count - 1 > MaxWinTokens) throw Perr("@windows has too many tokens");
          winTok = tok.GetRange(1, tok.Count - 1);
          winLine = lineNo;
          if (last) break;
          continue;
        }
        if (tok[0].StartsWith("@", StringComparison.Ordinal)) throw Perr("unknown directive '" + tok[0] + "'");
        foreach (string t in tok)
          foreach (char c in t)
            if (c < 0x21 || c > 0x7e)
              throw Perr(string.Format("non-ASCII or control byte 0x{0:X2} outside a comment", (int)c));
        var st = new Stmt();
        st.Line = lineNo;
        pendingImprovement = false; // validated above; ignored as in runner.c
        if (tok[0] == "setup") {
          ParseSetup(tok, st);
          out_.Add(st);
          curSetup = out_.Count - 1;
        } else {
          if (curSetup < 0) throw Perr("call before the first setup");
          ParseCall(tok, st);
          Stmt setup = out_[curSetup];
          if (setup.Status != 0) throw Perr("calls after a setup that must fail (line " + setup.Line + ")");
          if (st.Op.Name == "file" && setup.Anon) throw Perr("'file' in an anon section");
          out_.Add(st);
        }
        if (winTok != null) {
          Stmt alt = ApplyWindows(st, tok, winTok, winLine);
          if (alt != null) out_[out_.Count - 1] = alt;
          winTok = null;
        }
        if (last) break;
      }
      if (pendingImprovement) {
        lineNo = pendingLine;
        throw Perr("@improvement not followed by a statement");
      }
      if (winTok != null) {
        lineNo = winLine;
        throw Perr("@windows not followed by a statement");
      }
      return out_;
    }

    // ---------------------------------------------------------------- execution

    static string PrintBytes(byte[] p) {
      var sb = new StringBuilder("s:");
      foreach (byte x in p) {
        if (x >= 0x21 && x <= 0x7e && x != '%')
          sb.Append((char)x);
        else
          sb.Append('%').Append(x.ToString("X2", CultureInfo.InvariantCulture));
      }
      return sb.ToString();
    }

    static string PrintValue(Op op, int status, bool hasResult, byte[] bytes, ulong rint) {
      var sb = new StringBuilder();
      sb.Append(status >= 0 && status < StatusNames.Length ? StatusNames[status] : "status " + status);
      if (op == null || !hasResult) return sb.ToString();
      sb.Append(' ');
      if (op.Result == "b")
        sb.Append(PrintBytes(bytes));
      else if (op.Result == "i")
        sb.Append(unchecked((long)rint).ToString(CultureInfo.InvariantCulture));
      else
        sb.Append(rint.ToString(CultureInfo.InvariantCulture));
      return sb.ToString();
    }

    /// <summary>A count argument (unsigned in C) as a byte-array size: clamped to the largest array.</summary>
    static int Cap(ulong u) {
      return u > MappedFile.MaxArray ? MappedFile.MaxArray : (int)u;
    }

    static void Record(Got g, Exception e) {
      var me = e as IMmfError;
      if (me == null) {
        g.Status = -1;
        g.CsError = e.GetType().FullName + ": " + e.Message;
        return;
      }
      g.Status = (int)me.Status;
      g.Message = me.NativeMessage;
      g.NoMessage = string.IsNullOrEmpty(me.NativeMessage);
    }

    static void RunCall(MappedFile m, string path, Stack<View> views, Stmt st, Got g) {
      byte[] data = st.B ?? new byte[0];
      try {
        switch (st.Op.Name) {
          case "read":
            g.Bytes = st.N[0] > MappedFile.MaxArray ? m.Read() : m.Read(Cap(st.N[0]));
            break;
          case "readline":
            g.Bytes = m.ReadLine(Cap(st.N[0]));
            break;
          case "read_at":
            g.Bytes = m.Read(unchecked((long)st.N[0]), Cap(st.N[1]));
            break;
          case "read_byte":
            g.RInt = m.ReadByte();
            break;
          case "write":
            m.Write(data);
            break;
          case "write_byte":
            m.WriteByte((byte)st.N[0]);
            break;
          case "seek":
            g.RInt = unchecked((ulong)m.Seek(unchecked((long)st.N[0]), (SeekOrigin)unchecked((int)st.N[1])));
            break;
          case "tell":
            g.RInt = unchecked((ulong)m.Position);
            break;
          case "write_at":
            m.Write(unchecked((long)st.N[0]), data);
            break;
          case "find":
            g.RInt = unchecked((ulong)m.Find(data, unchecked((long)st.N[1]), unchecked((long)st.N[2])));
            break;
          case "rfind":
            g.RInt = unchecked((ulong)m.RFind(data, unchecked((long)st.N[1]), unchecked((long)st.N[2])));
            break;
          case "move":
            m.Move(unchecked((long)st.N[0]), unchecked((long)st.N[1]), unchecked((long)st.N[2]));
            break;
          case "flush":
            m.Flush(unchecked((long)st.N[0]), unchecked((long)st.N[1]));
            break;
          case "resize":
            m.Resize(unchecked((long)st.N[0]));
            break;
          case "len":
            g.RInt = (ulong)m.Length;
            break;
          case "size":
            g.RInt = (ulong)m.Size;
            break;
          case "madvise":
            m.Advise((MmfAdvice)unchecked((int)st.N[0]), unchecked((long)st.N[1]), unchecked((long)st.N[2]));
            break;
          case "acquire": {
            View v = m.CreateView();
            views.Push(v);
            g.RInt = (ulong)v.Length;
            break;
          }
          case "release":
            if (views.Count > 0)
              views.Pop().Dispose();
            else
              m.BufferReleaseUnpaired();
            break;
          case "close":
            m.Dispose();
            break;
          case "closed":
            g.RInt = m.IsClosed ? 1UL : 0UL;
            break;
          case "content": {
            long len = m.Length;
            if (len > MappedFile.MaxArray) throw new InvalidOperationException("map too large for content: " + len);
            g.Bytes = m.Read(0, (int)len);
            if (g.Bytes.Length != len) g.CsError = "short read: " + g.Bytes.Length + " of " + len;
            break;
          }
          case "file":
            try {
              g.Bytes = File.ReadAllBytes(path);
            } catch (IOException e) {
              g.Status = 6;
              g.CsError = "file: cannot read the temporary file: " + e.Message;
            }
            break;
          default:
            throw new InvalidOperationException("op " + st.Op.Name);
        }
      } catch (Exception e) {
        Record(g, e);
      }
      g.HasResult = g.Status == 0 && st.Op.Result.Length > 0;
    }

    static bool ResultsEqual(Stmt st, Got g) {
      if (g.Status != st.Status || g.CsError != null) return false;
      if (!st.HasResult) return true;
      if (st.Op.Result == "b") {
        if (g.Bytes.Length != st.RBytes.Length) return false;
        for (int k = 0; k < g.Bytes.Length; k++)
          if (g.Bytes[k] != st.RBytes[k]) return false;
        return true;
      }
      return g.RInt == st.RInt;
    }

    static string Report(Stmt st, Got g) {
      Op op = st.IsSetup ? null : st.Op;
      string name = op == null ? "setup" : op.Name;
      string expected = PrintValue(op, st.Status, st.HasResult, st.RBytes, st.RInt);
      string got = PrintValue(op, g.Status, g.HasResult, g.Bytes, g.RInt);
      var sb = new StringBuilder("FAIL " + file + ":" + st.Line + ": " + name + ": expected " + expected + ", got " + got);
      if (g.Status > 0) sb.Append(" (").Append(g.Message).Append(')');
      if (g.CsError != null) sb.Append(" [c#: ").Append(g.CsError).Append(']');
      return sb.ToString();
    }

    /// <summary>The end (exclusive) of the section that starts at first.</summary>
    static int SectionEnd(List<Stmt> s, int first) {
      int end = first + 1;
      while (end < s.Count && !s[end].IsSetup) end++;
      return end;
    }

    /// <summary>The vectors of a section: its calls, or its setup when it has none.</summary>
    static List<Stmt> VectorsOf(List<Stmt> s, int first) {
      int end = SectionEnd(s, first);
      var v = new List<Stmt>();
      if (end - first == 1) v.Add(s[first]);
      else for (int k = first + 1; k < end; k++) v.Add(s[k]);
      return v;
    }

    /// <summary>
    /// Runs the section that starts at first and calls outcome once per vector
    /// (VectorsOf) with its failure message, or null when it passed. Returns
    /// the index after the section.
    /// </summary>
    static int RunSection(List<Stmt> s, int first, Action<Stmt, string> outcome) {
      Stmt setup = s[first];
      int end = SectionEnd(s, first);
      List<Stmt> vectors = VectorsOf(s, first);
      MmfOpenFlags flags = setup.Private ? MmfOpenFlags.Private : MmfOpenFlags.None;
      string path = null;
      MappedFile m = null;
      var g = new Got();
      var views = new Stack<View>();
      try {
        if (!setup.Anon) {
          try {
            string tmp = Environment.GetEnvironmentVariable("TMPDIR");
            string dir = string.IsNullOrEmpty(tmp) ? "/tmp" : tmp;
            path = Path.Combine(dir, "mmf-conf-" + Guid.NewGuid().ToString("N"));
            using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write)) f.Write(setup.Content, 0, setup.Content.Length);
          } catch (Exception e) {
            string msg = "FAIL " + file + ":" + setup.Line + ": setup: cannot create a temporary file: " + e.Message;
            foreach (Stmt v in vectors) outcome(v, msg);
            return end;
          }
          if (setup.Create) flags |= MmfOpenFlags.Create;
        }
        try {
          m = setup.Anon ? MappedFile.Anonymous(unchecked((long)setup.AnonLength), setup.Access, flags)
                         : MappedFile.Open(path, setup.Access, unchecked((long)setup.Offset), unchecked((long)setup.Length), flags);
        } catch (Exception e) {
          Record(g, e);
        }
        if (g.Status != setup.Status || g.NoMessage || g.CsError != null) {
          string msg = Report(setup, g);
          if (g.NoMessage) msg += "\nFAIL " + file + ":" + setup.Line + ": setup: failed with an empty native message";
          foreach (Stmt v in vectors) outcome(v, msg);
        } else if (end - first == 1) {
          outcome(setup, null);
        } else {
          for (int k = first + 1; k < end; k++) {
            Stmt st = s[k];
            var cg = new Got();
            RunCall(m, path, views, st, cg);
            if (!ResultsEqual(st, cg)) {
              outcome(st, Report(st, cg));
            } else if (cg.NoMessage) {
              outcome(st, "FAIL " + file + ":" + st.Line + ": " + st.Op.Name + ": " + StatusNames[cg.Status] +
                              " as expected, but the native message is empty");
            } else {
              outcome(st, null);
            }
          }
        }
      } finally {
        while (views.Count > 0) views.Pop().Dispose();
        if (m != null) m.Dispose();
        if (path != null) {
          try {
            File.Delete(path);
          } catch (Exception e) {
            Console.WriteLine("warning: cannot remove " + path + ": " + e.Message);
          }
        }
      }
      return end;
    }

    static bool RunFile(string path) {
      string name = Path.GetFileName(path);
      List<Stmt> stmts;
      try {
        stmts = ParseFile(path, name);
      } catch (MalformedException e) {
        Console.WriteLine("malformed vector: " + e.Message);
        return false;
      }
      file = name;
      int k = 0;
      while (k < stmts.Count)
        k = RunSection(stmts, k, (st, failure) => {
          if (failure == null) {
            passed++;
          } else {
            Console.WriteLine(failure);
            failed++;
          }
        });
      return true;
    }

    /// <summary>The .vec files of a directory, in byte order of their names (as runner.c).</summary>
    static List<string> VectorFiles(string dir) {
      var files = new List<string>();
      foreach (string f in Directory.GetFiles(dir)) {
        string n = Path.GetFileName(f);
        if (n.EndsWith(".vec", StringComparison.Ordinal) && !n.StartsWith(".", StringComparison.Ordinal)) files.Add(f);
      }
      files.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
      return files;
    }

    /// <summary>
    /// Every vector of the .vec files in dir as a Case named "FILE:LINE op",
    /// for a test runner. A malformed file is one case that fails with the
    /// parser's message; a directory without vectors is an error.
    /// </summary>
    internal static List<Case> Cases(string dir) {
      List<string> files = VectorFiles(dir);
      if (files.Count == 0) throw new FileNotFoundException("conformance: no .vec files in " + dir);
      var cases = new List<Case>();
      foreach (string path in files) {
        string name = Path.GetFileName(path);
        List<Stmt> stmts;
        try {
          stmts = ParseFile(path, name);
        } catch (MalformedException e) {
          string msg = "malformed vector: " + e.Message;
          cases.Add(new Case(name + " (malformed)", () => msg));
          continue;
        }
        // Filled per section when its first vector runs.
        var results = new Dictionary<Stmt, string>();
        var ran = new HashSet<int>();
        for (int first = 0; first < stmts.Count; first = SectionEnd(stmts, first)) {
          int section = first;
          foreach (Stmt v in VectorsOf(stmts, first)) {
            Stmt vector = v;
            string label = name + ":" + v.Line + " " + (v.IsSetup ? "setup" : v.Op.Name);
            cases.Add(new Case(label, () => {
              if (ran.Add(section)) {
                file = name;
                RunSection(stmts, section, (st, failure) => results[st] = failure);
              }
              string failure_;
              if (!results.TryGetValue(vector, out failure_))
                return "FAIL " + name + ":" + vector.Line + ": the runner reported nothing for this vector";
              return failure_;
            }));
          }
        }
      }
      return cases;
    }

    static int Main(string[] args) {
      if (args.Length < 1) {
        Console.Error.WriteLine("usage: mmf-conformance.exe VECTOR_DIR | FILE.vec ...");
        return 2;
      }
      var files = new List<string>();
      if (args.Length == 1 && Directory.Exists(args[0])) {
        files = VectorFiles(args[0]);
        if (files.Count == 0) {
          Console.WriteLine("conformance: no .vec files in " + args[0]);
          return 2;
        }
      } else {
        files.AddRange(args);
      }
      foreach (string f in files)
        if (!RunFile(f)) return 2;
      Console.WriteLine("conformance: " + passed + " passed, " + failed + " failed, 0 skipped");
      return failed != 0 ? 1 : 0;
    }
  }
}
