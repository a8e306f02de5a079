package dev.rectifier.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.Tanh;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks that folding an autoencoder's input map and the signs of a half-negated layer below into
 * the weights leaves the layer's pre-activations unchanged.
 */
class PretrainedLayerTest {

  private static final int BATCH = 6;
  private static final int INPUTS = 4;
  /** Odd, so that the half-negated layer below has more negated units than positive ones. */
  private static final int LOWER_UNITS = 5;
  private static final int UNITS = 3;

  /**
   * Pre-activations below about 10 computed in float by two routes, one of which divides by the
   * scale and subtracts the offset first: a few ulps, well below 1e-5.
   */
  private static final double FOLD_TOLERANCE = 1e-5;

  @Test
  void minMaxFoldMatchesEncoder() {
    checkFold(new Tanh(), ReconstructionStrategy.MIN_MAX_SIGMOID, 121);
  }

  @Test
  void divideFoldMatchesEncoder() {
    checkFold(new Rectifier(), ReconstructionStrategy.SCALED_SIGMOID, 122);
  }

  @Test
  void identityUnsignedFoldIsExact() {
    DenoisingAutoencoder autoencoder = randomAutoencoder(ReconstructionStrategy.SOFTPLUS, new SplittableRandom(123));

    PretrainedLayer layer = PretrainedLayer.fold(autoencoder, InputScaling.IDENTITY, false, List.of());

    assertThat(layer.weights().data()).containsExactly(autoencoder.encoder().weights().data());
    assertThat(layer.bias().data()).containsExactly(autoencoder.encoder().bias().data());
  }

  @Test
  void signedFoldNegatesUpperRows() {
    DenoisingAutoencoder autoencoder = randomAutoencoder(ReconstructionStrategy.SOFTPLUS, new SplittableRandom(124));

    PretrainedLayer layer = PretrainedLayer.fold(autoencoder, InputScaling.IDENTITY, true, List.of());

    Matrix source = autoencoder.encoder().weights();
    for (int i = 0; i < LOWER_UNITS; i++) {
      float sign = i < LOWER_UNITS / 2 ? 1f : -1f;
      for (int j = 0; j < UNITS; j++) {
        assertThat(layer.weights().get(i, j)).as("weight (%d, %d)", i, j).isEqualTo(sign * source.get(i, j));
      }
    }
    assertThat(layer.bias().data()).containsExactly(autoencoder.encoder().bias().data());
  }

  @Test
  void copyIntoRejectsOtherShape() {
    DenoisingAutoencoder autoencoder = randomAutoencoder(ReconstructionStrategy.SOFTPLUS, new SplittableRandom(125));
    PretrainedLayer layer = PretrainedLayer.fold(autoencoder, InputScaling.IDENTITY, false, List.of());

    assertThatThrownBy(() -> layer.copyInto(new DenseLayer(LOWER_UNITS, UNITS + 1, new Rectifier(), false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 inputs and 3 units")
        .hasMessageContaining("5 inputs and 4 units");
  }

  @Test
  void reconstructionErrorsInEpochOrder() {
    List<PretrainEpochRecord> epochs = new ArrayList<>();
    epochs.add(new PretrainEpochRecord(1, 1, 0.9, Double.NaN, Double.NaN, 0.1, 100));
    epochs.add(new PretrainEpochRecord(1, 2, 0.5, Double.NaN, Double.NaN, 0.1, 100));
    DenoisingAutoencoder autoencoder = randomAutoencoder(ReconstructionStrategy.SOFTPLUS, new SplittableRandom(126));

    PretrainedLayer layer = PretrainedLayer.fold(autoencoder, InputScaling.IDENTITY, false, epochs);
    epochs.clear();

    assertThat(layer.reconstructionErrors()).containsExactly(0.9, 0.5);
    assertThat(layer.epochs()).hasSize(2);
  }

  /**
   * Feeds a half-negated layer's signed output s ⊙ c to the folded layer and the unsigned c,
   * mapped by the fitted scaling, to the autoencoder's encoder, and compares the pre-activations.
   */
  private static void checkFold(Activation lowerUnit, ReconstructionStrategy strategy, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    DenseLayer signedLower = new DenseLayer(INPUTS, LOWER_UNITS, lowerUnit, true);
    fillUniform(signedLower.weights(), 1, random);
    fillUniform(signedLower.bias(), 0.5, random);
    DenseLayer unsignedLower = new DenseLayer(INPUTS, LOWER_UNITS, lowerUnit, false);
    unsignedLower.weights().copyFrom(signedLower.weights());
    unsignedLower.bias().copyFrom(signedLower.bias());
    Matrix input = new Matrix(BATCH, INPUTS);
    fillUniform(input, 2, random);
    DenoisingAutoencoder autoencoder = randomAutoencoder(strategy, random);

    try (Kernels kernels = new ReferenceKernels()) {
      Matrix signedCodes = new Matrix(BATCH, LOWER_UNITS);
      signedLower.forward(kernels, input, new Matrix(BATCH, LOWER_UNITS), signedCodes);
      Matrix codes = new Matrix(BATCH, LOWER_UNITS);
      unsignedLower.forward(kernels, input, new Matrix(BATCH, LOWER_UNITS), codes);
      assertThat(signedCodes.data()).as("the lower layer negates some non-zero outputs")
          .isNotEqualTo(codes.data());

      InputScaling scaling = InputScaling.fit(strategy, codes, "code of hidden layer 1");
      assertThat(scaling.isIdentity()).as("scaling is in play").isFalse();
      Matrix mapped = codes.copy();
      scaling.apply(mapped);
      Matrix encoderPreActivations = new Matrix(BATCH, UNITS);
      autoencoder.encoder().forward(kernels, mapped, encoderPreActivations, new Matrix(BATCH, UNITS));

      PretrainedLayer folded = PretrainedLayer.fold(autoencoder, scaling, true, List.of());
      DenseLayer network = new DenseLayer(LOWER_UNITS, UNITS, new Rectifier(), true);
      folded.copyInto(network);
      Matrix networkPreActivations = new Matrix(BATCH, UNITS);
      network.forward(kernels, signedCodes, networkPreActivations, new Matrix(BATCH, UNITS));

      for (int r = 0; r < BATCH; r++) {
        for (int j = 0; j < UNITS; j++) {
          assertThat((double) networkPreActivations.get(r, j)).as("pre-activation (%d, %d)", r, j)
              .isCloseTo(encoderPreActivations.get(r, j), within(FOLD_TOLERANCE));
        }
      }
    }
  }

  private static DenoisingAutoencoder randomAutoencoder(ReconstructionStrategy strategy, SplittableRandom random) {
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(LOWER_UNITS, UNITS, new Rectifier(), strategy, false);
    fillUniform(autoencoder.encoder().weights(), 1, random);
    fillUniform(autoencoder.encoder().bias(), 0.5, random);
    return autoencoder;
  }

  private static void fillUniform(Matrix matrix, double limit, SplittableRandom random) {
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextDouble(-limit, limit);
    }
  }
}
