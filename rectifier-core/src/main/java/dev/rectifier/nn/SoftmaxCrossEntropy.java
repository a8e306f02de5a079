package dev.rectifier.nn;

import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;

/**
 * Softmax output with the negative log-likelihood cost, for classification.
 *
 * <p>For one example with logits x and target class t, the loss is
 * {@code logsumexp(x) − x_t} and its gradient is {@code softmax(x) − onehot(t)}. Both use the
 * log-sum-exp trick (subtracting the largest logit before exponentiating) and are computed in
 * {@code double}, so no finite logit overflows and classes whose probability underflows add
 * exactly 0. The loss is summed as {@code (max − x_t) + ln Σ exp(x − max)}, which keeps it exact
 * when all logits are huge and equal. The batch loss is the mean over examples.
 */
public final class SoftmaxCrossEntropy {

  private SoftmaxCrossEntropy() {}

  /**
   * Computes the summed loss of a batch and writes {@code scale · (softmax − onehot)} into
   * {@code gradients}.
   *
   * @param logits batchSize × numClasses, not modified
   * @param labels at least batchSize class indices, not modified
   * @param gradients batchSize × numClasses, overwritten
   * @param scale factor on the gradient; {@code 1 / batchSize} gives the gradient of the mean loss
   * @return the loss summed over the batch's examples
   */
  public static double lossAndGradient(Matrix logits, int[] labels, Matrix gradients, double scale) {
    Matrix.requireSameShape("softmax gradient", logits, gradients);
    int classes = logits.cols();
    float[] x = logits.data();
    float[] g = gradients.data();
    double total = 0;
    for (int r = 0; r < logits.rows(); r++) {
      int offset = r * classes;
      int target = checkedLabel(labels, r, classes);
      double max = rowMax(x, offset, classes);
      double logSumExpShifted = logSumExpShifted(x, offset, classes, max);
      double logSumExp = max + logSumExpShifted;
      total += (max - x[offset + target]) + logSumExpShifted;
      for (int c = 0; c < classes; c++) {
        double probability = Math.exp(x[offset + c] - logSumExp);
        double indicator = c == target ? 1 : 0;
        g[offset + c] = (float) (scale * (probability - indicator));
      }
    }
    return total;
  }

  /** Returns the negative log-likelihood of row {@code row}'s label. */
  public static double loss(Matrix logits, int row, int label) {
    int classes = logits.cols();
    checkLabelRange(label, row, classes);
    float[] x = logits.data();
    int offset = row * classes;
    double max = rowMax(x, offset, classes);
    return (max - x[offset + label]) + logSumExpShifted(x, offset, classes, max);
  }

  /** Returns the index of the largest logit of row {@code row} (the first one on ties). */
  public static int predict(Matrix logits, int row) {
    int classes = logits.cols();
    float[] x = logits.data();
    int offset = row * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (x[offset + c] > x[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  private static double rowMax(float[] x, int offset, int length) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < length; c++) {
      max = Math.max(max, x[offset + c]);
    }
    return max;
  }

  /** Returns ln Σ_c exp(x_c − max) over one row, which is at least 0 and never overflows. */
  private static double logSumExpShifted(float[] x, int offset, int length, double max) {
    double sumExp = 0;
    for (int c = 0; c < length; c++) {
      sumExp += Math.exp(x[offset + c] - max);
    }
    return Math.log(sumExp);
  }

  private static int checkedLabel(int[] labels, int row, int classes) {
    if (row >= labels.length) {
      throw new MatrixDimensionException("softmax loss", "a label for each of the batch's rows",
          labels.length + " labels for row " + row);
    }
    int label = labels[row];
    checkLabelRange(label, row, classes);
    return label;
  }

  private static void checkLabelRange(int label, int row, int classes) {
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "label " + label + " of row " + row + " is outside [0, " + classes + ")");
    }
  }
}
