package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SquaredErrorTest {

  /**
   * Perturbation of one float output. The loss is quadratic, so the central difference has no
   * truncation error and only the double rounding of the loss (about 1e-13 here) remains.
   */
  private static final float EPSILON = 1e-2f;

  /** The gradient is stored as float: a relative rounding error of 6e-8 on values up to about 4. */
  private static final double FLOAT_GRADIENT_TOLERANCE = 1e-6;

  @Test
  void handDerivedLossAndGradient() {
    // Differences o − y = [1, 0, −1, −2]: loss ½(1 + 0 + 1 + 4) = 3, gradient ½·(o − y).
    Matrix outputs = new Matrix(2, 2, new float[] {1f, 2f, 0.5f, -1f});
    Matrix targets = new Matrix(2, 2, new float[] {0f, 2f, 1.5f, 1f});
    Matrix gradients = new Matrix(2, 2);

    double loss = SquaredError.lossAndGradient(outputs, targets, gradients, 0.5);

    assertThat(loss).isEqualTo(3.0);
    assertThat(gradients.data()).containsExactly(0.5f, 0f, -0.5f, -1f);
  }

  @Test
  void gradientMatchesCentralDifference() {
    SplittableRandom random = new SplittableRandom(31);
    Matrix outputs = randomMatrix(3, 4, random);
    Matrix targets = randomMatrix(3, 4, random);
    Matrix gradients = new Matrix(3, 4);
    SquaredError.lossAndGradient(outputs, targets, gradients, 1.0);

    int checked = 0;
    float[] o = outputs.data();
    for (int i = 0; i < o.length; i++) {
      float original = o[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      o[i] = plus;
      double lossPlus = SquaredError.lossAndGradient(outputs, targets, new Matrix(3, 4), 1.0);
      o[i] = minus;
      double lossMinus = SquaredError.lossAndGradient(outputs, targets, new Matrix(3, 4), 1.0);
      o[i] = original;
      double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);

      assertThat((double) gradients.data()[i]).as("gradient of output %d", i)
          .isCloseTo(numeric, within(FLOAT_GRADIENT_TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    assertThatThrownBy(() -> SquaredError.lossAndGradient(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3), 1))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 × 3")
        .hasMessageContaining("3 × 2");
    assertThatThrownBy(() -> SquaredError.lossAndGradient(new Matrix(2, 3), new Matrix(2, 3), new Matrix(1, 3), 1))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("1 × 3");
  }

  private static Matrix randomMatrix(int rows, int cols, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextDouble(-2, 2);
    }
    return matrix;
  }
}
