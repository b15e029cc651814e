using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  [TestFixture]
  public class MappedFileTests : TempDirFixture {
    [Test]
    public void PythonHelloExample() {
      string p = NewFile("Hello Python!\n");
      using (MappedFile mm = MappedFile.Open(p)) {
        Assert.AreEqual("Hello Python!\n", S(mm.ReadLine()));
        Assert.AreEqual("Hello", S(mm.Read(0, 5)));
        mm.Write(6, B(" world!\n"));
        Assert.AreEqual(14, mm.Seek(0, SeekOrigin.End));
        mm.Seek(0, SeekOrigin.Begin);
        Assert.AreEqual("Hello  world!\n", S(mm.ReadLine()));
        mm.Flush();
      }
      Assert.AreEqual("Hello  world!\n", File.ReadAllText(p));
    }

    [Test]
    public void CursorReadsAndWrites() {
      string p = NewFile("0123456789");
      using (MappedFile mm = MappedFile.Open(p)) {
        Assert.AreEqual(10, mm.Length);
        Assert.AreEqual(10, mm.Size);
        Assert.AreEqual("012", S(mm.Read(3)));
        Assert.AreEqual(3, mm.Position);
        Assert.AreEqual((byte)'3', mm.ReadByte());
        var buf = new byte[8];
        Assert.AreEqual(3, mm.Read(buf, 2, 3));
        Assert.AreEqual("456", S(buf).Substring(2, 3));
        Assert.AreEqual("789", S(mm.Read()));
        Assert.AreEqual(0, mm.Read(3).Length, "empty at the end");
        Assert.AreEqual(0, mm.Read(buf, 0, 8));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.ReadByte());
        mm.Position = 2;
        mm.Write(B("ab"));
        mm.WriteByte((byte)'c');
        Assert.AreEqual(5, mm.Position);
        Assert.AreEqual(7, mm.Seek(2, SeekOrigin.Current));
        Assert.AreEqual(9, mm.Seek(-1, SeekOrigin.End));
        // all or nothing: two bytes do not fit before the end
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(B("xy")));
        Assert.AreEqual(9, mm.Position, "the cursor stays");
        Assert.AreEqual("01abc56789", S(mm.Read(0, 100)));
      }
      Assert.AreEqual("01abc56789", File.ReadAllText(p));
    }

    [Test]
    public void ReadLinePiecesAndEnd() {
      using (MappedFile mm = MappedFile.Open(NewFile("abcdef\nxy"))) {
        Assert.AreEqual("abc", S(mm.ReadLine(3)));
        Assert.AreEqual("def\n", S(mm.ReadLine(10)));
        Assert.AreEqual("xy", S(mm.ReadLine()));
        Assert.AreEqual(0, mm.ReadLine().Length);
      }
    }

    [Test]
    public void FindRFindMove() {
      using (MappedFile mm = MappedFile.Open(NewFile("abcabcabc"))) {
        Assert.AreEqual(0, mm.Find(B("abc")));
        Assert.AreEqual(3, mm.Find(B("abc"), 1));
        Assert.AreEqual(-1, mm.Find(B("abc"), 1, 5));
        Assert.AreEqual(6, mm.Find(B("abc"), -3));
        Assert.AreEqual(6, mm.RFind(B("abc")));
        Assert.AreEqual(3, mm.RFind(B("abc"), 0, 8));
        Assert.AreEqual(-1, mm.Find(B("zz")));
        mm.Position = 4;
        Assert.AreEqual(6, mm.Find(B("abc")), "start defaults to the cursor");
        Assert.AreEqual(4, mm.Find(new byte[0]), "the empty string is found at start");
        mm.Move(1, 0, 8);
        Assert.AreEqual("aabcabcab", S(mm.Read(0, 9)));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Move(2, 0, 8));
      }
    }

    [Test]
    public void ResizeGrowsAndShrinksTheFile() {
      string p = NewFile("hello");
      using (MappedFile mm = MappedFile.Open(p)) {
        mm.Position = 5;
        mm.Resize(12);
        Assert.AreEqual(12, mm.Length);
        mm.Write(B("-world!"));
        mm.Resize(3);
        Assert.AreEqual(3, mm.Length);
        Assert.AreEqual(12, mm.Position, "the cursor stays past the end, as in CPython");
        mm.Resize(0);
        Assert.AreEqual(0, mm.Length);
        Assert.IsFalse(mm.IsClosed);
        mm.Resize(5);
        mm.Flush(0, 0, true);
      }
      Assert.AreEqual(5, new FileInfo(p).Length);
    }

    [Test]
    public void OffsetAndLength() {
      using (MappedFile mm = MappedFile.Open(NewFile("0123456789"), MmfAccess.Default, 3, 4)) {
        Assert.AreEqual(4, mm.Length);
        Assert.AreEqual(10, mm.Size);
        Assert.AreEqual("3456", S(mm.Read()));
      }
    }

    [Test]
    public void AccessModes() {
      string p = NewFile("data");
      using (MappedFile ro = MappedFile.Open(p, MmfAccess.Read)) {
        Assert.AreEqual(MmfAccess.Read, ro.Access);
        Assert.AreEqual("data", S(ro.Read()));
        var e = AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.Write(0, B("x")));
        Assert.IsInstanceOf<NotSupportedException>(e);
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.WriteByte(1));
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.Move(0, 1, 1));
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.Resize(10));
      }
      using (MappedFile cow = MappedFile.Open(p, MmfAccess.Default, 0, 0, MmfOpenFlags.Private)) {
        Assert.AreEqual(MmfAccess.Copy, cow.Access);
        cow.Write(0, B("DATA"));
        Assert.AreEqual("DATA", S(cow.Read(0, 4)));
        cow.Flush();
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => cow.Resize(10));
      }
      Assert.AreEqual("data", File.ReadAllText(p), "COPY never reaches the file");
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument,
                                         () => MappedFile.Open(p, MmfAccess.Read, 0, 0, MmfOpenFlags.Private));
    }

    [Test]
    public void CreateExtendsTheFile() {
      string p = Path.Combine(Dir, "new.bin");
      using (MappedFile mm = MappedFile.Open(p, MmfAccess.Default, 0, 100, MmfOpenFlags.Create | MmfOpenFlags.OwnerOnly)) {
        Assert.AreEqual(100, mm.Length);
        mm.Write(99, new byte[] { 7 });
      }
      byte[] f = File.ReadAllBytes(p);
      Assert.AreEqual(100, f.Length);
      Assert.AreEqual(7, f[99]);
      var e = AssertStatus<MmfIOException>(MmfStatus.IO,
          () => MappedFile.Open(p, MmfAccess.Default, 0, 100, MmfOpenFlags.Create | MmfOpenFlags.Exclusive));
      Assert.AreEqual(17, e.OsError, "EEXIST");
    }

    [Test]
    public void AnonymousMaps() {
      using (MappedFile mm = MappedFile.Anonymous(4096)) {
        Assert.AreEqual(4096, mm.Length);
        Assert.AreEqual(4096, mm.Size);
        Assert.AreEqual(new byte[16], mm.Read(0, 16), "zeroed");
        mm.Write(4000, B("end"));
        mm.Resize(8192);
        Assert.AreEqual("end", S(mm.Read(4000, 3)));
        mm.Write(8189, B("xyz"));
        mm.Advise(MmfAdvice.Sequential);
        mm.Advise(MmfAdvice.WillNeed, 100, 10);
      }
    }

    [Test]
    public void DisposeIsIdempotentAndLaterCallsAreObjectDisposed() {
      MappedFile mm = MappedFile.Anonymous(10);
      Assert.IsFalse(mm.IsClosed);
      mm.Dispose();
      mm.Dispose();
      Assert.IsTrue(mm.IsClosed);
      Assert.IsTrue(mm.HandleReleased, "no call in flight: mmf_free ran at once");
      var e = AssertStatus<MmfClosedException>(MmfStatus.Closed, () => mm.Read(1));
      Assert.IsInstanceOf<ObjectDisposedException>(e);
      Assert.AreEqual("Mmf.MappedFile", e.ObjectName);
      Assert.Throws<MmfClosedException>(() => { long x = mm.Length; });
      Assert.Throws<MmfClosedException>(() => mm.Position = 0);
      Assert.Throws<MmfClosedException>(() => mm.CreateView());
      Assert.Throws<MmfClosedException>(() => mm.AsStream());
      Assert.Throws<MmfClosedException>(() => mm.Flush());
      StringAssert.Contains("closed", mm.ToString());
    }

    [Test]
    public void OpenErrorsFollowDotNetHabits() {
      string missing = Path.Combine(Dir, "missing");
      var nf = AssertStatus<MmfFileNotFoundException>(MmfStatus.IO, () => MappedFile.Open(missing));
      Assert.IsInstanceOf<FileNotFoundException>(nf);
      Assert.AreEqual(2, nf.OsError);
      StringAssert.Contains("No such file", nf.Message);
      AssertStatus<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Open(NewFile("")));
      AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => MappedFile.Open(NewFile("abc"), MmfAccess.Default, 0, 4));
      var dirErr = AssertStatus<MmfIOException>(MmfStatus.IO, () => MappedFile.Open(Dir));
      Assert.AreNotEqual(0, dirErr.OsError);
      string link = Path.Combine(Dir, "link");
      string target = NewFile("x");
      var ln = System.Diagnostics.Process.Start("ln", "-s " + target + " " + link);
      ln.WaitForExit();
      Assert.AreEqual(0, ln.ExitCode);
      var loop = AssertStatus<MmfIOException>(MmfStatus.IO, () => MappedFile.Open(link, MmfAccess.Default, 0, 0, MmfOpenFlags.NoFollow));
      Assert.AreEqual(40, loop.OsError, "ELOOP");
      using (MappedFile ok = MappedFile.Open(link)) Assert.AreEqual(1, ok.Length);
    }

    [Test]
    public void StatusToExceptionTable() {
      // Every status through the mapping the native callback uses; IO by the
      // library's portable kind (MMF_KIND_*), whatever the OS number (a
      // permission error cannot be provoked as root, so the table is checked here).
      Assert.IsInstanceOf<MmfArgumentException>(MmfErrors.Create(1, 0, 0, "m"));
      Assert.IsInstanceOf<MmfClosedException>(MmfErrors.Create(2, 0, 0, "m"));
      Assert.IsInstanceOf<MmfReadOnlyException>(MmfErrors.Create(3, 0, 0, "m"));
      Assert.IsInstanceOf<MmfOutOfRangeException>(MmfErrors.Create(4, 0, 0, "m"));
      Assert.IsInstanceOf<MmfBusyException>(MmfErrors.Create(5, 0, 0, "m"));
      Assert.AreEqual(typeof(MmfIOException), MmfErrors.Create(6, 5, 1, "m").GetType());
      Assert.AreEqual(typeof(MmfIOException), MmfErrors.Create(6, 2, 0, "m").GetType(), "no kind: no table");
      Assert.IsInstanceOf<MmfFileNotFoundException>(MmfErrors.Create(6, 2, 2, "m"));
      Assert.IsInstanceOf<MmfUnauthorizedAccessException>(MmfErrors.Create(6, 13, 4, "m"));
      Assert.IsInstanceOf<MmfUnauthorizedAccessException>(MmfErrors.Create(6, 5, 4, "m"));
      Assert.IsInstanceOf<MmfPathTooLongException>(MmfErrors.Create(6, 36, 8, "m"));
      Assert.IsInstanceOf<MmfOutOfMemoryException>(MmfErrors.Create(7, 0, 0, "m"));
      Assert.IsInstanceOf<MmfUnsupportedException>(MmfErrors.Create(8, 0, 0, "m"));
      Assert.IsInstanceOf<MmfFaultException>(MmfErrors.Create(9, 0, 0, "m"));
      Assert.IsInstanceOf<IOException>(MmfErrors.Create(9, 0, 0, "m"));
      var unknown = (IMmfError)MmfErrors.Create(42, 0, 0, "m");
      Assert.AreEqual((MmfStatus)42, unknown.Status);
      foreach (int s in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }) {
        var e = (IMmfError)MmfErrors.Create(s, 0, 0, "msg" + s);
        Assert.AreEqual((MmfStatus)s, e.Status);
        Assert.AreEqual("msg" + s, e.NativeMessage);
      }
    }

    [Test]
    public void HugeRequestsAreNoMemoryOrIO() {
      AssertStatus<MmfOutOfMemoryException>(MmfStatus.NoMemory, () => MappedFile.Anonymous(long.MaxValue));
      using (MappedFile mm = MappedFile.Open(NewFile("abc"))) {
        var e = AssertStatus<MmfIOException>(MmfStatus.IO, () => mm.Resize(long.MaxValue));
        Assert.AreNotEqual(0, e.OsError);
        Assert.AreEqual(3, mm.Length, "a failed resize keeps the map");
      }
    }

    [Test]
    public void NonAsciiPathsAreUtf8() {
      string p = Path.Combine(Dir, "h\u00e9llo-\u65e5\u672c.txt");
      File.WriteAllText(p, "abc");
      using (MappedFile mm = MappedFile.Open(p)) Assert.AreEqual("abc", S(mm.Read()));
      var e = AssertStatus<MmfFileNotFoundException>(MmfStatus.IO, () => MappedFile.Open(p + "\u00e9"));
      StringAssert.Contains("\u00e9llo", e.Message, "the native message is decoded as UTF-8");
    }

    [Test]
    public void LibraryFacts() {
      Assert.Greater(MappedFile.PageSize, 0);
      Assert.AreEqual(0, MappedFile.PageSize & (MappedFile.PageSize - 1));
      Assert.GreaterOrEqual(MappedFile.AllocationGranularity, MappedFile.PageSize);
      StringAssert.IsMatch("^[0-9]+\\.[0-9]+\\.[0-9]+$", MappedFile.NativeVersion);
    }

    [Test]
    public void AssemblyCarriesTheLibrarysVersion() {
      // Both come from mmf.h: the assembly's through the build, the native one
      // at run time, so a stale Mmf.dll next to a newer libmmf shows here.
      var asm = typeof(MappedFile).Assembly;
      Assert.AreEqual(MappedFile.NativeVersion + ".0", asm.GetName().Version.ToString());
      var info = (System.Reflection.AssemblyInformationalVersionAttribute)Attribute.GetCustomAttribute(
          asm, typeof(System.Reflection.AssemblyInformationalVersionAttribute));
      Assert.IsNotNull(info, "no AssemblyInformationalVersion");
      Assert.AreEqual(MappedFile.NativeVersion, info.InformationalVersion);
    }
  }
}
