package dev.rectifier.nn;

/**
 * Rescaled softplus f(x) = (1/α)·ln(1 + e^(αx)), which is softplus at α = 1 and tends to the
 * rectifier as α grows. f'(x) = sigmoid(αx). Uses the overflow-safe softplus form.
 *
 * @param alpha sharpness α, finite and greater than 0
 */
public record RescaledSoftplus(double alpha) implements Activation {
  static final String NAME = "rescaled-softplus";

  /** Validates α. */
  public RescaledSoftplus {
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("rescaled-softplus alpha must be finite and > 0, got " + alpha);
    }
  }

  @Override
  public double value(double x) {
    return Softplus.softplus(alpha * x) / alpha;
  }

  @Override
  public double derivative(double x) {
    return Sigmoid.logistic(alpha * x);
  }

  @Override
  public String spec() {
    return NAME + ":" + alpha;
  }
}
