package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SigmoidCrossEntropyTest {

  /** The gradient is stored as float: a rounding error of about 6e-8 on values up to 1. */
  private static final double FLOAT_GRADIENT_TOLERANCE = 1e-7;

  /**
   * Perturbation of one float pre-activation. The loss softplus(a) − x·a has
   * |∂³loss/∂a³| = |σ'(a)(1 − 2σ(a))| ≤ 0.1, so the truncation error ε²·0.1/6 is about 2e-8, and
   * the loss is summed in double, so rounding adds about 1e-13.
   */
  private static final float EPSILON = 1e-3f;

  /** Truncation error of the central difference plus the float rounding of the gradient. */
  private static final double CENTRAL_DIFFERENCE_TOLERANCE = 1e-6;

  @Test
  void zeroPreActivationGivesLnTwo() {
    Matrix preActivations = row(0f, 0f, 0f);
    Matrix targets = row(1f, 0f, 0.5f);
    Matrix gradients = new Matrix(1, 3);

    double loss = SigmoidCrossEntropy.lossAndGradient(preActivations, targets, gradients, 1.0);

    // σ(0) = ½, so each component costs −x·ln ½ − (1 − x)·ln ½ = ln 2 whatever x is.
    assertThat(loss).isCloseTo(3 * Math.log(2), within(1e-15));
    assertThat(SigmoidCrossEntropy.loss(0, 1)).isCloseTo(Math.log(2), within(1e-15));
    assertThat(gradients.data()).containsExactly(-0.5f, 0.5f, 0f);
  }

  @Test
  void knownValueAtLnThree() {
    float a = (float) Math.log(3);
    Matrix gradients = new Matrix(1, 1);

    double loss = SigmoidCrossEntropy.lossAndGradient(row(a), row(1f), gradients, 1.0);

    // σ(ln 3) = 3/4, so the loss of target 1 is −ln(3/4) and the gradient 3/4 − 1.
    assertThat(loss).isCloseTo(Math.log(4.0 / 3.0), within(1e-7));
    assertThat((double) gradients.get(0, 0)).isCloseTo(-0.25, within(FLOAT_GRADIENT_TOLERANCE));
  }

  @Test
  void saturatedPreActivationsStayFinite() {
    Matrix preActivations = row(1000f, 1000f, -1000f, -1000f);
    Matrix targets = row(1f, 0f, 1f, 0f);
    Matrix gradients = new Matrix(1, 4);
    gradients.fill(Float.NaN);

    double loss = SigmoidCrossEntropy.lossAndGradient(preActivations, targets, gradients, 1.0);

    // Correct saturated outputs cost 0 and wrong ones cost |a| = 1000, because ln 0 is never taken.
    assertThat(loss).isFinite();
    assertThat(loss).isEqualTo(2000.0);
    assertThat(SigmoidCrossEntropy.loss(1000, 1)).isEqualTo(0.0);
    assertThat(SigmoidCrossEntropy.loss(1000, 0)).isEqualTo(1000.0);
    assertThat(SigmoidCrossEntropy.loss(-1000, 1)).isEqualTo(1000.0);
    assertThat(SigmoidCrossEntropy.loss(-1000, 0)).isEqualTo(0.0);
    assertThat(gradients.isFinite()).isTrue();
    assertThat(gradients.data()).containsExactly(0f, 1f, -1f, 0f);
  }

  @Test
  void gradientIsScaledSigmoidMinusTarget() {
    SplittableRandom random = new SplittableRandom(41);
    Matrix preActivations = randomMatrix(3, 4, -4, 4, random);
    Matrix targets = randomMatrix(3, 4, 0, 1, random);
    Matrix gradients = new Matrix(3, 4);
    double scale = 0.25;

    SigmoidCrossEntropy.lossAndGradient(preActivations, targets, gradients, scale);

    for (int i = 0; i < gradients.data().length; i++) {
      double a = preActivations.data()[i];
      double expected = scale * (1 / (1 + Math.exp(-a)) - targets.data()[i]);
      assertThat((double) gradients.data()[i]).as("gradient %d", i)
          .isCloseTo(expected, within(FLOAT_GRADIENT_TOLERANCE));
    }
  }

  @Test
  void lossMatchesDefinition() {
    SplittableRandom random = new SplittableRandom(42);
    Matrix preActivations = randomMatrix(3, 4, -6, 6, random);
    Matrix targets = randomMatrix(3, 4, 0, 1, random);

    double loss = SigmoidCrossEntropy.lossAndGradient(preActivations, targets, new Matrix(3, 4), 1.0);

    double expected = 0;
    for (int i = 0; i < preActivations.data().length; i++) {
      double r = 1 / (1 + Math.exp(-preActivations.data()[i]));
      double x = targets.data()[i];
      expected += -x * Math.log(r) - (1 - x) * Math.log(1 - r);
    }
    // Both sums add 12 terms below 7 in double. The definition loses digits in 1 − r for a near 6,
    // about 1e-14.
    assertThat(loss).isCloseTo(expected, within(1e-12));
  }

  @Test
  void gradientMatchesCentralDifference() {
    SplittableRandom random = new SplittableRandom(43);
    Matrix preActivations = randomMatrix(3, 4, -5, 5, random);
    Matrix targets = randomMatrix(3, 4, 0, 1, random);
    targets.set(0, 0, 0f);
    targets.set(0, 1, 1f);
    Matrix gradients = new Matrix(3, 4);
    SigmoidCrossEntropy.lossAndGradient(preActivations, targets, gradients, 1.0);

    int checked = 0;
    float[] a = preActivations.data();
    for (int i = 0; i < a.length; i++) {
      float original = a[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      a[i] = plus;
      double lossPlus = SigmoidCrossEntropy.lossAndGradient(preActivations, targets, new Matrix(3, 4), 1.0);
      a[i] = minus;
      double lossMinus = SigmoidCrossEntropy.lossAndGradient(preActivations, targets, new Matrix(3, 4), 1.0);
      a[i] = original;
      // The float perturbation is rounded, so divide by the step that was actually taken.
      double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);

      assertThat((double) gradients.data()[i]).as("gradient of element (%d, %d)", i / 4, i % 4)
          .isCloseTo(numeric, within(CENTRAL_DIFFERENCE_TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void targetAboveOneRejected() {
    Matrix targets = new Matrix(2, 3);
    targets.set(1, 2, 1.5f);

    assertThatThrownBy(() -> SigmoidCrossEntropy.lossAndGradient(new Matrix(2, 3), targets, new Matrix(2, 3), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target 1.5")
        .hasMessageContaining("row 1, column 2")
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void negativeTargetRejected() {
    Matrix targets = new Matrix(2, 3);
    targets.set(0, 1, -0.1f);

    assertThatThrownBy(() -> SigmoidCrossEntropy.lossAndGradient(new Matrix(2, 3), targets, new Matrix(2, 3), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target -0.1")
        .hasMessageContaining("row 0, column 1");
  }

  @Test
  void nanTargetRejected() {
    Matrix targets = new Matrix(3, 2);
    targets.set(2, 0, Float.NaN);

    assertThatThrownBy(() -> SigmoidCrossEntropy.lossAndGradient(new Matrix(3, 2), targets, new Matrix(3, 2), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target NaN")
        .hasMessageContaining("row 2, column 0");
  }

  @Test
  void boundaryTargetsAccepted() {
    Matrix gradients = new Matrix(1, 2);

    double loss = SigmoidCrossEntropy.lossAndGradient(row(2f, -2f), row(0f, 1f), gradients, 1.0);

    assertThat(loss).isCloseTo(2 * Math.log1p(Math.exp(2)), within(1e-6));
  }

  @Test
  void shapeMismatchRejected() {
    assertThatThrownBy(() -> SigmoidCrossEntropy.lossAndGradient(new Matrix(2, 3), new Matrix(3, 2),
        new Matrix(2, 3), 1.0))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 × 3")
        .hasMessageContaining("3 × 2");
    assertThatThrownBy(() -> SigmoidCrossEntropy.lossAndGradient(new Matrix(2, 3), new Matrix(2, 3),
        new Matrix(1, 3), 1.0))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("1 × 3");
  }

  private static Matrix randomMatrix(int rows, int cols, double low, double high, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextDouble(low, high);
    }
    return matrix;
  }

  private static Matrix row(float... values) {
    return new Matrix(1, values.length, values);
  }
}
