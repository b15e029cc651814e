package org.mmf;

/**
 * What every mmf exception carries: the C status and the library's message for the failed call
 * ({@code mmf_last_error()}, taken in the same native call). Each status has its own class, and
 * each class extends the JDK type Java code already catches for that kind of failure:
 *
 * <table class="striped">
 *   <caption>Statuses and their exceptions</caption>
 *   <thead><tr><th scope="col">status</th><th scope="col">class</th><th scope="col">extends</th></tr></thead>
 *   <tbody>
 *   <tr><th scope="row">INVALID_ARGUMENT</th><td>{@link MmfInvalidArgumentException}</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><th scope="row">CLOSED</th><td>{@link MmfClosedException}</td><td>{@link IllegalStateException}</td></tr>
 *   <tr><th scope="row">READ_ONLY</th><td>{@link MmfReadOnlyException}</td><td>{@link java.nio.ReadOnlyBufferException}</td></tr>
 *   <tr><th scope="row">OUT_OF_RANGE</th><td>{@link MmfOutOfRangeException}</td><td>{@link IndexOutOfBoundsException}</td></tr>
 *   <tr><th scope="row">BUSY</th><td>{@link MmfBusyException}</td><td>{@link IllegalStateException}</td></tr>
 *   <tr><th scope="row">IO</th><td>{@link MmfIOException}, {@link MmfNoSuchFileException}, {@link MmfFileAlreadyExistsException}, {@link MmfAccessDeniedException}</td><td>{@link java.io.IOException} (checked), and the {@code java.nio.file} types</td></tr>
 *   <tr><th scope="row">NO_MEMORY</th><td>{@link MmfNoMemoryException}</td><td>{@link MmfException} ({@link RuntimeException})</td></tr>
 *   <tr><th scope="row">UNSUPPORTED</th><td>{@link MmfUnsupportedException}</td><td>{@link UnsupportedOperationException}</td></tr>
 *   <tr><th scope="row">FAULT</th><td>{@link MmfFaultException}</td><td>{@link java.io.UncheckedIOException}</td></tr>
 *   </tbody>
 * </table>
 */
public interface MmfError {
  /**
   * The status of the failed call.
   *
   * @return the status (null only for a code newer than this binding)
   */
  Status status();

  /**
   * The library's message: the call, its arguments and, for OS failures, the OS error text.
   *
   * @return the message, as {@code mmf_last_error()} gave it
   */
  String nativeMessage();
}
