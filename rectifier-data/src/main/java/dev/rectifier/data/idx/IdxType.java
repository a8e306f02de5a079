package dev.rectifier.data.idx;

import java.util.Optional;

/** Element type of an IDX file, stored in the third byte of the header. */
public enum IdxType {
  UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
  SIGNED_BYTE(0x09, 1, "signed byte"),
  SHORT(0x0B, 2, "short"),
  INT(0x0C, 4, "int"),
  FLOAT(0x0D, 4, "float"),
  DOUBLE(0x0E, 8, "double");

  private final int code;
  private final int elementBytes;
  private final String displayName;

  IdxType(int code, int elementBytes, String displayName) {
    this.code = code;
    this.elementBytes = elementBytes;
    this.displayName = displayName;
  }

  /** Type code as stored in the header, for example {@code 0x08}. */
  public int code() {
    return code;
  }

  /** Size of one element in bytes. */
  public int elementBytes() {
    return elementBytes;
  }

  /** Returns whether elements are integers, so that {@link IdxArray#getInt} applies. */
  public boolean isIntegral() {
    return this != FLOAT && this != DOUBLE;
  }

  /** Returns the type with this header code, or empty for an unknown code. */
  public static Optional<IdxType> fromCode(int code) {
    for (IdxType type : values()) {
      if (type.code == code) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
