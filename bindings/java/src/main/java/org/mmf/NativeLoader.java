package org.mmf;

/**
 * Loads the JNI library once, before the first native call (NativeJNI's static initialiser).
 *
 * <p>The system property {@code org.mmf.jni.library}, when set, is the absolute path of the
 * library (the build tree's tests use it); otherwise {@code mmfjni} is looked up in {@code
 * java.library.path}, which on Debian already holds the multiarch {@code jni} directory where
 * {@code cmake --install} puts it.
 */
final class NativeLoader {
  static final String PROPERTY = "org.mmf.jni.library";
  private static boolean loaded;

  private NativeLoader() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    String path = System.getProperty(PROPERTY);
    try {
      if (path != null && !path.isEmpty()) {
        System.load(path);
      } else {
        System.loadLibrary("mmfjni");
      }
    } catch (UnsatisfiedLinkError e) {
      UnsatisfiedLinkError wrapped = new UnsatisfiedLinkError("mmf: cannot load the JNI library "
          + (path != null && !path.isEmpty() ? path : "mmfjni from java.library.path="
              + System.getProperty("java.library.path"))
          + " (install libmmfjni.so, or set -D" + PROPERTY + "=/path/to/libmmfjni.so): "
          + e.getMessage());
      wrapped.initCause(e);
      throw wrapped;
    }
    loaded = true;
  }
}
