package dev.rectifier.nn;

import dev.rectifier.tensor.Matrix;

/**
 * L1 penalty on hidden activations, the only regulariser of the deep sparse rectifier networks.
 *
 * <p>Normalisation: for a minibatch of B examples the penalty is
 * {@code λ · (1/B) · Σ_layers Σ_b Σ_units |h|}, summed over all hidden layers and units and
 * averaged over the examples, so λ means the same at every batch size. Its gradient with respect
 * to an activation is {@code (λ/B) · sign(h)}, with the subgradient 0 at h = 0, so exact zeros
 * stay free of gradient.
 *
 * @param coefficient λ, finite and at least 0
 */
public record L1ActivationPenalty(double coefficient) {

  /** Validates λ. */
  public L1ActivationPenalty {
    if (!(coefficient >= 0) || !Double.isFinite(coefficient)) {
      throw new IllegalArgumentException("L1 coefficient must be finite and >= 0, got " + coefficient);
    }
  }

  /** Returns {@code true} when λ = 0, so the penalty can be skipped. */
  public boolean isZero() {
    return coefficient == 0;
  }

  /** Returns {@code λ · Σ|h|} over all elements of one layer's batch, not yet divided by B. */
  public double sum(Matrix activations) {
    double sum = 0;
    for (float h : activations.data()) {
      sum += Math.abs(h);
    }
    return sumOf(sum);
  }

  /** Returns λ/batchSize rounded to {@code float}: the gradient with respect to a positive activation. */
  public float gradientStep(int batchSize) {
    return (float) (coefficient / batchSize);
  }

  /** Returns {@code λ · absoluteSum}, the penalty of activations whose absolute values add up to it. */
  public double sumOf(double absoluteSum) {
    return coefficient * absoluteSum;
  }

  /**
   * Adds {@code (λ/batchSize) · sign(h)} to {@code gradients}.
   *
   * @param activations batchSize × units, not modified
   * @param gradients batchSize × units, ∂loss/∂h, modified
   */
  public void addGradient(Matrix activations, Matrix gradients, int batchSize) {
    Matrix.requireSameShape("L1 penalty gradient", activations, gradients);
    float step = gradientStep(batchSize);
    float[] h = activations.data();
    float[] g = gradients.data();
    // Branch-free, because rectifier outputs are zero or not in no predictable pattern:
    // signum is 1, −1 or ±0, and adding ±0 leaves g unchanged.
    for (int i = 0; i < h.length; i++) {
      g[i] += Math.signum(h[i]) * step;
    }
  }
}
