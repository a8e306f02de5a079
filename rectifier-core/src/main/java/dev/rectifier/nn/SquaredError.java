package dev.rectifier.nn;

import dev.rectifier.tensor.Matrix;

/**
 * Squared-error cost for regression outputs such as ratings: for one example with outputs o and
 * targets y the loss is {@code ½ Σ_k (o_k − y_k)²}, with gradient {@code o − y}. The batch loss
 * is the mean over examples. Sums are taken in {@code double}.
 */
public final class SquaredError {

  private SquaredError() {}

  /**
   * Computes the summed loss of a batch and writes {@code scale · (outputs − targets)} into
   * {@code gradients}.
   *
   * @param outputs batchSize × outputSize, not modified
   * @param targets batchSize × outputSize, not modified
   * @param gradients batchSize × outputSize, overwritten
   * @param scale factor on the gradient; {@code 1 / batchSize} gives the gradient of the mean loss
   * @return the loss summed over the batch's examples
   */
  public static double lossAndGradient(Matrix outputs, Matrix targets, Matrix gradients, double scale) {
    Matrix.requireSameShape("squared error targets", outputs, targets);
    Matrix.requireSameShape("squared error gradient", outputs, gradients);
    float[] o = outputs.data();
    float[] y = targets.data();
    float[] g = gradients.data();
    double total = 0;
    for (int i = 0; i < o.length; i++) {
      double difference = (double) o[i] - y[i];
      total += 0.5 * difference * difference;
      g[i] = (float) (scale * difference);
    }
    return total;
  }
}
