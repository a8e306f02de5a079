package dev.rectifier.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link DenoisingAutoencoder#addGradients} with central differences of the mean cost,
 * recomputed in double by {@link AutoencoderReference} from the float parameters, and checks that
 * {@link DenoisingAutoencoder#trainStep} moves every parameter by −learningRate times that
 * gradient.
 */
class AutoencoderGradientCheckTest {

  static final int INPUTS = 5;
  static final int UNITS = 3;
  static final int BATCH = 4;

  /**
   * Perturbation of one float parameter. Parameters and inputs are of order 1, so ε = 1e-3 keeps
   * the truncation error ε²·|∂³cost/∂p³|/6 at a few 1e-7, while the cost, computed in double,
   * adds only about 1e-13 of rounding.
   */
  static final float EPSILON = 1e-3f;

  /**
   * Smallest |z| of any code unit and |a| of any reconstruction unit at the checked point, 50ε.
   * Inputs lie in [0, 1), weights in (−1, 1) and |h| ≤ |z| < 6, so changing one parameter by ε
   * moves z by at most ε and a by at most (UNITS + 6 + 1)·ε = 10ε. No perturbation therefore
   * crosses the kink of a rectifier at 0, whether in the code, in the L1 penalty on it or in the
   * rectifier reconstruction.
   */
  static final double KINK_MARGIN = 0.05;

  /**
   * Allowed |analytic − numeric|: the float passes round to about 1e-7 relative, and the
   * truncation error grows with the third derivative of the units. The largest gap over all cases
   * below was 7.9e-7 (tanh units, encoder bias) when this test was written. A wrong derivative, a
   * missing path of a tied matrix or a missing 1/B shows up as a gap of order 1e-2.
   */
  static final double ABSOLUTE_TOLERANCE = 2e-6;

  /** Allowed gap relative to |numeric|, for the larger gradients. */
  static final double RELATIVE_TOLERANCE = 1e-4;

  /** The float cost of addGradients and the double cost here differ by float rounding only. */
  private static final double COST_AGREEMENT = 1e-5;

  /**
   * A tied weight gradient that dropped the encoder or decoder path would differ from the true
   * one by that path's contribution, which is of order 0.1 here. 1e-3 is far above rounding.
   */
  private static final double PATH_DIFFERENCE = 1e-3;

  /**
   * One SGD step in float: trainStep adds −lr·(partial sum) per path or per example, while the
   * expected value subtracts lr times the summed gradient, so the two round differently by a few
   * ulps of parameters below 2.
   */
  private static final double STEP_TOLERANCE = 1e-6;

  private static final double LEARNING_RATE = 0.1;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String unit : List.of("rectifier", "softplus", "tanh")) {
      for (ReconstructionStrategy strategy : ReconstructionStrategy.values()) {
        if (!compatible(strategy, unit)) {
          continue;
        }
        for (boolean tied : new boolean[] {false, true}) {
          for (double l1 : new double[] {0, 0.1}) {
            for (String kernels : List.of("reference", "vector")) {
              cases.add(Arguments.of(strategy, tied, unit, l1, kernels));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> stepCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String unit : List.of("rectifier", "tanh")) {
      for (ReconstructionStrategy strategy : ReconstructionStrategy.values()) {
        if (!compatible(strategy, unit)) {
          continue;
        }
        for (boolean tied : new boolean[] {false, true}) {
          for (String kernels : List.of("reference", "vector")) {
            cases.add(Arguments.of(strategy, tied, unit, kernels));
          }
        }
      }
    }
    return cases.stream();
  }

  private static boolean compatible(ReconstructionStrategy strategy, String unit) {
    try {
      strategy.requireCompatible(Activation.parse(unit), 2);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "{0}, tied {1}, {2} units, L1 {3}, {4} kernels")
  @MethodSource("cases")
  void gradientsMatchCentralDifferences(ReconstructionStrategy strategy, boolean tied, String unit, double l1,
      String kernelName) {
    Activation hidden = Activation.parse(unit);
    DenoisingAutoencoder autoencoder = randomAutoencoder(hidden, strategy, tied, 71);
    Batch batch = batchAwayFromKinks(autoencoder, new SplittableRandom(72));
    AutoencoderReference.Pass base = forward(autoencoder, batch, l1);
    assertThat(base.minAbsPreActivation()).isGreaterThanOrEqualTo(KINK_MARGIN);
    if (unit.equals("rectifier")) {
      assertThat(codePattern(base)).as("inactive code units, so the backward mask is used").contains(false);
    }

    try (Kernels kernels = newKernels(kernelName)) {
      DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
      double cost = autoencoder.addGradients(kernels, batch.clean(), batch.corrupted(), autoencoder.buffers(BATCH),
          new L1ActivationPenalty(l1), gradients);
      assertThat(cost).as("addGradients cost against the double forward pass").isCloseTo(base.cost(),
          within(COST_AGREEMENT));

      List<String> report = new ArrayList<>();
      List<TensorCheck> checks = new ArrayList<>();
      checks.add(checkTensor(autoencoder, batch, l1, base, autoencoder.encoder().weights(),
          gradients.encoderWeights(), "encoder weights"));
      checks.add(checkTensor(autoencoder, batch, l1, base, autoencoder.encoder().bias(), gradients.encoderBias(),
          "encoder bias"));
      if (!tied) {
        checks.add(checkTensor(autoencoder, batch, l1, base, autoencoder.decoderWeights(),
            gradients.decoderWeights(), "decoder weights"));
      }
      checks.add(checkTensor(autoencoder, batch, l1, base, autoencoder.decoderBias(), gradients.decoderBias(),
          "decoder bias"));

      int checked = 0;
      boolean allWithin = true;
      for (TensorCheck check : checks) {
        report.add(check.describe());
        allWithin &= check.allWithin();
        checked += check.count();
      }
      assertThat(allWithin).as("gradients against central differences:%n%s", String.join("\n", report)).isTrue();
      int decoderWeightCount = tied ? 0 : UNITS * INPUTS;
      assertThat(checked).isEqualTo(INPUTS * UNITS + UNITS + decoderWeightCount + INPUTS);
      assertThat(gradients.decoderWeights() == null).as("decoder weight gradient is null").isEqualTo(tied);

      if (tied) {
        double[] encoderPath = pathDerivatives(autoencoder, batch, l1, true);
        double[] decoderPath = pathDerivatives(autoencoder, batch, l1, false);
        float[] analytic = gradients.encoderWeights().data();
        assertThat(maxDifference(analytic, encoderPath)).as("tied gradient against the encoder path alone")
            .isGreaterThan(PATH_DIFFERENCE);
        assertThat(maxDifference(analytic, decoderPath)).as("tied gradient against the decoder path alone")
            .isGreaterThan(PATH_DIFFERENCE);
        double[] sum = new double[analytic.length];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = encoderPath[i] + decoderPath[i];
        }
        assertThat(allWithinTolerance(analytic, sum)).as("tied gradient against the sum of both paths").isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}, tied {1}, {2} units, {3} kernels")
  @MethodSource("stepCases")
  void trainStepSubtractsScaledGradient(ReconstructionStrategy strategy, boolean tied, String unit,
      String kernelName) {
    Activation hidden = Activation.parse(unit);
    DenoisingAutoencoder autoencoder = randomAutoencoder(hidden, strategy, tied, 81);
    Batch batch = batchAwayFromKinks(autoencoder, new SplittableRandom(82));
    L1ActivationPenalty penalty = new L1ActivationPenalty(0.1);
    List<Matrix> before = parameters(autoencoder).stream().map(Matrix::copy).toList();

    try (Kernels kernels = newKernels(kernelName)) {
      DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
      double gradientCost = autoencoder.addGradients(kernels, batch.clean(), batch.corrupted(),
          autoencoder.buffers(BATCH), penalty, gradients);
      List<Matrix> unchanged = parameters(autoencoder);
      for (int t = 0; t < before.size(); t++) {
        assertThat(unchanged.get(t).data()).as("parameter %d after addGradients", t)
            .containsExactly(before.get(t).data());
      }

      double stepCost = autoencoder.trainStep(kernels, batch.clean(), batch.corrupted(), autoencoder.buffers(BATCH),
          penalty, LEARNING_RATE);
      assertThat(stepCost).as("trainStep cost").isEqualTo(gradientCost);

      List<Matrix> after = parameters(autoencoder);
      List<Matrix> gradientList = tied
          ? List.of(gradients.encoderWeights(), gradients.encoderBias(), gradients.decoderBias())
          : List.of(gradients.encoderWeights(), gradients.encoderBias(), gradients.decoderWeights(),
              gradients.decoderBias());
      assertThat(after).hasSameSizeAs(gradientList);
      for (int t = 0; t < after.size(); t++) {
        float[] old = before.get(t).data();
        float[] updated = after.get(t).data();
        float[] gradient = gradientList.get(t).data();
        boolean moved = false;
        for (int i = 0; i < old.length; i++) {
          double expected = old[i] - LEARNING_RATE * gradient[i];
          assertThat((double) updated[i]).as("parameter %d, element %d", t, i)
              .isCloseTo(expected, within(STEP_TOLERANCE));
          moved |= updated[i] != old[i];
        }
        assertThat(moved).as("parameter %d changed", t).isTrue();
      }
    }
  }

  static Kernels newKernels(String name) {
    return name.equals("vector") ? new VectorKernels(1) : new ReferenceKernels();
  }

  /** Returns the encoder weights and bias, the untied decoder weights and the decoder bias, in that order. */
  static List<Matrix> parameters(DenoisingAutoencoder autoencoder) {
    List<Matrix> list = new ArrayList<>();
    list.add(autoencoder.encoder().weights());
    list.add(autoencoder.encoder().bias());
    if (!autoencoder.tied()) {
      list.add(autoencoder.decoderWeights());
    }
    list.add(autoencoder.decoderBias());
    return list;
  }

  /** A clean batch, the reconstruction target, and its masked copy, the encoder's input. */
  record Batch(Matrix clean, Matrix corrupted) {}

  /** Creates an autoencoder with weights uniform in (−1, 1) and biases in (−0.5, 0.5). */
  static DenoisingAutoencoder randomAutoencoder(Activation hidden, ReconstructionStrategy strategy, boolean tied,
      long seed) {
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(INPUTS, UNITS, hidden, strategy, tied);
    SplittableRandom random = new SplittableRandom(seed);
    fillUniform(autoencoder.encoder().weights(), 1, random);
    fillUniform(autoencoder.encoder().bias(), 0.5, random);
    if (!tied) {
      fillUniform(autoencoder.decoderWeights(), 1, random);
    }
    fillUniform(autoencoder.decoderBias(), 0.5, random);
    return autoencoder;
  }

  static void fillUniform(Matrix matrix, double limit, SplittableRandom random) {
    float[] values = matrix.data();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-limit, limit);
    }
  }

  /**
   * Draws clean examples in [0, 1), masks each component with probability 0.3 for the corrupted
   * copy, and keeps only examples whose |z| and |a| are all at least the margin.
   */
  static Batch batchAwayFromKinks(DenoisingAutoencoder autoencoder, SplittableRandom random) {
    Matrix clean = new Matrix(BATCH, INPUTS);
    Matrix corrupted = new Matrix(BATCH, INPUTS);
    Matrix candidateClean = new Matrix(1, INPUTS);
    Matrix candidateCorrupted = new Matrix(1, INPUTS);
    AutoencoderReference.Parameters parameters = AutoencoderReference.parametersOf(autoencoder);
    int accepted = 0;
    for (int attempt = 0; attempt < 10_000 && accepted < BATCH; attempt++) {
      for (int i = 0; i < INPUTS; i++) {
        float value = (float) random.nextDouble();
        candidateClean.set(0, i, value);
        candidateCorrupted.set(0, i, random.nextDouble() < 0.3 ? 0f : value);
      }
      AutoencoderReference.Pass pass = AutoencoderReference.forward(parameters, autoencoder.encoder().activation(),
          autoencoder.strategy(), candidateClean, candidateCorrupted, 0);
      if (pass.minAbsPreActivation() >= KINK_MARGIN) {
        System.arraycopy(candidateClean.data(), 0, clean.data(), accepted * INPUTS, INPUTS);
        System.arraycopy(candidateCorrupted.data(), 0, corrupted.data(), accepted * INPUTS, INPUTS);
        accepted++;
      }
    }
    assertThat(accepted).as("examples found away from the kinks").isEqualTo(BATCH);
    assertThat(corrupted.data()).as("masked components in the batch").contains(0f);
    return new Batch(clean, corrupted);
  }

  static AutoencoderReference.Pass forward(DenoisingAutoencoder autoencoder, Batch batch, double l1) {
    return AutoencoderReference.forward(AutoencoderReference.parametersOf(autoencoder),
        autoencoder.encoder().activation(), autoencoder.strategy(), batch.clean(), batch.corrupted(), l1);
  }

  private static boolean[] codePattern(AutoencoderReference.Pass pass) {
    List<Boolean> codes = new ArrayList<>();
    boolean[] pattern = pass.activePattern();
    for (int r = 0; r < BATCH; r++) {
      for (int j = 0; j < UNITS; j++) {
        codes.add(pattern[r * (UNITS + INPUTS) + j]);
      }
    }
    boolean[] result = new boolean[codes.size()];
    for (int k = 0; k < result.length; k++) {
      result[k] = codes.get(k);
    }
    return result;
  }

  /** Result of comparing one parameter tensor with central differences. */
  private record TensorCheck(String name, int count, boolean allWithin, double maxAbsolute) {
    String describe() {
      return String.format(Locale.ROOT, "  %s: %d values, max absolute difference %.3g%s", name, count, maxAbsolute,
          allWithin ? "" : "  <-- outside tolerance");
    }
  }

  private static TensorCheck checkTensor(DenoisingAutoencoder autoencoder, Batch batch, double l1,
      AutoencoderReference.Pass base, Matrix parameters, Matrix analytic, String name) {
    float[] values = parameters.data();
    boolean allWithin = true;
    double maxAbsolute = 0;
    for (int i = 0; i < values.length; i++) {
      float original = values[i];
      float plus = original + EPSILON;
      float minus = original - EPSILON;
      values[i] = plus;
      AutoencoderReference.Pass up = forward(autoencoder, batch, l1);
      values[i] = minus;
      AutoencoderReference.Pass down = forward(autoencoder, batch, l1);
      values[i] = original;
      assertThat(up.activePattern()).as("%s %d: on/off pattern after +ε", name, i)
          .isEqualTo(base.activePattern());
      assertThat(down.activePattern()).as("%s %d: on/off pattern after −ε", name, i)
          .isEqualTo(base.activePattern());

      // The float perturbation is rounded, so divide by the step that was actually taken.
      double numeric = (up.cost() - down.cost()) / ((double) plus - (double) minus);
      double difference = Math.abs(analytic.data()[i] - numeric);
      allWithin &= difference <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(numeric);
      maxAbsolute = Math.max(maxAbsolute, difference);
    }
    return new TensorCheck(name, values.length, allWithin, maxAbsolute);
  }

  /**
   * Returns the central differences of the cost with respect to a tied weight matrix used in one
   * place only: the encoder's W when {@code encoder}, else the decoder's Wᵀ, with the other use
   * held at the current weights.
   */
  static double[] pathDerivatives(DenoisingAutoencoder autoencoder, Batch batch, double l1, boolean encoder) {
    AutoencoderReference.Parameters base = AutoencoderReference.parametersOf(autoencoder);
    float[] weights = autoencoder.encoder().weights().data();
    double[] derivatives = new double[weights.length];
    for (int i = 0; i < autoencoder.inputSize(); i++) {
      for (int j = 0; j < autoencoder.units(); j++) {
        int index = i * autoencoder.units() + j;
        float plus = weights[index] + EPSILON;
        float minus = weights[index] - EPSILON;
        double up = costWithOneUse(autoencoder, base, batch, l1, encoder, i, j, plus);
        double down = costWithOneUse(autoencoder, base, batch, l1, encoder, i, j, minus);
        derivatives[index] = (up - down) / ((double) plus - (double) minus);
      }
    }
    return derivatives;
  }

  /** Returns the cost with weight (i, j) set to {@code value} in the encoder or in the decoder only. */
  private static double costWithOneUse(DenoisingAutoencoder autoencoder, AutoencoderReference.Parameters base,
      Batch batch, double l1, boolean encoder, int i, int j, float value) {
    AutoencoderReference.Parameters perturbed = base.copy();
    if (encoder) {
      perturbed.encoderWeights()[i * autoencoder.units() + j] = value;
    } else {
      perturbed.decoderWeights()[j * autoencoder.inputSize() + i] = value;
    }
    return AutoencoderReference.forward(perturbed, autoencoder.encoder().activation(), autoencoder.strategy(),
        batch.clean(), batch.corrupted(), l1).cost();
  }

  static boolean allWithinTolerance(float[] analytic, double[] numeric) {
    for (int i = 0; i < analytic.length; i++) {
      if (Math.abs(analytic[i] - numeric[i]) > ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(numeric[i])) {
        return false;
      }
    }
    return true;
  }

  static double maxDifference(float[] analytic, double[] numeric) {
    double max = 0;
    for (int i = 0; i < analytic.length; i++) {
      max = Math.max(max, Math.abs(analytic[i] - numeric[i]));
    }
    return max;
  }
}
