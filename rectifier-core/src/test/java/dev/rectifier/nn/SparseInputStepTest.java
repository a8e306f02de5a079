package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.Sgd;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A training step on a CSR input batch is the same step as on the batch's dense form. The vector
 * kernels add the same terms in the same order for both forms, so the bits agree. The reference
 * loops sum the two forms in different orders, so the kernel tests cover them instead.
 */
class SparseInputStepTest {
  private static final int INPUTS = 300;
  private static final int BATCH = 10;
  private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};

  private static Network network(long seed) {
    NetworkSpec spec = new NetworkSpec(INPUTS, List.of(40, 24), new Rectifier(), false, 3, WeightInit.GLOROT_UNIFORM);
    Network network = new Network(spec);
    network.initialize(new SplittableRandom(seed));
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (float[] output : new float[][] {network.layers().get(2).weights().data()}) {
      for (int i = 0; i < output.length; i++) {
        output[i] = (float) random.nextDouble(-0.3, 0.3);
      }
    }
    return network;
  }

  /** Returns a binary bag-of-words batch with about 3% of the terms present. */
  private static Matrix bagOfWords(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Matrix batch = new Matrix(BATCH, INPUTS);
    for (int i = 0; i < batch.data().length; i++) {
      batch.data()[i] = random.nextDouble() < 0.03 ? 1f : 0f;
    }
    return batch;
  }

  @Test
  void sgdStepMatchesDenseInputBits() {
    Matrix dense = bagOfWords(7);
    CsrMatrix sparse = CsrMatrix.fromDense(dense);
    for (Kernels kernels : List.of(new VectorKernels(1), new VectorKernels(2))) {
      try (kernels) {
        Network fromDense = network(3);
        Network fromSparse = network(3);
        L1ActivationPenalty penalty = new L1ActivationPenalty(1e-3);
        Sgd denseSgd = new Sgd(kernels, 0.1, 0.5, 3);
        Sgd sparseSgd = new Sgd(kernels, 0.1, 0.5, 3);
        Workspace denseWorkspace = fromDense.workspace(BATCH);
        Workspace sparseWorkspace = fromSparse.workspace(BATCH);

        for (int step = 0; step < 3; step++) {
          double denseLoss = fromDense.trainStep(kernels, dense, LABELS, denseWorkspace, penalty, denseSgd);
          double sparseLoss = fromSparse.trainStep(kernels, sparse, LABELS, sparseWorkspace, penalty, sparseSgd);
          assertThat(sparseLoss).as(kernels.name() + " loss at step " + step).isEqualTo(denseLoss);
        }
        for (int l = 0; l < 3; l++) {
          assertThat(Arrays.equals(fromSparse.layers().get(l).weights().data(),
              fromDense.layers().get(l).weights().data()))
              .as(kernels.name() + " weights of layer " + l).isTrue();
          assertThat(Arrays.equals(fromSparse.layers().get(l).bias().data(), fromDense.layers().get(l).bias().data()))
              .as(kernels.name() + " bias of layer " + l).isTrue();
        }
      }
    }
  }

  @Test
  void gradientsMatchDenseInput() {
    Matrix dense = bagOfWords(8);
    CsrMatrix sparse = CsrMatrix.fromDense(dense);
    try (Kernels kernels = new VectorKernels(1)) {
      Network network = network(4);
      L1ActivationPenalty penalty = new L1ActivationPenalty(1e-3);
      Gradients fromDense = new Gradients(kernels, network);
      Gradients fromSparse = new Gradients(kernels, network);
      network.trainStep(kernels, dense, LABELS, network.workspace(BATCH), penalty, fromDense);
      network.trainStep(kernels, sparse, LABELS, network.workspace(BATCH), penalty, fromSparse);

      for (int l = 0; l < 3; l++) {
        assertThat(Arrays.equals(fromSparse.weights(l).data(), fromDense.weights(l).data()))
            .as("weight gradient of layer " + l).isTrue();
      }
      assertThat(Arrays.stream(toDoubles(fromSparse.weights(0).data())).anyMatch(g -> g != 0))
          .as("first-layer gradient is not all zero").isTrue();
    }
  }

  private static double[] toDoubles(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
