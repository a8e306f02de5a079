package dev.rectifier.train;

/**
 * Settings of a supervised training run.
 *
 * @param learningRate constant SGD step size, finite and greater than 0
 * @param momentum SGD momentum in [0, 1); 0 (the default) switches it off
 * @param batchSize examples per minibatch, at least 1
 * @param l1Coefficient λ of the L1 activation penalty, at least 0
 * @param maxEpochs passes over the training set at most, at least 1
 * @param patience epochs without a better validation error before stopping, at least 1
 * @param seed the one seed of the run, split per component by {@link SeedSequence}
 */
public record TrainingConfig(double learningRate, double momentum, int batchSize, double l1Coefficient,
    int maxEpochs, int patience, long seed) {

  /** Validates every setting, naming the rule and the value. */
  public TrainingConfig {
    checkLearningRate(learningRate);
    checkMomentum(momentum);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(l1Coefficient >= 0) || !Double.isFinite(l1Coefficient)) {
      throw new IllegalArgumentException("L1 coefficient must be finite and >= 0, got " + l1Coefficient);
    }
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + maxEpochs);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
    }
  }

  static void checkLearningRate(double learningRate) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
    }
  }

  static void checkMomentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
  }
}
