using System;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>
  /// C# and C share a named map across processes and run the ping-pong protocol of
  /// tests/named/protocol.h (tests/named/README.md) in both roles, against the C program
  /// named_peer (its path is the environment variable MMF_NAMED_PEER). CTest:
  /// csharp.named.cross. The fixture name does not end in "Tests", so the csharp.unit.*
  /// loop skips it: it needs the peer.
  ///
  /// Synchronisation: the turn counter at bytes [0, 4) is read with Volatile.Read (an
  /// acquire load) and written with Volatile.Write (a release store) on an int* into the
  /// View's memory (the C side uses __atomic_load_n / __atomic_store_n with ACQUIRE /
  /// RELEASE on the same bytes; an aligned 32-bit access is atomic). The message is written
  /// with MappedFile.Write (mmf_write_at) before the release store that publishes the turn,
  /// and read after the acquire load that sees it; only the side whose turn it is writes.
  /// </summary>
  [TestFixture]
  public unsafe class NamedCross {
    const int Rounds = 200;
    const int WaitMs = 20000;

    static string Peer() {
      string p = Environment.GetEnvironmentVariable("MMF_NAMED_PEER");
      Assert.IsNotNull(p, "set MMF_NAMED_PEER to the path of named_peer");
      return p;
    }

    static string Name(string tag) {
      return "mmfcsx" + Process.GetCurrentProcess().Id + "_" + tag;
    }

    static Process Start(string mode, string name) {
      var psi = new ProcessStartInfo(Peer(), mode + " " + name + " " + Rounds);
      psi.UseShellExecute = false;
      psi.RedirectStandardOutput = false;
      psi.RedirectStandardError = false;
      return Process.Start(psi);
    }

    static void Finish(Process p, string what) {
      Assert.IsTrue(p.WaitForExit(30000), what + " did not exit");
      Assert.AreEqual(0, p.ExitCode, what + " failed (its reason is on stderr)");
    }

    static void Kill(Process p) {
      try {
        if (!p.HasExited) p.Kill();
      } catch (InvalidOperationException) {
        // it exited meanwhile
      }
      p.Dispose();
    }

    [Test, Timeout(90000)]
    public void CSharpCreatesAndCOpens() {
      string n = Name("sc");
      MappedFile.UnlinkNamed(n);
      Process p = null;
      try {
        using (MappedFile m = MappedFile.Named(n, 4096, flags: MmfOpenFlags.Exclusive)) {
          p = Start("pingpong", n);
          Play(m, true);
          Finish(p, "named_peer pingpong");
        }
      } finally {
        if (p != null) Kill(p);
        MappedFile.UnlinkNamed(n);
      }
    }

    [Test, Timeout(90000)]
    public void CCreatesAndCSharpOpens() {
      string n = Name("cs");
      MappedFile.UnlinkNamed(n);
      Process p = Start("serve", n);
      try {
        using (MappedFile m = OpenWhenCreated(n, p)) {
          Play(m, false);
        }
        Finish(p, "named_peer serve");
      } finally {
        Kill(p);
        MappedFile.UnlinkNamed(n);
      }
    }

    [Test]
    public void TheProtocolCatchesAWrongMessage() {
      // The checks of Play can fail: a message that does not follow the protocol is refused.
      string n = Name("neg");
      try {
        using (MappedFile m = MappedFile.Named(n, 4096, flags: MmfOpenFlags.Exclusive)) {
          PutMessage(m, "creator:7");
          using (View v = m.CreateView()) {
            Volatile.Write(ref *(int*)v.Pointer, 1);
          }
          var e = Assert.Throws<AssertionException>(() => Play(m, false));
          StringAssert.Contains("creator:1", e.Message);
        }
      } finally {
        MappedFile.UnlinkNamed(n);
      }
    }

    /// <summary>Opens n (length 0: open only) once the C creator has made it.</summary>
    static MappedFile OpenWhenCreated(string n, Process creator) {
      var clock = Stopwatch.StartNew();
      while (true) {
        try {
          return MappedFile.Named(n, 0);
        } catch (System.IO.FileNotFoundException) {
          if (creator.HasExited) Assert.Fail("named_peer serve exited (" + creator.ExitCode + ") before " + n + " could be opened");
          if (clock.ElapsedMilliseconds > WaitMs) throw;
          Thread.Sleep(5);
        }
      }
    }

    /// <summary>One side of protocol.h: the creator takes the odd turns, the opener the even ones.</summary>
    static void Play(MappedFile m, bool creator) {
      string me = creator ? "creator" : "opener";
      string other = creator ? "opener" : "creator";
      using (View v = m.CreateView()) {
        Assert.GreaterOrEqual(v.Length, 64);
        int* turn = (int*)v.Pointer;
        for (int t = creator ? 1 : 2; t <= 2 * Rounds; t += 2) {
          AwaitTurn(turn, t - 1, me);
          if (t > 1) Assert.AreEqual(other + ":" + (t - 1), Message(m), me + ", turn " + t);
          PutMessage(m, me + ":" + t);
          Volatile.Write(ref *turn, t); // publishes the message written before it
        }
        if (creator) {
          AwaitTurn(turn, 2 * Rounds, me);
          Assert.AreEqual("opener:" + (2 * Rounds), Message(m), "the last message");
        }
      }
    }

    static void AwaitTurn(int* turn, int want, string who) {
      var clock = Stopwatch.StartNew();
      int seen;
      while ((seen = Volatile.Read(ref *turn)) != want) {
        if (clock.ElapsedMilliseconds > WaitMs) Assert.Fail(who + ": timed out waiting for turn " + want + " (turn is " + seen + ")");
        Thread.Sleep(0);
      }
    }

    static void PutMessage(MappedFile m, string msg) {
      byte[] b = System.Text.Encoding.ASCII.GetBytes(msg);
      m.Write(16, b);
      m.Write(8, new[] { (byte)b.Length, (byte)(b.Length >> 8), (byte)(b.Length >> 16), (byte)(b.Length >> 24) });
    }

    static string Message(MappedFile m) {
      byte[] l = m.Read(8, 4);
      int n = l[0] | l[1] << 8 | l[2] << 16 | l[3] << 24;
      Assert.IsTrue(n >= 0 && n <= 48, "message length " + n);
      return System.Text.Encoding.ASCII.GetString(m.Read(16, n));
    }
  }
}
