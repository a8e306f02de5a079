package dev.rectifier.nn;

/**
 * Logistic sigmoid unit f(x) = 1 / (1 + e⁻ˣ), with f'(x) = f(x)(1 − f(x)). The exponential is
 * always taken of a non-positive number, so no input overflows.
 */
public record Sigmoid() implements Activation {

  @Override
  public double value(double x) {
    return logistic(x);
  }

  @Override
  public double derivative(double x) {
    double s = logistic(x);
    return s * (1 - s);
  }

  @Override
  public String spec() {
    return "sigmoid";
  }

  /** Returns 1 / (1 + e⁻ˣ) without overflow. */
  static double logistic(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
