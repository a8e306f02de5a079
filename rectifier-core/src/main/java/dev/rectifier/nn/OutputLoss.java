package dev.rectifier.nn;

import java.util.Locale;

/** Cost on a network's linear output layer. */
public enum OutputLoss {
  /** Softmax over the outputs with the mean negative log-likelihood, for classes; see {@link SoftmaxCrossEntropy}. */
  SOFTMAX_NLL,
  /** Mean squared error, for real-valued targets such as ratings; see {@link SquaredError}. */
  SQUARED_ERROR;

  /** Returns the spec string, {@code softmax-nll} or {@code squared-error}. */
  public String spec() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@link #spec()}'s form. */
  public static OutputLoss parse(String spec) {
    for (OutputLoss loss : values()) {
      if (loss.spec().equals(spec.trim().toLowerCase(Locale.ROOT))) {
        return loss;
      }
    }
    throw new IllegalArgumentException("unknown output loss '" + spec + "': expected softmax-nll or squared-error");
  }
}
