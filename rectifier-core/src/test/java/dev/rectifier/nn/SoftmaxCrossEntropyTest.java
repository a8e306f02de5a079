package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

  /**
   * The loss is computed as (max + ln Σ exp(x − max)) − x_target in double, so with logits of 1e8
   * the intermediate sum is rounded to half an ulp of 1e8, about 7.5e-9.
   */
  private static final double LARGE_LOGIT_ROUNDING = 7.5e-9;

  /** The gradient is stored as float, so it carries a rounding error of about 6e-8 per element. */
  private static final double FLOAT_GRADIENT_TOLERANCE = 1e-7;

  /**
   * Perturbation of one float logit. The loss is a smooth function with |∂³loss/∂x³| ≤ 0.1, so
   * the truncation error ε²·0.1/6 is about 2e-8, and the loss is computed in double, so rounding
   * adds about 1e-13.
   */
  private static final float EPSILON = 1e-3f;

  /** Truncation error of the central difference plus the float rounding of the gradient. */
  private static final double CENTRAL_DIFFERENCE_TOLERANCE = 1e-6;

  @Test
  void equalHugeLogitsGiveLnTwo() {
    Matrix logits = row(1e8f, 1e8f);
    Matrix gradients = new Matrix(1, 2);

    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {1}, gradients, 1.0);

    assertThat(loss).isCloseTo(Math.log(2), within(LARGE_LOGIT_ROUNDING));
    assertThat(SoftmaxCrossEntropy.loss(logits, 0, 1)).isCloseTo(Math.log(2), within(LARGE_LOGIT_ROUNDING));
    // The gradient is softmax − onehot, so adding the one-hot target back gives the softmax.
    float probability0 = gradients.get(0, 0);
    float probability1 = gradients.get(0, 1) + 1f;
    assertThat(probability0).isEqualTo(0.5f);
    assertThat(probability1).isEqualTo(0.5f);
    assertThat(probability0 + probability1).isEqualTo(1f);
  }

  @Test
  void widelySpreadLogitsStayFinite() {
    Matrix logits = row(19056.86f, 4960.27f, 11971.05f, 5381.27f, 12381.87f, 4820.59f);
    Matrix gradients = new Matrix(1, 6);
    gradients.fill(Float.NaN);

    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {5}, gradients, 1.0);

    // Every class but the first has probability below e^−6000, so logsumexp is the largest logit.
    assertThat(loss).isFinite().isEqualTo((double) 19056.86f - (double) 4820.59f);
    // The logits above are rounded to two decimals, so the reference value holds to about 0.01.
    assertThat(loss).isCloseTo(14236.27286, within(0.01));
    assertThat(gradients.get(0, 0)).isEqualTo(1f);
    assertThat(gradients.get(0, 5)).isEqualTo(-1f);
    for (int c = 1; c <= 4; c++) {
      assertThat(Float.floatToRawIntBits(gradients.get(0, c))).as("bits of gradient %d", c).isZero();
    }
  }

  @Test
  void largeGapGivesLossOfGap() {
    Matrix logits = row(0f, 800f);
    Matrix gradients = new Matrix(1, 2);

    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0}, gradients, 1.0);

    assertThat(loss).isEqualTo(800.0);
    assertThat(SoftmaxCrossEntropy.loss(logits, 0, 0)).isEqualTo(800.0);
    assertThat(gradients.get(0, 0)).isEqualTo(-1f);
    assertThat(gradients.get(0, 1)).isEqualTo(1f);
  }

  @Test
  void gradientIsScaledSoftmaxMinusOneHot() {
    // Logits [0, ln 3]: softmax [1/4, 3/4]; target 1 gives [1/4, −1/4], scaled by 1/2.
    Matrix logits = row(0f, (float) Math.log(3));
    Matrix gradients = new Matrix(1, 2);

    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {1}, gradients, 0.5);

    assertThat(loss).isCloseTo(Math.log(4.0 / 3.0), within(1e-7));
    assertThat((double) gradients.get(0, 0)).isCloseTo(0.125, within(FLOAT_GRADIENT_TOLERANCE));
    assertThat((double) gradients.get(0, 1)).isCloseTo(-0.125, within(FLOAT_GRADIENT_TOLERANCE));
  }

  @Test
  void gradientMatchesCentralDifference() {
    int rows = 4;
    int classes = 5;
    SplittableRandom random = new SplittableRandom(21);
    Matrix logits = new Matrix(rows, classes);
    for (int i = 0; i < logits.data().length; i++) {
      logits.data()[i] = (float) random.nextDouble(-3, 3);
    }
    // One row with a large spread, where a naive exp would overflow in float.
    for (int c = 0; c < classes; c++) {
      logits.set(3, c, 40f * (c - 2));
    }
    int[] labels = {0, 4, 2, 1};
    Matrix gradients = new Matrix(rows, classes);
    SoftmaxCrossEntropy.lossAndGradient(logits, labels, gradients, 1.0);

    int checked = 0;
    float[] x = logits.data();
    for (int i = 0; i < x.length; i++) {
      float original = x[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      x[i] = plus;
      double lossPlus = totalLoss(logits, labels);
      x[i] = minus;
      double lossMinus = totalLoss(logits, labels);
      x[i] = original;
      double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);

      assertThat((double) gradients.data()[i])
          .as("gradient of logit (%d, %d)", i / classes, i % classes)
          .isCloseTo(numeric, within(CENTRAL_DIFFERENCE_TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(rows * classes);
  }

  @Test
  void labelOutOfRangeRejected() {
    Matrix logits = new Matrix(2, 3);
    Matrix gradients = new Matrix(2, 3);

    assertThatThrownBy(() -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, 3}, gradients, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 3 of row 1")
        .hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {-1, 0}, gradients, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label -1 of row 0");
    assertThatThrownBy(() -> SoftmaxCrossEntropy.loss(logits, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 3 of row 0");
    assertThatThrownBy(() -> SoftmaxCrossEntropy.loss(logits, 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label -1 of row 1");
  }

  @Test
  void missingLabelsRejected() {
    Matrix logits = new Matrix(3, 2);
    Matrix gradients = new Matrix(3, 2);

    assertThatThrownBy(() -> SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, 1}, gradients, 1.0))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 labels for row 2");
  }

  @Test
  void gradientShapeMismatchRejected() {
    assertThatThrownBy(() -> SoftmaxCrossEntropy.lossAndGradient(new Matrix(2, 3), new int[] {0, 0},
        new Matrix(3, 2), 1.0))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 × 3")
        .hasMessageContaining("3 × 2");
  }

  private static double totalLoss(Matrix logits, int[] labels) {
    Matrix unusedGradients = new Matrix(logits.rows(), logits.cols());
    return SoftmaxCrossEntropy.lossAndGradient(logits, labels, unusedGradients, 1.0);
  }

  private static Matrix row(float... values) {
    return new Matrix(1, values.length, values);
  }
}
