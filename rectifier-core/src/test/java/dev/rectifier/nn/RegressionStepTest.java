package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.model.ModelFiles;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks with a squared-error output: gradients, a short fit, and the model file. */
class RegressionStepTest {
  private static final int INPUTS = 3;
  private static final int OUTPUTS = 2;
  private static final int BATCH = 5;

  /**
   * Perturbation of one float parameter. The loss is summed in double from float outputs, whose
   * relative rounding is about 6e-8, so ε = 1e-2 keeps the rounding part of the difference
   * quotient near 1e-5 while tanh's truncation error ε²·f'''/6 stays below 2e-5.
   */
  private static final float EPSILON = 1e-2f;

  /** Allowed |analytic − numeric|, a few times the error budget above. */
  private static final double ABSOLUTE_TOLERANCE = 2e-4;

  @TempDir
  Path temp;

  private static Network tanhRegressionNetwork(long seed) {
    NetworkSpec spec = new NetworkSpec(INPUTS, List.of(4, 3), new Tanh(), true, OUTPUTS,
        WeightInit.GLOROT_UNIFORM, OutputLoss.SQUARED_ERROR);
    Network network = new Network(spec);
    network.initialize(new SplittableRandom(seed));
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (DenseLayer layer : network.layers()) {
      fill(layer.weights(), random, 0.5);
      fill(layer.bias(), random, 0.2);
    }
    return network;
  }

  private static void fill(Matrix matrix, SplittableRandom random, double scale) {
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextDouble(-scale, scale);
    }
  }

  private static Matrix randomMatrix(int rows, int cols, long seed) {
    Matrix matrix = new Matrix(rows, cols);
    fill(matrix, new SplittableRandom(seed), 1.0);
    return matrix;
  }

  private static double loss(Kernels kernels, Network network, Matrix input, Matrix targets, L1ActivationPenalty penalty) {
    ParameterUpdate ignore = (layerIndex, layer, layerInput, deltas) -> { };
    return network.trainStep(kernels, input, targets, network.workspace(BATCH), penalty, ignore);
  }

  @Test
  void gradientsMatchCentralDifferences() {
    Network network = tanhRegressionNetwork(5);
    Matrix input = randomMatrix(BATCH, INPUTS, 6);
    Matrix targets = randomMatrix(BATCH, OUTPUTS, 7);
    // No L1 term: with tanh some activations sit within ε of the penalty's kink at h = 0, and the
    // shared backward path with the penalty is checked on classifiers in NetworkGradientCheckTest.
    L1ActivationPenalty penalty = new L1ActivationPenalty(0);
    int checked = 0;
    double maxDifference = 0;

    try (Kernels kernels = new VectorKernels(1)) {
      Gradients gradients = new Gradients(kernels, network);
      network.trainStep(kernels, input, targets, network.workspace(BATCH), penalty, gradients);
      for (int l = 0; l < network.layers().size(); l++) {
        DenseLayer layer = network.layers().get(l);
        for (Matrix[] pair : new Matrix[][] {{layer.weights(), gradients.weights(l)}, {layer.bias(), gradients.bias(l)}}) {
          float[] values = pair[0].data();
          for (int i = 0; i < values.length; i++) {
            float original = values[i];
            float plus = original + EPSILON;
            float minus = original - EPSILON;
            values[i] = plus;
            double up = loss(kernels, network, input, targets, penalty);
            values[i] = minus;
            double down = loss(kernels, network, input, targets, penalty);
            values[i] = original;
            double numeric = (up - down) / ((double) plus - (double) minus);
            maxDifference = Math.max(maxDifference, Math.abs(numeric - pair[1].data()[i]));
            checked++;
          }
        }
      }
    }

    assertThat(maxDifference).as("max |analytic - numeric| over %d parameters", checked)
        .isLessThan(ABSOLUTE_TOLERANCE);
    assertThat(checked).isEqualTo((3 * 4 + 4) + (4 * 3 + 3) + (3 * 2 + 2));
  }

  @Test
  void sgdFitsLinearTargets() {
    NetworkSpec spec = new NetworkSpec(INPUTS, List.of(16), new Rectifier(), false, 1,
        WeightInit.GLOROT_UNIFORM, OutputLoss.SQUARED_ERROR);
    Network network = new Network(spec);
    network.initialize(new SplittableRandom(11));
    Matrix input = randomMatrix(BATCH, INPUTS, 12);
    Matrix targets = new Matrix(BATCH, 1);
    for (int r = 0; r < BATCH; r++) {
      targets.set(r, 0, input.get(r, 0) - 2 * input.get(r, 1));
    }
    L1ActivationPenalty none = new L1ActivationPenalty(0);

    try (Kernels kernels = new VectorKernels(1)) {
      Sgd sgd = new Sgd(kernels, 0.05, 0, network.layers().size());
      Workspace workspace = network.workspace(BATCH);
      double first = network.trainStep(kernels, input, targets, workspace, none, sgd);
      double last = first;
      for (int step = 0; step < 500; step++) {
        last = network.trainStep(kernels, input, targets, workspace, none, sgd);
      }

      assertThat(last).isLessThan(first / 10);
    }
  }

  @Test
  void labelsRejectedForRegressionOutput() {
    Network network = tanhRegressionNetwork(3);
    try (Kernels kernels = new VectorKernels(1)) {
      assertThatThrownBy(() -> network.trainStep(kernels, randomMatrix(BATCH, INPUTS, 4), new int[BATCH],
          network.workspace(BATCH), new L1ActivationPenalty(0), (l, layer, x, d) -> { }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs a softmax-nll output")
          .hasMessageContaining("squared-error output");
    }
  }

  @Test
  void modelFileKeepsOutputLoss() throws IOException {
    Network network = tanhRegressionNetwork(8);
    ModelFiles.save(temp, network, java.util.Map.of());

    Network loaded = ModelFiles.load(temp).network();

    assertThat(loaded.spec()).isEqualTo(network.spec());
    assertThat(loaded.spec().outputLoss()).isEqualTo(OutputLoss.SQUARED_ERROR);
  }
}
