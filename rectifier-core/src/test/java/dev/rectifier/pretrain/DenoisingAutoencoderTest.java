package dev.rectifier.pretrain;

import static dev.rectifier.pretrain.AutoencoderGradientCheckTest.BATCH;
import static dev.rectifier.pretrain.AutoencoderGradientCheckTest.INPUTS;
import static dev.rectifier.pretrain.AutoencoderGradientCheckTest.UNITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.Softplus;
import dev.rectifier.nn.Tanh;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.pretrain.AutoencoderGradientCheckTest.Batch;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Behaviour of {@link DenoisingAutoencoder} on inputs that could go wrong: a fully masked
 * input, a tied decoder over many steps, and targets outside [0, 1] for a cross-entropy cost.
 */
class DenoisingAutoencoderTest {

  /** A float pass against the double reference: a few ulps of values below about 10. */
  private static final double FLOAT_TOLERANCE = 1e-5;

  /** Float gradients of order 1 against their double definition. */
  private static final double GRADIENT_TOLERANCE = 1e-6;

  @ParameterizedTest
  @EnumSource(ReconstructionStrategy.class)
  void fullMaskUntiedEncoderGradientZero(ReconstructionStrategy strategy) {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Softplus(), strategy,
        false, 91);
    Matrix clean = cleanBatch(new SplittableRandom(92));
    Matrix corrupted = new Matrix(BATCH, INPUTS);
    corrupted.fill(5f);
    new MaskingNoise(MaskingNoise.Kind.INDEPENDENT, 1.0).corrupt(clean, corrupted, new SplittableRandom(93));
    assertThat(corrupted.data()).containsOnly(0f);

    try (Kernels kernels = new ReferenceKernels()) {
      DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
      double cost = autoencoder.addGradients(kernels, clean, corrupted, autoencoder.buffers(BATCH),
          new L1ActivationPenalty(0), gradients);

      assertThat(gradients.encoderWeights().data()).as("encoder weight gradient").containsOnly(0f);
      assertThat(gradients.encoderBias().isFinite()).as("encoder bias gradient is finite").isTrue();
      assertThat(cost).as("cost of reconstructing the clean input from f(b)")
          .isCloseTo(costFromBiasCode(autoencoder, clean), within(FLOAT_TOLERANCE));
      assertThat(cost).as("cost against the masked input instead")
          .isNotCloseTo(costFromBiasCode(autoencoder, corrupted), within(1e-3));
    }
  }

  @ParameterizedTest
  @EnumSource(ReconstructionStrategy.class)
  void fullMaskTiedGradientDecoderPathOnly(ReconstructionStrategy strategy) {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Softplus(), strategy,
        true, 94);
    Matrix clean = cleanBatch(new SplittableRandom(95));
    Matrix corrupted = new Matrix(BATCH, INPUTS);
    new MaskingNoise(MaskingNoise.Kind.EXACT_FRACTION, 1.0).corrupt(clean, corrupted, new SplittableRandom(96));
    assertThat(corrupted.data()).containsOnly(0f);

    try (Kernels kernels = new VectorKernels(1)) {
      DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
      autoencoder.addGradients(kernels, clean, corrupted, autoencoder.buffers(BATCH), new L1ActivationPenalty(0),
          gradients);

      // Decoder path alone: Σ_r δ_a[r][i] · h[r][j], with δ_a = ∂cost/∂a and h = f(b) in every row.
      double[] expected = decoderPathGradient(autoencoder, clean);
      float[] actual = gradients.encoderWeights().data();
      for (int k = 0; k < actual.length; k++) {
        assertThat((double) actual[k]).as("tied weight gradient %d", k)
            .isCloseTo(expected[k], within(GRADIENT_TOLERANCE));
      }
      double largest = 0;
      for (float value : actual) {
        largest = Math.max(largest, Math.abs(value));
      }
      assertThat(largest).as("largest |gradient| of the decoder path").isGreaterThan(0.01);
    }
  }

  @Test
  void tiedThreeTwoThreeStaysTransposed() {
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(3, 2, new Rectifier(),
        ReconstructionStrategy.SOFTPLUS, true);
    autoencoder.initialize(WeightInit.GLOROT_UNIFORM, new SplittableRandom(101));
    assertThat(autoencoder.tied()).isTrue();
    assertThat(autoencoder.decoderWeights()).isNull();
    assertThat(DenoisingAutoencoder.Gradients.zerosFor(autoencoder).decoderWeights()).isNull();

    SplittableRandom random = new SplittableRandom(102);
    Matrix clean = new Matrix(4, 3);
    Matrix corrupted = new Matrix(4, 3);
    MaskingNoise noise = new MaskingNoise(MaskingNoise.Kind.EXACT_FRACTION, 0.34);
    DenoisingAutoencoder.Buffers buffers = autoencoder.buffers(4);
    try (Kernels kernels = new VectorKernels(1)) {
      for (int step = 1; step <= 6; step++) {
        for (int i = 0; i < clean.data().length; i++) {
          clean.data()[i] = (float) random.nextDouble();
        }
        noise.corrupt(clean, corrupted, random);
        Matrix weightsBefore = autoencoder.encoder().weights().copy();
        autoencoder.trainStep(kernels, clean, corrupted, buffers, new L1ActivationPenalty(0.01), 0.5);
        assertThat(autoencoder.encoder().weights().data()).as("weights after step %d", step)
            .isNotEqualTo(weightsBefore.data());

        double cost = autoencoder.reconstructionCost(kernels, clean, buffers);
        double[][] expected = tiedReconstruction(autoencoder, clean);
        for (int r = 0; r < 4; r++) {
          for (int i = 0; i < 3; i++) {
            assertThat((double) buffers.reconstructions().get(r, i)).as("step %d, reconstruction (%d, %d)", step, r, i)
                .isCloseTo(expected[r][i], within(FLOAT_TOLERANCE));
          }
        }
        double expectedCost = 0;
        for (int r = 0; r < 4; r++) {
          for (int i = 0; i < 3; i++) {
            double difference = clean.get(r, i) - expected[r][i];
            expectedCost += 0.5 * difference * difference;
          }
        }
        assertThat(cost).as("summed clean cost after step %d", step).isCloseTo(expectedCost, within(FLOAT_TOLERANCE));
      }
    }
  }

  @Test
  void tiedThreeTwoThreeGradientBothPaths() {
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(3, 2, new Softplus(),
        ReconstructionStrategy.SOFTPLUS, true);
    SplittableRandom random = new SplittableRandom(103);
    AutoencoderGradientCheckTest.fillUniform(autoencoder.encoder().weights(), 1, random);
    AutoencoderGradientCheckTest.fillUniform(autoencoder.encoder().bias(), 0.5, random);
    AutoencoderGradientCheckTest.fillUniform(autoencoder.decoderBias(), 0.5, random);
    Matrix clean = new Matrix(4, 3);
    for (int i = 0; i < clean.data().length; i++) {
      clean.data()[i] = (float) random.nextDouble();
    }
    Matrix corrupted = new Matrix(4, 3);
    new MaskingNoise(MaskingNoise.Kind.EXACT_FRACTION, 0.34).corrupt(clean, corrupted, random);
    Batch batch = new Batch(clean, corrupted);

    DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
    try (Kernels kernels = new ReferenceKernels()) {
      autoencoder.addGradients(kernels, clean, corrupted, autoencoder.buffers(4), new L1ActivationPenalty(0),
          gradients);
    }
    double[] encoderPath = AutoencoderGradientCheckTest.pathDerivatives(autoencoder, batch, 0, true);
    double[] decoderPath = AutoencoderGradientCheckTest.pathDerivatives(autoencoder, batch, 0, false);
    double[] bothPaths = new double[encoderPath.length];
    for (int k = 0; k < bothPaths.length; k++) {
      bothPaths[k] = encoderPath[k] + decoderPath[k];
    }
    float[] analytic = gradients.encoderWeights().data();

    assertThat(AutoencoderGradientCheckTest.allWithinTolerance(analytic, bothPaths)).as("both paths").isTrue();
    assertThat(AutoencoderGradientCheckTest.maxDifference(analytic, encoderPath)).as("encoder path alone")
        .isGreaterThan(1e-3);
    assertThat(AutoencoderGradientCheckTest.maxDifference(analytic, decoderPath)).as("decoder path alone")
        .isGreaterThan(1e-3);
  }

  @ParameterizedTest
  @EnumSource(value = ReconstructionStrategy.class, names = {"SCALED_SIGMOID", "MIN_MAX_SIGMOID"})
  void crossEntropyTargetAboveOneRejected(ReconstructionStrategy strategy) {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Tanh(), strategy, false,
        104);
    Matrix clean = cleanBatch(new SplittableRandom(105));
    clean.set(2, 3, 1.5f);
    Matrix corrupted = clean.copy();
    List<Matrix> before = AutoencoderGradientCheckTest.parameters(autoencoder).stream().map(Matrix::copy).toList();
    L1ActivationPenalty penalty = new L1ActivationPenalty(0);

    try (Kernels kernels = new ReferenceKernels()) {
      DenoisingAutoencoder.Buffers buffers = autoencoder.buffers(BATCH);
      assertThatThrownBy(() -> autoencoder.trainStep(kernels, clean, corrupted, buffers, penalty, 0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1.5")
          .hasMessageContaining("row 2, column 3");
      DenoisingAutoencoder.Gradients gradients = DenoisingAutoencoder.Gradients.zerosFor(autoencoder);
      assertThatThrownBy(() -> autoencoder.addGradients(kernels, clean, corrupted, buffers, penalty, gradients))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1.5");
      assertThatThrownBy(() -> autoencoder.reconstructionCost(kernels, clean, buffers))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1.5");
    }
    List<Matrix> after = AutoencoderGradientCheckTest.parameters(autoencoder);
    for (int t = 0; t < before.size(); t++) {
      assertThat(after.get(t).data()).as("parameter %d after the rejected step", t)
          .containsExactly(before.get(t).data());
    }
  }

  @Test
  void crossEntropyNegativeTargetRejected() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.SCALED_SIGMOID, true, 106);
    Matrix clean = cleanBatch(new SplittableRandom(107));
    clean.set(0, 1, -0.25f);

    try (Kernels kernels = new VectorKernels(1)) {
      assertThatThrownBy(() -> autoencoder.trainStep(kernels, clean, clean.copy(), autoencoder.buffers(BATCH),
          new L1ActivationPenalty(0), 0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-0.25")
          .hasMessageContaining("row 0, column 1");
    }
  }

  @Test
  void quadraticStrategyAcceptsTargetAboveOne() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.LINEAR, false, 108);
    Matrix clean = cleanBatch(new SplittableRandom(109));
    clean.set(1, 1, 1.5f);

    try (Kernels kernels = new ReferenceKernels()) {
      double cost = autoencoder.trainStep(kernels, clean, clean.copy(), autoencoder.buffers(BATCH),
          new L1ActivationPenalty(0), 0.01);
      assertThat(cost).isFinite();
    }
  }

  @Test
  void reconstructionCostAgainstTarget() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.SCALED_SIGMOID, false, 113);
    Matrix clean = cleanBatch(new SplittableRandom(114));
    Matrix corrupted = new Matrix(BATCH, INPUTS);
    new MaskingNoise(MaskingNoise.Kind.EXACT_FRACTION, 0.4).corrupt(clean, corrupted, new SplittableRandom(115));
    List<Matrix> before = AutoencoderGradientCheckTest.parameters(autoencoder).stream().map(Matrix::copy).toList();

    double cost;
    try (Kernels kernels = new ReferenceKernels()) {
      cost = autoencoder.reconstructionCost(kernels, corrupted, clean, autoencoder.buffers(BATCH));
    }

    AutoencoderReference.Pass pass = AutoencoderReference.forward(AutoencoderReference.parametersOf(autoencoder),
        autoencoder.encoder().activation(), autoencoder.strategy(), clean, corrupted, 0);
    assertThat(cost).as("summed cost of the masked input against the clean one")
        .isCloseTo(pass.reconstructionCostSum(), within(FLOAT_TOLERANCE));
    List<Matrix> after = AutoencoderGradientCheckTest.parameters(autoencoder);
    for (int t = 0; t < before.size(); t++) {
      assertThat(after.get(t).data()).as("parameter %d", t).containsExactly(before.get(t).data());
    }
  }

  @Test
  void reconstructionCostShapeMismatchRejected() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.SOFTPLUS, false, 116);

    try (Kernels kernels = new ReferenceKernels()) {
      assertThatThrownBy(() -> autoencoder.reconstructionCost(kernels, new Matrix(BATCH, INPUTS),
          new Matrix(BATCH, INPUTS + 1), autoencoder.buffers(BATCH)))
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("4 × 6");
    }
  }

  @Test
  void mismatchedBatchesRejected() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.SOFTPLUS, false, 110);
    L1ActivationPenalty penalty = new L1ActivationPenalty(0);

    try (Kernels kernels = new ReferenceKernels()) {
      DenoisingAutoencoder.Buffers buffers = autoencoder.buffers(BATCH);
      assertThatThrownBy(() -> autoencoder.trainStep(kernels, new Matrix(BATCH, INPUTS), new Matrix(BATCH, INPUTS - 1),
          buffers, penalty, 0.1))
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("4 × 5")
          .hasMessageContaining("4 × 4");
      assertThatThrownBy(() -> autoencoder.trainStep(kernels, new Matrix(BATCH + 1, INPUTS),
          new Matrix(BATCH + 1, INPUTS), buffers, penalty, 0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batches of 4 × 5")
          .hasMessageContaining("5 × 5");
      assertThatThrownBy(() -> autoencoder.buffers(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 0");
    }
  }

  @Test
  void encodeMatchesReference() {
    DenoisingAutoencoder autoencoder = AutoencoderGradientCheckTest.randomAutoencoder(new Rectifier(),
        ReconstructionStrategy.SOFTPLUS, false, 111);
    Matrix input = cleanBatch(new SplittableRandom(112));

    DenoisingAutoencoder.Buffers buffers = autoencoder.buffers(BATCH);
    try (Kernels kernels = new VectorKernels(1)) {
      autoencoder.encode(kernels, input, buffers);
    }
    AutoencoderReference.Pass pass = AutoencoderReference.forward(AutoencoderReference.parametersOf(autoencoder),
        autoencoder.encoder().activation(), autoencoder.strategy(), input, input, 0);
    for (int r = 0; r < BATCH; r++) {
      for (int j = 0; j < UNITS; j++) {
        assertThat((double) buffers.codes().get(r, j)).as("code (%d, %d)", r, j)
            .isCloseTo(pass.codes()[r][j], within(FLOAT_TOLERANCE));
      }
    }
  }

  /** Returns a batch of clean inputs uniform in [0, 1). */
  private static Matrix cleanBatch(SplittableRandom random) {
    Matrix clean = new Matrix(BATCH, INPUTS);
    for (int i = 0; i < clean.data().length; i++) {
      clean.data()[i] = (float) random.nextDouble();
    }
    return clean;
  }

  /** Returns the mean cost of reconstructing {@code targets} from the code f(b) of an all-zero input. */
  private static double costFromBiasCode(DenoisingAutoencoder autoencoder, Matrix targets) {
    Matrix zeros = new Matrix(targets.rows(), targets.cols());
    AutoencoderReference.Pass pass = AutoencoderReference.forward(AutoencoderReference.parametersOf(autoencoder),
        autoencoder.encoder().activation(), autoencoder.strategy(), targets, zeros, 0);
    return pass.cost();
  }

  /**
   * Returns the decoder path of a tied weight gradient for an all-zero encoder input, in double:
   * {@code Σ_r δ_a[r][i] · h[j]} with {@code h = f(b)} and δ_a the derivative of the mean cost
   * with respect to the reconstruction's pre-activation a.
   */
  private static double[] decoderPathGradient(DenoisingAutoencoder autoencoder, Matrix clean) {
    AutoencoderReference.Parameters p = AutoencoderReference.parametersOf(autoencoder);
    Activation hidden = autoencoder.encoder().activation();
    ReconstructionStrategy strategy = autoencoder.strategy();
    int inputs = p.inputs();
    int units = p.units();
    double[] h = new double[units];
    for (int j = 0; j < units; j++) {
      h[j] = AutoencoderReference.hiddenValue(hidden, p.encoderBias()[j]);
    }
    double[] gradient = new double[inputs * units];
    for (int r = 0; r < clean.rows(); r++) {
      for (int i = 0; i < inputs; i++) {
        double a = p.decoderBias()[i];
        for (int j = 0; j < units; j++) {
          a += h[j] * p.decoderWeights()[j * inputs + i];
        }
        double x = clean.get(r, i);
        double delta = reconstructionDelta(strategy, a, x) / clean.rows();
        for (int j = 0; j < units; j++) {
          gradient[i * units + j] += delta * h[j];
        }
      }
    }
    return gradient;
  }

  /** Returns ∂cost/∂a of one component: σ(a) − x for cross-entropy, (r − x)·g'(a) for quadratic. */
  private static double reconstructionDelta(ReconstructionStrategy strategy, double a, double x) {
    double sigmoid = 1 / (1 + Math.exp(-a));
    return switch (strategy) {
      case SCALED_SIGMOID, MIN_MAX_SIGMOID -> sigmoid - x;
      case SOFTPLUS -> (AutoencoderReference.softplus(a) - x) * sigmoid;
      case LINEAR -> a - x;
      case RECTIFIER -> a > 0 ? a - x : 0;
    };
  }

  /** Returns g(f(x·W + b)·Wᵀ + c) in double from the autoencoder's one stored weight matrix. */
  private static double[][] tiedReconstruction(DenoisingAutoencoder autoencoder, Matrix input) {
    Matrix weights = autoencoder.encoder().weights();
    int inputs = autoencoder.inputSize();
    int units = autoencoder.units();
    double[][] result = new double[input.rows()][inputs];
    for (int r = 0; r < input.rows(); r++) {
      double[] h = new double[units];
      for (int j = 0; j < units; j++) {
        double z = autoencoder.encoder().bias().get(0, j);
        for (int i = 0; i < inputs; i++) {
          z += input.get(r, i) * weights.get(i, j);
        }
        h[j] = AutoencoderReference.hiddenValue(autoencoder.encoder().activation(), z);
      }
      for (int i = 0; i < inputs; i++) {
        double a = autoencoder.decoderBias().get(0, i);
        for (int j = 0; j < units; j++) {
          a += h[j] * weights.get(i, j);
        }
        result[r][i] = AutoencoderReference.reconstructionValue(autoencoder.strategy(), a);
      }
    }
    return result;
  }
}
