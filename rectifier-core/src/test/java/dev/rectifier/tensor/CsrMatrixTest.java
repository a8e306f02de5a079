package dev.rectifier.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {

  /**
   * Returns the 3 × 4 matrix
   * <pre>
   *   [1 0 2 0]
   *   [0 0 0 0]
   *   [0 3 0 4]
   * </pre>
   */
  private static CsrMatrix example() {
    return new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 1, 3}, new float[] {1, 2, 3, 4});
  }

  @Test
  void constructorWrapsArrays() {
    int[] rowPointers = {0, 2, 2, 4};
    int[] columns = {0, 2, 1, 3};
    float[] values = {1, 2, 3, 4};

    CsrMatrix matrix = new CsrMatrix(3, 4, rowPointers, columns, values);

    assertThat(matrix.rows()).isEqualTo(3);
    assertThat(matrix.cols()).isEqualTo(4);
    assertThat(matrix.rowPointers()).isSameAs(rowPointers);
    assertThat(matrix.columnIndices()).isSameAs(columns);
    assertThat(matrix.values()).isSameAs(values);
    assertThat(matrix.nonZeroCount()).isEqualTo(4);
    assertThat(matrix.capacity()).isEqualTo(4);
    assertThat(matrix.shape()).isEqualTo("3 × 4");
    assertThat(matrix.toString()).isEqualTo("CsrMatrix(3 × 4, 4 stored)");
  }

  @Test
  void densityCountsStoredElements() {
    assertThat(example().density()).isEqualTo(4 / 12.0);
    assertThat(new CsrMatrix(5, 7, 10).density()).isZero();
    assertThat(new CsrMatrix(0, 7, 0).density()).isZero();
    assertThat(new CsrMatrix(7, 0, 0).density()).isZero();
  }

  @Test
  void densityOfShapeBeyondIntRange() {
    CsrMatrix matrix = new CsrMatrix(100_000, 100_000, new int[100_001], new int[0], new float[0]);

    assertThat(matrix.density()).isZero();
    assertThat(matrix.get(99_999, 99_999)).isZero();
  }

  @Test
  void getFindsStoredAndZeroElements() {
    CsrMatrix matrix = example();
    float[][] expected = {{1, 0, 2, 0}, {0, 0, 0, 0}, {0, 3, 0, 4}};

    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        assertThat(matrix.get(r, c)).as("element (%d, %d)", r, c).isEqualTo(expected[r][c]);
      }
    }
  }

  @Test
  void getOutsideShapeRejected() {
    assertThatThrownBy(() -> example().get(3, 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("element (3, 0) is outside a 3 × 4 matrix");
    assertThatThrownBy(() -> example().get(0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("element (0, -1) is outside a 3 × 4 matrix");
  }

  @Test
  void negativeShapeRejected() {
    assertThatThrownBy(() -> new CsrMatrix(-1, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix shape must be non-negative, got -1 × 4");
    assertThatThrownBy(() -> new CsrMatrix(2, -3, new int[3], new int[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix shape must be non-negative, got 2 × -3");
  }

  @Test
  void tooManyRowsRejected() {
    assertThatThrownBy(() -> new CsrMatrix(Integer.MAX_VALUE, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too many rows: got " + Integer.MAX_VALUE);
  }

  @Test
  void negativeCapacityRejected() {
    assertThatThrownBy(() -> new CsrMatrix(2, 4, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity must be in [0, ")
        .hasMessageEndingWith("got -1");
  }

  @Test
  void rowPointerLengthRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 4}, new int[] {0, 2, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowPointers has length 3, expected rows + 1 = 4");
  }

  @Test
  void arrayLengthsMustAgree() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 1},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columnIndices has length 3 but values has length 4,"
            + " expected one column index per value");
  }

  @Test
  void firstRowPointerMustBeZero() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {1, 2, 2, 4}, new int[] {0, 2, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowPointers[0] is 1, expected 0");
  }

  @Test
  void decreasingRowPointerRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 3, 2, 4}, new int[] {0, 2, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1: rowPointers[2] is 2, less than rowPointers[1] = 3,"
            + " expected row pointers that never decrease");
  }

  @Test
  void lastRowPointerMustEqualCount() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 3}, new int[] {0, 2, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowPointers[3] is 3, expected the stored element count 4 (the length of values)");
  }

  @Test
  void columnIndexAboveRangeRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 1, 4},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 2, position 3: column index 4 is outside [0, 4)");
  }

  @Test
  void negativeColumnIndexRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {-1, 2, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0, position 0: column index -1 is outside [0, 4)");
  }

  @Test
  void repeatedColumnIndexRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 3, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 2, position 3: column index 3 follows column index 3,"
            + " expected column indices strictly increasing within a row");
  }

  @Test
  void decreasingColumnIndexRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {2, 0, 1, 3},
        new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0, position 1: column index 0 follows column index 2,"
            + " expected column indices strictly increasing within a row");
  }

  @Test
  void decreasingColumnsAcrossRowsAccepted() {
    CsrMatrix matrix = new CsrMatrix(2, 4, new int[] {0, 1, 2}, new int[] {3, 0}, new float[] {5, 6});

    assertThat(matrix.get(0, 3)).isEqualTo(5f);
    assertThat(matrix.get(1, 0)).isEqualTo(6f);
  }

  @Test
  void nanValueRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 1, 3},
        new float[] {1, 2, Float.NaN, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 2, position 2 (column 1): value NaN is not finite, expected a finite value");
  }

  @Test
  void infiniteValueRejected() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, new int[] {0, 2, 2, 4}, new int[] {0, 2, 1, 3},
        new float[] {1, Float.NEGATIVE_INFINITY, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0, position 1 (column 2): value -Infinity is not finite, expected a finite value");
  }

  @Test
  void storedZeroAccepted() {
    CsrMatrix matrix = new CsrMatrix(1, 3, new int[] {0, 1}, new int[] {1}, new float[] {0f});

    assertThat(matrix.nonZeroCount()).isEqualTo(1);
    assertThat(matrix.get(0, 1)).isZero();
  }

  @Test
  void fromDenseStoresNonZerosOnly() {
    Matrix dense = new Matrix(3, 4, new float[] {1, 0, 2, -0f, 0, 0, 0, 0, 0, 3, 0, 4});

    CsrMatrix sparse = CsrMatrix.fromDense(dense);

    assertThat(sparse.rowPointers()).containsExactly(0, 2, 2, 4);
    assertThat(sparse.columnIndices()).containsExactly(0, 2, 1, 3);
    assertThat(sparse.values()).containsExactly(1, 2, 3, 4);
    assertThat(sparse.nonZeroCount()).isEqualTo(4);
  }

  @Test
  void fromDenseRejectsNonFinite() {
    Matrix dense = new Matrix(2, 3);
    dense.set(1, 2, Float.POSITIVE_INFINITY);

    assertThatThrownBy(() -> CsrMatrix.fromDense(dense))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("element (1, 2) is Infinity, expected a finite value");
  }

  @Test
  void toDenseRestoresElements() {
    Matrix dense = example().toDense();

    assertThat(dense.shape()).isEqualTo("3 × 4");
    assertThat(dense.data()).containsExactly(1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 0, 4);
  }

  @Test
  void denseRoundTripIsExact() {
    SplittableRandom random = new SplittableRandom(61);
    int compared = 0;
    for (int[] shape : new int[][] {{0, 0}, {0, 5}, {5, 0}, {1, 1}, {3, 7}, {17, 33}, {64, 100}}) {
      for (double density : new double[] {0, 0.05, 0.5, 1}) {
        Matrix dense = new Matrix(shape[0], shape[1]);
        for (int i = 0; i < dense.data().length; i++) {
          dense.data()[i] = random.nextDouble() < density ? (float) random.nextDouble(-1, 1) : 0f;
        }

        Matrix back = CsrMatrix.fromDense(dense).toDense();

        assertThat(back.shape()).isEqualTo(dense.shape());
        assertThat(back.data()).as("%d × %d at density %s", shape[0], shape[1], density)
            .containsExactly(dense.data());
        compared++;
      }
    }
    assertThat(compared).isEqualTo(28);
  }

  @Test
  void negativeZeroComesBackPositive() {
    Matrix dense = new Matrix(1, 2, new float[] {-0f, 5f});

    Matrix back = CsrMatrix.fromDense(dense).toDense();

    assertThat(Float.floatToRawIntBits(back.get(0, 0))).isEqualTo(Float.floatToRawIntBits(0f));
  }

  @Test
  void gatherRowsCopiesSelectedRows() {
    CsrMatrix source = example();
    CsrMatrix batch = new CsrMatrix(3, 4, 8);

    batch.gatherRows(source, new int[] {9, 2, 0, 1, 9}, 1, 3);

    assertThat(batch.nonZeroCount()).isEqualTo(4);
    assertThat(batch.toDense().data()).containsExactly(0, 3, 0, 4, 1, 0, 2, 0, 0, 0, 0, 0);
  }

  @Test
  void gatherRowsEmptiesRemainingRows() {
    CsrMatrix source = example();
    CsrMatrix batch = new CsrMatrix(3, 4, 8);
    batch.gatherRows(source, new int[] {0, 2, 2}, 0, 3);

    batch.gatherRows(source, new int[] {2}, 0, 1);

    assertThat(batch.rowPointers()).containsExactly(0, 2, 2, 2);
    assertThat(batch.nonZeroCount()).isEqualTo(2);
    assertThat(batch.toDense().data()).containsExactly(0, 3, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void gatherRowsReusesArraysWithinCapacity() {
    CsrMatrix source = example();
    CsrMatrix batch = new CsrMatrix(2, 4, 4);
    int[] columns = batch.columnIndices();
    float[] values = batch.values();

    batch.gatherRows(source, new int[] {0, 2}, 0, 2);
    batch.gatherRows(source, new int[] {2, 1}, 0, 2);

    assertThat(batch.columnIndices()).isSameAs(columns);
    assertThat(batch.values()).isSameAs(values);
    assertThat(batch.toDense().data()).containsExactly(0, 3, 0, 4, 0, 0, 0, 0);
  }

  @Test
  void gatherRowsGrowsWhenFull() {
    CsrMatrix source = example();
    CsrMatrix batch = new CsrMatrix(2, 4, 1);

    batch.gatherRows(source, new int[] {0, 2}, 0, 2);

    assertThat(batch.capacity()).isGreaterThanOrEqualTo(4);
    assertThat(batch.nonZeroCount()).isEqualTo(4);
    assertThat(batch.toDense().data()).containsExactly(1, 0, 2, 0, 0, 3, 0, 4);
  }

  @Test
  void gatherRowsGrowsByHalfAtLeast() {
    CsrMatrix source = new CsrMatrix(2, 20, new int[] {0, 11, 11},
        new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    CsrMatrix batch = new CsrMatrix(1, 20, 10);

    batch.gatherRows(source, new int[] {0}, 0, 1);

    assertThat(batch.capacity()).isEqualTo(15);
  }

  @Test
  void gatherRowsMatchesDenseGather() {
    SplittableRandom random = new SplittableRandom(62);
    Matrix dense = new Matrix(50, 30);
    for (int i = 0; i < dense.data().length; i++) {
      dense.data()[i] = random.nextDouble() < 0.1 ? (float) random.nextDouble(-1, 1) : 0f;
    }
    CsrMatrix source = CsrMatrix.fromDense(dense);
    int[] order = random.ints(200, 0, 50).toArray();
    CsrMatrix sparseBatch = new CsrMatrix(8, 30, 0);
    Matrix denseBatch = new Matrix(8, 30);

    for (int from = 0; from + 8 <= order.length; from += 8) {
      sparseBatch.gatherRows(source, order, from, 8);
      denseBatch.gatherRows(dense, order, from, 8);

      assertThat(sparseBatch.toDense().data()).as("batch from %d", from).containsExactly(denseBatch.data());
    }
  }

  @Test
  void gatherRowsRejectsColumnMismatch() {
    assertThatThrownBy(() -> new CsrMatrix(3, 5, 8).gatherRows(example(), new int[] {0}, 0, 1))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("gatherRows: expected shape 1 × 5 (at most 3 rows), got 1 rows of 3 × 4");
  }

  @Test
  void gatherRowsRejectsTooManyRows() {
    assertThatThrownBy(() -> new CsrMatrix(1, 4, 8).gatherRows(example(), new int[] {0, 1}, 0, 2))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("gatherRows: expected shape 2 × 4 (at most 1 rows), got 2 rows of 3 × 4");
  }

  @Test
  void gatherRowsRejectsRangeOutsideIndices() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, 8).gatherRows(example(), new int[] {0, 1}, 1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("gatherRows: range [1, 3) of rowIndices is outside [0, 2)");
  }

  @Test
  void gatherRowsRejectsBadRowIndex() {
    assertThatThrownBy(() -> new CsrMatrix(3, 4, 8).gatherRows(example(), new int[] {0, 3}, 0, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("gatherRows: rowIndices[1] is 3, outside the source's rows [0, 3)");
  }

  @Test
  void gatherRowsRejectsItself() {
    CsrMatrix matrix = example();

    assertThatThrownBy(() -> matrix.gatherRows(matrix, new int[] {0}, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source and target must be different matrices");
  }
}
