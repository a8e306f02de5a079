package dev.rectifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  @Test
  void resultIndependentOfBatchSize() {
    Network network = randomNetwork();
    Dataset data = randomData("random", 23, 3, 91);

    try (Kernels kernels = new VectorKernels(1)) {
      Evaluation whole = new Evaluator(kernels).evaluate(network, data);
      for (int batchSize : new int[] {1, 7, 23}) {
        Evaluation batched = new Evaluator(kernels, batchSize).evaluate(network, data);

        assertThat(batched).as("batch size %d", batchSize).isEqualTo(whole);
      }
      assertThat(whole.examples()).isEqualTo(23);
      assertThat(whole.sparsityPerLayer()).hasSize(2).allSatisfy(sparsity -> assertThat(sparsity).isBetween(0.0, 1.0));
      assertThat(whole.meanNll()).isPositive().isFinite();
    }
  }

  @Test
  void emptyDataRejected() {
    Dataset empty = new Dataset("empty", new Matrix(0, 4), new int[0], 3);

    try (Kernels kernels = new VectorKernels(1)) {
      assertThatThrownBy(() -> new Evaluator(kernels).evaluate(randomNetwork(), empty))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot evaluate on empty");
    }
  }

  @Test
  void labelBeyondOutputsRejected() {
    // Label 4 is valid for a 5-class data set but not for a network with 3 outputs. On a row
    // other than the last, an unchecked index would silently read the next row's logit, so the
    // evaluator rejects the data set before the first batch.
    Dataset fiveClasses = randomData("five", 4, 5, 92);
    fiveClasses.labels()[1] = 4;

    try (Kernels kernels = new VectorKernels(1)) {
      assertThatThrownBy(() -> new Evaluator(kernels).evaluate(randomNetwork(), fiveClasses))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("five has 5 classes")
          .hasMessageContaining("only 3 outputs");
    }
  }

  @Test
  void inputSizeMismatchRejected() {
    Dataset wide = randomData("wide", 4, 3, 93, 5);

    try (Kernels kernels = new VectorKernels(1)) {
      assertThatThrownBy(() -> new Evaluator(kernels).evaluate(randomNetwork(), wide))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wide has 5 input components but the network expects 4");
      assertThatThrownBy(() -> new Evaluator(kernels, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 0");
    }
  }

  /** Creates a 4-6-5-3 rectifier network with every parameter drawn, so the logits are not all 0. */
  private static Network randomNetwork() {
    Network network = new Network(new NetworkSpec(4, List.of(6, 5), new Rectifier(), false, 3, WeightInit.HE_NORMAL));
    SplittableRandom random = new SplittableRandom(90);
    network.initialize(random);
    for (DenseLayer layer : network.layers()) {
      fillGaussian(layer.weights(), random);
      fillGaussian(layer.bias(), random);
    }
    return network;
  }

  private static Dataset randomData(String name, int size, int numClasses, long seed) {
    return randomData(name, size, numClasses, seed, 4);
  }

  /** Draws Gaussian features and labels in [0, 3), which the 3-output network accepts. */
  private static Dataset randomData(String name, int size, int numClasses, long seed, int inputSize) {
    SplittableRandom random = new SplittableRandom(seed);
    Matrix features = new Matrix(size, inputSize);
    fillGaussian(features, random);
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = random.nextInt(Math.min(numClasses, 3));
    }
    return new Dataset(name, features, labels, numClasses);
  }

  private static void fillGaussian(Matrix matrix, SplittableRandom random) {
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextGaussian();
    }
  }
}
