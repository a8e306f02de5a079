package dev.rectifier.nn;

/**
 * Rectifier unit f(x) = max(0, x). Its derivative is taken as 0 at x = 0 (the subgradient that
 * keeps an exact zero from passing gradient), so every unit that outputs 0 is skipped backwards.
 * A NaN input stays NaN, so a diverging network shows up in its loss instead of going silent.
 */
public record Rectifier() implements Activation {

  @Override
  public double value(double x) {
    return Double.isNaN(x) ? x : Math.max(x, 0);
  }

  @Override
  public double derivative(double x) {
    return x > 0 ? 1 : 0;
  }

  @Override
  public String spec() {
    return "rectifier";
  }

  @Override
  public boolean hasExactZeros() {
    return true;
  }

  @Override
  public void apply(float[] preActivations, float[] activations, int length) {
    for (int i = 0; i < length; i++) {
      activations[i] = Math.max(preActivations[i], 0f);
    }
  }

  @Override
  public void multiplyByDerivative(float[] preActivations, float[] activations, float[] gradients,
      int length) {
    // A conditional expression, not a branch: the JIT can turn it into a blend, while a branch
    // on a rectifier's on/off pattern is mispredicted about as often as it is taken.
    for (int i = 0; i < length; i++) {
      gradients[i] = preActivations[i] > 0f ? gradients[i] : 0f;
    }
  }
}
