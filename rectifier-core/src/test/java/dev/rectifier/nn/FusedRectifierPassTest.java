package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.Sgd;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rectifier layer's fused passes: the forward pass that lists non-zero outputs and adds them
 * up, and the backward pass that adds the L1 gradient and applies the derivative together.
 */
class FusedRectifierPassTest {
  private static final int BATCH = 6;
  private static final int[] LABELS = {0, 1, 2, 2, 1, 0};

  private static Matrix random(int rows, int cols, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextDouble(-1, 1);
    }
    return matrix;
  }

  /** The one-pass backward gives the bits of the L1 gradient followed by the derivative. */
  @Test
  void fusedBackwardMatchesSeparatePasses() {
    SplittableRandom random = new SplittableRandom(71);
    DenseLayer layer = new DenseLayer(4, 37, new Rectifier(), false);
    Matrix z = random(BATCH, 37, random);
    z.set(0, 0, Float.NaN);
    z.set(1, 1, -0f);
    Matrix h = new Matrix(BATCH, 37);
    new Rectifier().apply(z.data(), h.data(), z.data().length);
    for (double coefficient : new double[] {0, 1e-3, 0.7}) {
      L1ActivationPenalty penalty = new L1ActivationPenalty(coefficient);
      Matrix gradients = random(BATCH, 37, random);
      Matrix separate = gradients.copy();
      if (!penalty.isZero()) {
        penalty.addGradient(h, separate, BATCH);
      }
      layer.backwardToPreActivations(z, h, separate);
      for (Kernels kernels : List.<Kernels>of(new ReferenceKernels(), new VectorKernels(1))) {
        try (kernels) {
          Matrix fused = gradients.copy();
          layer.backwardToPreActivations(kernels, z, h, fused, penalty, BATCH);

          for (int i = 0; i < fused.data().length; i++) {
            assertThat(Float.floatToRawIntBits(fused.data()[i]))
                .as("element %d, λ = %s, %s", i, coefficient, kernels.name())
                .isEqualTo(Float.floatToRawIntBits(separate.data()[i]));
          }
        }
      }
    }
  }

  /** A training step's loss includes λ·Σ|h| of every hidden layer, listed or not. */
  @Test
  void stepLossIncludesHiddenPenalties() {
    for (boolean halfNegated : new boolean[] {false, true}) {
      for (Kernels kernels : List.<Kernels>of(new ReferenceKernels(), new VectorKernels(2))) {
        try (kernels) {
          NetworkSpec spec = new NetworkSpec(9, List.of(40, 24), new Rectifier(), halfNegated, 3,
              WeightInit.GLOROT_UNIFORM);
          Network network = new Network(spec);
          network.initialize(new SplittableRandom(5));
          Matrix input = random(BATCH, 9, new SplittableRandom(6));
          L1ActivationPenalty penalty = new L1ActivationPenalty(0.01);
          Workspace workspace = network.workspace(BATCH);

          network.forward(kernels, input, workspace);
          double expected = 0;
          for (int r = 0; r < BATCH; r++) {
            expected += SoftmaxCrossEntropy.loss(workspace.outputs(), r, LABELS[r]);
          }
          for (int l = 0; l < network.hiddenLayerCount(); l++) {
            expected += penalty.sum(workspace.activations(l));
            assertThat(workspace.nonZeros(l) != null).as("layer %d lists", l).isEqualTo(!halfNegated);
          }
          expected /= BATCH;
          double loss = network.trainStep(kernels, input, LABELS, workspace, penalty,
              new Sgd(kernels, 0.1, 0.5, network.layers().size()));

          assertThat(loss).as("%s, half negated %s", kernels.name(), halfNegated)
              .isCloseTo(expected, within(1e-6 * expected));
        }
      }
    }
  }

  @Test
  void nonListingLayersRejectListing() {
    DenseLayer tanh = new DenseLayer(3, 4, new Tanh(), false);
    DenseLayer halfNegated = new DenseLayer(3, 4, new Rectifier(), true);
    try (Kernels kernels = new ReferenceKernels()) {
      for (DenseLayer layer : List.of(tanh, halfNegated)) {
        assertThat(layer.listsNonZeros()).isFalse();
        assertThatThrownBy(() -> layer.forward(kernels, new Matrix(2, 3), null, new Matrix(2, 4), new Matrix(2, 4),
            new CsrMatrix(2, 4, 8)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not list its non-zero outputs");
      }
    }
    assertThat(new DenseLayer(3, 4, new Rectifier(), false).listsNonZeros()).isTrue();
  }
}
