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
   * Returns {@code true} when the forward pass lists this layer's non-zero outputs as it computes
   * them: a rectifier layer without half negation, whose outputs are often mostly exact zeros.
   */
  public boolean listsNonZeros() {
    return activation instanceof Rectifier && signs == null;
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
    forward(kernels, input, null, preActivations, activations, null);
  }

  /**
   * Computes the layer's outputs as {@link #forward(Kernels, Matrix, Matrix, Matrix)} does, with
   * listings of non-zero elements in and out. When the layer {@link #listsNonZeros()}, the
   * activation, the listing of its non-zero outputs and their sum are one pass over the
   * pre-activations; the next layer's product then takes the listing instead of scanning for
   * zeros, and the L1 penalty takes the sum.
   *
   * @param inputNonZeros the non-zero elements of {@code input} in CSR form, or {@code null}
   * @param nonZeros batchSize × outputSize with room for every element, overwritten with the
   *     listing of the outputs' non-zero elements; {@code null} when the layer does not list them
   * @return Σ h over the batch when {@code nonZeros} is given (the outputs are then ≥ 0), else 0
   */
  public double forward(Kernels kernels, Matrix input, CsrMatrix inputNonZeros, Matrix preActivations,
      Matrix activations, CsrMatrix nonZeros) {
    preActivations.fillRows(bias);
    if (inputNonZeros == null) {
      kernels.multiplyAdd(input, weights, preActivations);
    } else {
      kernels.multiplyAdd(input, inputNonZeros, weights, preActivations);
    }
    return activate(kernels, preActivations, activations, nonZeros);
  }

  /**
   * Computes the layer's outputs from a sparse input, as {@link #forward(Kernels, Matrix, Matrix,
   * Matrix)} does from a dense one.
   *
   * @param input batchSize × inputSize in CSR form, not modified
   */
  public void forward(Kernels kernels, CsrMatrix input, Matrix preActivations, Matrix activations) {
    forward(kernels, input, preActivations, activations, null);
  }

  /**
   * Computes the layer's outputs from a sparse input and lists their non-zero elements, as
   * {@link #forward(Kernels, Matrix, CsrMatrix, Matrix, Matrix, CsrMatrix)} does.
   *
   * @param input batchSize × inputSize in CSR form, not modified
   * @return Σ h over the batch when {@code nonZeros} is given, else 0
   */
  public double forward(Kernels kernels, CsrMatrix input, Matrix preActivations, Matrix activations,
      CsrMatrix nonZeros) {
    preActivations.fillRows(bias);
    kernels.multiplyAdd(input, weights, preActivations);
    return activate(kernels, preActivations, activations, nonZeros);
  }

  private double activate(Kernels kernels, Matrix preActivations, Matrix activations, CsrMatrix nonZeros) {
    if (nonZeros != null) {
      if (!listsNonZeros()) {
        throw new IllegalArgumentException("a " + activation.spec() + (signs != null ? " layer with half negation" : " layer")
            + " does not list its non-zero outputs. Pass null, or use a rectifier layer without half negation");
      }
      return kernels.rectify(preActivations, activations, nonZeros);
    }
    float[] z = preActivations.data();
    activation.apply(z, activations.data(), z.length);
    if (signs != null) {
      multiplyBySigns(activations);
    }
    return 0;
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

  /**
   * Adds the L1 penalty's gradient to ∂loss/∂h and turns the sum into ∂loss/∂z in place, as
   * {@link L1ActivationPenalty#addGradient} followed by
   * {@link #backwardToPreActivations(Matrix, Matrix, Matrix)} would, with the same result. When
   * the layer {@link #listsNonZeros()}, both are one pass of {@link Kernels#rectifierBackward}:
   * {@code g = h > 0 ? g + λ/B : 0}.
   *
   * @param preActivations batchSize × outputSize from {@link #forward}, not modified
   * @param activations batchSize × outputSize from {@link #forward}, not modified
   * @param gradients batchSize × outputSize, ∂loss/∂h in, ∂loss/∂z out
   * @param batchSize B, the number of examples the penalty averages over
   */
  public void backwardToPreActivations(Kernels kernels, Matrix preActivations, Matrix activations,
      Matrix gradients, L1ActivationPenalty penalty, int batchSize) {
    if (!listsNonZeros()) {
      if (!penalty.isZero()) {
        penalty.addGradient(activations, gradients, batchSize);
      }
      backwardToPreActivations(preActivations, activations, gradients);
      return;
    }
    // h > 0 exactly where z > 0 (a NaN z gives a NaN h, which is not > 0 either), and there the
    // penalty's sign(h)·λ/B is λ/B.
    kernels.rectifierBackward(activations, gradients, penalty.gradientStep(batchSize));
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
