package dev.rectifier.nn;

/** Identity unit f(x) = x, used for output and reconstruction layers. */
public record Linear() implements Activation {

  @Override
  public double value(double x) {
    return x;
  }

  @Override
  public double derivative(double x) {
    return 1;
  }

  @Override
  public String spec() {
    return "linear";
  }

  @Override
  public void apply(float[] preActivations, float[] activations, int length) {
    System.arraycopy(preActivations, 0, activations, 0, length);
  }

  @Override
  public void multiplyByDerivative(float[] preActivations, float[] activations, float[] gradients,
      int length) {
    // f'(x) = 1 leaves the gradients as they are.
  }
}
