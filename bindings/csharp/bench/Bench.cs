// The cost of a C# call next to the runtime's own MemoryMappedViewAccessor:
// a 1-byte read at scattered positions and a 1 MiB bulk read into a byte[],
// on a 16 MiB file in the page cache. Median of 7 runs; a simple harness, so
// read orders of magnitude. Not a test (CTest does not run it):
//   mono build/bindings/csharp/mmf-bench.exe
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.MemoryMappedFiles;
using Mmf;

static class Bench {
  const long FileSize = 16L << 20;
  const int Bulk = 1 << 20;

  static double Median(List<double> v) {
    v.Sort();
    return v[v.Count / 2];
  }

  /// <summary>Runs body(iterations) 7 times; returns the median ns per iteration.</summary>
  static double Measure(Func<int, long> body, int iterations) {
    body(iterations / 10 + 1); // warm up (JIT, page cache)
    var runs = new List<double>();
    long sink = 0;
    for (int r = 0; r < 7; r++) {
      var sw = Stopwatch.StartNew();
      sink += body(iterations);
      sw.Stop();
      runs.Add(sw.Elapsed.TotalMilliseconds * 1e6 / iterations);
    }
    if (sink == 42) Console.WriteLine(); // keep the result alive
    return Median(runs);
  }

  static unsafe int Main() {
    string path = Path.Combine(Path.GetTempPath(), "mmf-bench-" + Guid.NewGuid().ToString("N"));
    try {
      var data = new byte[FileSize];
      new Random(1).NextBytes(data);
      File.WriteAllBytes(path, data);
      var positions = new long[4096];
      var rnd = new Random(2);
      for (int k = 0; k < positions.Length; k++) positions[k] = (long)(rnd.NextDouble() * (FileSize - Bulk));
      byte[] one = new byte[1];
      byte[] bulk = new byte[Bulk];

      using (MappedFile mm = MappedFile.Open(path, MmfAccess.Read))
      using (MemoryMappedFile mmf = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
      using (MemoryMappedViewAccessor acc = mmf.CreateViewAccessor(0, FileSize, MemoryMappedFileAccess.Read))
      using (View view = mm.CreateView()) {
        double mmfByte = Measure(n => {
          long s = 0;
          for (int k = 0; k < n; k++) {
            mm.Read(positions[k & 4095], one, 0, 1);
            s += one[0];
          }
          return s;
        }, 2000000);
        double accByte = Measure(n => {
          long s = 0;
          for (int k = 0; k < n; k++) s += acc.ReadByte(positions[k & 4095]);
          return s;
        }, 2000000);
        byte* p = view.Pointer;
        double viewByte = Measure(n => {
          long s = 0;
          for (int k = 0; k < n; k++) s += p[positions[k & 4095]];
          return s;
        }, 2000000);
        double mmfBulk = Measure(n => {
          long s = 0;
          for (int k = 0; k < n; k++) s += mm.Read(positions[k & 4095], bulk, 0, Bulk);
          return s;
        }, 400);
        double accBulk = Measure(n => {
          long s = 0;
          for (int k = 0; k < n; k++) s += acc.ReadArray(positions[k & 4095], bulk, 0, Bulk);
          return s;
        }, 400);
        Console.WriteLine("runtime: " + (Type.GetType("Mono.Runtime") != null ? "Mono" : ".NET"));
        Console.WriteLine("| operation | MappedFile | MemoryMappedViewAccessor | View pointer |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Format("| 1-byte read at a scattered position | {0:F0} ns | {1:F0} ns | {2:F1} ns |",
                                        mmfByte, accByte, viewByte));
        Console.WriteLine(string.Format("| 1 MiB bulk read into a byte[] | {0:F1} us ({1:F1} GB/s) | {2:F1} us ({3:F1} GB/s) | - |",
                                        mmfBulk / 1000, Bulk / mmfBulk, accBulk / 1000, Bulk / accBulk));
      }
      return 0;
    } finally {
      File.Delete(path);
    }
  }
}
