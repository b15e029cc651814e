package org.mmf;

import java.util.Objects;

/**
 * Options for {@link MappedFile#open}, {@link MappedFile#anonymous} and {@link
 * MappedFile#named}: an immutable value; every setter returns a new instance.
 *
 * <pre>{@code
 * Options o = Options.defaults().access(Access.READ).offset(4096).length(1 << 20);
 * }</pre>
 *
 * <p>Offsets and lengths are unsigned 64-bit values in the C library: a negative {@code long}
 * reaches it as the huge unsigned value with the same bits and is rejected there ({@link
 * MmfOutOfRangeException}), as in every other binding.
 */
public final class Options {
  static final int CREATE = 0x1;
  static final int POPULATE = 0x2;
  static final int PRIVATE = 0x4;
  static final int EXCLUSIVE = 0x8;
  static final int NOFOLLOW = 0x10;
  static final int OWNER_ONLY = 0x20;

  private static final Options DEFAULTS = new Options(Access.DEFAULT, 0, 0, 0);

  private final Access access;
  private final long offset;
  private final long length;
  private final int flags;

  private Options(Access access, long offset, long length, int flags) {
    this.access = access;
    this.offset = offset;
    this.length = length;
    this.flags = flags;
  }

  /** {@return read-write shared access, offset 0, length 0 (the whole file), no flags} */
  public static Options defaults() {
    return DEFAULTS;
  }

  /**
   * Sets the access mode.
   *
   * @param a READ, WRITE, COPY or DEFAULT
   * @return new options with it
   */
  public Options access(Access a) {
    return new Options(Objects.requireNonNull(a, "access"), offset, length, flags);
  }

  /**
   * Sets the file offset where the map starts; any value works (not only multiples of the
   * granularity).
   *
   * @param off the offset in bytes (unsigned for the library: a negative one is out of range)
   * @return new options with it
   */
  public Options offset(long off) {
    return new Options(access, off, length, flags);
  }

  /**
   * Sets how many bytes to map; 0 maps from the offset to the end of the file. Ignored by
   * anonymous maps.
   *
   * @param len the length in bytes (unsigned for the library)
   * @return new options with it
   */
  public Options length(long len) {
    return new Options(access, offset, len, flags);
  }

  /** {@return new options that create the file if it does not exist, and extend it to offset + length} */
  public Options create() {
    return withFlag(CREATE);
  }

  /**
   * With {@link #create()}: fail if the file already exists. With {@link MappedFile#named}: create
   * only, fail if the name exists.
   *
   * @return new options with the flag
   */
  public Options exclusive() {
    return withFlag(EXCLUSIVE);
  }

  /** {@return new options that prefault the pages at open (a hint)} */
  public Options populate() {
    return withFlag(POPULATE);
  }

  /** {@return new options for a private, copy-on-write map (with {@link Access#DEFAULT} this is COPY)} */
  public Options privateMap() {
    return withFlag(PRIVATE);
  }

  /** {@return new options that refuse a path whose last component is a symbolic link} */
  public Options noFollow() {
    return withFlag(NOFOLLOW);
  }

  /** {@return new options that, with {@link #create()}, create the file with mode 0600} */
  public Options ownerOnly() {
    return withFlag(OWNER_ONLY);
  }

  /** {@return the access mode} */
  public Access access() {
    return access;
  }

  /** {@return the offset} */
  public long offset() {
    return offset;
  }

  /** {@return the length (0: to the end of the file)} */
  public long length() {
    return length;
  }

  /** {@return the {@code MMF_OPEN_*} / {@code MMF_MAP_*} bits} */
  public int flags() {
    return flags;
  }

  private Options withFlag(int f) {
    return new Options(access, offset, length, flags | f);
  }

  @Override
  public String toString() {
    return "Options[access=" + access + ", offset=" + Long.toUnsignedString(offset) + ", length="
        + Long.toUnsignedString(length) + ", flags=0x" + Integer.toHexString(flags) + "]";
  }
}
