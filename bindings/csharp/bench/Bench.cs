// mmf's C# binding next to the runtime's own MemoryMappedViewAccessor on the
// same page-cached file: 1-byte and 1 MiB positional reads at random positions
// (MappedFile.Read: one P/Invoke call, the library's lock and fault guard), a
// sum over every byte through the zero-copy View against the same sum over the
// accessor's mapped memory, and Find of an absent 8-byte needle against a loop
// over the accessor's memory; 8-byte integer reads (MappedFile.ReadInt64
// against MemoryMappedViewAccessor.ReadInt64) at the 4 Mi random positions of
// bench/c/bench_c.cpp's BM_read_at_random8_* (mt19937_64, seed 7); and the
// floor, a P/Invoke of a glue function that does nothing.
//
// A simple harness: each contender is warmed up (at least 1 s and 5 batches)
// and its batch calibrated to about 150 ms; then the contenders of one
// operation are timed in turn, one batch each per repetition, so that a change
// in the machine's load hits both sides alike. The mean, standard deviation and
// coefficient of variation over the repetitions go to a JSON file in Google
// Benchmark's aggregate shape (bench/report.py reads it). Not a test (CTest
// does not run it):
//   mono build/bindings/csharp/mmf-bench.exe [DATA_FILE [OUT.json [REPETITIONS]]]
// (bench/csharp/run.sh). Without a data file it makes a 16 MiB one of random
// lowercase text and only prints the table.
//   mono mmf-bench.exe --breakdown DATA_FILE
// prints what one call costs layer by layer (README, "What a call costs").
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Mmf;

// std::mt19937_64, so that the positions are those of the C benchmark.
sealed class Mt19937_64 {
  const int N = 312, M = 156;
  const ulong Upper = 0xFFFFFFFF80000000UL, Lower = 0x7FFFFFFFUL;
  readonly ulong[] mt = new ulong[N];
  int i = N;

  public Mt19937_64(ulong seed) {
    mt[0] = seed;
    for (int k = 1; k < N; k++) mt[k] = unchecked(6364136223846793005UL * (mt[k - 1] ^ (mt[k - 1] >> 62)) + (ulong)k);
  }

  public ulong Next() {
    if (i >= N) {
      for (int k = 0; k < N; k++) {
        ulong x = (mt[k] & Upper) | (mt[(k + 1) % N] & Lower);
        ulong xa = x >> 1;
        if ((x & 1) != 0) xa ^= 0xB5026F5AA96619E9UL;
        mt[k] = mt[(k + M) % N] ^ xa;
      }
      i = 0;
    }
    ulong y = mt[i++];
    y ^= (y >> 29) & 0x5555555555555555UL;
    y ^= (y << 17) & 0x71D67FFFEDA60000UL;
    y ^= (y << 37) & 0xFFF7EEE000000000UL;
    y ^= y >> 43;
    return y;
  }
}

static class Bench {
  const int Mib = 1 << 20;
  const int Positions = 1 << 16; // random positions, reused cyclically
  const double CalibrateNs = 20e6, TargetNs = 150e6, WarmupNs = 1e9;
  const int WarmupBatches = 5;
  // The same rare needle as bench/c/bench_c.cpp: uppercase, absent from lowercase text.
  static readonly byte[] Needle = Encoding.ASCII.GetBytes("QZXJKVQZ");

  static long sink;

  sealed class Result {
    public string Name;
    public double[] Ns;
    public long Iters, BytesPerOp;
    public double Mean {
      get {
        double s = 0;
        foreach (double v in Ns) s += v;
        return s / Ns.Length;
      }
    }
    public double StdDev {
      get {
        if (Ns.Length < 2) return 0;
        double m = Mean, s = 0;
        foreach (double v in Ns) s += (v - m) * (v - m);
        return Math.Sqrt(s / (Ns.Length - 1));
      }
    }
  }

  static readonly List<Result> Results = new List<Result>();

  static double Time(Func<long, long> body, long iters) {
    var sw = Stopwatch.StartNew();
    sink += body(iters);
    sw.Stop();
    return sw.Elapsed.Ticks * (1e9 / TimeSpan.TicksPerSecond);
  }

  // Batches doubling until one takes 20 ms, then repeated for at least 1 s and
  // 5 batches in all; returns the batch size that takes about 150 ms.
  static long WarmUp(Func<long, long> body) {
    long iters = 1;
    int batches = 0;
    var total = Stopwatch.StartNew();
    while (true) {
      double t = Time(body, iters);
      if (t < CalibrateNs && iters < (1L << 40)) {
        iters *= 2;
      } else if (++batches >= WarmupBatches && total.Elapsed.TotalMilliseconds * 1e6 >= WarmupNs) {
        break;
      }
    }
    double tw = Time(body, iters);
    return Math.Max(1, (long)(iters * TargetNs / Math.Max(tw, 1)));
  }

  static void Compare(string op, long bytesPerOp, int reps, string[] impls, Func<long, long>[] bodies) {
    var iters = new long[bodies.Length];
    for (int i = 0; i < bodies.Length; i++) iters[i] = WarmUp(bodies[i]);
    var ns = new double[bodies.Length][];
    for (int i = 0; i < bodies.Length; i++) ns[i] = new double[reps];
    for (int r = 0; r < reps; r++)
      for (int i = 0; i < bodies.Length; i++) ns[i][r] = Time(bodies[i], iters[i]) / iters[i];
    for (int i = 0; i < bodies.Length; i++) {
      var res = new Result { Name = "csharp/" + op + "/" + impls[i], Ns = ns[i], Iters = iters[i], BytesPerOp = bytesPerOp };
      Results.Add(res);
      Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-30} {1,16:F1} ns  cv {2,5:F1}%  ({3} x {4})",
                                      res.Name, res.Mean, 100 * res.StdDev / res.Mean, reps, iters[i]));
    }
  }

  // The sum of every byte: the same code for both sides (a pointer loop).
  static unsafe long Sum(byte* p, long n) {
    long s = 0;
    for (long i = 0; i < n; i++) s += p[i];
    return s;
  }

  // A plain loop over the accessor's memory: first byte, then the rest.
  static unsafe long FindLoop(byte* p, long n, byte[] nd) {
    long last = n - nd.Length;
    byte first = nd[0];
    for (long i = 0; i <= last; i++) {
      if (p[i] != first) continue;
      int j = 1;
      while (j < nd.Length && p[i + j] == nd[j]) j++;
      if (j == nd.Length) return i;
    }
    return -1;
  }

  static void WriteJson(string path, string runtime) {
    var inv = CultureInfo.InvariantCulture;
    var sb = new StringBuilder();
    sb.Append("{\"context\": {\"runtime\": \"").Append(runtime).Append("\", \"libmmf\": \"")
      .Append(MappedFile.NativeVersion).Append("\"},\n \"benchmarks\": [\n");
    string[] names = { "mean", "stddev", "cv" };
    bool first = true;
    foreach (var r in Results) {
      double mean = r.Mean, sd = r.StdDev;
      double[] aggs = { mean, sd, mean > 0 ? sd / mean : 0 };
      for (int k = 0; k < 3; k++) {
        if (!first) sb.Append(",\n");
        first = false;
        sb.Append(string.Format(inv,
          "  {{\"name\": \"{0}_{1}\", \"run_name\": \"{0}\", \"run_type\": \"aggregate\", \"aggregate_name\": \"{1}\", " +
          "\"real_time\": {2:R}, \"time_unit\": \"ns\", \"repetitions\": {3}, \"iterations\": {4}",
          r.Name, names[k], aggs[k], r.Ns.Length, r.Iters));
        if (k == 0) sb.Append(string.Format(inv, ", \"bytes_per_second\": {0:R}", r.BytesPerOp / (mean / 1e9)));
        sb.Append("}");
      }
    }
    sb.Append("\n ]}\n");
    File.WriteAllText(path, sb.ToString());
  }

  static int Main(string[] args) {
    if (args.Length == 2 && args[0] == "--breakdown") return Breakdown(args[1]);
    string path = args.Length > 0 ? args[0] : null;
    string tmp = null;
    if (path == null) {
      tmp = Path.Combine(Path.GetTempPath(), "mmf-bench-" + Guid.NewGuid().ToString("N"));
      var text = new byte[16 * Mib];
      var rnd = new Random(42);
      for (int k = 0; k < text.Length; k++) text[k] = (byte)('a' + rnd.Next(26));
      File.WriteAllBytes(tmp, text);
      path = tmp;
    }
    int reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    try {
      string runtime = Run(path, reps);
      if (args.Length > 1) WriteJson(args[1], runtime);
      Console.WriteLine("(sink " + sink + ")");
      return 0;
    } finally {
      if (tmp != null) File.Delete(tmp);
    }
  }

  // One layer per line, at a hot position (the same 8 bytes every call), so
  // that memory is out of the picture; best of 7 batches of 10 M calls.
  static void Layer(string name, Func<long, long> body) {
    const long n = 10000000;
    body(n / 10);
    double best = double.MaxValue;
    for (int r = 0; r < 7; r++) {
      var sw = Stopwatch.StartNew();
      sink += body(n);
      sw.Stop();
      best = Math.Min(best, sw.Elapsed.Ticks * (1e9 / TimeSpan.TicksPerSecond) / n);
    }
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-66} {1,7:F1} ns", name, best));
  }

  sealed class NoHandle : SafeHandle {
    public NoHandle() : base(IntPtr.Zero, true) {
      SetHandle((IntPtr)1);
    }
    public override bool IsInvalid {
      get { return handle == IntPtr.Zero; }
    }
    protected override bool ReleaseHandle() {
      return true;
    }
  }

  static int counter;

  static unsafe int Breakdown(string path) {
    const long pos = 4096;
    long len = new FileInfo(path).Length;
    Console.WriteLine("per call, hot position; Mono suspend mode: " + (Environment.GetEnvironmentVariable("MONO_THREADS_SUSPEND") ?? "default"));
    using (MappedFile mm = MappedFile.Open(path, MmfAccess.Read))
    using (MemoryMappedFile mmf = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
    using (MemoryMappedViewAccessor acc = mmf.CreateViewAccessor(0, len, MemoryMappedFileAccess.Read)) {
      var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
      var map = (NativeMap)typeof(MappedFile).GetField("map", flags).GetValue(mm);
      var handle = (SafeHandle)typeof(MappedFile).GetField("handle", flags).GetValue(mm);
      IntPtr raw = handle.DangerousGetHandle();
      var nh = new NoHandle();
      byte[] one = new byte[1], eight = new byte[8];
      Layer("crossing: P/Invoke of a glue function doing nothing (the floor)", n => {
        for (long k = 0; k < n; k++) NativeFast.Noop();
        return n;
      });
      Layer("crossing + SWIG's pending-exception check (MappedFile.PageSize)", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += MappedFile.PageSize;
        return s;
      });
      Layer("lifetime: SafeHandle DangerousAddRef + DangerousRelease", n => {
        long s = 0;
        for (long k = 0; k < n; k++) {
          bool a = false;
          try {
            nh.DangerousAddRef(ref a);
            s++;
          } finally {
            if (a) nh.DangerousRelease();
          }
        }
        return s;
      });
      Layer("lifetime: Interlocked.Increment + Decrement (the fast calls)", n => {
        long s = 0;
        for (long k = 0; k < n; k++) {
          Interlocked.Increment(ref counter);
          try {
            s++;
          } finally {
            Interlocked.Decrement(ref counter);
          }
        }
        return s;
      });
      Layer("before, 1 B: SWIG read_at (HandleRef, pinned array struct, 4 KiB error record)", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += (long)map.read_at(pos, one, 0, 1);
        return s;
      });
      Layer("before, 1 B: + SafeHandle (the old MappedFile.Read(long, byte[], int, int))", n => {
        long s = 0;
        for (long k = 0; k < n; k++) {
          bool a = false;
          try {
            handle.DangerousAddRef(ref a);
            s += (long)map.read_at(pos, one, 0, 1);
          } finally {
            if (a) handle.DangerousRelease();
          }
        }
        return s;
      });
      Layer("before, 8 B integer: the same for 8 bytes + BitConverter.ToInt64", n => {
        long s = 0;
        for (long k = 0; k < n; k++) {
          bool a = false;
          try {
            handle.DangerousAddRef(ref a);
            map.read_at(pos, eight, 0, 8);
          } finally {
            if (a) handle.DangerousRelease();
          }
          s += BitConverter.ToInt64(eight, 0);
        }
        return s;
      });
      Layer("before, 8 B integer: MappedFile.Read(pos, 8) (allocates) + BitConverter", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += BitConverter.ToInt64(mm.Read(pos, 8), 0);
        return s;
      });
      Layer("after: blittable P/Invoke mmf_cs_read_exact, 8 B (no lifetime)", n => {
        long s = 0, v = 0;
        for (long k = 0; k < n; k++) {
          NativeFast.ReadExact(raw, pos, &v, 8);
          s += v;
        }
        return s;
      });
      Layer("after, 8 B integer: MappedFile.ReadInt64", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += mm.ReadInt64(pos);
        return s;
      });
      Layer("after, 8 B integer: MappedFile.Read<long>", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += mm.Read<long>(pos);
        return s;
      });
      Layer("after, 1 B: MappedFile.Read(long, byte[], int, int)", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += mm.Read(pos, one, 0, 1);
        return s;
      });
      Layer("after, 1 B: MappedFile.ReadByte(long)", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += mm.ReadByte(pos);
        return s;
      });
      Layer("peer: MemoryMappedViewAccessor.ReadInt64", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += acc.ReadInt64(pos);
        return s;
      });
      Layer("peer: MemoryMappedViewAccessor.ReadByte", n => {
        long s = 0;
        for (long k = 0; k < n; k++) s += acc.ReadByte(pos);
        return s;
      });
    }
    Console.WriteLine("(sink " + sink + ")");
    return 0;
  }

  static unsafe string Run(string path, int reps) {
    long len = new FileInfo(path).Length;
    if (len < Mib || len > int.MaxValue) throw new ArgumentException("the data file must hold 1 MiB to 2 GiB: " + len);
    Type mono = Type.GetType("Mono.Runtime");
    string runtime = mono != null
      ? "Mono " + mono.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static).Invoke(null, null)
      : ".NET " + Environment.Version;
    Console.WriteLine("file: {0} MiB, libmmf {1}, {2}, {3} repetitions", len / Mib, MappedFile.NativeVersion, runtime, reps);

    var rnd = new Random(1);
    var pos1 = new long[Positions];
    var pos1m = new long[Positions];
    for (int k = 0; k < Positions; k++) {
      pos1[k] = rnd.Next((int)len);
      pos1m[k] = rnd.Next((int)(len - Mib + 1));
    }
    const int mask = Positions - 1;
    // bench_c.cpp's random_positions(): 4 Mi draws of mt19937_64(7) % (size - 8).
    const int Positions8 = 1 << 22;
    var pos8 = new long[Positions8];
    var mt = new Mt19937_64(7);
    for (int k = 0; k < Positions8; k++) pos8[k] = (long)(mt.Next() % (ulong)(len - 8));
    const int mask8 = Positions8 - 1;
    byte[] one = new byte[1];
    byte[] bulk = new byte[Mib];

    using (MappedFile mm = MappedFile.Open(path, MmfAccess.Read))
    using (MemoryMappedFile mmf = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
    using (MemoryMappedViewAccessor acc = mmf.CreateViewAccessor(0, len, MemoryMappedFileAccess.Read))
    using (View view = mm.CreateView()) {
      byte* vp = view.Pointer;
      byte* ap = null;
      acc.SafeMemoryMappedViewHandle.AcquirePointer(ref ap);
      try {
        // The two sides must agree before they are timed.
        if (Sum(vp, len) != Sum(ap, len)) throw new Exception("view and accessor sums differ");
        long a = mm.Find(Needle, 0), b = FindLoop(ap, len, Needle);
        if (a != b) throw new Exception("Find: mmf " + a + ", loop " + b);

        // "view": the View's pointer, per call (not a report row; the per-call cost).
        Compare("read_1", 1, reps, new[] { "mmf", "viewaccessor", "view" }, new Func<long, long>[] {
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) {
              mm.Read(pos1[k & mask], one, 0, 1);
              s += one[0];
            }
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += acc.ReadByte(pos1[k & mask]);
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += vp[pos1[k & mask]];
            return s;
          } });
        long sumMmf = 0, sumAcc = 0;
        for (int k = 0; k < 1000; k++) {
          sumMmf += mm.ReadInt64(pos8[k]);
          sumAcc += acc.ReadInt64(pos8[k]);
        }
        if (sumMmf != sumAcc) throw new Exception("ReadInt64: mmf and the accessor differ");
        Compare("read_u64", 8, reps, new[] { "mmf", "viewaccessor" }, new Func<long, long>[] {
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += mm.ReadInt64(pos8[k & mask8]);
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += acc.ReadInt64(pos8[k & mask8]);
            return s;
          } });
        Compare("noop", 0, reps, new[] { "mmf" }, new Func<long, long>[] {
          n => {
            for (long k = 0; k < n; k++) NativeFast.Noop();
            return n;
          } });
        Compare("read_1m", Mib, reps, new[] { "mmf", "viewaccessor" }, new Func<long, long>[] {
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += mm.Read(pos1m[k & mask], bulk, 0, Mib);
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += acc.ReadArray(pos1m[k & mask], bulk, 0, Mib);
            return s;
          } });
        Compare("view_scan", len, reps, new[] { "mmf", "viewaccessor" }, new Func<long, long>[] {
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += Sum(vp, len);
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += Sum(ap, len);
            return s;
          } });
        Compare("find", len, reps, new[] { "mmf", "viewaccessor" }, new Func<long, long>[] {
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += mm.Find(Needle, 0);
            return s;
          },
          n => {
            long s = 0;
            for (long k = 0; k < n; k++) s += FindLoop(ap, len, Needle);
            return s;
          } });
      } finally {
        acc.SafeMemoryMappedViewHandle.ReleasePointer();
      }
    }
    return runtime;
  }
}
