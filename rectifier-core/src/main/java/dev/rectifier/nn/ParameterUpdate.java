package dev.rectifier.nn;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;

/**
 * Receives each layer's gradient during back-propagation, in the form the kernels can use
 * without building it: ∂loss/∂W = inputᵀ · deltas and ∂loss/∂b = Σ_rows deltas.
 *
 * <p>Gradients are ∂loss/∂parameter; an optimiser subtracts them. {@link Network#backward} calls
 * this for a layer only after it has used the layer's weights to propagate further down, so an
 * implementation may change the weights right away.
 */
public interface ParameterUpdate {

  /**
   * Handles the gradient of layer {@code layerIndex}.
   *
   * @param input batchSize × inputSize, the layer's input in the forward pass, not modified
   * @param deltas batchSize × outputSize, ∂loss/∂z of the layer, not modified
   */
  void apply(int layerIndex, DenseLayer layer, Matrix input, Matrix deltas);

  /**
   * Handles the gradient of a layer whose input is sparse. This default converts the input to a
   * dense matrix, which allocates; optimisers on the training path override it.
   *
   * @param input batchSize × inputSize in CSR form, the layer's input in the forward pass
   * @param deltas batchSize × outputSize, ∂loss/∂z of the layer, not modified
   */
  default void apply(int layerIndex, DenseLayer layer, CsrMatrix input, Matrix deltas) {
    apply(layerIndex, layer, input.toDense(), deltas);
  }

  /**
   * Returns the factor alpha when this update's weight step is exactly
   * {@code W += alpha · inputᵀ · deltas}, so that back-propagation may fuse it with its own pass
   * over the weights and then call {@link #applyWithoutWeightStep}; returns 0, the default, when
   * the step cannot be fused.
   */
  default float fusedWeightStep(int layerIndex) {
    return 0f;
  }

  /**
   * Applies everything but the weight step, which the caller has taken with the factor that
   * {@link #fusedWeightStep} returned.
   *
   * @throws UnsupportedOperationException if {@link #fusedWeightStep} returns 0
   */
  default void applyWithoutWeightStep(int layerIndex, DenseLayer layer, Matrix deltas) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no fusable weight step");
  }

  /** Returns Σ over rows of {@code deltas}, times {@code scale}, added into {@code target}. */
  static void addColumnSums(Matrix deltas, float scale, float[] target) {
    int units = deltas.cols();
    float[] d = deltas.data();
    for (int r = 0; r < deltas.rows(); r++) {
      int offset = r * units;
      for (int j = 0; j < units; j++) {
        target[j] += scale * d[offset + j];
      }
    }
  }
}
