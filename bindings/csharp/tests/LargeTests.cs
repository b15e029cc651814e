using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>
  /// Sizes over 4 GiB (SWIG maps size_t to uint in C#; csharp.i keeps every size
  /// 64-bit). Anonymous maps are memfd-backed and sized, not reserved: only the
  /// touched pages cost memory.
  /// </summary>
  [TestFixture]
  public unsafe class LargeTests : TempDirFixture {
    const long Big = (5L << 30) + 123;
    const long Far = (4L << 30) + 7; // past every 32-bit offset

    [Test]
    public void PositionsLengthsAndCountsPast4GiB() {
      using (MappedFile mm = MappedFile.Anonymous(Big)) {
        Assert.AreEqual(Big, mm.Length);
        Assert.AreEqual(Big, mm.Size);
        mm.Write(Far, B("needle"));
        Assert.AreEqual("needle", S(mm.Read(Far, 6)));
        Assert.AreEqual(Far, mm.Find(B("needle"), Far - 4096));
        Assert.AreEqual(Far, mm.RFind(B("needle"), Far - 4096));
        Assert.AreEqual(Far, mm.Seek(Far, SeekOrigin.Begin));
        Assert.AreEqual("needle", S(mm.Read(6)));
        Assert.AreEqual(Far + 6, mm.Position);
        Assert.AreEqual(Big, mm.Seek(0, SeekOrigin.End));
        mm.Move(Big - 6, Far, 6);
        Assert.AreEqual("needle", S(mm.Read(Big - 6, 100)));
        mm.Flush(Far, Big - Far);
        mm.Advise(MmfAdvice.DontNeed, Far + 4096, 1L << 32);
        using (View v = mm.CreateView()) {
          Assert.AreEqual(Big, v.Length);
          Assert.AreEqual((byte)'n', v.Pointer[Far]);
#if MMF_SPAN
          Assert.Throws<InvalidOperationException>(() => { int n = v.Span.Length; }, "over 2 GiB");
          Assert.AreEqual("needle", S(v.GetReadOnlySpan(Big - 6, 6).ToArray()));
#endif
          using (UnmanagedMemoryStream s = v.AsStream()) {
            Assert.AreEqual(Big, s.Length);
            s.Position = Far;
            Assert.AreEqual((int)'n', s.ReadByte());
          }
        }
        Stream st = mm.AsStream();
        st.Position = Far + 1;
        Assert.AreEqual((int)'e', st.ReadByte());
        mm.Resize((4L << 30) + 4096);
        Assert.AreEqual((4L << 30) + 4096, mm.Length);
        Assert.AreEqual("needle", S(mm.Read(Far, 6)), "survives a shrink above 4 GiB");
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(Big, 1)); // past the new end
      }
    }

    [Test]
    public void AFileOffsetPast4GiB() {
      string p = Path.Combine(Dir, "sparse.bin");
      using (var f = new FileStream(p, FileMode.CreateNew)) {
        f.SetLength(Far + 100); // sparse: no blocks
        f.Position = Far;
        f.Write(B("far away"), 0, 8);
      }
      using (MappedFile mm = MappedFile.Open(p, MmfAccess.Read, Far, 8)) {
        Assert.AreEqual(8, mm.Length);
        Assert.AreEqual(Far + 100, mm.Size);
        Assert.AreEqual("far away", S(mm.Read()));
      }
    }
  }
}
