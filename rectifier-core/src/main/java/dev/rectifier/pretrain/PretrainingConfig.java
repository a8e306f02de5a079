package dev.rectifier.pretrain;

import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.WeightInit;

/**
 * Settings of greedy layer-wise pre-training, the same for every layer.
 *
 * @param strategy how each autoencoder reconstructs its input
 * @param tied whether decoders use the transposed encoder weights
 * @param noiseKind how the masked components are drawn
 * @param noiseLevel masking level p in [0, 1]
 * @param epochs passes over the training inputs per layer, at least 1
 * @param learningRate constant SGD step size, finite and greater than 0
 * @param batchSize examples per minibatch, at least 1
 * @param l1Coefficient λ of the L1 penalty on each autoencoder's code, at least 0
 * @param weightInit distribution of the encoder (and untied decoder) weights
 * @param seed the run's seed; each layer draws its own streams from it
 */
public record PretrainingConfig(ReconstructionStrategy strategy, boolean tied, MaskingNoise.Kind noiseKind,
    double noiseLevel, int epochs, double learningRate, int batchSize, double l1Coefficient, WeightInit weightInit,
    long seed) {

  /** Validates every setting, naming the rule and the value. */
  public PretrainingConfig {
    if (strategy == null) {
      throw new IllegalArgumentException("pre-training needs a reconstruction strategy");
    }
    new MaskingNoise(noiseKind, noiseLevel);
    if (epochs < 1) {
      throw new IllegalArgumentException("pre-training epochs must be at least 1, got " + epochs);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("pre-training learning rate must be finite and > 0, got " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("pre-training batch size must be at least 1, got " + batchSize);
    }
    new L1ActivationPenalty(l1Coefficient);
    if (weightInit == null) {
      throw new IllegalArgumentException("pre-training needs a weight initialisation");
    }
  }

  /** Returns a new masking-noise source with this configuration's kind and level. */
  public MaskingNoise noise() {
    return new MaskingNoise(noiseKind, noiseLevel);
  }
}
