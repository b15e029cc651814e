using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>
  /// Many threads on one MappedFile while another disposes it: no crash, no
  /// use of a freed handle (MALLOC_PERTURB_ poisons freed memory under CTest),
  /// and only the documented exception (ObjectDisposedException, as
  /// MmfClosedException) once the map is gone.
  /// </summary>
  [TestFixture]
  public class ConcurrencyTests : TempDirFixture {
    const int Threads = 8;

    static void Work(MappedFile mm, int id, Random rnd, byte[] buf) {
      switch (rnd.Next(12)) {
        case 0:
          mm.Read(rnd.Next(4096), buf, 0, buf.Length);
          break;
        case 1:
          mm.Write(rnd.Next(4096 - buf.Length), buf, 0, buf.Length);
          break;
        case 2:
          mm.Find(new byte[] { (byte)id, 1 }, 0);
          break;
        case 3:
          mm.Position = rnd.Next(4096);
          mm.Read(8);
          break;
        case 4: {
          long n = mm.Length;
          if (n != 4096) throw new InvalidOperationException("length " + n);
          break;
        }
        case 5:
          mm.Flush(0, 0, true);
          break;
        case 6:
          using (View v = mm.CreateView()) {
            if (v.Length != 4096) throw new InvalidOperationException("view length " + v.Length);
          }
          break;
        case 7: {
          Stream s = mm.AsStream();
          s.Position = rnd.Next(4096);
          s.ReadByte();
          break;
        }
        case 8:
          mm.Move(rnd.Next(2048), rnd.Next(2048), 1024);
          break;
        case 9:
          mm.RFind(new byte[] { 9 }, 0);
          break;
        case 10:
          if (mm.IsClosed) return;
          break;
        default:
          mm.ReadLine(16);
          break;
      }
    }

    [Test]
    public void CallsRacingDispose([Values(0, 1, 2, 3, 4)] int round) {
      MappedFile mm = MappedFile.Anonymous(4096);
      var errors = new List<Exception>();
      int disposedSeen = 0, callsDone = 0;
      var start = new ManualResetEvent(false);
      var threads = new List<Thread>();
      for (int t = 0; t < Threads; t++) {
        int id = t;
        var th = new Thread(() => {
          var rnd = new Random(id * 7919 + round);
          var buf = new byte[64];
          start.WaitOne();
          for (int k = 0; k < 200000; k++) {
            try {
              Work(mm, id, rnd, buf);
              Interlocked.Increment(ref callsDone);
            } catch (ObjectDisposedException e) {
              if (!(e is MmfClosedException)) lock (errors) errors.Add(e);
              Interlocked.Increment(ref disposedSeen);
              return; // disposed: every later call would say so too
            } catch (MmfBusyException) {
              // Dispose (or nothing: no Resize here) while this thread held a View: expected
            } catch (Exception e) {
              lock (errors) errors.Add(e);
              return;
            }
          }
        });
        th.Start();
        threads.Add(th);
      }
      start.Set();
      Thread.Sleep(20 + 10 * round);
      // Dispose fails with InvalidOperationException while a worker holds a View: retry.
      for (int k = 0; ; k++) {
        try {
          mm.Dispose();
          break;
        } catch (MmfBusyException) {
          if (k > 100000) throw;
          Thread.Yield();
        }
      }
      foreach (Thread th in threads) Assert.IsTrue(th.Join(60000), "a worker hangs");
      if (errors.Count > 0) Assert.Fail(errors.Count + " unexpected exception(s), first: " + errors[0]);
      Assert.Greater(callsDone, 0, "the workers ran before the Dispose");
      Assert.AreEqual(Threads, disposedSeen, "every worker saw the map disposed");
      Assert.IsTrue(mm.IsClosed);
      Assert.IsTrue(mm.HandleReleased, "mmf_free ran once the last call returned");
    }

    [Test]
    public void TheHandleOutlivesDisposeUntilTheLastCallReturns() {
      MappedFile mm = MappedFile.Anonymous(1 << 24);
      var go = new ManualResetEvent(false);
      Exception seen = null;
      long rounds = 0;
      var reader = new Thread(() => {
        var big = new byte[1 << 24];
        go.Set();
        try {
          for (;;) {
            mm.Read(0, big, 0, big.Length); // 16 MiB copies: long calls in flight
            Interlocked.Increment(ref rounds);
          }
        } catch (Exception e) {
          seen = e;
        }
      });
      reader.Start();
      go.WaitOne();
      while (Interlocked.Read(ref rounds) == 0) Thread.Sleep(1);
      mm.Dispose();
      Assert.IsTrue(reader.Join(60000));
      Assert.IsInstanceOf<MmfClosedException>(seen);
      Assert.IsTrue(mm.HandleReleased);
    }
  }
}
