package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Null, closed, huge, negative and overflowing input through the Java API. */
class BadInputTest {
  @TempDir Path dir;
  private Path path;
  private MappedFile mm;

  @BeforeEach
  void open() throws IOException {
    path = dir.resolve("data.bin");
    Files.write(path, "hello\nworld\n".getBytes(US_ASCII));
    mm = MappedFile.open(path);
  }

  @AfterEach
  void close() {
    mm.close();
  }

  private static <T extends Throwable> T assertMmf(Class<T> type, Status status, String messagePart,
      org.junit.jupiter.api.function.Executable call) {
    T e = assertThrows(type, call);
    MmfError err = assertInstanceOf(MmfError.class, e);
    assertEquals(status, err.status());
    assertTrue(err.nativeMessage().contains(messagePart), "message: " + err.nativeMessage());
    assertTrue(e.getMessage().startsWith(status.name() + ": "), e.getMessage());
    return e;
  }

  @Test
  void nullArguments() {
    assertThrows(NullPointerException.class, () -> MappedFile.open(null));
    assertThrows(NullPointerException.class, () -> MappedFile.open(path, null));
    assertThrows(NullPointerException.class, () -> MappedFile.anonymous(1, null));
    assertThrows(NullPointerException.class, () -> mm.read(null));
    assertThrows(NullPointerException.class, () -> mm.read(null, 0, 0));
    assertThrows(NullPointerException.class, () -> mm.write(null));
    assertThrows(NullPointerException.class, () -> mm.get(0, null));
    assertThrows(NullPointerException.class, () -> mm.put(0, null));
    assertThrows(NullPointerException.class, () -> mm.find(null));
    assertThrows(NullPointerException.class, () -> mm.rfind(null, 0, 1));
    assertThrows(NullPointerException.class, () -> mm.seek(0, (Whence) null));
    assertThrows(NullPointerException.class, () -> mm.advise(null));
  }

  @Test
  void badArraySlicesAreJavaIndexErrors() {
    byte[] a = new byte[4];
    assertThrows(IndexOutOfBoundsException.class, () -> mm.read(a, -1, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> mm.read(a, 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> mm.get(0, a, 0, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> mm.put(0, a, 4, -1));
    assertThrows(IndexOutOfBoundsException.class, () -> mm.write(a, Integer.MAX_VALUE, 1));
    assertThrows(IllegalArgumentException.class, () -> mm.get(0, -1));
  }

  @Test
  void nativeSliceCheckBacksUpTheJavaOne() {
    // The package-private SWIG layer checks slices itself: no wild pointer even without Java's check.
    NativeMap raw = mm.rawForTest();
    try {
      assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "slice outside an array of 4 bytes",
          () -> raw.read_at(0, new byte[4], 2, 3));
      assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "slice outside",
          () -> raw.write_at(0, new byte[4], -1, 1));
      assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "slice outside",
          () -> raw.find(new byte[4], 0, Long.MAX_VALUE, MappedFile.DEFAULT, MappedFile.DEFAULT));
      assertThrows(NullPointerException.class, () -> raw.read(null, 0, 0));
    } finally {
      mm.exitRawForTest();
    }
  }

  @Test
  void negativeAndHugePositions() {
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_read_at", () -> mm.get(-1, 1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_read_at", () -> mm.get(13, 1));
    assertEquals(0, mm.get(12, 5).length, "pos == length is empty, not an error");
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_write_at",
        () -> mm.put(Long.MAX_VALUE, new byte[2]));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_write_at",
        () -> mm.put(-1, new byte[1]));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_move", () -> mm.move(0, -1, 1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_move",
        () -> mm.move(1, 0, Long.MAX_VALUE));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_seek", () -> mm.seek(-1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_seek",
        () -> mm.seek(Long.MAX_VALUE, Whence.CUR));
    mm.seek(5);
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_seek",
        () -> mm.seek(Long.MAX_VALUE, Whence.CUR));
    assertEquals(5, mm.tell(), "a failed seek leaves the cursor");
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_flush", () -> mm.flush(0, -1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_madvise", () -> mm.madvise(0, -1, 1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_resize", () -> mm.resize(-1));
    assertEquals(12, mm.length(), "a failed resize keeps the map");
  }

  @Test
  void unknownEnumValuesAndBytes() {
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_seek", () -> mm.seek(0, 3));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_seek", () -> mm.seek(0, -1));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_madvise",
        () -> mm.madvise(99, 0, 0));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not a byte value",
        () -> mm.writeByte(256));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not a byte value",
        () -> mm.writeByte(-1));
    assertEquals(0, mm.tell());
  }

  @Test
  void badOpens() throws IOException {
    MmfNoSuchFileException missing = assertMmf(MmfNoSuchFileException.class, Status.IO, "No such file",
        () -> MappedFile.open(dir.resolve("missing")));
    assertInstanceOf(java.nio.file.NoSuchFileException.class, missing);
    assertInstanceOf(IOException.class, missing);
    assertEquals(2, missing.osError(), "ENOENT from mmf_last_os_error");
    assertEquals(ErrorKind.NOT_FOUND, missing.kind(), "mmf_last_error_kind");
    Path empty = dir.resolve("empty");
    Files.createFile(empty);
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_open", () -> MappedFile.open(empty));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_open",
        () -> MappedFile.open(path, Options.defaults().offset(-1)));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_open",
        () -> MappedFile.open(path, Options.defaults().length(13)));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_open",
        () -> MappedFile.open(path, Options.defaults().offset(Long.MAX_VALUE).length(Long.MAX_VALUE)));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_open",
        () -> MappedFile.open(path, Options.defaults().access(Access.READ).privateMap()));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_open",
        () -> MappedFile.open(path, Options.defaults().exclusive()));
    // java.nio refuses a NUL in a Path; the native layer refuses it too.
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "NUL",
        () -> NativeMap.open(new byte[] {'/', 'a', 0, 'b'}, 0, 0, 0, 0));
    assertMmf(MmfIOException.class, Status.IO, "mmf_open", () -> MappedFile.open(dir));
  }

  @Test
  void badAnonymousMaps() {
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_open_anonymous",
        () -> MappedFile.anonymous(0));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_open_anonymous",
        () -> MappedFile.anonymous(-1));
    assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_open_anonymous",
        () -> MappedFile.anonymous(Long.MIN_VALUE));
    assertMmf(MmfNoMemoryException.class, Status.NO_MEMORY, "mmf_open_anonymous",
        () -> MappedFile.anonymous(Long.MAX_VALUE));
    assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "offset",
        () -> MappedFile.anonymous(1, Options.defaults().offset(1)));
  }

  @Test
  void hugeResizeIsAnIoErrorAndTheMapSurvives() {
    MmfIOException e = assertMmf(MmfIOException.class, Status.IO, "mmf_resize", () -> mm.resize(Long.MAX_VALUE));
    assertTrue(e.osError() > 0, "the errno behind it: " + e.osError());
    assertEquals(12, mm.length());
    assertEquals("hello", new String(mm.get(0, 5), US_ASCII));
  }

  @Test
  void everyStatusHasItsException() {
    Class<?>[] expected = {
      MmfException.class, MmfInvalidArgumentException.class, MmfClosedException.class,
      MmfReadOnlyException.class, MmfOutOfRangeException.class, MmfBusyException.class,
      MmfIOException.class, MmfNoMemoryException.class, MmfUnsupportedException.class,
      MmfFaultException.class
    };
    for (int code = 1; code < expected.length; code++) {
      Throwable t = MmfErrors.fromNative(code, 0, 0, ("msg " + code).getBytes(US_ASCII));
      assertEquals(expected[code], t.getClass(), "status " + code);
      assertEquals(Status.fromCode(code), ((MmfError) t).status());
      assertEquals("msg " + code, ((MmfError) t).nativeMessage());
      assertEquals(code == 6, t instanceof IOException);
      assertEquals(code != 6, t instanceof RuntimeException);
    }
    // The kind travels to MmfIOException; a kind newer than this binding is OTHER.
    // NOT_FOUND, EXISTS and PERMISSION are java.nio.file's types; the rest MmfIOException.
    Throwable denied = MmfErrors.fromNative(6, 13, 4, new byte[] {'m'});
    assertInstanceOf(java.nio.file.AccessDeniedException.class, denied);
    assertEquals(ErrorKind.PERMISSION, ((MmfOsError) denied).kind());
    assertEquals(13, ((MmfOsError) denied).osError());
    assertInstanceOf(java.nio.file.NoSuchFileException.class, MmfErrors.fromNative(6, 2, 2, new byte[] {'m'}));
    assertInstanceOf(java.nio.file.FileAlreadyExistsException.class, MmfErrors.fromNative(6, 17, 3, new byte[] {'m'}));
    assertEquals(MmfIOException.class, MmfErrors.fromNative(6, 28, 5, new byte[] {'m'}).getClass());
    assertEquals(ErrorKind.NO_SPACE, ((MmfIOException) MmfErrors.fromNative(6, 28, 5, new byte[] {'m'})).kind());
    assertEquals(ErrorKind.OTHER, ((MmfIOException) MmfErrors.fromNative(6, 1, 99, new byte[] {'m'})).kind());
    Throwable unknown = MmfErrors.fromNative(42, 0, 0, new byte[] {(byte) 0xff, 'x'});
    assertEquals(MmfException.class, unknown.getClass());
    assertTrue(unknown.getMessage().contains("status 42"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("\ufffdx"), "malformed UTF-8 is replaced");
    for (Status s : Status.values()) {
      assertEquals(s, Status.fromCode(s.code()));
    }
  }
}
