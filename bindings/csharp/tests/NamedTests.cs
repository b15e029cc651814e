using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>Named shared maps: MappedFile.Named and MappedFile.UnlinkNamed.</summary>
  [TestFixture]
  public class NamedTests {
    readonly List<string> names = new List<string>();

    /// <summary>A name unique to this process and test, unlinked after the test whatever happens.</summary>
    string Name(string tag) {
      string n = "mmfcs" + System.Diagnostics.Process.GetCurrentProcess().Id + "_" + tag;
      names.Add(n);
      return n;
    }

    [TearDown]
    public void UnlinkAll() {
      foreach (string n in names) MappedFile.UnlinkNamed(n);
      names.Clear();
    }

    static byte[] B(string s) {
      return System.Text.Encoding.ASCII.GetBytes(s);
    }

    static string S(byte[] b) {
      return System.Text.Encoding.ASCII.GetString(b);
    }

    static T Throws<T>(MmfStatus status, TestDelegate code) where T : Exception {
      T e = Assert.Throws<T>(code);
      Assert.AreEqual(status, ((IMmfError)e).Status);
      return e;
    }

    [Test]
    public void CreateThenOpenFromASecondHandle() {
      string n = Name("share");
      using (MappedFile a = MappedFile.Named(n, 100)) {
        Assert.AreEqual(100, a.Length);
        long page = MappedFile.PageSize;
        Assert.AreEqual((100 + page - 1) / page * page, a.Size, "the object is whole pages");
        a.Write(0, B("hello"));
        using (MappedFile b = MappedFile.Named(n, 0)) { // open only: all of it
          Assert.AreEqual(a.Size, b.Length);
          Assert.AreEqual("hello", S(b.Read(0, 5)));
          b.Write(10, B("back"));
        }
        Assert.AreEqual("back", S(a.Read(10, 4)));
        using (MappedFile c = MappedFile.Named(n, 50)) { // create-or-open: the first 50 bytes
          Assert.AreEqual(50, c.Length);
          Assert.AreEqual("hello", S(c.Read(0, 5)));
        }
      }
    }

    [Test]
    public void ExclusiveRefusesAnExistingName() {
      string n = Name("excl");
      using (MappedFile a = MappedFile.Named(n, 4096, flags: MmfOpenFlags.Exclusive)) {
        MmfIOException e = Throws<MmfIOException>(MmfStatus.IO, () => MappedFile.Named(n, 4096, flags: MmfOpenFlags.Exclusive));
        Assert.AreNotEqual(0, e.OsError, "EEXIST");
        Assert.AreEqual(4096, a.Length);
      }
      // exclusive with length 0 (open only) contradicts itself
      Throws<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Named(n, 0, flags: MmfOpenFlags.Exclusive));
    }

    [Test]
    public void OpenOnlyNeedsAnExistingName() {
      string n = Name("absent");
      MappedFile.UnlinkNamed(n);
      var e = Assert.Throws<MmfFileNotFoundException>(() => MappedFile.Named(n, 0));
      Assert.IsInstanceOf<IOException>(e);
    }

    [Test]
    public void ALengthLargerThanTheMapIsOutOfRange() {
      string n = Name("size");
      using (MappedFile a = MappedFile.Named(n, 4096)) {
        var e = Throws<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => MappedFile.Named(n, a.Size + 1));
        Assert.IsInstanceOf<ArgumentOutOfRangeException>(e);
        Throws<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => MappedFile.Named(n, -1));
      }
    }

    [Test]
    public void BadNames() {
      foreach (string bad in new[] { "", "a/b", ".hidden", "-dash", new string('x', 32), "caf\u00e9", "sp ace", "nul\0name" }) {
        Throws<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Named(bad, 4096));
        Throws<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.UnlinkNamed(bad));
      }
      Assert.Throws<ArgumentNullException>(() => MappedFile.Named(null, 4096));
      Assert.Throws<ArgumentNullException>(() => MappedFile.UnlinkNamed(null));
    }

    [Test]
    public void FlagsThatConcernFilesAreRefused() {
      string n = Name("flags");
      Throws<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Named(n, 4096, flags: MmfOpenFlags.Create));
      Throws<MmfArgumentException>(MmfStatus.InvalidArgument, () => MappedFile.Named(n, 4096, flags: MmfOpenFlags.OwnerOnly));
    }

    [Test]
    public void ResizeIsUnsupported() {
      string n = Name("resize");
      using (MappedFile a = MappedFile.Named(n, 4096)) {
        var e = Throws<MmfUnsupportedException>(MmfStatus.Unsupported, () => a.Resize(8192));
        Assert.IsInstanceOf<NotSupportedException>(e);
        Assert.AreEqual(4096, a.Length);
      }
    }

    [Test]
    public void ReadAccessAndPrivateCopies() {
      string n = Name("access");
      using (MappedFile a = MappedFile.Named(n, 4096)) {
        a.Write(0, B("shared"));
        using (MappedFile r = MappedFile.Named(n, 0, MmfAccess.Read)) {
          Assert.AreEqual(MmfAccess.Read, r.Access);
          Assert.AreEqual("shared", S(r.Read(0, 6)));
          Throws<MmfReadOnlyException>(MmfStatus.ReadOnly, () => r.Write(0, B("x")));
        }
        using (MappedFile c = MappedFile.Named(n, 0, flags: MmfOpenFlags.Private)) {
          Assert.AreEqual(MmfAccess.Copy, c.Access);
          c.Write(0, B("mine"));
          Assert.AreEqual("mine", S(c.Read(0, 4)));
        }
        Assert.AreEqual("shared", S(a.Read(0, 6)));
      }
    }

    [Test]
    public void UnlinkKeepsMapsAndIsIdempotent() {
      string n = Name("unlink");
      using (MappedFile a = MappedFile.Named(n, 4096)) {
        a.Write(0, B("old"));
        MappedFile.UnlinkNamed(n);
        MappedFile.UnlinkNamed(n); // a missing name is not an error
        Assert.Throws<MmfFileNotFoundException>(() => MappedFile.Named(n, 0), "gone for new openers");
        Assert.AreEqual("old", S(a.Read(0, 3)), "the map stays valid");
        using (MappedFile fresh = MappedFile.Named(n, 4096, flags: MmfOpenFlags.Exclusive)) {
          Assert.AreEqual(new byte[3], fresh.Read(0, 3), "a new, zeroed object");
        }
      }
    }
  }
}
