package org.mmf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the JNI library once, before the first native call (NativeJNI's static initialiser), from
 * the first of these that has it:
 *
 * <ol>
 *   <li>the system property {@code org.mmf.jni.library}, the absolute path of the library (the
 *       build tree's tests use it); when it is set nothing else is tried;
 *   <li>{@code mmfjni} in {@code java.library.path}, which on Debian already holds the multiarch
 *       {@code jni} directory where the libmmf-jni package and {@code cmake --install} put it;
 *   <li>the library bundled in the jar (the Maven build puts it at {@code
 *       /org/mmf/native/<os>-<arch>/}), linked statically with the C library so it needs no
 *       libmmf: copied to a file of its own in {@code org.mmf.jni.tmpdir} (default {@code
 *       java.io.tmpdir}), loaded, and deleted (at once where the OS allows it, else at exit), as
 *       sqlite-jdbc and zstd-jni do.
 * </ol>
 */
final class NativeLoader {
  static final String PROPERTY = "org.mmf.jni.library";
  static final String TMPDIR_PROPERTY = "org.mmf.jni.tmpdir";
  private static boolean loaded;
  /** Where the library came from, for error messages and tests. */
  private static String source = "";

  private NativeLoader() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    String path = System.getProperty(PROPERTY);
    if (path != null && !path.isEmpty()) {
      try {
        System.load(path);
      } catch (UnsatisfiedLinkError e) {
        throw failure("cannot load the JNI library " + path + " (-D" + PROPERTY + ")", e);
      }
      source = path;
      loaded = true;
      return;
    }
    try {
      System.loadLibrary("mmfjni");
      source = "java.library.path";
      loaded = true;
      return;
    } catch (UnsatisfiedLinkError systemMiss) {
      String dir = platformDir(System.getProperty("os.name"), System.getProperty("os.arch"));
      String name = System.mapLibraryName("mmfjni");
      String resource = dir == null ? null : "/org/mmf/native/" + dir + "/" + name;
      if (resource == null || NativeLoader.class.getResource(resource) == null) {
        throw failure("cannot load the JNI library: mmfjni is not in java.library.path="
            + System.getProperty("java.library.path") + ", and this jar has no library for "
            + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
            + " (install libmmfjni, or set -D" + PROPERTY + "=/path/to/" + name + ")", systemMiss);
      }
      try {
        source = loadBundled(resource, name);
      } catch (IOException | UnsatisfiedLinkError e) {
        UnsatisfiedLinkError err = failure("cannot load the JNI library bundled in the jar ("
            + resource + "): " + e.getMessage() + " (set -D" + TMPDIR_PROPERTY
            + "=<a directory that allows executables> if the temporary directory is noexec)", e);
        err.addSuppressed(systemMiss);
        throw err;
      }
      loaded = true;
    }
  }

  /** Where the library was loaded from: a path, or "java.library.path". */
  static synchronized String source() {
    return source;
  }

  /**
   * The jar's directory for a platform, named as {@code os.name}/{@code os.arch} report it; null
   * where the jar carries no library.
   */
  static String platformDir(String osName, String osArch) {
    if (osName == null || osArch == null) {
      return null;
    }
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("windows") ? "windows" : null;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : null;
    return o == null || a == null ? null : o + "-" + a;
  }

  private static String loadBundled(String resource, String name) throws IOException {
    String tmp = System.getProperty(TMPDIR_PROPERTY);
    Path dir = Paths.get(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir"));
    Files.createDirectories(dir);
    // A name per version and per process, so that JVMs of different versions, or running at the
    // same time, never load each other's file or see it half written.
    String version = NativeLoader.class.getPackage().getImplementationVersion();
    if (name.endsWith(".dll")) {
      removeStaleCopies(dir, name);
    }
    Path file = Files.createTempFile(dir, "mmfjni-" + (version == null ? "dev" : version) + "-", "-" + name);
    try {
      try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("resource " + resource + " vanished");
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      System.load(file.toAbsolutePath().toString());
      return file.toAbsolutePath().toString();
    } finally {
      // POSIX keeps a loaded file mapped after its name is gone; Windows refuses to delete a
      // loaded DLL, which is then removed at exit (or, if the JVM is killed, stays in tmp).
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        File f = file.toFile();
        f.deleteOnExit();
      }
    }
  }

  /**
   * Windows cannot delete a loaded DLL, so a JVM's copy stays until it exits, and for good if it
   * is killed. Earlier JVMs' copies are removed here: a copy that another running JVM has loaded
   * cannot be deleted, and is left alone.
   */
  private static void removeStaleCopies(Path dir, String name) {
    try (java.nio.file.DirectoryStream<Path> old = Files.newDirectoryStream(dir, "mmfjni-*-" + name)) {
      for (Path p : old) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException inUse) {
          // loaded by a running JVM
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable directory: nothing to clean, and the copy below reports real trouble
    }
  }

  private static UnsatisfiedLinkError failure(String msg, Throwable cause) {
    UnsatisfiedLinkError e = new UnsatisfiedLinkError("mmf: " + msg + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }
}
