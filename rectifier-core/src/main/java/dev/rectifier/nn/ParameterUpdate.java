package dev.rectifier.nn;

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
