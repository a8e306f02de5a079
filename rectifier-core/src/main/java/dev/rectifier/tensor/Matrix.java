package dev.rectifier.tensor;

import java.util.Arrays;

/**
 * Dense matrix of {@code float} values in row-major order.
 *
 * <p>Element (r, c) is stored at {@code data[r * cols + c]}; rows are contiguous. A matrix owns
 * its array, which callers may read and write directly in hot loops. Shapes are written
 * {@code rows × cols} throughout Rectifier, with named dimensions such as
 * {@code batchSize × inputSize}.
 */
public final class Matrix {
  private final int rows;
  private final int cols;
  private final float[] data;

  /** Creates a zero-filled {@code rows × cols} matrix. */
  public Matrix(int rows, int cols) {
    this(rows, cols, new float[checkedSize(rows, cols)]);
  }

  /** Wraps {@code data} (not copied) as a {@code rows × cols} matrix. */
  public Matrix(int rows, int cols, float[] data) {
    int size = checkedSize(rows, cols);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "array length " + data.length + " does not match shape " + rows + " × " + cols
              + " (expected " + size + " elements)");
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  private static int checkedSize(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " × " + cols);
    }
    long size = (long) rows * cols;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "matrix " + rows + " × " + cols + " has " + size + " elements, more than a Java array holds");
    }
    return (int) size;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The backing array, row-major; writes go straight into the matrix. */
  public float[] data() {
    return data;
  }

  public float get(int row, int col) {
    return data[index(row, col)];
  }

  public void set(int row, int col, float value) {
    data[index(row, col)] = value;
  }

  private int index(int row, int col) {
    if (row < 0 || row >= rows || col < 0 || col >= cols) {
      throw new IndexOutOfBoundsException(
          "element (" + row + ", " + col + ") is outside a " + rows + " × " + cols + " matrix");
    }
    return row * cols + col;
  }

  /** Sets every element to {@code value}. */
  public void fill(float value) {
    Arrays.fill(data, value);
  }

  /** Copies {@code row}, a 1 × cols matrix such as a bias, into every row. */
  public void fillRows(Matrix row) {
    requireRow("fillRows", row);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(row.data, 0, data, r * cols, cols);
    }
  }

  /** Adds {@code row}, a 1 × cols matrix such as a bias, to every row. */
  public void addToRows(Matrix row) {
    requireRow("addToRows", row);
    for (int r = 0; r < rows; r++) {
      int offset = r * cols;
      for (int c = 0; c < cols; c++) {
        data[offset + c] += row.data[c];
      }
    }
  }

  private void requireRow(String operation, Matrix row) {
    if (row.rows != 1 || row.cols != cols) {
      throw new MatrixDimensionException(operation, "1 × " + cols, row.shape());
    }
  }

  /** Returns a deep copy. */
  public Matrix copy() {
    return new Matrix(rows, cols, data.clone());
  }

  /** Copies {@code source} into this matrix; the shapes must match. */
  public void copyFrom(Matrix source) {
    requireSameShape("copyFrom", this, source);
    System.arraycopy(source.data, 0, data, 0, data.length);
  }

  /**
   * Copies the given rows of {@code source}, in order, into the first {@code rowIndices.length}
   * rows of this matrix. Used to gather a minibatch from a data set.
   */
  public void gatherRows(Matrix source, int[] rowIndices, int from, int count) {
    if (source.cols != cols || count > rows) {
      throw new MatrixDimensionException("gatherRows", source.rows + " × " + source.cols,
          count + " × " + cols + " (at most " + rows + " rows)");
    }
    for (int k = 0; k < count; k++) {
      System.arraycopy(source.data, rowIndices[from + k] * cols, data, k * cols, cols);
    }
  }

  /** Returns {@code true} when every element is finite (no NaN or infinity). */
  public boolean isFinite() {
    for (float value : data) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the shape as {@code "rows × cols"}. */
  public String shape() {
    return rows + " × " + cols;
  }

  /** Throws {@link MatrixDimensionException} unless {@code a} and {@code b} have equal shapes. */
  public static void requireSameShape(String operation, Matrix a, Matrix b) {
    if (a.rows != b.rows || a.cols != b.cols) {
      throw new MatrixDimensionException(operation, a.shape(), b.shape());
    }
  }

  @Override
  public String toString() {
    return "Matrix(" + shape() + ")";
  }
}
