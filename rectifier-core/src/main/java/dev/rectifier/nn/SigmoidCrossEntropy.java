package dev.rectifier.nn;

import dev.rectifier.tensor.Matrix;
import java.util.Locale;

/**
 * Sigmoid outputs with the cross-entropy cost, for targets in [0, 1] such as binary inputs that
 * an autoencoder reconstructs.
 *
 * <p>For one element with pre-activation a, output r = σ(a) and target x, the loss is
 * {@code −x·ln r − (1 − x)·ln(1 − r)}, summed over an example's components; the batch loss is the
 * mean over examples. It is computed as {@code softplus(a) − x·a}, which equals the definition and
 * never takes the logarithm of 0, so saturated outputs give large finite losses instead of
 * infinities. The gradient with respect to a is {@code σ(a) − x}.
 */
public final class SigmoidCrossEntropy {

  private SigmoidCrossEntropy() {}

  /**
   * Computes the summed loss of a batch and writes {@code scale · (σ(a) − x)} into
   * {@code gradients}.
   *
   * @param preActivations batchSize × size, a, not modified
   * @param targets batchSize × size, x, each in [0, 1], not modified
   * @param gradients batchSize × size, overwritten
   * @param scale factor on the gradient; {@code 1 / batchSize} gives the gradient of the mean loss
   * @return the loss summed over the batch's examples
   * @throws IllegalArgumentException when a target is outside [0, 1] or not a number; the
   *     message names its row, column and value
   */
  public static double lossAndGradient(Matrix preActivations, Matrix targets, Matrix gradients, double scale) {
    Matrix.requireSameShape("cross-entropy targets", preActivations, targets);
    Matrix.requireSameShape("cross-entropy gradient", preActivations, gradients);
    float[] a = preActivations.data();
    float[] x = targets.data();
    float[] g = gradients.data();
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      double target = x[i];
      if (!(target >= 0 && target <= 1)) {
        throw outOfRange(targets, i);
      }
      total += Softplus.softplus(a[i]) - target * a[i];
      g[i] = (float) (scale * (Sigmoid.logistic(a[i]) - target));
    }
    return total;
  }

  /** Returns the loss of one element, {@code softplus(a) − x·a}, for reference computations. */
  public static double loss(double preActivation, double target) {
    return Softplus.softplus(preActivation) - target * preActivation;
  }

  private static IllegalArgumentException outOfRange(Matrix targets, int index) {
    int cols = targets.cols();
    return new IllegalArgumentException(String.format(Locale.ROOT,
        "cross-entropy target %s at row %d, column %d is outside [0, 1]; scale the targets into [0, 1]"
            + " (divide by their maximum) or use a squared-error cost", targets.data()[index], index / cols,
        index % cols));
  }
}
