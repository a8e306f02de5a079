package dev.rectifier.data.idx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Contents of one IDX file: element type, shape and elements.
 *
 * <p>Elements are in row-major order as in the file, so for shape {@code d0 × d1 × d2} the
 * element {@code (i, j, k)} has index {@code (i * d1 + j) * d2 + k}. Elements are kept as the
 * file's big-endian bytes and decoded on access. Unsigned bytes decode to 0…255, never negative.
 * Instances are immutable.
 */
public final class IdxArray {
  private final IdxType type;
  private final int[] shape;
  private final long dataOffset;
  private final byte[] data;
  private final ByteBuffer view;

  IdxArray(IdxType type, int[] shape, long dataOffset, byte[] data) {
    this.type = type;
    this.shape = shape.clone();
    this.dataOffset = dataOffset;
    this.data = data;
    this.view = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN).asReadOnlyBuffer();
  }

  public IdxType type() {
    return type;
  }

  /** Returns a copy of the dimension sizes, outermost first. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code axis}, where 0 is the outermost. */
  public int dimension(int axis) {
    return shape[axis];
  }

  /** Number of elements, the product of all dimension sizes. */
  public int size() {
    return data.length / type.elementBytes();
  }

  /** Byte offset of the first element in the file (or in the decompressed data for gzip files). */
  public long dataOffset() {
    return dataOffset;
  }

  /**
   * Returns element {@code index} of an integer array. Unsigned bytes give 0…255.
   *
   * @throws IllegalStateException if the elements are floats or doubles
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
   */
  public int getInt(int index) {
    Objects.checkIndex(index, size());
    return switch (type) {
      case UNSIGNED_BYTE -> data[index] & 0xFF;
      case SIGNED_BYTE -> data[index];
      case SHORT -> view.getShort(index * 2);
      case INT -> view.getInt(index * 4);
      case FLOAT, DOUBLE -> throw new IllegalStateException(
          "getInt needs integer elements but this array has " + type + " elements; use getDouble");
    };
  }

  /**
   * Returns element {@code index} as a double, for any element type.
   *
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
   */
  public double getDouble(int index) {
    Objects.checkIndex(index, size());
    return switch (type) {
      case FLOAT -> view.getFloat(index * 4);
      case DOUBLE -> view.getDouble(index * 8);
      default -> getInt(index);
    };
  }

  /** Returns the file's element bytes without copying. Callers in this package must not modify them. */
  byte[] rawData() {
    return data;
  }

  /** Returns the shape as {@code "2 × 28 × 28"}. */
  public String shapeText() {
    return IdxBytes.shapeText(shape);
  }

  @Override
  public String toString() {
    return "IdxArray(" + type + ", " + shapeText() + ")";
  }
}
