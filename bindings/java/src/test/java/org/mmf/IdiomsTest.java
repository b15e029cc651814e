package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java idioms (issue 17): the exceptions are the JDK types Java code already catches, read at the
 * end is -1, and the InputStream, OutputStream and SeekableByteChannel adapters.
 */
class IdiomsTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path p = Files.createTempFile(dir, "idiom-", ".bin");
    Files.write(p, content.getBytes(US_ASCII));
    return p;
  }

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  private static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  // ------------------------------------------------------------------ exceptions

  @Test
  void libraryErrorsAreCaughtAsTheirJdkTypes() throws IOException {
    try (MappedFile mm = MappedFile.open(file("0123456789"))) {
      // Code that knows only the JDK catches each one, and still finds mmf's details.
      IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class, () -> mm.getLong(5));
      assertInstanceOf(MmfOutOfRangeException.class, range);
      assertEquals(Status.OUT_OF_RANGE, ((MmfError) range).status());
      assertTrue(range.getMessage().startsWith("OUT_OF_RANGE: "), range.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> mm.get(-1, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> mm.put(Long.MAX_VALUE, b("x")));
      assertThrows(IndexOutOfBoundsException.class, () -> mm.seek(11));
      assertThrows(IllegalArgumentException.class, () -> mm.madvise(12345, 0, 0));
    }
    try (MappedFile ro = MappedFile.open(file("abc"), Options.defaults().access(Access.READ))) {
      ReadOnlyBufferException e = assertThrows(ReadOnlyBufferException.class, () -> ro.put(0, b("x")));
      assertInstanceOf(MmfReadOnlyException.class, e);
      assertTrue(e.getMessage().startsWith("READ_ONLY: "), "the message survives a JDK type without one: "
          + e.getMessage());
      assertThrows(ReadOnlyBufferException.class, () -> ro.resize(10));
    }
    MappedFile closed = MappedFile.anonymous(16);
    closed.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> closed.getByte(0));
    assertInstanceOf(MmfClosedException.class, e);
    assertThrows(IllegalStateException.class, closed::readByte);
    try (MappedFile mm = MappedFile.anonymous(16); View v = mm.view()) {
      assertInstanceOf(MmfBusyException.class, assertThrows(IllegalStateException.class, () -> mm.resize(32)));
      assertEquals(16, v.buffer().capacity());
    }
    Path named = dir.resolve("no-such-file");
    assertInstanceOf(java.nio.file.NoSuchFileException.class,
        assertThrows(IOException.class, () -> MappedFile.open(named)));
  }

  @Test
  void everyStatusClassExtendsItsJdkType() {
    Object[][] table = {
      {1, IllegalArgumentException.class, MmfInvalidArgumentException.class},
      {2, IllegalStateException.class, MmfClosedException.class},
      {3, ReadOnlyBufferException.class, MmfReadOnlyException.class},
      {4, IndexOutOfBoundsException.class, MmfOutOfRangeException.class},
      {5, IllegalStateException.class, MmfBusyException.class},
      {6, IOException.class, MmfIOException.class},
      {7, RuntimeException.class, MmfNoMemoryException.class},
      {8, UnsupportedOperationException.class, MmfUnsupportedException.class},
      {9, UncheckedIOException.class, MmfFaultException.class},
    };
    for (Object[] row : table) {
      int code = (Integer) row[0];
      Throwable t = MmfErrors.fromNative(code, 0, 0, b("native text " + code));
      assertEquals(row[2], t.getClass(), "status " + code);
      assertInstanceOf((Class<?>) row[1], t, "status " + code);
      MmfError me = (MmfError) t;
      assertEquals(Status.fromCode(code), me.status());
      assertEquals("native text " + code, me.nativeMessage());
      assertEquals(Status.fromCode(code).name() + ": native text " + code, t.getMessage());
    }
    // A fault is an I/O failure: its cause is an IOException with the same message.
    UncheckedIOException fault = (UncheckedIOException) MmfErrors.fromNative(9, 0, 0, b("gone"));
    assertEquals("FAULT: gone", fault.getCause().getMessage());
  }

  // ------------------------------------------------------------------ read at the end

  @Test
  void readOfAnArrayAtTheEndIsMinusOne() throws IOException {
    try (MappedFile mm = MappedFile.open(file("abcdef"))) {
      byte[] dst = new byte[4];
      assertEquals(4, mm.read(dst));
      assertEquals(2, mm.read(dst));
      assertEquals(-1, mm.read(dst));
      assertEquals(0, mm.read(new byte[0]), "an empty array is 0, as InputStream");
      assertEquals(6, mm.tell());
      mm.resize(3); // the cursor stays past the new end
      assertEquals(6, mm.tell());
      assertEquals(-1, mm.read(dst, 1, 2));
      assertEquals(0, mm.read(3).length, "Python's read(n) stays empty at the end");
    }
  }

  // ------------------------------------------------------------------ InputStream

  @Test
  void inputStreamReadsTheMapWithItsOwnPosition() throws IOException {
    MappedFile mm = MappedFile.open(file("hello\nworld\n"));
    {
      mm.seek(3);
      try (InputStream in = mm.inputStream()) {
        assertEquals('h', in.read());
        assertEquals(11, in.available());
        byte[] buf = new byte[4];
        assertEquals(4, in.read(buf));
        assertEquals("ello", s(buf));
        in.mark(0);
        assertEquals(2, in.skip(2));
        assertEquals("orld\n", s(in.readAllBytes()));
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(buf, 0, 4));
        assertEquals(0, in.read(buf, 0, 0));
        assertEquals(0, in.skip(10), "skip stops at the end");
        assertEquals(0, in.available());
        in.reset();
        assertEquals('\n', in.read(), "back at the mark, after \"hello\"");
        assertThrows(IndexOutOfBoundsException.class, () -> in.read(buf, 3, 2));
        assertThrows(NullPointerException.class, () -> in.read(null, 0, 1));
        assertThrows(NullPointerException.class, () -> in.read(null));
      }
      assertEquals(3, mm.tell(), "the map's cursor did not move");
      InputStream from = mm.inputStream(6);
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      assertEquals(6, from.transferTo(sink));
      assertEquals("world\n", sink.toString(US_ASCII));
      assertEquals(-1, mm.inputStream(Long.MAX_VALUE).read(), "past the end: empty");
      assertThrows(IllegalArgumentException.class, () -> mm.inputStream(-1));
      from.close();
      IOException closed = assertThrows(IOException.class, from::read);
      assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
      InputStream in = mm.inputStream();
      mm.close();
      assertInstanceOf(MmfClosedException.class, assertThrows(IOException.class, in::read).getCause());
      assertThrows(IOException.class, () -> in.read(new byte[2]));
      assertThrows(IOException.class, in::available);
    }
  }

  @Test
  void inputStreamEndsWhereAShrunkMapEnds() throws IOException {
    try (MappedFile mm = MappedFile.open(file("0123456789"))) {
      InputStream in = mm.inputStream(4);
      mm.resize(5);
      assertEquals('4', in.read());
      assertEquals(-1, in.read());
      assertEquals(-1, in.read(new byte[3]));
    }
  }

  // ------------------------------------------------------------------ OutputStream

  @Test
  void outputStreamWritesAllOrNothingAndNeverGrows() throws IOException {
    Path p = file("..........");
    try (MappedFile mm = MappedFile.open(p)) {
      mm.seek(9);
      try (OutputStream out = mm.outputStream(2)) {
        out.write('a');
        out.write(b("bcd"));
        out.write(b("xyzEFGx"), 3, 3);
        out.flush();
        assertEquals("..abcdEFG.", s(mm.get(0, 10)));
        assertEquals(9, mm.tell(), "the map's cursor did not move");
        MmfOutOfRangeException full = assertThrows(MmfOutOfRangeException.class, () -> out.write(b("12")));
        assertTrue(full.getMessage().startsWith("OUT_OF_RANGE: "), full.getMessage());
        assertEquals("..abcdEFG.", s(mm.get(0, 10)), "nothing written");
        out.write('!');
        assertThrows(IndexOutOfBoundsException.class, () -> out.write('?'), "at the end");
        assertThrows(IndexOutOfBoundsException.class, () -> out.write(b("ab"), 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> out.write(b("ab"), Integer.MAX_VALUE, 2));
        assertThrows(NullPointerException.class, () -> out.write(null));
        assertThrows(NullPointerException.class, () -> out.write(null, 0, 1));
      }
      mm.flush();
    }
    assertEquals("..abcdEFG!", s(Files.readAllBytes(p)));
    {
      MappedFile mm = MappedFile.anonymous(8);
      OutputStream out = mm.outputStream();
      out.close();
      assertThrows(IOException.class, () -> out.write(1));
      assertThrows(IOException.class, out::flush);
      assertThrows(IllegalArgumentException.class, () -> mm.outputStream(-5));
      assertThrows(IndexOutOfBoundsException.class, () -> mm.outputStream(Long.MAX_VALUE).write(1));
      OutputStream live = mm.outputStream(1);
      mm.close();
      assertInstanceOf(MmfClosedException.class, assertThrows(IOException.class, () -> live.write(1)).getCause());
    }
    try (MappedFile ro = MappedFile.open(file("abc"), Options.defaults().access(Access.READ))) {
      assertThrows(ReadOnlyBufferException.class, () -> ro.outputStream().write(b("x")));
    }
  }

  // ------------------------------------------------------------------ SeekableByteChannel

  @Test
  void channelReadsWritesSeeksAndTruncates() throws IOException {
    Path p = file("0123456789");
    try (MappedFile mm = MappedFile.open(p); SeekableByteChannel ch = mm.channel()) {
      assertEquals(10, ch.size());
      assertEquals(0, ch.position());
      ByteBuffer heap = ByteBuffer.allocate(4);
      assertEquals(4, ch.read(heap));
      assertEquals("0123", s(heap.array()));
      ByteBuffer direct = ByteBuffer.allocateDirect(16);
      assertEquals(6, ch.read(direct));
      direct.flip();
      byte[] got = new byte[direct.remaining()];
      direct.get(got);
      assertEquals("456789", s(got));
      assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "at the end: -1");
      assertEquals(0, ch.read(ByteBuffer.allocate(0)));
      assertSame(ch, ch.position(2));
      assertEquals(3, ch.write(ByteBuffer.wrap(b("abc"))));
      ByteBuffer d = ByteBuffer.allocateDirect(2);
      d.put(b("DE")).flip();
      assertEquals(2, ch.write(d));
      assertEquals(0, d.remaining(), "the buffer was consumed");
      assertEquals(7, ch.position());
      assertEquals("01abcDE789", s(mm.get(0, 10)));
      // No growth: a write that does not fit writes nothing and keeps the position.
      ByteBuffer tooLong = ByteBuffer.wrap(b("wxyz"));
      assertThrows(IndexOutOfBoundsException.class, () -> ch.write(tooLong));
      assertEquals(4, tooLong.remaining());
      assertEquals(7, ch.position());
      assertEquals("01abcDE789", s(mm.get(0, 10)));
      ch.position(Long.MAX_VALUE);
      assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "past the end: -1");
      assertThrows(IndexOutOfBoundsException.class, () -> ch.write(ByteBuffer.wrap(b("x"))));
      assertThrows(IllegalArgumentException.class, () -> ch.position(-1));
      assertThrows(IllegalArgumentException.class, () -> ch.position(Long.MIN_VALUE));
      assertThrows(NullPointerException.class, () -> ch.read(null));
      assertThrows(NullPointerException.class, () -> ch.write(null));
      assertThrows(IllegalArgumentException.class, () -> ch.truncate(-1));
      assertSame(ch, ch.truncate(100), "larger: nothing changes");
      assertEquals(10, ch.size());
      ch.truncate(6);
      assertEquals(6, ch.size());
      assertEquals(6, mm.length());
      assertEquals(6, ch.position(), "the position moves back to the new size");
      ch.position(0);
      assertThrows(ReadOnlyBufferException.class, () -> ch.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
      mm.flush();
    }
    assertEquals("01abcD", s(Files.readAllBytes(p)));
  }

  @Test
  void channelOfAReadMapIsNotWritableAndAClosedMapClosesIt() throws IOException {
    try (MappedFile ro = MappedFile.open(file("abc"), Options.defaults().access(Access.READ))) {
      SeekableByteChannel ch = ro.channel();
      assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.wrap(b("x"))));
      assertThrows(NonWritableChannelException.class, () -> ch.truncate(1));
      ByteBuffer all = ByteBuffer.allocate(3);
      assertEquals(3, ch.read(all));
      assertEquals("abc", s(all.array()));
    }
    MappedFile mm = MappedFile.anonymous(8);
    SeekableByteChannel ch = mm.channel();
    SeekableByteChannel other = mm.channel();
    assertTrue(ch.isOpen());
    ch.close();
    assertFalse(ch.isOpen());
    assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
    assertThrows(ClosedChannelException.class, ch::position);
    assertThrows(ClosedChannelException.class, ch::size);
    assertFalse(mm.isClosed(), "closing a channel leaves the map open");
    assertEquals(8, other.read(ByteBuffer.allocate(8)));
    mm.close();
    assertFalse(other.isOpen(), "a closed map closes its channels");
    assertThrows(ClosedChannelException.class, () -> other.write(ByteBuffer.wrap(b("x"))));
    assertThrows(ClosedChannelException.class, () -> other.position(0));
    assertThrows(ClosedChannelException.class, () -> other.truncate(0));
  }
}
