// Child process of FaultTests.AFaultOutsideMmfReachesMonosHandler: a guarded
// read of a truncated file (MmfFaultException, the process goes on), then a
// read through a View's raw pointer, which mmf does not guard: mmf's SIGBUS
// handler must chain it to Mono's, which reports a native crash and aborts.
using System;
using System.IO;
using Mmf;

static unsafe class FaultChild {
  static int Main(string[] args) {
    string p = args[0];
    File.WriteAllBytes(p, new byte[1 << 20]);
    using (MappedFile guarded = MappedFile.Open(p))
    using (MappedFile raw = MappedFile.Open(p)) {
      View v = raw.CreateView();
      using (var f = new FileStream(p, FileMode.Open, FileAccess.Write)) f.SetLength(4096);
      try {
        guarded.Read(200000, 4);
        Console.WriteLine("guarded: no fault");
      } catch (MmfFaultException e) {
        Console.WriteLine("guarded: " + e.Status);
      }
      Console.WriteLine("touching the View");
      Console.Out.Flush();
      int b = v.Pointer[300000];
      Console.WriteLine("not swallowed? read " + b);
      v.Dispose();
    }
    return 0;
  }
}
