package org.mmf;

/** {@link Status#FAULT}: the mapped pages vanished (the file was truncated under the map). Calls that touch the memory keep throwing it until {@link MappedFile#resize} or {@link MappedFile#close}; length, size, tell and seek still work. */
public class MmfFaultException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfFaultException(String nativeMessage) {
    super(Status.FAULT, nativeMessage);
  }
}
