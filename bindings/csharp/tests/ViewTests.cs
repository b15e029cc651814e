using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  [TestFixture]
  public unsafe class ViewTests : TempDirFixture {
    [Test]
    public void PointerStreamAndSpanSeeTheMap() {
      using (MappedFile mm = MappedFile.Open(NewFile("hello world"))) {
        using (View v = mm.CreateView()) {
          Assert.AreEqual(11, v.Length);
          Assert.IsFalse(v.IsReadOnly);
          Assert.AreEqual((byte)'h', v.Pointer[0]);
          Assert.AreEqual((IntPtr)v.Pointer, v.Address);
          v.Pointer[0] = (byte)'H';
          Assert.AreEqual("Hello", S(mm.Read(0, 5)), "zero copy: the map sees the write");
          using (UnmanagedMemoryStream s = v.AsStream()) {
            Assert.IsTrue(s.CanWrite);
            Assert.AreEqual(11, s.Length);
            s.Position = 6;
            s.Write(B("W"), 0, 1);
            var buf = new byte[11];
            s.Position = 0;
            Assert.AreEqual(11, s.Read(buf, 0, 11));
            Assert.AreEqual("Hello World", S(buf));
            Assert.Throws<NotSupportedException>(() => s.Write(new byte[1], 0, 1), "cannot grow");
          }
#if MMF_SPAN
          Span<byte> span = v.Span;
          Assert.AreEqual(11, span.Length);
          span[10] = (byte)'D';
          Assert.AreEqual((byte)'o', v.ReadOnlySpan[4]);
          Assert.AreEqual((byte)'W', v.GetSpan(6, 5)[0]);
          Assert.AreEqual(0, v.GetReadOnlySpan(11, 0).Length);
          Assert.Throws<ArgumentOutOfRangeException>(() => v.GetSpan(-1, 1));
          Assert.Throws<ArgumentOutOfRangeException>(() => v.GetSpan(12, 0));
          Assert.Throws<ArgumentOutOfRangeException>(() => v.GetSpan(5, 7));
          Assert.Throws<ArgumentOutOfRangeException>(() => v.GetReadOnlySpan(0, -1));
          Assert.AreEqual("Hello WorlD", S(mm.Read(0, 11)));
#endif
        }
      }
    }

    [Test]
    public void AViewPinsTheMap() {
      MappedFile mm = MappedFile.Anonymous(100);
      View v1 = mm.CreateView();
      View v2 = mm.CreateView(); // views nest
      var e = AssertStatus<MmfBusyException>(MmfStatus.Busy, () => mm.Dispose());
      Assert.IsInstanceOf<InvalidOperationException>(e);
      AssertStatus<MmfBusyException>(MmfStatus.Busy, () => mm.Resize(200));
      Assert.IsFalse(mm.IsClosed, "a refused Dispose leaves the map open");
      mm.Write(0, B("still usable"));
      v1.Dispose();
      v1.Dispose(); // once only
      AssertStatus<MmfBusyException>(MmfStatus.Busy, () => mm.Dispose());
      v2.Dispose();
      mm.Resize(200);
      mm.Dispose();
      Assert.IsTrue(mm.IsClosed);
      Assert.IsTrue(mm.HandleReleased);
    }

    [Test]
    public void ADisposedViewRefusesAccessAndClosesItsStreams() {
      using (MappedFile mm = MappedFile.Anonymous(64)) {
        View v = mm.CreateView();
        UnmanagedMemoryStream s = v.AsStream();
        v.Dispose();
        Assert.IsTrue(v.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => { IntPtr a = v.Address; });
        Assert.Throws<ObjectDisposedException>(() => { byte* p = v.Pointer; });
        Assert.Throws<ObjectDisposedException>(() => v.AsStream());
        Assert.Throws<ObjectDisposedException>(() => s.ReadByte(), "the stream went with the View");
#if MMF_SPAN
        Assert.Throws<ObjectDisposedException>(() => { int n = v.Span.Length; });
        Assert.Throws<ObjectDisposedException>(() => v.GetReadOnlySpan(0, 1));
#endif
      }
    }

    [Test]
    public void ReadOnlyMapsGiveReadOnlyViews() {
      using (MappedFile mm = MappedFile.Open(NewFile("abc"), MmfAccess.Read))
      using (View v = mm.CreateView()) {
        Assert.IsTrue(v.IsReadOnly);
        using (UnmanagedMemoryStream s = v.AsStream()) {
          Assert.IsFalse(s.CanWrite);
          Assert.Throws<NotSupportedException>(() => s.WriteByte(1));
          Assert.AreEqual((int)'a', s.ReadByte());
        }
#if MMF_SPAN
        Assert.Throws<NotSupportedException>(() => { int n = v.Span.Length; });
        Assert.Throws<NotSupportedException>(() => v.GetSpan(0, 1));
        Assert.AreEqual((byte)'c', v.ReadOnlySpan[2]);
#endif
      }
    }

    [Test]
    public void AnEmptyMapHasAnEmptyView() {
      using (MappedFile mm = MappedFile.Anonymous(10)) {
        mm.Resize(0);
        using (View v = mm.CreateView()) {
          Assert.AreEqual(0, v.Length);
          using (var s = v.AsStream()) Assert.AreEqual(-1, s.ReadByte());
#if MMF_SPAN
          Assert.AreEqual(0, v.ReadOnlySpan.Length);
#endif
        }
      }
    }

    [Test]
    public void AnUnreachableViewIsReleasedByItsFinalizer() {
      MappedFile mm = MappedFile.Anonymous(10);
      MakeGarbageView(mm);
      for (int k = 0; k < 10; k++) {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try {
          mm.Resize(20);
          break;
        } catch (MmfBusyException) {
          if (k == 9) throw;
        }
      }
      Assert.AreEqual(20, mm.Length);
      mm.Dispose();
      Assert.IsTrue(mm.HandleReleased, "the View's reference was released too");
    }

    static void MakeGarbageView(MappedFile mm) {
      View v = mm.CreateView();
      Assert.AreEqual(10, v.Length);
    }
  }
}
