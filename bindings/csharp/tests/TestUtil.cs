using System;
using System.IO;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>Temporary files for the tests, removed in TearDown.</summary>
  public abstract class TempDirFixture {
    protected string Dir;

    [SetUp]
    public void MakeDir() {
      Dir = Path.Combine(Path.GetTempPath(), "mmf-cs-test-" + Guid.NewGuid().ToString("N"));
      Directory.CreateDirectory(Dir);
    }

    [TearDown]
    public void RemoveDir() {
      if (Directory.Exists(Dir)) Directory.Delete(Dir, true);
    }

    protected string NewFile(string content) {
      return NewFile(System.Text.Encoding.ASCII.GetBytes(content));
    }

    protected string NewFile(byte[] content) {
      string p = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".bin");
      File.WriteAllBytes(p, content);
      return p;
    }

    protected static byte[] B(string s) {
      return System.Text.Encoding.ASCII.GetBytes(s);
    }

    protected static string S(byte[] b) {
      return System.Text.Encoding.ASCII.GetString(b);
    }

    /// <summary>Asserts that the exception is exactly T and carries the status and a native message.</summary>
    protected static T AssertStatus<T>(MmfStatus status, TestDelegate code) where T : Exception {
      T e = Assert.Throws<T>(code);
      IMmfError me = e as IMmfError;
      Assert.IsNotNull(me, typeof(T).Name + " is not an IMmfError");
      Assert.AreEqual(status, me.Status);
      Assert.IsNotEmpty(me.NativeMessage);
      return e;
    }
  }
}
