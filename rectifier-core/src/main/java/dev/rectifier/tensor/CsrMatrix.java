package dev.rectifier.tensor;

/**
 * Sparse matrix of {@code float} values in compressed sparse row (CSR) form.
 *
 * <p>The stored elements of row r sit at positions {@code rowPointers[r]} to
 * {@code rowPointers[r + 1] - 1} of {@code columnIndices} and {@code values}, with column indices
 * strictly increasing within the row. Elements that are not stored are zero. Stored values may be
 * zero too, but {@link #fromDense} stores only non-zero ones.
 *
 * <p>The shape is fixed at construction. The contents can be replaced by {@link #gatherRows},
 * which reuses the arrays while they are large enough, so that a trainer can load shuffled
 * minibatches without allocating. The arrays can therefore be longer than
 * {@link #nonZeroCount()}, and only their first {@code nonZeroCount()} entries belong to the
 * matrix. Unlike {@link Matrix}, the shape may have more than {@link Integer#MAX_VALUE} elements,
 * because only the stored elements need array space.
 */
public final class CsrMatrix {
  /**
   * Largest array length allocated here. It is the soft limit that the JDK's own collections use,
   * because some JVMs reserve header words and cannot allocate arrays closer to
   * {@link Integer#MAX_VALUE}.
   */
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final int rows;
  private final int cols;
  private final int[] rowPointers;
  private int[] columnIndices;
  private float[] values;

  /**
   * Creates an all-zero {@code rows × cols} matrix whose arrays hold {@code capacity} stored
   * elements, for {@link #gatherRows} to fill.
   */
  public CsrMatrix(int rows, int cols, int capacity) {
    checkShape(rows, cols);
    if (capacity < 0 || capacity > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(
          "capacity must be in [0, " + MAX_ARRAY_LENGTH + "], got " + capacity);
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPointers = new int[rows + 1];
    this.columnIndices = new int[capacity];
    this.values = new float[capacity];
  }

  /**
   * Wraps the three CSR arrays (not copied) as a {@code rows × cols} matrix after checking them.
   *
   * @param rowPointers length {@code rows + 1}, starting at 0, never decreasing, ending at
   *     {@code values.length}
   * @param columnIndices one per value, each in {@code [0, cols)}, strictly increasing within a row
   * @param values the stored elements, all finite
   * @throws IllegalArgumentException naming the row, position and value that break one of these
   *     rules
   */
  public CsrMatrix(int rows, int cols, int[] rowPointers, int[] columnIndices, float[] values) {
    checkShape(rows, cols);
    checkRowPointers(rows, rowPointers, columnIndices, values);
    checkRowContents(rows, cols, rowPointers, columnIndices, values);
    this.rows = rows;
    this.cols = cols;
    this.rowPointers = rowPointers;
    this.columnIndices = columnIndices;
    this.values = values;
  }

  private static void checkShape(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " × " + cols);
    }
    if (rows >= MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException("too many rows: got " + rows + ", the maximum is "
          + (MAX_ARRAY_LENGTH - 1) + " because rowPointers has rows + 1 entries");
    }
  }

  private static void checkRowPointers(int rows, int[] rowPointers, int[] columnIndices, float[] values) {
    if (rowPointers.length != rows + 1) {
      throw new IllegalArgumentException("rowPointers has length " + rowPointers.length
          + ", expected rows + 1 = " + (rows + 1));
    }
    if (columnIndices.length != values.length) {
      throw new IllegalArgumentException("columnIndices has length " + columnIndices.length
          + " but values has length " + values.length + ", expected one column index per value");
    }
    if (rowPointers[0] != 0) {
      throw new IllegalArgumentException("rowPointers[0] is " + rowPointers[0] + ", expected 0");
    }
    for (int r = 0; r < rows; r++) {
      if (rowPointers[r + 1] < rowPointers[r]) {
        throw new IllegalArgumentException("row " + r + ": rowPointers[" + (r + 1) + "] is "
            + rowPointers[r + 1] + ", less than rowPointers[" + r + "] = " + rowPointers[r]
            + ", expected row pointers that never decrease");
      }
    }
    if (rowPointers[rows] != values.length) {
      throw new IllegalArgumentException("rowPointers[" + rows + "] is " + rowPointers[rows]
          + ", expected the stored element count " + values.length + " (the length of values)");
    }
  }

  /** Checks column indices and values row by row, after checkRowPointers has made the pointers safe to use. */
  private static void checkRowContents(int rows, int cols, int[] rowPointers, int[] columnIndices,
      float[] values) {
    for (int r = 0; r < rows; r++) {
      for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
        int column = columnIndices[p];
        if (column < 0 || column >= cols) {
          throw new IllegalArgumentException("row " + r + ", position " + p + ": column index "
              + column + " is outside [0, " + cols + ")");
        }
        if (p > rowPointers[r] && column <= columnIndices[p - 1]) {
          throw new IllegalArgumentException("row " + r + ", position " + p + ": column index "
              + column + " follows column index " + columnIndices[p - 1]
              + ", expected column indices strictly increasing within a row");
        }
        if (!Float.isFinite(values[p])) {
          throw new IllegalArgumentException("row " + r + ", position " + p + " (column " + column
              + "): value " + values[p] + " is not finite, expected a finite value");
        }
      }
    }
  }

  /**
   * Creates a CSR copy of {@code dense} that stores its non-zero elements only. −0 counts as
   * zero, so it comes back from {@link #toDense()} as +0.
   *
   * @throws IllegalArgumentException when an element is NaN or infinite, naming its row and column
   */
  public static CsrMatrix fromDense(Matrix dense) {
    int rows = dense.rows();
    int cols = dense.cols();
    float[] data = dense.data();
    int count = 0;
    for (float value : data) {
      if (value != 0f) {
        count++;
      }
    }

    CsrMatrix sparse = new CsrMatrix(rows, cols, count);
    int p = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float value = data[r * cols + c];
        if (value == 0f) {
          continue;
        }
        if (!Float.isFinite(value)) {
          throw new IllegalArgumentException("element (" + r + ", " + c + ") is " + value
              + ", expected a finite value");
        }
        sparse.columnIndices[p] = c;
        sparse.values[p] = value;
        p++;
      }
      sparse.rowPointers[r + 1] = p;
    }
    return sparse;
  }

  /**
   * Returns a new dense copy.
   *
   * @throws IllegalArgumentException when the shape has more elements than a Java array can contain
   */
  public Matrix toDense() {
    Matrix dense = new Matrix(rows, cols);
    float[] data = dense.data();
    for (int r = 0; r < rows; r++) {
      for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
        data[r * cols + columnIndices[p]] = values[p];
      }
    }
    return dense;
  }

  /**
   * Replaces the contents with the given rows of {@code source}, in order, in the first
   * {@code count} rows, and empties the remaining rows. Used to gather a minibatch from a data
   * set: the rows are {@code source} rows {@code rowIndices[from]} to
   * {@code rowIndices[from + count - 1]}.
   *
   * <p>Allocates nothing while {@link #capacity()} covers the stored elements of the gathered
   * rows. Otherwise it grows the arrays to at least 1.5 times their old length, so that a run
   * of minibatches soon stops reallocating. The arrays returned earlier by
   * {@link #columnIndices()} and {@link #values()} are then stale.
   *
   * @throws MatrixDimensionException when the column counts differ or {@code count} exceeds the rows
   * @throws IndexOutOfBoundsException when {@code [from, from + count)} is outside
   *     {@code rowIndices} or a row index is outside {@code source}
   * @throws IllegalArgumentException when {@code source} is this matrix
   */
  public void gatherRows(CsrMatrix source, int[] rowIndices, int from, int count) {
    if (source == this) {
      throw new IllegalArgumentException("gatherRows: source and target must be different matrices,"
          + " because the target's arrays are overwritten while the rows are copied");
    }
    if (source.cols != cols || count < 0 || count > rows) {
      throw new MatrixDimensionException("gatherRows", count + " × " + cols + " (at most " + rows + " rows)",
          count + " rows of " + source.shape());
    }
    if (from < 0 || from > rowIndices.length - count) {
      throw new IndexOutOfBoundsException("gatherRows: range [" + from + ", " + ((long) from + count)
          + ") of rowIndices is outside [0, " + rowIndices.length + ")");
    }

    long total = 0;
    for (int k = from; k < from + count; k++) {
      int row = rowIndices[k];
      if (row < 0 || row >= source.rows) {
        throw new IndexOutOfBoundsException("gatherRows: rowIndices[" + k + "] is " + row
            + ", outside the source's rows [0, " + source.rows + ")");
      }
      total += source.rowPointers[row + 1] - source.rowPointers[row];
    }
    ensureCapacity(total);

    int p = 0;
    for (int k = 0; k < count; k++) {
      int row = rowIndices[from + k];
      int start = source.rowPointers[row];
      int length = source.rowPointers[row + 1] - start;
      System.arraycopy(source.columnIndices, start, columnIndices, p, length);
      System.arraycopy(source.values, start, values, p, length);
      p += length;
      rowPointers[k + 1] = p;
    }
    for (int r = count + 1; r <= rows; r++) {
      rowPointers[r] = p;
    }
  }

  private void ensureCapacity(long required) {
    if (required <= columnIndices.length) {
      return;
    }
    if (required > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException("gatherRows: the gathered rows store " + required
          + " elements, more than the maximum array length " + MAX_ARRAY_LENGTH
          + ", so gather fewer rows at a time");
    }
    int grown = (int) Math.min(MAX_ARRAY_LENGTH, Math.max(required, columnIndices.length * 3L / 2));
    columnIndices = new int[grown];
    values = new float[grown];
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Returns the backing row-pointer array, of length {@code rows + 1}. Writes go straight into the matrix. */
  public int[] rowPointers() {
    return rowPointers;
  }

  /**
   * Returns the backing column-index array. Its first {@link #nonZeroCount()} entries belong to
   * the matrix, and writes go straight into it.
   */
  public int[] columnIndices() {
    return columnIndices;
  }

  /**
   * Returns the backing value array. Its first {@link #nonZeroCount()} entries belong to the
   * matrix, and writes go straight into it.
   */
  public float[] values() {
    return values;
  }

  /**
   * Returns the number of stored elements, {@code rowPointers()[rows]}. A writer that fills the
   * arrays directly sets it through the last row pointer.
   */
  public int nonZeroCount() {
    return rowPointers[rows];
  }

  /** Returns how many stored elements the arrays hold before {@link #gatherRows} reallocates. */
  public int capacity() {
    return columnIndices.length;
  }

  /** Returns the share of stored elements, {@code nonZeroCount / (rows · cols)}, or 0 for an empty shape. */
  public double density() {
    if (rows == 0 || cols == 0) {
      return 0;
    }
    return nonZeroCount() / ((double) rows * cols);
  }

  /** Returns element (row, col), found by binary search in the row, or 0 when it is not stored. */
  public float get(int row, int col) {
    if (row < 0 || row >= rows || col < 0 || col >= cols) {
      throw new IndexOutOfBoundsException(
          "element (" + row + ", " + col + ") is outside a " + rows + " × " + cols + " matrix");
    }
    int low = rowPointers[row];
    int high = rowPointers[row + 1] - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int column = columnIndices[middle];
      if (column < col) {
        low = middle + 1;
      } else if (column > col) {
        high = middle - 1;
      } else {
        return values[middle];
      }
    }
    return 0f;
  }

  /** Returns the shape as {@code "rows × cols"}. */
  public String shape() {
    return rows + " × " + cols;
  }

  @Override
  public String toString() {
    return "CsrMatrix(" + shape() + ", " + nonZeroCount() + " stored)";
  }
}
