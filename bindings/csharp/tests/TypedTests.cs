using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using NUnit.Framework;

namespace Mmf.Tests {
  /// <summary>A record as an index or a columnar file might hold it: fixed layout, no padding.</summary>
  [StructLayout(LayoutKind.Sequential, Pack = 1)]
  public struct Record {
    public long Key;
    public int Count;
    public short Flags;
    public byte Tag;
  }

  /// <summary>Not mappable: a reference inside.</summary>
  public struct WithReference {
    public long Key;
    public string Name;
  }

  /// <summary>
  /// The typed positional calls (ReadInt16/32/64, ReadSingle/Double, the Write
  /// overloads, Read&lt;T&gt;/Write&lt;T&gt;) and the Span overloads: every width at the
  /// first byte, at the last valid position and one past it, on a Read map, on a
  /// disposed map, at negative, huge and overflowing positions; the byte order;
  /// a truncated file; races with Dispose and Resize.
  /// </summary>
  [TestFixture]
  public class TypedTests : TempDirFixture {
    const int Len = 4096 + 13; // not a multiple of any width: the last positions are unaligned

    // One reader and one writer per width, as the public API spells them.
    sealed class Width {
      public string Name;
      public int Size;
      public Func<MappedFile, long, object> Read;
      public Action<MappedFile, long> Write; // writes a value whose bytes are all Mark
    }

    const byte Mark = 0xA5;

    static readonly Width[] Widths = {
      new Width { Name = "Byte", Size = 1, Read = (m, p) => m.ReadByte(p), Write = (m, p) => m.Write(p, (byte)Mark) },
      new Width { Name = "Int16", Size = 2, Read = (m, p) => m.ReadInt16(p), Write = (m, p) => m.Write(p, unchecked((short)0xA5A5)) },
      new Width { Name = "UInt16", Size = 2, Read = (m, p) => m.ReadUInt16(p), Write = (m, p) => m.Write(p, (ushort)0xA5A5) },
      new Width { Name = "Int32", Size = 4, Read = (m, p) => m.ReadInt32(p), Write = (m, p) => m.Write(p, unchecked((int)0xA5A5A5A5)) },
      new Width { Name = "UInt32", Size = 4, Read = (m, p) => m.ReadUInt32(p), Write = (m, p) => m.Write(p, 0xA5A5A5A5u) },
      new Width { Name = "Int64", Size = 8, Read = (m, p) => m.ReadInt64(p), Write = (m, p) => m.Write(p, unchecked((long)0xA5A5A5A5A5A5A5A5)) },
      new Width { Name = "UInt64", Size = 8, Read = (m, p) => m.ReadUInt64(p), Write = (m, p) => m.Write(p, 0xA5A5A5A5A5A5A5A5ul) },
      new Width { Name = "Single", Size = 4, Read = (m, p) => m.ReadSingle(p),
                  Write = (m, p) => m.Write(p, BitConverter.ToSingle(new byte[] { Mark, Mark, Mark, Mark }, 0)) },
      new Width { Name = "Double", Size = 8, Read = (m, p) => m.ReadDouble(p),
                  Write = (m, p) => m.Write(p, BitConverter.Int64BitsToDouble(unchecked((long)0xA5A5A5A5A5A5A5A5))) },
#if MMF_SPAN
      new Width { Name = "Record", Size = Marshal.SizeOf(typeof(Record)), Read = (m, p) => m.Read<Record>(p),
                  Write = (m, p) => m.Write(p, new Record { Key = unchecked((long)0xA5A5A5A5A5A5A5A5), Count = unchecked((int)0xA5A5A5A5),
                                                         Flags = unchecked((short)0xA5A5), Tag = Mark }) },
      new Width { Name = "Read<long>", Size = 8, Read = (m, p) => m.Read<long>(p),
                  Write = (m, p) => m.Write<long>(p, unchecked((long)0xA5A5A5A5A5A5A5A5)) },
#endif
    };

    static IEnumerable<string> WidthNames() {
      foreach (Width w in Widths) yield return w.Name;
    }

    static Width Get(string name) {
      foreach (Width w in Widths)
        if (w.Name == name) return w;
      throw new ArgumentException(name);
    }

    static byte[] Pattern(int n) {
      var b = new byte[n];
      for (int k = 0; k < n; k++) b[k] = (byte)(k * 31 + 7);
      return b;
    }

    // On Mono the typed reads go through the raw internal call the glue registers
    // (Interop.cs, MonoCalls), so every typed test here runs that path; this says
    // that it is the one taken, unless MMF_MONO_RAW_CALLS=0 turned it off.
    [Test]
    public void TypedReadsUseTheMonoInternalCallOnMono() {
      bool mono = Type.GetType("Mono.Runtime") != null;
      bool off = Environment.GetEnvironmentVariable("MMF_MONO_RAW_CALLS") == "0";
      Assert.AreEqual(mono && !off, MonoCalls.Available);
      if (!MonoCalls.Available) return;
      string path = NewFile(Pattern(Len));
      using (var m = MappedFile.Open(path)) {
        m.Write(8, 0x0102030405060708L);
        Assert.AreEqual(0x0102030405060708L, m.ReadInt64(8));
        // A failure through the raw call is repeated through the P/Invoke, which
        // carries the library's exception and message.
        var e = Assert.Throws<MmfOutOfRangeException>(() => m.ReadInt64(Len - 7));
        StringAssert.Contains("only 7 bytes", e.Message);
      }
    }

    [Test]
    public void EveryWidthAtTheEdges([ValueSource("WidthNames")] string name) {
      Width w = Get(name);
      byte[] content = Pattern(Len);
      string p = NewFile(content);
      using (MappedFile mm = MappedFile.Open(p)) {
        long last = Len - w.Size;
        foreach (long pos in new[] { 0L, 1L, last }) {
          // the value read is the bytes at pos, in order (little-endian): write
          // the marker and read it back, then check the bytes around are intact
          object before = w.Read(mm, pos);
          Assert.IsNotNull(before);
          w.Write(mm, pos);
          byte[] now = mm.Read(0, Len);
          for (int k = 0; k < Len; k++) {
            byte want = k >= pos && k < pos + w.Size ? Mark : content[k];
            if (now[k] != want) Assert.Fail(name + " at " + pos + ": byte " + k + " is " + now[k] + ", not " + want);
          }
          Assert.AreEqual(w.Read(mm, pos), w.Read(mm, pos));
          mm.Write(pos, content, (int)pos, w.Size); // restore
          Assert.AreEqual(before, w.Read(mm, pos), "the same bytes read the same value");
        }
        // one past the last valid position, the end, past the end: OUT_OF_RANGE, nothing written
        foreach (long pos in new[] { last + 1, (long)Len - 1, (long)Len, (long)Len + 1, 1L << 40 }) {
          if (pos <= last) continue; // a 1-byte width: Len - 1 is valid
          AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => w.Read(mm, pos));
          AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => w.Write(mm, pos));
        }
        // negative, huge, and positions where position + width overflows 64 bits
        foreach (long pos in new[] { -1L, -(long)w.Size, long.MinValue, long.MaxValue, long.MaxValue - 1, -8L }) {
          var e = AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => w.Read(mm, pos));
          Assert.IsInstanceOf<ArgumentOutOfRangeException>(e);
          AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => w.Write(mm, pos));
        }
        CollectionAssert.AreEqual(content, mm.Read(0, Len), "no failed call wrote anything");
        Assert.AreEqual(0, mm.Position, "the cursor never moved");
      }
      // a Read map reads, and refuses every write with READ_ONLY
      using (MappedFile ro = MappedFile.Open(p, MmfAccess.Read)) {
        Assert.AreEqual(w.Read(ro, 0), w.Read(ro, 0));
        Assert.IsNotNull(w.Read(ro, Len - w.Size));
        var e = AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => w.Write(ro, 0));
        Assert.IsInstanceOf<NotSupportedException>(e);
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => w.Write(ro, Len - w.Size));
      }
      CollectionAssert.AreEqual(content, File.ReadAllBytes(p));
      // a disposed map: ObjectDisposedException (MmfClosedException), for reads and writes
      MappedFile closed = MappedFile.Open(p);
      closed.Dispose();
      foreach (long pos in new[] { 0L, -1L, long.MaxValue }) {
        var e = Assert.Throws<MmfClosedException>(() => w.Read(closed, pos));
        Assert.IsInstanceOf<ObjectDisposedException>(e);
        Assert.AreEqual(MmfStatus.Closed, e.Status);
        Assert.Throws<MmfClosedException>(() => w.Write(closed, pos));
      }
    }

    [Test]
    public void LittleEndianOnDiskAndTheSameAsBitConverterAndTheAccessor() {
      string p = NewFile(new byte[64]);
      using (MappedFile mm = MappedFile.Open(p)) {
        mm.Write(3, 0x0102030405060708L);
        CollectionAssert.AreEqual(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, mm.Read(3, 8));
        mm.Write(20, 0x0A0B0C0D);
        CollectionAssert.AreEqual(new byte[] { 0x0D, 0x0C, 0x0B, 0x0A }, mm.Read(20, 4));
        mm.Write(30, (short)0x1234);
        CollectionAssert.AreEqual(new byte[] { 0x34, 0x12 }, mm.Read(30, 2));
        mm.Write(40, -2.5);
        Assert.AreEqual(-2.5, mm.ReadDouble(40));
        mm.Write(50, 1.25f);
        Assert.AreEqual(1.25f, mm.ReadSingle(50));
        // a NaN's payload survives (the bits are copied, never converted)
        long nan = unchecked((long)0x7FF4000000000123);
        mm.Write(8, BitConverter.Int64BitsToDouble(nan));
        Assert.AreEqual(nan, BitConverter.DoubleToInt64Bits(mm.ReadDouble(8)));
        Assert.AreEqual(unchecked((ulong)nan), mm.ReadUInt64(8));
        mm.Write(0, ulong.MaxValue);
        Assert.AreEqual(-1L, mm.ReadInt64(0));
        Assert.AreEqual(uint.MaxValue, mm.ReadUInt32(4));
        Assert.AreEqual(ushort.MaxValue, mm.ReadUInt16(6));
        mm.Flush();
      }
      byte[] disk = File.ReadAllBytes(p);
      using (var mmf = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(p, FileMode.Open))
      using (var acc = mmf.CreateViewAccessor(0, 64))
      using (MappedFile mm = MappedFile.Open(p, MmfAccess.Read)) {
        for (int pos = 0; pos <= 56; pos++) {
          Assert.AreEqual(BitConverter.ToInt64(disk, pos), mm.ReadInt64(pos), "at " + pos);
          Assert.AreEqual(acc.ReadInt64(pos), mm.ReadInt64(pos), "at " + pos);
          Assert.AreEqual(acc.ReadInt32(pos), mm.ReadInt32(pos), "at " + pos);
          Assert.AreEqual(acc.ReadInt16(pos), mm.ReadInt16(pos), "at " + pos);
          Assert.AreEqual(acc.ReadUInt64(pos), mm.ReadUInt64(pos), "at " + pos);
          Assert.AreEqual(BitConverter.DoubleToInt64Bits(acc.ReadDouble(pos)), BitConverter.DoubleToInt64Bits(mm.ReadDouble(pos)));
        }
      }
    }

#if MMF_SPAN
    [Test]
    public void StructsRoundTripAndReferencesAreRefused() {
      Assert.AreEqual(15, Marshal.SizeOf(typeof(Record)), "Pack = 1: no padding");
      using (MappedFile mm = MappedFile.Anonymous(4096)) {
        var r = new Record { Key = -5, Count = 77, Flags = -2, Tag = 9 };
        mm.Write(4096 - 15, r);
        Record back = mm.Read<Record>(4096 - 15);
        Assert.AreEqual(r.Key, back.Key);
        Assert.AreEqual(r.Count, back.Count);
        Assert.AreEqual(r.Flags, back.Flags);
        Assert.AreEqual(r.Tag, back.Tag);
        Assert.AreEqual(-5L, mm.ReadInt64(4096 - 15), "the layout is the struct's: Key first, little-endian");
        Assert.AreEqual(77, mm.ReadInt32(4096 - 7));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read<Record>(4096 - 14));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(4096 - 14, r));
        var e = Assert.Throws<ArgumentException>(() => mm.Read<WithReference>(0));
        StringAssert.Contains("reference", e.Message);
        Assert.Throws<ArgumentException>(() => mm.Write(0, new WithReference { Key = 1, Name = "x" }));
        Assert.AreEqual(0L, mm.ReadInt64(0), "a refused struct wrote nothing");
        Assert.Throws<ArgumentException>(() => mm.Read<KeyValuePair<int, string>>(0));
        // the enum and DateTime-like structs without references are fine
        mm.Write(16, DayOfWeek.Friday);
        Assert.AreEqual(DayOfWeek.Friday, mm.Read<DayOfWeek>(16));
        Assert.AreEqual((int)DayOfWeek.Friday, mm.ReadInt32(16));
      }
    }

    [Test]
    public void SpanReadsAndWrites() {
      byte[] content = Pattern(100);
      string p = NewFile(content);
      using (MappedFile mm = MappedFile.Open(p)) {
        Span<byte> buf = new byte[16];
        Assert.AreEqual(16, mm.Read(10, buf));
        CollectionAssert.AreEqual(mm.Read(10, 16), buf.ToArray());
        Assert.AreEqual(6, mm.Read(94, buf), "fewer only at the end");
        Assert.AreEqual(0, mm.Read(100, buf), "0 at the end");
        Assert.AreEqual(0, mm.Read(5, Span<byte>.Empty));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(101, new byte[4].AsSpan()));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(-1, new byte[4].AsSpan()));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Read(long.MinValue, new byte[4].AsSpan()));
        mm.Write(96, new ReadOnlySpan<byte>(B("wxyz")));
        Assert.AreEqual("wxyz", S(mm.Read(96, 4)));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(97, new ReadOnlySpan<byte>(B("wxyz"))));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(-1, new ReadOnlySpan<byte>(B("w"))));
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange,
                                             () => mm.Write(long.MaxValue - 1, new ReadOnlySpan<byte>(B("wxyz"))));
        Assert.AreEqual("wxyz", S(mm.Read(96, 4)), "all or nothing");
        mm.Write(100, ReadOnlySpan<byte>.Empty); // an empty write at the end is fine
        Span<byte> writable = B("WX");
        mm.Write(50, writable); // a Span<byte> picks the span overload, not Write<T>
        Assert.AreEqual("WX", S(mm.Read(50, 2)));
        Assert.Throws<ArgumentException>(() => mm.Write(50, new Memory<byte>(B("no"))), "Memory<T> holds a reference");
        Assert.AreEqual("WX", S(mm.Read(50, 2)));
        Assert.AreEqual(0, mm.Position, "positional calls leave the cursor");
        // the cursor overloads: read advances by the count, write all or nothing
        mm.Position = 90;
        Assert.AreEqual(10, mm.Read(buf));
        Assert.AreEqual(100, mm.Position);
        Assert.AreEqual(0, mm.Read(buf));
        mm.Position = 0;
        mm.Write(new ReadOnlySpan<byte>(B("abc")));
        Assert.AreEqual(3, mm.Position);
        Assert.AreEqual("abc", S(mm.Read(0, 3)));
        mm.Position = 98;
        AssertStatus<MmfOutOfRangeException>(MmfStatus.OutOfRange, () => mm.Write(new ReadOnlySpan<byte>(B("abc"))));
        Assert.AreEqual(98, mm.Position);
        // a slice of a larger array is read into in place
        byte[] big = new byte[32];
        Assert.AreEqual(4, mm.Read(0, big.AsSpan(10, 4)));
        Assert.AreEqual("abc", S(big).Substring(10, 3));
        Assert.AreEqual(0, big[9]);
        Assert.AreEqual(0, big[14]);
      }
      using (MappedFile ro = MappedFile.Open(p, MmfAccess.Read)) {
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.Write(0, new ReadOnlySpan<byte>(B("x"))));
        AssertStatus<MmfReadOnlyException>(MmfStatus.ReadOnly, () => ro.Write(new ReadOnlySpan<byte>(B("x"))));
        Assert.AreEqual(4, ro.Read(0, new byte[4].AsSpan()));
      }
      MappedFile closed = MappedFile.Open(p);
      closed.Dispose();
      Assert.Throws<MmfClosedException>(() => closed.Read(0, new byte[4].AsSpan()));
      Assert.Throws<MmfClosedException>(() => closed.Write(0, new ReadOnlySpan<byte>(B("x"))));
      Assert.Throws<MmfClosedException>(() => closed.Read(new byte[4].AsSpan()));
      Assert.Throws<MmfClosedException>(() => closed.Write(new ReadOnlySpan<byte>(B("x"))));
    }

#endif

    [Test]
    public void TheMessageNamesTheCall() {
      using (MappedFile mm = MappedFile.Anonymous(4096)) {
        var e = Assert.Throws<MmfOutOfRangeException>(() => mm.ReadInt64(4092));
        StringAssert.Contains("mmf_read_at(pos=4092, cap=8)", e.Message);
        e = Assert.Throws<MmfOutOfRangeException>(() => mm.ReadInt64(5000));
        StringAssert.Contains("mmf_read_at(pos=5000", e.Message);
        e = Assert.Throws<MmfOutOfRangeException>(() => mm.Write(4092, 1L));
        StringAssert.Contains("mmf_write_at(pos=4092, len=8)", e.Message);
      }
    }

    [Test]
    public void ATruncatedFileIsAFaultNotACrash() {
      string p = NewFile(new byte[1 << 20]);
      using (MappedFile mm = MappedFile.Open(p)) {
        mm.Write(300000, 42L);
        using (var f = new FileStream(p, FileMode.Open, FileAccess.Write)) f.SetLength(4096);
        var e = AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.ReadInt64(300000));
        Assert.IsInstanceOf<IOException>(e);
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Write(300000, 1L));
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.ReadDouble(500000));
#if MMF_SPAN
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Read<Record>(500000));
        AssertStatus<MmfFaultException>(MmfStatus.Fault, () => mm.Read(600000, new byte[8].AsSpan()));
#endif
        mm.Resize(8192); // re-establishes the file and the mapping
        mm.Write(8, 7L);
        Assert.AreEqual(7L, mm.ReadInt64(8));
      }
    }

    // Typed calls racing Dispose: each worker ends with MmfClosedException
    // (no crash, no use of the freed handle: MALLOC_PERTURB_ under CTest), and
    // the handle is freed once the last call returned.
    [Test]
    public void TypedCallsRacingDispose([Values(0, 1, 2, 3)] int round) {
      const int threads = 6;
      MappedFile mm = MappedFile.Anonymous(1 << 16);
      var errors = new List<Exception>();
      int closedSeen = 0;
      long calls = 0;
      var start = new ManualResetEvent(false);
      var ts = new List<Thread>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        var th = new Thread(() => {
          var rnd = new Random(id * 31 + round);
          var buf = new byte[16];
          start.WaitOne();
          try {
            for (;;) {
              long pos = rnd.Next((1 << 16) - 16);
              switch (rnd.Next(5)) {
                case 0: mm.ReadInt64(pos); break;
                case 1: mm.Write(pos, (long)id); break;
#if MMF_SPAN
                case 2: mm.Read(pos, buf.AsSpan()); break;
                case 3: mm.Read<Record>(pos); break;
#else
                case 2: mm.Read(pos, buf, 0, buf.Length); break;
                case 3: mm.ReadInt16(pos); break;
#endif
                default: mm.ReadDouble(pos); break;
              }
              Interlocked.Increment(ref calls);
            }
          } catch (MmfClosedException) {
            Interlocked.Increment(ref closedSeen);
          } catch (Exception e) {
            lock (errors) errors.Add(e);
          }
        });
        th.Start();
        ts.Add(th);
      }
      start.Set();
      while (Interlocked.Read(ref calls) < 1000) Thread.Sleep(1);
      Thread.Sleep(5 * round);
      mm.Dispose();
      foreach (Thread th in ts) Assert.IsTrue(th.Join(60000), "a worker hangs");
      if (errors.Count > 0) Assert.Fail(errors.Count + " unexpected exception(s), first: " + errors[0]);
      Assert.AreEqual(threads, closedSeen);
      Assert.IsTrue(mm.HandleReleased, "mmf_free ran once the last call returned");
    }

    // Readers aborted in the middle of their calls (Mono still has
    // Thread.Abort): none may leave its count behind, or Dispose would wait
    // for it forever.
    [Test]
    public void AbortedReadersDoNotBlockDispose() {
      MappedFile mm = MappedFile.Anonymous(1 << 16);
      long calls = 0;
      for (int round = 0; round < 20; round++) {
        var th = new Thread(() => {
          var buf = new byte[64];
          try {
            for (long k = 0; ; k++) {
              mm.ReadInt64(k & 0xFFF8);
              mm.Write(k & 0xFFF8, k);
              mm.Read(k & 0xFF00, buf, 0, buf.Length);
              Interlocked.Increment(ref calls);
            }
          } catch (ThreadAbortException) {
            // expected
          }
        });
        th.Start();
        while (Interlocked.Read(ref calls) < (round + 1) * 100) Thread.Sleep(0);
        th.Abort();
        Assert.IsTrue(th.Join(10000), "an aborted reader hangs");
      }
      var disposer = new Thread(() => mm.Dispose());
      disposer.Start();
      Assert.IsTrue(disposer.Join(10000), "Dispose waits for a call that was aborted");
      Assert.IsTrue(mm.HandleReleased);
    }

    // Typed reads racing Resize (the map moves and shrinks under them): each
    // read returns the bytes of the old or the new mapping, or OUT_OF_RANGE
    // when its position is past the current end; never a crash.
    [Test]
    public void TypedReadsRacingResize() {
      string p = NewFile(new byte[1 << 20]);
      using (MappedFile mm = MappedFile.Open(p)) {
        for (long pos = 0; pos < 4096; pos += 8) mm.Write(pos, pos);
        var errors = new List<Exception>();
        bool stop = false;
        long ok = 0, outOfRange = 0;
        var readers = new List<Thread>();
        for (int t = 0; t < 3; t++) {
          int id = t;
          var th = new Thread(() => {
            var rnd = new Random(id);
            try {
              while (!Volatile.Read(ref stop)) {
                long pos = rnd.Next((1 << 17) / 8) * 8L;
                try {
                  long v = mm.ReadInt64(pos);
                  if (v != (pos < 4096 ? pos : 0)) throw new InvalidOperationException("at " + pos + ": " + v);
                  Interlocked.Increment(ref ok);
                } catch (MmfOutOfRangeException) {
                  Interlocked.Increment(ref outOfRange);
                }
              }
            } catch (Exception e) {
              lock (errors) errors.Add(e);
            }
          });
          th.Start();
          readers.Add(th);
        }
        for (int k = 0; k < 200; k++) mm.Resize(k % 2 == 0 ? 4096 : 1 << 17);
        Volatile.Write(ref stop, true);
        foreach (Thread th in readers) Assert.IsTrue(th.Join(60000), "a reader hangs");
        if (errors.Count > 0) Assert.Fail(errors.Count + " unexpected exception(s), first: " + errors[0]);
        Assert.Greater(Interlocked.Read(ref ok), 0);
      }
    }
  }
}
