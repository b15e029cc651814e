using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>
  /// A file truncated under the map: mmf's SIGBUS guard turns the fault into
  /// MmfFaultException and Mono keeps running; a fault outside mmf (through a
  /// View's pointer) is chained to Mono's own handler, not swallowed.
  /// </summary>
  [TestFixture]
  public class FaultTests : TempDirFixture {
    static void Truncate(string p, long n) {
      using (var f = new FileStream(p, FileMode.Open, FileAccess.Write)) f.SetLength(n);
    }

    [Test]
    public void TruncationIsAnMmfFaultAndMonoGoesOn() {
      string p = NewFile(new byte[1 << 20]);
      using (MappedFile mm = MappedFile.Open(p)) {
        mm.Write(100, B("x"));
        Truncate(p, 4096);
        var e = AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Read(200000, 4));
        Assert.IsInstanceOf<IOException>(e);
        StringAssert.Contains("truncated", e.Message);
        // the map remembers: memory-touching calls keep failing cleanly
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Read(0, 4));
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Write(0, B("y")));
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Find(B("x"), 0));
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.CreateView());
        Assert.AreEqual(1 << 20, mm.Length, "length still works");
        Assert.AreEqual(4096, mm.Size);
        mm.Position = 10;
        // Mono is fine: its own signals (a NullReferenceException is a SIGSEGV) and the GC work
        object o = null;
        Assert.Throws<NullReferenceException>(() => o.ToString());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // resize re-establishes the file and the mapping
        mm.Resize(8192);
        Assert.AreEqual("x", S(mm.Read(100, 1)));
        mm.Write(8000, B("ok"));
        Assert.AreEqual("ok", S(mm.Read(8000, 2)));
      }
    }

    [Test]
    public void AFaultOutsideMmfReachesMonosHandler() {
      string child = Path.Combine(Path.GetDirectoryName(typeof(FaultTests).Assembly.Location), "mmf-fault-child.exe");
      Assert.IsTrue(File.Exists(child), child + " is built with the tests");
      string mono = Process.GetCurrentProcess().MainModule.FileName;
      var psi = new ProcessStartInfo(mono, "--debug \"" + child + "\" \"" + Path.Combine(Dir, "child.bin") + "\"");
      psi.UseShellExecute = false;
      psi.RedirectStandardOutput = true;
      psi.RedirectStandardError = true;
      using (Process proc = Process.Start(psi)) {
        var err = proc.StandardError.ReadToEndAsync();
        string output = proc.StandardOutput.ReadToEnd();
        Assert.IsTrue(proc.WaitForExit(120000), "the child hangs");
        string all = output + err.Result;
        StringAssert.Contains("guarded: Fault", all, "the guarded read became MmfFaultException");
        StringAssert.Contains("touching the View", all);
        StringAssert.DoesNotContain("not swallowed?", all, "the unguarded fault must not return");
        StringAssert.Contains("Native Crash Reporting", all, "Mono's handler saw the unguarded fault");
        Assert.AreNotEqual(0, proc.ExitCode);
      }
    }
  }
}
