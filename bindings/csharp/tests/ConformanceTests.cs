using System;
using System.Collections.Generic;
using Mmf.Conformance;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>
  /// The shared conformance vectors (tests/conformance/vectors) under NUnit,
  /// one TestCaseSource case per vector, through the same runner as
  /// mmf-conformance.exe (conformance/ConformanceRunner.cs is compiled into
  /// this assembly too). MMF_CONFORMANCE_VECTORS names the directory; CTest
  /// sets it.
  /// </summary>
  [TestFixture]
  public class ConformanceTests {
    static IEnumerable<TestCaseData> Vectors() {
      string dir = Environment.GetEnvironmentVariable("MMF_CONFORMANCE_VECTORS");
      if (string.IsNullOrEmpty(dir))
        throw new InvalidOperationException("set MMF_CONFORMANCE_VECTORS to tests/conformance/vectors");
      foreach (Case c in Runner.Cases(dir)) yield return new TestCaseData(c).SetName(c.Name);
    }

    [TestCaseSource("Vectors")]
    public void Vector(object vector) {
      string failure = ((Case)vector).Run();
      if (failure != null) Assert.Fail(failure);
    }
  }
}
