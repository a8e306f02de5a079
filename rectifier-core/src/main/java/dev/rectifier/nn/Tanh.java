package dev.rectifier.nn;

/** Hyperbolic tangent unit f(x) = tanh(x), with f'(x) = 1 − tanh²(x). */
public record Tanh() implements Activation {

  @Override
  public double value(double x) {
    return Math.tanh(x);
  }

  @Override
  public double derivative(double x) {
    double t = Math.tanh(x);
    return 1 - t * t;
  }

  @Override
  public String spec() {
    return "tanh";
  }
}
