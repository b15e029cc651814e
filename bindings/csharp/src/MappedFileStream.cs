using System;
using System.IO;

namespace Mmf {
  /// <summary>
  /// The <see cref="Stream"/> of <see cref="MappedFile.AsStream"/>: a position of its
  /// own over the map, reads and writes through the library's positional calls.
  /// </summary>
  internal sealed class MappedFileStream : Stream {
    readonly MappedFile file;
    long position;
    bool disposed;

    internal MappedFileStream(MappedFile file) {
      this.file = file;
    }

    public override bool CanRead {
      get { return !disposed && !file.IsClosed; }
    }

    public override bool CanSeek {
      get { return !disposed && !file.IsClosed; }
    }

    public override bool CanWrite {
      get { return !disposed && file.Access != MmfAccess.Read && !file.IsClosed; }
    }

    public override long Length {
      get {
        CheckOpen();
        return file.Length;
      }
    }

    public override long Position {
      get {
        CheckOpen();
        return position;
      }
      set {
        CheckOpen();
        if (value < 0) throw new ArgumentOutOfRangeException("value", "the position is negative");
        position = value;
      }
    }

    public override int Read(byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      CheckOpen();
      if (count == 0 || position >= file.Length) return 0;
      int n;
      try {
        n = file.Read(position, buffer, offset, count);
      } catch (MmfOutOfRangeException) {
        if (position >= file.Length) return 0; // shrunk by another thread meanwhile: at the end
        throw;
      }
      position += n;
      return n;
    }

    public override void Write(byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      CheckOpen();
      if (file.Access == MmfAccess.Read) throw new NotSupportedException("the map is read-only");
      long len = file.Length;
      if (position > len || count > len - position)
        throw new NotSupportedException("cannot write past the end of the map (" + len + " bytes); use SetLength to grow it");
      file.Write(position, buffer, offset, count);
      position += count;
    }

    public override long Seek(long offset, SeekOrigin origin) {
      CheckOpen();
      long basePos;
      switch (origin) {
        case SeekOrigin.Begin:
          basePos = 0;
          break;
        case SeekOrigin.Current:
          basePos = position;
          break;
        case SeekOrigin.End:
          basePos = file.Length;
          break;
        default:
          throw new ArgumentException("unknown SeekOrigin " + (int)origin, "origin");
      }
      long target;
      try {
        target = checked(basePos + offset);
      } catch (OverflowException) {
        throw new ArgumentOutOfRangeException("offset", "the position overflows");
      }
      if (target < 0) throw new IOException("an attempt was made to move the position before the beginning of the stream");
      position = target;
      return target;
    }

    /// <summary>Resizes the map (and its file); NotSupportedException for Read and Copy maps.</summary>
    public override void SetLength(long value) {
      CheckOpen();
      if (value < 0) throw new ArgumentOutOfRangeException("value", "the length is negative");
      file.Resize(value);
    }

    public override void Flush() {
      CheckOpen();
      file.Flush();
    }

    protected override void Dispose(bool disposing) {
      disposed = true;
      base.Dispose(disposing);
    }

    void CheckOpen() {
      if (disposed) throw new ObjectDisposedException(typeof(MappedFileStream).FullName, "the stream is disposed");
    }

    static void CheckArray(byte[] buffer, int offset, int count) {
      if (buffer == null) throw new ArgumentNullException("buffer");
      if (offset < 0) throw new ArgumentOutOfRangeException("offset", "offset is negative");
      if (count < 0) throw new ArgumentOutOfRangeException("count", "count is negative");
      if (buffer.Length - offset < count)
        throw new ArgumentException("offset + count is past the end of the buffer (" + buffer.Length + " bytes)");
    }
  }
}
