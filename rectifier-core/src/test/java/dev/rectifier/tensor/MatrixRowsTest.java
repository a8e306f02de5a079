package dev.rectifier.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixRowsTest {

  @Test
  void fillRowsCopiesRowEverywhere() {
    Matrix values = new Matrix(2, 3, new float[] {9, 9, 9, 9, 9, 9});

    values.fillRows(new Matrix(1, 3, new float[] {1, 2, 3}));

    assertThat(values.data()).containsExactly(1, 2, 3, 1, 2, 3);
  }

  @Test
  void addToRowsAddsRowEverywhere() {
    Matrix values = new Matrix(2, 3, new float[] {1, 1, 1, 2, 2, 2});

    values.addToRows(new Matrix(1, 3, new float[] {1, 2, 3}));

    assertThat(values.data()).containsExactly(2, 3, 4, 3, 4, 5);
  }

  @Test
  void rowOfOtherWidthRejected() {
    Matrix values = new Matrix(2, 3);

    assertThatThrownBy(() -> values.fillRows(new Matrix(1, 2)))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("1 × 3");
    assertThatThrownBy(() -> values.addToRows(new Matrix(2, 3)))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 × 3");
  }
}
