package dev.rectifier.kernel;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;

/**
 * The matrix products that training needs, behind one narrow interface.
 *
 * <p>{@link ReferenceKernels} is the plain definition that tests compare every other
 * implementation with. Implementations only compute: they never allocate result matrices and
 * never validate data values. Every method throws
 * {@link dev.rectifier.tensor.MatrixDimensionException} when the shapes do not fit.
 *
 * <p>Legend for the shape comments: m = rows of the batch, k = inner size, n = columns.
 */
public interface Kernels extends AutoCloseable {

  /** Returns a short name for logs and run records, for example {@code "vector(threads=2)"}. */
  String name();

  /**
   * Accumulates a product: {@code c += a · b}, that is
   * {@code c[r][j] += Σ_i a[r][i] · b[i][j]}.
   *
   * @param a m × k, not modified (the forward pass's layer input; its exact zeros may be skipped)
   * @param b k × n, not modified (the layer's weights)
   * @param c m × n, modified (pre-activations, already holding the bias)
   */
  void multiplyAdd(Matrix a, Matrix b, Matrix c);

  /**
   * Accumulates a product whose left factor also comes listed: {@code c += a · b}, where
   * {@code nonZerosOfA} contains the non-zero elements of {@code a} in CSR form, as
   * {@link #rectify} leaves them. Kernels that skip zeros take the listing instead of scanning
   * {@code a}; either way the result is that of {@link #multiplyAdd(Matrix, Matrix, Matrix)}.
   * This default ignores the listing.
   *
   * @param a m × k, not modified
   * @param nonZerosOfA m × k, the non-zero elements of a, not modified
   * @param b k × n, not modified
   * @param c m × n, modified
   */
  default void multiplyAdd(Matrix a, CsrMatrix nonZerosOfA, Matrix b, Matrix c) {
    multiplyAdd(a, b, c);
  }

  /**
   * Applies the rectifier and measures its output in the same pass: {@code h = max(z, 0)}, the
   * non-zero elements of h listed row by row in {@code nonZeros}, and the return value Σ h, which
   * is the layer's L1 sum because h ≥ 0. One pass replaces the activation, the zero count of the
   * next layer's kernel and the L1 penalty's sum. A NaN in z stays NaN in h, is listed, and makes
   * the sum NaN.
   *
   * @param preActivations m × n, z, not modified
   * @param activations m × n, overwritten with h
   * @param nonZeros m × n with capacity for m · n elements, overwritten
   * @return Σ h over all elements
   */
  double rectify(Matrix preActivations, Matrix activations, CsrMatrix nonZeros);

  /**
   * Back-propagates through a rectifier with the L1 penalty in one pass:
   * {@code g = h > 0 ? g + step : 0}, which turns ∂loss/∂h into ∂loss/∂z for {@code h = max(z, 0)}
   * and adds the penalty's gradient {@code step · sign(h)} where h > 0. A NaN in h gives 0.
   *
   * @param activations m × n, h, not modified
   * @param gradients m × n, ∂loss/∂h in, ∂loss/∂z out
   * @param step λ/B, the penalty's gradient at a positive activation, 0 for no penalty
   */
  default void rectifierBackward(Matrix activations, Matrix gradients, float step) {
    Matrix.requireSameShape("rectifier backward", activations, gradients);
    float[] h = activations.data();
    float[] g = gradients.data();
    for (int i = 0; i < h.length; i++) {
      g[i] = h[i] > 0f ? g[i] + step : 0f;
    }
  }

  /**
   * Computes a product with a transposed right factor, optionally masked:
   * {@code c[r][i] = mask[r][i] == 0 ? 0 : Σ_j a[r][j] · b[i][j]}.
   *
   * <p>Back-propagation uses it as {@code inputGradients = deltas · weightsᵀ}, masked by the
   * previous layer's rectifier activations: where a rectifier output is exactly 0, its
   * derivative is 0 too, so the product there is never needed.
   *
   * @param a m × n, not modified
   * @param b k × n, not modified
   * @param c m × k, modified (overwritten)
   * @param mask m × k or {@code null} for no mask, not modified
   */
  void multiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask);

  /**
   * Accumulates a scaled product with a transposed left factor:
   * {@code c[i][j] += alpha · Σ_r a[r][i] · b[r][j]}.
   *
   * <p>Used for weight gradients ({@code alpha = 1}) and for the fused SGD update
   * ({@code alpha = -learningRate}), where {@code a} is the layer input and {@code b} the deltas.
   *
   * @param a m × k, not modified (exact zeros may be skipped)
   * @param b m × n, not modified
   * @param c k × n, modified
   */
  void addTransposeAProduct(float alpha, Matrix a, Matrix b, Matrix c);

  /**
   * Back-propagates through a layer and takes its SGD weight step in one pass over the weights:
   * first {@code multiplyTransposeB(deltas, weights, inputGradients, mask)} with the old
   * weights, then {@code addTransposeAProduct(alpha, input, deltas, weights)}.
   *
   * <p>Both products walk the weight matrix row by row, so doing them together reads and writes
   * each weight row once per step instead of reading it twice. This default makes the two calls.
   *
   * @param deltas m × n, the layer's ∂loss/∂z, not modified
   * @param weights k × n, modified by the step
   * @param inputGradients m × k, overwritten with the masked ∂loss/∂input
   * @param mask m × k or {@code null}, not modified
   * @param alpha the step's factor, −learningRate for plain SGD
   * @param input m × k, the layer's input in the forward pass, not modified
   */
  default void backPropagateAndStep(Matrix deltas, Matrix weights, Matrix inputGradients, Matrix mask,
      float alpha, Matrix input) {
    multiplyTransposeB(deltas, weights, inputGradients, mask);
    addTransposeAProduct(alpha, input, deltas, weights);
  }

  /**
   * {@link #backPropagateAndStep(Matrix, Matrix, Matrix, Matrix, float, Matrix)} with the mask's
   * non-zero elements already listed, as {@link #rectify} lists a rectifier layer's outputs, so
   * that the kernels need not list them again. This default ignores the listing.
   *
   * @param maskNonZeros the non-zero elements of {@code mask} in CSR form, or {@code null}
   */
  default void backPropagateAndStep(Matrix deltas, Matrix weights, Matrix inputGradients, Matrix mask,
      CsrMatrix maskNonZeros, float alpha, Matrix input) {
    backPropagateAndStep(deltas, weights, inputGradients, mask, alpha, input);
  }

  /**
   * Accumulates a product with a sparse left factor: {@code c += a · b}, that is
   * {@code c[r][j] += Σ_i a[r][i] · b[i][j]}, where only the stored elements of {@code a} enter
   * the sum.
   *
   * <p>The forward pass of a first layer whose input is sparse, such as bag-of-words text, uses
   * it: the work is proportional to the number of stored elements, not to m · k.
   *
   * @param a m × k in CSR form, not modified (the layer input)
   * @param b k × n, not modified (the layer's weights)
   * @param c m × n, modified (pre-activations, already holding the bias)
   */
  void multiplyAdd(CsrMatrix a, Matrix b, Matrix c);

  /**
   * Accumulates a scaled product with a sparse, transposed left factor:
   * {@code c[i][j] += alpha · Σ_r a[r][i] · b[r][j]}, where only the stored elements of {@code a}
   * enter the sum.
   *
   * <p>The weight gradient or fused SGD update of a first layer whose input is sparse uses it,
   * with {@code a} the layer input and {@code b} the deltas.
   *
   * @param a m × k in CSR form, not modified
   * @param b m × n, not modified
   * @param c k × n, modified
   */
  void addTransposeAProduct(float alpha, CsrMatrix a, Matrix b, Matrix c);

  /** Releases worker threads, if any. */
  @Override
  void close();
}
