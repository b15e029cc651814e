package org.mmf;

/** {@link Status#READ_ONLY}: a write or move on a READ map, or a resize of a READ or COPY map. */
public class MmfReadOnlyException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfReadOnlyException(String nativeMessage) {
    super(Status.READ_ONLY, nativeMessage);
  }
}
