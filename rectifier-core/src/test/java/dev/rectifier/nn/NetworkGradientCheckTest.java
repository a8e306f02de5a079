package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the gradients that {@link Network#trainStep} passes to {@link Gradients} with central
 * differences of the same loss, recomputed in double from the float parameters.
 */
class NetworkGradientCheckTest {

  private static final int INPUT_SIZE = 5;
  private static final List<Integer> HIDDEN_SIZES = List.of(4, 3);
  private static final int NUM_CLASSES = 3;
  private static final int BATCH_SIZE = 4;

  /**
   * Perturbation of one float parameter. Parameters are of order 0.1 to 1, so ε = 1e-3 keeps the
   * truncation error ε²·|∂³loss/∂p³|/6 near 1e-7, while the loss, computed in double, adds only
   * about 1e-13 of rounding.
   */
  private static final float EPSILON = 1e-3f;

  /**
   * Smallest |z| of any hidden pre-activation at the checked point, 50ε. Inputs and hidden
   * weights are below 1 in magnitude and first-layer outputs below 6, so changing one parameter
   * by ε moves every hidden pre-activation by at most 6ε. No perturbation therefore crosses the
   * rectifier's kink at z = 0 or the L1 penalty's kink at h = 0, and each check also compares
   * the active units.
   */
  private static final double KINK_MARGIN = 0.05;

  /**
   * Allowed |analytic − numeric|: the float forward and backward passes round to about 1e-7
   * relative, and the truncation error is a few 1e-7 at most for the units here (the largest gap
   * over all cases below was 1.9e-7 when this test was written). A wrong derivative or a missing
   * 1/B shows up as a gap of order 1e-2.
   */
  private static final double ABSOLUTE_TOLERANCE = 1e-6;

  /** Allowed gap relative to |numeric|, for the larger gradients. */
  private static final double RELATIVE_TOLERANCE = 1e-4;

  /** Gradients smaller than this are compared by absolute difference only in the report. */
  private static final double RELATIVE_FLOOR = 1e-3;

  /** The float loss of trainStep and the double loss here differ by float rounding only. */
  private static final double LOSS_AGREEMENT = 1e-5;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    List<String> units = List.of("softplus", "tanh", "sigmoid", "rescaled-softplus:4", "rectifier");
    for (String unit : units) {
      for (boolean halfNegated : new boolean[] {false, true}) {
        for (double l1 : new double[] {0, 0.1}) {
          for (String kernels : List.of("reference", "vector")) {
            cases.add(Arguments.of(unit, halfNegated, l1, kernels));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, half negated {1}, L1 {2}, {3} kernels")
  @MethodSource("cases")
  void gradientsMatchCentralDifferences(String unit, boolean halfNegated, double l1, String kernelName) {
    NetworkSpec spec = new NetworkSpec(INPUT_SIZE, HIDDEN_SIZES, Activation.parse(unit), halfNegated, NUM_CLASSES,
        WeightInit.GLOROT_UNIFORM);
    Network network = randomNetwork(spec, 61);
    Matrix input = inputsAwayFromKinks(network, new SplittableRandom(62));
    int[] labels = {0, 2, 1, 2};
    L1ActivationPenalty penalty = new L1ActivationPenalty(l1);
    ForwardResult base = forwardInDouble(network, input, labels, l1);
    assertThat(base.minAbsHiddenPreActivation()).isGreaterThanOrEqualTo(KINK_MARGIN);
    if (unit.equals("rectifier")) {
      assertThat(base.activePattern()).as("inactive rectifier units, so the backward mask is used").contains(false);
    }

    try (Kernels kernels = kernelName.equals("vector") ? new VectorKernels(1) : new ReferenceKernels()) {
      Gradients gradients = new Gradients(kernels, network);
      double loss = network.trainStep(kernels, input, labels, network.workspace(BATCH_SIZE), penalty, gradients);
      assertThat(loss).as("trainStep loss against the double forward pass").isCloseTo(base.loss(), within(LOSS_AGREEMENT));

      List<String> report = new ArrayList<>();
      boolean allWithin = true;
      int checked = 0;
      for (int l = 0; l < network.layers().size(); l++) {
        DenseLayer layer = network.layers().get(l);
        TensorCheck weights = checkTensor(network, input, labels, l1, base, layer.weights(), gradients.weights(l));
        TensorCheck bias = checkTensor(network, input, labels, l1, base, layer.bias(), gradients.bias(l));
        report.add(weights.describe("layer " + l + " weights"));
        report.add(bias.describe("layer " + l + " bias"));
        allWithin &= weights.allWithin() && bias.allWithin();
        checked += weights.count() + bias.count();
      }

      assertThat(allWithin).as("gradients against central differences:%n%s", String.join("\n", report)).isTrue();
      int parameterCount = (5 * 4 + 4) + (4 * 3 + 3) + (3 * 3 + 3);
      assertThat(checked).isEqualTo(parameterCount);
    }
  }

  /** Result of comparing one parameter tensor with central differences. */
  private record TensorCheck(int count, boolean allWithin, double maxRelative, double maxAbsolute) {
    String describe(String name) {
      return String.format(Locale.ROOT, "  %s: %d values, max relative difference %.3g, max absolute %.3g%s", name,
          count, maxRelative, maxAbsolute, allWithin ? "" : "  <-- outside tolerance");
    }
  }

  private static TensorCheck checkTensor(Network network, Matrix input, int[] labels, double l1, ForwardResult base,
      Matrix parameters, Matrix analytic) {
    float[] values = parameters.data();
    boolean allWithin = true;
    double maxRelative = 0;
    double maxAbsolute = 0;
    for (int i = 0; i < values.length; i++) {
      float original = values[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      values[i] = plus;
      ForwardResult up = forwardInDouble(network, input, labels, l1);
      values[i] = minus;
      ForwardResult down = forwardInDouble(network, input, labels, l1);
      values[i] = original;
      assertThat(up.activePattern()).as("rectifier pattern after +ε").isEqualTo(base.activePattern());
      assertThat(down.activePattern()).as("rectifier pattern after −ε").isEqualTo(base.activePattern());

      // The float perturbation is rounded, so divide by the step that was actually taken.
      double numeric = (up.loss() - down.loss()) / ((double) plus - (double) minus);
      double difference = Math.abs(analytic.data()[i] - numeric);
      allWithin &= difference <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(numeric);
      maxAbsolute = Math.max(maxAbsolute, difference);
      maxRelative = Math.max(maxRelative, difference / Math.max(RELATIVE_FLOOR, Math.abs(numeric)));
    }
    return new TensorCheck(values.length, allWithin, maxRelative, maxAbsolute);
  }

  /** Draws every parameter, including the output layer's weights and all biases, which start at 0. */
  private static Network randomNetwork(NetworkSpec spec, long seed) {
    Network network = new Network(spec);
    SplittableRandom random = new SplittableRandom(seed);
    network.initialize(random);
    DenseLayer output = network.layers().get(network.layers().size() - 1);
    fillUniform(output.weights(), 1, random);
    for (DenseLayer layer : network.layers()) {
      fillUniform(layer.bias(), 0.5, random);
    }
    return network;
  }

  /** Draws inputs in [−1, 1) and keeps only examples whose hidden |z| are all at least the margin. */
  private static Matrix inputsAwayFromKinks(Network network, SplittableRandom random) {
    Matrix input = new Matrix(BATCH_SIZE, INPUT_SIZE);
    Matrix candidate = new Matrix(1, INPUT_SIZE);
    int accepted = 0;
    for (int attempt = 0; attempt < 10_000 && accepted < BATCH_SIZE; attempt++) {
      fillUniform(candidate, 1, random);
      ForwardResult result = forwardInDouble(network, candidate, new int[] {0}, 0);
      if (result.minAbsHiddenPreActivation() >= KINK_MARGIN) {
        System.arraycopy(candidate.data(), 0, input.data(), accepted * INPUT_SIZE, INPUT_SIZE);
        accepted++;
      }
    }
    assertThat(accepted).as("examples found away from the kinks").isEqualTo(BATCH_SIZE);
    return input;
  }

  private static void fillUniform(Matrix matrix, double limit, SplittableRandom random) {
    float[] values = matrix.data();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-limit, limit);
    }
  }

  /**
   * Loss and hidden pre-activation facts of a double-precision forward pass.
   *
   * @param loss mean NLL plus λ·Σ|h| over hidden layers, divided by the batch size, as trainStep defines it
   * @param minAbsHiddenPreActivation smallest |z| over all hidden units and examples
   * @param activePattern z > 0 for every hidden unit and example, in layer, row, unit order
   */
  private record ForwardResult(double loss, double minAbsHiddenPreActivation, boolean[] activePattern) {}

  /** Recomputes trainStep's loss in double, independently of the kernels, from the float parameters. */
  private static ForwardResult forwardInDouble(Network network, Matrix input, int[] labels, double l1) {
    int batchSize = input.rows();
    double[][] layerInput = toDouble(input);
    double penaltySum = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    List<Boolean> pattern = new ArrayList<>();

    List<DenseLayer> layers = network.layers();
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer layer = layers.get(l);
      double[][] preActivations = preActivations(layer, layerInput);
      if (l == layers.size() - 1) {
        layerInput = preActivations;
        break;
      }
      int units = layer.outputSize();
      double[][] output = new double[batchSize][units];
      for (int r = 0; r < batchSize; r++) {
        for (int j = 0; j < units; j++) {
          double z = preActivations[r][j];
          minAbs = Math.min(minAbs, Math.abs(z));
          pattern.add(z > 0);
          double sign = layer.halfNegated() && j >= units / 2 ? -1 : 1;
          output[r][j] = sign * layer.activation().value(z);
          penaltySum += l1 * Math.abs(output[r][j]);
        }
      }
      layerInput = output;
    }

    double nllSum = 0;
    for (int r = 0; r < batchSize; r++) {
      double[] logits = layerInput[r];
      double max = Arrays.stream(logits).max().orElseThrow();
      double sumExp = Arrays.stream(logits).map(x -> Math.exp(x - max)).sum();
      nllSum += max + Math.log(sumExp) - logits[labels[r]];
    }

    boolean[] activePattern = new boolean[pattern.size()];
    for (int i = 0; i < activePattern.length; i++) {
      activePattern[i] = pattern.get(i);
    }
    return new ForwardResult((nllSum + penaltySum) / batchSize, minAbs, activePattern);
  }

  /** Returns x·W + b in double for a batch x of batchSize × inputSize. */
  private static double[][] preActivations(DenseLayer layer, double[][] input) {
    double[][] z = new double[input.length][layer.outputSize()];
    for (int r = 0; r < input.length; r++) {
      for (int j = 0; j < layer.outputSize(); j++) {
        double sum = layer.bias().get(0, j);
        for (int i = 0; i < layer.inputSize(); i++) {
          sum += input[r][i] * layer.weights().get(i, j);
        }
        z[r][j] = sum;
      }
    }
    return z;
  }

  private static double[][] toDouble(Matrix matrix) {
    double[][] values = new double[matrix.rows()][matrix.cols()];
    for (int r = 0; r < matrix.rows(); r++) {
      for (int c = 0; c < matrix.cols(); c++) {
        values[r][c] = matrix.get(r, c);
      }
    }
    return values;
  }
}
