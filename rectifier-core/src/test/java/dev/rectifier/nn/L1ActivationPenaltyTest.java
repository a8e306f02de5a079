package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class L1ActivationPenaltyTest {

  /** Step on one activation; every checked activation is at least 0.1 away from the kink at 0. */
  private static final float EPSILON = 1e-3f;

  /** Smallest |h| checked by central differences, so h ± ε never crosses 0. */
  private static final float KINK_MARGIN = 0.1f;

  /** addGradient adds λ/B rounded to float: a relative error of 6e-8 on a step of 0.1. */
  private static final double FLOAT_STEP_TOLERANCE = 1e-8;

  /** Rounding of two double losses of size about 1 that are subtracted. */
  private static final double DOUBLE_LOSS_TOLERANCE = 1e-12;

  @Test
  void sumIsCoefficientTimesAbsoluteSum() {
    // |h| sums to 1 + 2 + 0 + 0.5 + 0 + 0.25 = 3.75; λ = 0.1 gives 0.375, not divided by B.
    Matrix activations = new Matrix(2, 3, new float[] {1f, -2f, 0f, 0.5f, -0f, -0.25f});

    assertThat(new L1ActivationPenalty(0.1).sum(activations)).isCloseTo(0.375, within(1e-15));
    assertThat(new L1ActivationPenalty(0).sum(activations)).isZero();
  }

  @Test
  void addGradientMatchesCentralDifference() {
    int batchSize = 3;
    L1ActivationPenalty penalty = new L1ActivationPenalty(0.3);
    SplittableRandom random = new SplittableRandom(41);
    Matrix activations = new Matrix(batchSize, 5);
    for (int i = 0; i < activations.data().length; i++) {
      float magnitude = (float) random.nextDouble(KINK_MARGIN, 2);
      activations.data()[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    Matrix gradients = new Matrix(batchSize, 5);
    penalty.addGradient(activations, gradients, batchSize);

    int checked = 0;
    float[] h = activations.data();
    for (int i = 0; i < h.length; i++) {
      float original = h[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      h[i] = plus;
      double penaltyPlus = penalty.sum(activations) / batchSize;
      h[i] = minus;
      double penaltyMinus = penalty.sum(activations) / batchSize;
      h[i] = original;
      double numeric = (penaltyPlus - penaltyMinus) / ((double) plus - (double) minus);

      assertThat((double) gradients.data()[i]).as("gradient at h = %s", original)
          .isCloseTo(numeric, within(FLOAT_STEP_TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(15);
  }

  @Test
  void subgradientIsZeroAtZero() {
    Matrix activations = new Matrix(1, 4, new float[] {0f, -0f, 2f, -2f});
    Matrix gradients = new Matrix(1, 4, new float[] {0.25f, -0.75f, 0f, 0f});

    new L1ActivationPenalty(0.5).addGradient(activations, gradients, 2);

    assertThat(gradients.data()).containsExactly(0.25f, -0.75f, 0.25f, -0.25f);
  }

  @Test
  void trainStepDividesPenaltyByBatchSize() {
    NetworkSpec spec = new NetworkSpec(3, List.of(4, 2), new Rectifier(), true, 2, WeightInit.GLOROT_UNIFORM);
    Network network = new Network(spec);
    network.initialize(new SplittableRandom(42));
    int batchSize = 5;
    SplittableRandom random = new SplittableRandom(43);
    Matrix input = new Matrix(batchSize, 3);
    for (int i = 0; i < input.data().length; i++) {
      input.data()[i] = (float) random.nextDouble(-1, 1);
    }
    int[] labels = {0, 1, 1, 0, 1};
    Workspace workspace = network.workspace(batchSize);
    ParameterUpdate ignore = (layerIndex, layer, layerInput, deltas) -> { };
    double lambda = 0.3;

    try (Kernels kernels = new ReferenceKernels()) {
      double lossWithout = network.trainStep(kernels, input, labels, workspace, new L1ActivationPenalty(0), ignore);
      double lossWith = network.trainStep(kernels, input, labels, workspace, new L1ActivationPenalty(lambda), ignore);

      double absoluteSum = 0;
      for (int l = 0; l < network.hiddenLayerCount(); l++) {
        for (float h : workspace.activations(l).data()) {
          absoluteSum += Math.abs(h);
        }
      }
      assertThat(absoluteSum).as("hidden activations must not all be 0").isPositive();
      assertThat(lossWith - lossWithout).isCloseTo(lambda * absoluteSum / batchSize, within(DOUBLE_LOSS_TOLERANCE));
    }
  }

  @Test
  void invalidCoefficientRejected() {
    assertThatThrownBy(() -> new L1ActivationPenalty(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -0.1");
    assertThatThrownBy(() -> new L1ActivationPenalty(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got NaN");
    assertThatThrownBy(() -> new L1ActivationPenalty(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got Infinity");
  }

  @Test
  void gradientShapeMismatchRejected() {
    assertThatThrownBy(() -> new L1ActivationPenalty(1).addGradient(new Matrix(2, 3), new Matrix(3, 2), 2))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("2 × 3")
        .hasMessageContaining("3 × 2");
  }
}
