package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python mmap object model through the Java API. */
class MappedFileTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path p = Files.createTempFile(dir, "mf-", ".bin");
    Files.write(p, content.getBytes(US_ASCII));
    return p;
  }

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  private static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  @Test
  void pythonHelloWalkThrough() throws IOException {
    Path p = file("Hello Python!\n");
    try (MappedFile mm = MappedFile.open(p)) {
      assertEquals("Hello Python!\n", s(mm.readLine()));
      assertEquals("Hello", s(mm.get(0, 5)));
      mm.put(6, b(" world!\n"));
      assertEquals(0, mm.seek(0));
      assertEquals("Hello  world!\n", s(mm.readLine()));
      mm.flush();
    }
    assertEquals("Hello  world!\n", s(Files.readAllBytes(p)));
  }

  @Test
  void cursorReadsAndWrites() throws IOException {
    try (MappedFile mm = MappedFile.open(file("hello\nworld\n"))) {
      assertEquals(12, mm.length());
      assertEquals(12, mm.size());
      assertEquals("hel", s(mm.read(3)));
      assertEquals(3, mm.tell());
      assertEquals('l', mm.readByte());
      byte[] dst = new byte[10];
      assertEquals(3, mm.read(dst, 2, 3));
      assertEquals("o\nw", s(java.util.Arrays.copyOfRange(dst, 2, 5)));
      assertEquals("orld\n", s(mm.read()));
      assertEquals(0, mm.read(4).length); // Python's read(n) at the end: empty
      assertEquals(-1, mm.read(dst)); // InputStream's read(byte[]) at the end: -1
      assertEquals(-1, mm.read(dst, 3, 1));
      assertEquals(0, mm.read(dst, 3, 0), "nothing asked, nothing read: 0, not the end");
      assertEquals(12, mm.tell(), "the end does not move the cursor");
      assertEquals(0, mm.readLine().length);
      assertThrows(MmfOutOfRangeException.class, mm::readByte);
      mm.seek(-6, Whence.END);
      mm.write(b("W"));
      mm.writeByte('O');
      assertEquals(8, mm.tell());
      assertThrows(MmfOutOfRangeException.class, () -> mm.write(b("too long")));
      assertEquals(8, mm.tell(), "all or nothing: the cursor stays");
      mm.seek(2, Whence.CUR);
      assertEquals(10, mm.tell());
      mm.seek(0);
      assertEquals("hello\nWOrld\n", s(mm.read(-1)));
    }
  }

  @Test
  void readLineWithLimitComesInPieces() throws IOException {
    try (MappedFile mm = MappedFile.open(file("abcdefgh\nxy"))) {
      assertEquals("abc", s(mm.readLine(3)));
      assertEquals("defgh\n", s(mm.readLine(100)));
      assertEquals("xy", s(mm.readLine()));
      assertEquals("", s(mm.readLine(0)));
      assertThrows(IllegalArgumentException.class, () -> mm.readLine(-1));
    }
  }

  @Test
  void findAndRfindFollowPython() throws IOException {
    try (MappedFile mm = MappedFile.open(file("abcabcabc"))) {
      assertEquals(0, mm.find(b("abc")));
      assertEquals(3, mm.find(b("abc"), 1));
      assertEquals(-1, mm.find(b("abc"), 1, 5));
      assertEquals(6, mm.rfind(b("abc")));
      assertEquals(3, mm.rfind(b("abc"), 0, 8));
      assertEquals(6, mm.find(b("abc"), -3), "negative start counts from the end");
      mm.seek(4);
      assertEquals(6, mm.find(b("abc")), "start defaults to the cursor");
      assertEquals(6, mm.rfind(b("abc")), "rfind's start defaults to the cursor too");
      assertEquals(-1, mm.rfind(b("abc"), MappedFile.DEFAULT, 8));
      assertEquals(4, mm.find(b("")), "an empty sub is found at start");
    }
  }

  @Test
  void moveFlushResize() throws IOException {
    Path p = file("0123456789");
    try (MappedFile mm = MappedFile.open(p)) {
      mm.move(2, 0, 5);
      assertEquals("0101234789", s(mm.get(0, 100)));
      mm.flush(0, 0);
      mm.flush(3, 2, true);
      mm.resize(20);
      assertEquals(20, mm.length());
      assertEquals(20, mm.size());
      mm.put(15, b("end"));
      mm.resize(4);
      assertEquals(4, Files.size(p));
      assertEquals("0101", s(mm.get(0, 100)));
      mm.resize(0);
      assertEquals(0, mm.length());
      assertEquals(0, mm.get(0, 10).length);
    }
    assertEquals(0, Files.size(p));
  }

  @Test
  void accessModes() throws IOException {
    Path p = file("abcdef");
    try (MappedFile ro = MappedFile.open(p, Options.defaults().access(Access.READ))) {
      assertEquals(Access.READ, ro.access());
      assertThrows(MmfReadOnlyException.class, () -> ro.put(0, b("x")));
      assertThrows(MmfReadOnlyException.class, () -> ro.write(b("x")));
      assertThrows(MmfReadOnlyException.class, () -> ro.move(0, 1, 1));
      assertThrows(MmfReadOnlyException.class, () -> ro.resize(3));
      assertEquals("abc", s(ro.get(0, 3)));
    }
    try (MappedFile cow = MappedFile.open(p, Options.defaults().privateMap())) {
      assertEquals(Access.COPY, cow.access());
      cow.put(0, b("XYZ"));
      assertEquals("XYZdef", s(cow.get(0, 6)));
      cow.flush();
      assertThrows(MmfReadOnlyException.class, () -> cow.resize(10));
    }
    assertEquals("abcdef", s(Files.readAllBytes(p)), "COPY never reaches the file");
    try (MappedFile w = MappedFile.open(p, Options.defaults().access(Access.WRITE).offset(2).length(3))) {
      assertEquals(3, w.length());
      assertEquals(6, w.size());
      assertEquals("cde", s(w.read()));
      w.put(0, b("C"));
    }
    assertEquals("abCdef", s(Files.readAllBytes(p)));
  }

  @Test
  void createAndExclusive() throws IOException {
    Path p = dir.resolve("new.bin");
    try (MappedFile mm = MappedFile.open(p, Options.defaults().create().length(100))) {
      assertEquals(100, mm.length());
    }
    assertEquals(100, Files.size(p));
    MmfFileAlreadyExistsException e = assertThrows(MmfFileAlreadyExistsException.class,
        () -> MappedFile.open(p, Options.defaults().create().exclusive().length(1)));
    assertEquals(Status.IO, e.status());
    assertTrue(e.nativeMessage().contains("exists"), e.nativeMessage());
  }

  @Test
  void anonymousMapsGrowAndShrink() throws IOException {
    try (MappedFile mm = MappedFile.anonymous(13)) {
      mm.write(b("Hello world!\n"));
      mm.seek(0);
      assertEquals("Hello world!\n", s(mm.readLine()));
      assertEquals(13, mm.size());
      mm.resize(1 << 20);
      mm.put((1 << 20) - 1, b("z"));
      assertEquals("z", s(mm.get((1 << 20) - 1, 5)));
      mm.advise(Advice.SEQUENTIAL);
      mm.advise(Advice.WILLNEED, 0, 4096);
      mm.flush();
    }
  }

  @Test
  void closeIsIdempotentAndEverythingAfterIsClosed() throws IOException {
    MappedFile mm = MappedFile.open(file("abc"));
    assertFalse(mm.isClosed());
    mm.close();
    assertTrue(mm.isClosed());
    assertFalse(mm.handleReleased(), "the handle's record lives as long as the MappedFile (Cleaner)");
    mm.close();
    MmfClosedException e = assertThrows(MmfClosedException.class, mm::length);
    assertEquals(Status.CLOSED, e.status());
    assertFalse(e.nativeMessage().isEmpty());
    assertThrows(MmfClosedException.class, () -> mm.read(1));
    assertThrows(MmfClosedException.class, mm::view);
    assertThrows(MmfClosedException.class, () -> mm.resize(1));
    assertTrue(mm.toString().contains("closed"));
  }

  @Test
  void libraryFacts() {
    assertTrue(MappedFile.pageSize() >= 4096);
    assertEquals(0, Long.bitCount(MappedFile.pageSize()) - 1);
    assertTrue(MappedFile.allocationGranularity() >= MappedFile.pageSize());
    assertTrue(MappedFile.nativeVersion().matches("\\d+\\.\\d+\\.\\d+"), MappedFile.nativeVersion());
  }

  @Test
  void optionsAreImmutableValues() {
    Options a = Options.defaults();
    Options c = a.access(Access.READ).offset(-1).length(7).create().populate().noFollow().ownerOnly();
    assertEquals(Access.DEFAULT, a.access());
    assertEquals(0, a.flags());
    assertEquals(Access.READ, c.access());
    assertEquals(-1, c.offset());
    assertEquals(7, c.length());
    assertEquals(Options.CREATE | Options.POPULATE | Options.NOFOLLOW | Options.OWNER_ONLY, c.flags());
    assertTrue(c.toString().contains("offset=18446744073709551615"), c.toString());
    assertThrows(NullPointerException.class, () -> a.access(null));
  }
}
