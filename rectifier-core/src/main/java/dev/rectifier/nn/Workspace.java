package dev.rectifier.nn;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.util.List;

/**
 * Buffers for one batch size: what the forward pass caches for the backward pass
 * (pre-activations and activations of every layer) and the deltas ∂loss/∂z. Reused across
 * batches so the training loop allocates nothing.
 */
public final class Workspace {
  private final int batchSize;
  private final Matrix[] preActivations;
  private final Matrix[] activations;
  private final Matrix[] deltas;
  private final CsrMatrix[] nonZeros;
  private final double[] activationSums;

  Workspace(int batchSize, List<DenseLayer> layers) {
    this.batchSize = batchSize;
    int count = layers.size();
    preActivations = new Matrix[count];
    activations = new Matrix[count];
    deltas = new Matrix[count];
    nonZeros = new CsrMatrix[count];
    activationSums = new double[count];
    for (int l = 0; l < count; l++) {
      int units = layers.get(l).outputSize();
      preActivations[l] = new Matrix(batchSize, units);
      activations[l] = new Matrix(batchSize, units);
      deltas[l] = new Matrix(batchSize, units);
      if (l < count - 1 && layers.get(l).listsNonZeros()) {
        nonZeros[l] = new CsrMatrix(batchSize, units, batchSize * units);
      }
    }
  }

  public int batchSize() {
    return batchSize;
  }

  /** batchSize × units of layer {@code layer} (0 is the first hidden layer): z = x·W + b. */
  public Matrix preActivations(int layer) {
    return preActivations[layer];
  }

  /** batchSize × units of layer {@code layer}: the outputs h; for the last layer, the logits. */
  public Matrix activations(int layer) {
    return activations[layer];
  }

  /** batchSize × units of layer {@code layer}: ∂loss/∂z after a backward pass. */
  public Matrix deltas(int layer) {
    return deltas[layer];
  }

  /**
   * Returns the non-zero activations of hidden layer {@code layer} in CSR form, listed by the forward
   * pass, or {@code null} for layers that do not list them (see {@link DenseLayer#listsNonZeros()})
   * and for the output layer.
   */
  public CsrMatrix nonZeros(int layer) {
    return nonZeros[layer];
  }

  /** Σ h of layer {@code layer} from the last forward pass, kept where {@link #nonZeros} lists. */
  double activationSum(int layer) {
    return activationSums[layer];
  }

  void setActivationSum(int layer, double sum) {
    activationSums[layer] = sum;
  }

  /** Returns the output layer's values (the logits). */
  public Matrix outputs() {
    return activations[activations.length - 1];
  }
}
