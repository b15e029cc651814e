using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  [TestFixture]
  public class StreamTests : TempDirFixture {
    [Test]
    public void ASeekableStreamWithItsOwnPosition() {
      string p = NewFile("0123456789");
      using (MappedFile mm = MappedFile.Open(p))
      using (Stream s = mm.AsStream()) {
        Assert.IsTrue(s.CanRead);
        Assert.IsTrue(s.CanSeek);
        Assert.IsTrue(s.CanWrite);
        Assert.AreEqual(10, s.Length);
        mm.Position = 7;
        var buf = new byte[4];
        Assert.AreEqual(4, s.Read(buf, 0, 4));
        Assert.AreEqual("0123", S(buf));
        Assert.AreEqual(7, mm.Position, "the map's cursor is not used");
        Assert.AreEqual(8, s.Seek(-2, SeekOrigin.End));
        Assert.AreEqual(2, s.Read(buf, 0, 4), "short at the end");
        Assert.AreEqual(0, s.Read(buf, 0, 4));
        Assert.AreEqual(-1, s.ReadByte());
        s.Position = 100; // past the end is allowed for a Stream
        Assert.AreEqual(0, s.Read(buf, 0, 4));
        Assert.Throws<NotSupportedException>(() => s.Write(buf, 0, 1));
        s.Position = 2;
        s.Write(B("ab"), 0, 2);
        s.WriteByte((byte)'c');
        Assert.AreEqual(5, s.Position);
        Assert.Throws<NotSupportedException>(() => { s.Position = 9; s.Write(B("xy"), 0, 2); });
        s.SetLength(12);
        Assert.AreEqual(12, mm.Length, "SetLength resizes the map");
        s.Position = 10;
        s.Write(B("!!"), 0, 2);
        s.Flush();
        Assert.Throws<IOException>(() => s.Seek(-1, SeekOrigin.Begin));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Position = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Seek(long.MaxValue, SeekOrigin.End));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetLength(-1));
        Assert.Throws<ArgumentNullException>(() => s.Read(null, 0, 1));
        Assert.Throws<ArgumentException>(() => s.Read(buf, 3, 2));
      }
      Assert.AreEqual("01abc56789!!", File.ReadAllText(p));
    }

    [Test]
    public void WorksWithStreamConsumers() {
      using (MappedFile mm = MappedFile.Open(NewFile("line one\nline two\n")))
      using (var r = new StreamReader(mm.AsStream())) {
        Assert.AreEqual("line one", r.ReadLine());
        Assert.AreEqual("line two", r.ReadLine());
        Assert.IsNull(r.ReadLine());
      }
      using (MappedFile mm = MappedFile.Anonymous(1 << 16)) {
        var src = new byte[1 << 16];
        new Random(3).NextBytes(src);
        using (var ms = new MemoryStream(src)) ms.CopyTo(mm.AsStream());
        var back = new MemoryStream();
        mm.AsStream().CopyTo(back);
        Assert.AreEqual(src, back.ToArray());
      }
    }

    [Test]
    public void ReadOnlyAndDisposed() {
      MappedFile mm = MappedFile.Open(NewFile("abc"), MmfAccess.Read);
      Stream s = mm.AsStream();
      Assert.IsFalse(s.CanWrite);
      Assert.Throws<NotSupportedException>(() => s.WriteByte(1));
      AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => s.SetLength(10));
      mm.Dispose();
      Assert.IsFalse(s.CanRead);
      AssertStatus<MmfClosedException>(MmfStatus.Closed, () => s.ReadByte());
      s.Dispose();
      Assert.Throws<ObjectDisposedException>(() => s.Seek(0, SeekOrigin.Begin));
      Assert.IsFalse(s.CanSeek);
    }
  }
}
