package dev.rectifier.nn;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;

/**
 * A fully connected layer h = s ⊙ f(x·W + b) and its parameters.
 *
 * <p>Shapes: x is batchSize × inputSize, {@link #weights()} inputSize × outputSize (row i holds the
 * weights leaving input i), {@link #bias()} 1 × outputSize, h batchSize × outputSize. The optional
 * signs s are ±1 per unit: with half negation, the second half of the units output −f(z), which
 * makes a rectifier layer's outputs symmetric around 0 while keeping its exact zeros.
 */
public final class DenseLayer {
  private final Matrix weights;
  private final Matrix bias;
  private final Activation activation;
  private final float[] signs;

  /**
   * Creates a layer with zero weights and biases.
   *
   * @param halfNegated whether units {@code outputSize/2 … outputSize−1} are multiplied by −1
   */
  public DenseLayer(int inputSize, int outputSize, Activation activation, boolean halfNegated) {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException(
          "layer sizes must be at least 1, got " + inputSize + " inputs and " + outputSize + " outputs");
    }
    this.weights = new Matrix(inputSize, outputSize);
    this.bias = new Matrix(1, outputSize);
    this.activation = activation;
    this.signs = halfNegated ? halfNegatedSigns(outputSize) : null;
  }

  private static float[] halfNegatedSigns(int units) {
    float[] signs = new float[units];
    for (int j = 0; j < units; j++) {
      signs[j] = j < units / 2 ? 1f : -1f;
    }
    return signs;
  }

  /** inputSize × outputSize. */
  public Matrix weights() {
    return weights;
  }

  /** 1 × outputSize. */
  public Matrix bias() {
    return bias;
  }

  public Activation activation() {
    return activation;
  }

  public boolean halfNegated() {
    return signs != null;
  }

  public int inputSize() {
    return weights.rows();
  }

  public int outputSize() {
    return weights.cols();
  }

  /**
   * Computes the layer's outputs. Caches nothing itself: the caller keeps
   * {@code preActivations} and {@code activations}, which {@link #backwardToPreActivations} needs.
   *
   * @param input batchSize × inputSize, not modified
   * @param preActivations batchSize × outputSize, overwritten with x·W + b
   * @param activations batchSize × outputSize, overwritten with s ⊙ f(x·W + b)
   */
  public void forward(Kernels kernels, Matrix input, Matrix preActivations, Matrix activations) {
    copyBiasToRows(preActivations);
    kernels.multiplyAdd(input, weights, preActivations);
    activate(preActivations, activations);
  }

  /**
   * Computes the layer's outputs from a sparse input, as {@link #forward(Kernels, Matrix, Matrix,
   * Matrix)} does from a dense one.
   *
   * @param input batchSize × inputSize in CSR form, not modified
   */
  public void forward(Kernels kernels, CsrMatrix input, Matrix preActivations, Matrix activations) {
    copyBiasToRows(preActivations);
    kernels.multiplyAdd(input, weights, preActivations);
    activate(preActivations, activations);
  }

  private void copyBiasToRows(Matrix preActivations) {
    int units = outputSize();
    float[] z = preActivations.data();
    for (int r = 0; r < preActivations.rows(); r++) {
      System.arraycopy(bias.data(), 0, z, r * units, units);
    }
  }

  private void activate(Matrix preActivations, Matrix activations) {
    float[] z = preActivations.data();
    activation.apply(z, activations.data(), z.length);
    if (signs != null) {
      multiplyBySigns(activations);
    }
  }

  /**
   * Turns ∂loss/∂h into ∂loss/∂z in place: multiplies by s ⊙ f'(z).
   *
   * @param preActivations batchSize × outputSize from {@link #forward}, not modified
   * @param activations batchSize × outputSize from {@link #forward}, not modified
   * @param gradients batchSize × outputSize, ∂loss/∂h in, ∂loss/∂z out
   */
  public void backwardToPreActivations(Matrix preActivations, Matrix activations, Matrix gradients) {
    float[] z = preActivations.data();
    activation.multiplyByDerivative(z, activations.data(), gradients.data(), z.length);
    if (signs != null) {
      multiplyBySigns(gradients);
    }
  }

  private void multiplyBySigns(Matrix values) {
    float[] v = values.data();
    int units = signs.length;
    for (int r = 0; r < values.rows(); r++) {
      int offset = r * units;
      for (int j = units / 2; j < units; j++) {
        v[offset + j] *= signs[j];
      }
    }
  }
}
