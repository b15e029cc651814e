/**
 * Memory-mapped files with the object model of Python's {@code mmap} module, over mmf's C
 * library ({@code libmmf}, ABI 1.0) through JNI.
 *
 * <p>{@link org.mmf.MappedFile} is the map: a cursor ({@code read}, {@code write}, {@code seek}),
 * positional and typed access ({@code get}, {@code put}, {@code getLong}), {@code find}/{@code
 * rfind}, {@code move}, {@code flush}, {@code resize} and an explicit {@code close()} that unmaps
 * at once. {@link org.mmf.View} gives zero-copy direct {@link java.nio.ByteBuffer}s; {@code
 * inputStream()}, {@code outputStream()} and {@code channel()} adapt a map to {@code java.io} and
 * {@code java.nio.channels}. A file truncated under the map is {@link
 * org.mmf.MmfFaultException}, not the JVM's {@code InternalError}.
 *
 * <p>Errors are the JDK types Java code already catches ({@link IndexOutOfBoundsException} for a
 * range outside the map, {@link IllegalStateException} for a closed map, checked {@link
 * java.io.IOException}s for the operating system's refusals), each a class of its own that
 * implements {@link org.mmf.MmfError}; the table is there.
 *
 * <p>The JNI library is found by {@code -Dorg.mmf.jni.library}, then in {@code
 * java.library.path} (Debian's libmmf-jni), then inside the jar (the Maven artifact carries one,
 * linked statically, for linux-x86_64).
 */
package org.mmf;
