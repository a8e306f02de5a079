package dev.rectifier.nn;

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

  Workspace(int batchSize, List<DenseLayer> layers) {
    this.batchSize = batchSize;
    int count = layers.size();
    preActivations = new Matrix[count];
    activations = new Matrix[count];
    deltas = new Matrix[count];
    for (int l = 0; l < count; l++) {
      int units = layers.get(l).outputSize();
      preActivations[l] = new Matrix(batchSize, units);
      activations[l] = new Matrix(batchSize, units);
      deltas[l] = new Matrix(batchSize, units);
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

  /** Returns the output layer's values (the logits). */
  public Matrix outputs() {
    return activations[activations.length - 1];
  }
}
