package dev.rectifier.nn;

/**
 * Softplus unit f(x) = ln(1 + eˣ), the smooth rectifier. Mathematically it is never 0, but its
 * value underflows to 0.0 below about −745 in double and below about −103 once cast to float.
 *
 * <p>Computed as {@code max(x, 0) + log1p(exp(-|x|))}, which never overflows: the exponent is
 * at most 0, so large positive x gives x and large negative x gives a tiny positive value.
 * f'(x) is the logistic sigmoid.
 */
public record Softplus() implements Activation {

  @Override
  public double value(double x) {
    return softplus(x);
  }

  @Override
  public double derivative(double x) {
    return Sigmoid.logistic(x);
  }

  @Override
  public String spec() {
    return "softplus";
  }

  /** Returns ln(1 + eˣ) without overflow for any x. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
