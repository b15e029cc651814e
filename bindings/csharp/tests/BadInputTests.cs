using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>Null, negative, huge, overflowing and disposed arguments through the C# API.</summary>
  [TestFixture]
  public class BadInputTests : TempDirFixture {
    MappedFile mm;

    [SetUp]
    public void Open() {
      mm = MappedFile.Open(NewFile("0123456789"));
    }

    [TearDown]
    public void Close() {
      mm.Dispose();
    }

    [Test]
    public void NullArguments() {
      Assert.Throws<ArgumentNullException>(() => MappedFile.Open(null));
      Assert.Throws<ArgumentException>(() => MappedFile.Open(""));
      Assert.Throws<ArgumentNullException>(() => mm.Read((byte[])null));
      Assert.Throws<ArgumentNullException>(() => mm.Read(null, 0, 0));
      Assert.Throws<ArgumentNullException>(() => mm.Read(0L, null, 0, 0));
      Assert.Throws<ArgumentNullException>(() => mm.Write(null));
      Assert.Throws<ArgumentNullException>(() => mm.Write(null, 0, 0));
      Assert.Throws<ArgumentNullException>(() => mm.Write(0L, null));
      Assert.Throws<ArgumentNullException>(() => mm.Write(0L, null, 0, 0));
      Assert.Throws<ArgumentNullException>(() => mm.Find(null));
      Assert.Throws<ArgumentNullException>(() => mm.RFind(null));
    }

    [Test]
    public void BadArraySlicesAreCheckedInCSharp() {
      var buf = new byte[4];
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.Read(buf, -1, 1));
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.Read(buf, 0, -1));
      Assert.Throws<ArgumentException>(() => mm.Read(buf, 3, 2));
      Assert.Throws<ArgumentException>(() => mm.Read(buf, int.MaxValue, int.MaxValue));
      Assert.Throws<ArgumentException>(() => mm.Read(0L, buf, 4, 1));
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.Write(buf, -5, 1));
      Assert.Throws<ArgumentException>(() => mm.Write(0L, buf, 1, 4));
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.Read(-1));
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.Read(0L, -1));
      Assert.Throws<ArgumentOutOfRangeException>(() => mm.ReadLine(-1));
      Assert.AreEqual(0, mm.Position, "nothing moved the cursor");
    }

    [Test]
    public void TheNativeSliceCheckHoldsWithoutTheCSharpOne() {
      // The internal SWIG layer checks (off, len) against the array's length too.
      var raw = new NativeMap(IntPtr.Zero, false);
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => raw.read(new byte[4], 2, 3));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => raw.write_at(0, new byte[4], -1, 1));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => raw.find(new byte[4], 0, long.MaxValue, 0, 0));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => raw.read(null, 0, 1));
      // and a NULL handle is INVALID_ARGUMENT, not a crash
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => raw.read(new byte[4], 0, 4));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => raw.write_byte(256));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => NativeMap.open(B("a\0b"), 0, 0, 0, 0));
    }

    [Test]
    public void NegativePositionsAreHugeForTheLibrary() {
      var e = AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(-1L, 4));
      Assert.IsInstanceOf<ArgumentOutOfRangeException>(e);
      StringAssert.Contains("18446744073709551615", e.Message, "-1 reached C as UINT64_MAX");
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(-1L, new byte[4], 0, 4));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(-1L, B("x")));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(long.MinValue, B("x")));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Move(-1, 0, 1));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Move(0, 0, -1));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Flush(-1, 0));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Flush(4, long.MaxValue));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Advise(MmfAdvice.Normal, -1, 0));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Resize(-1));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Position = -1);
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Seek(long.MaxValue, SeekOrigin.End));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => MappedFile.Anonymous(-1));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => MappedFile.Open(NewFile("abc"), MmfAccess.Default, -1));
      Assert.AreEqual(10, mm.Length, "nothing changed");
      Assert.AreEqual("0123456789", S(mm.Read(0, 10)));
    }

    [Test]
    public void UnknownEnumValuesAreInvalidArguments() {
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => mm.Seek(0, (SeekOrigin)3));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => mm.Advise((MmfAdvice)99));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Anonymous(10, (MmfAccess)9));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Anonymous(10, MmfAccess.Default, (MmfOpenFlags)0x80000000));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Anonymous(0));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument,
                                         () => MappedFile.Open(NewFile("a"), MmfAccess.Default, 0, 0, MmfOpenFlags.Exclusive));
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Open("a\0b"));
    }

    [Test]
    public void FindClampsLikeSlices() {
      Assert.AreEqual(-1, mm.Find(B("0"), long.MaxValue));
      Assert.AreEqual(0, mm.Find(B("0"), long.MinValue + 1, long.MaxValue));
      Assert.AreEqual(9, mm.RFind(B("9"), -1, long.MaxValue));
      Assert.AreEqual(-1, mm.Find(new byte[20], 0));
    }

    [Test]
    public void DisposedMapRefusesEveryCall() {
      mm.Dispose();
      var buf = new byte[4];
      TestDelegate[] calls = {
        () => mm.Read(), () => mm.Read(1), () => mm.Read(buf), () => mm.Read(buf, 0, 1), () => mm.ReadByte(),
        () => mm.ReadLine(), () => mm.Write(buf), () => mm.Write(buf, 0, 1), () => mm.WriteByte(1),
        () => mm.Seek(0, SeekOrigin.Begin), () => { long p = mm.Position; }, () => mm.Position = 0,
        () => mm.Read(0L, 1), () => mm.Read(0L, buf, 0, 1), () => mm.Write(0L, buf), () => mm.Find(buf),
        () => mm.RFind(buf), () => mm.Move(0, 0, 0), () => mm.Flush(), () => mm.Resize(1),
        () => { long l = mm.Length; }, () => { long s = mm.Size; }, () => mm.Advise(MmfAdvice.Normal),
        () => mm.CreateView(), () => mm.AsStream(),
      };
      foreach (TestDelegate c in calls) AssertStatus<MmfClosedException>(MmfStatus.Closed, c);
      Assert.IsTrue(mm.IsClosed);
      mm.Dispose();
    }
  }
}
