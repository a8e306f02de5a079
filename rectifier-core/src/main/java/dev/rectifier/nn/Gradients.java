package dev.rectifier.nn;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ParameterUpdate} that only accumulates ∂loss/∂W and ∂loss/∂b per layer, leaving the
 * parameters unchanged. Used by gradient checks and by optimisers that need the whole gradient.
 */
public final class Gradients implements ParameterUpdate {
  private final Kernels kernels;
  private final List<Matrix> weightGradients = new ArrayList<>();
  private final List<Matrix> biasGradients = new ArrayList<>();

  /** Creates zero gradients shaped like {@code network}'s parameters. */
  public Gradients(Kernels kernels, Network network) {
    this.kernels = kernels;
    for (DenseLayer layer : network.layers()) {
      weightGradients.add(new Matrix(layer.inputSize(), layer.outputSize()));
      biasGradients.add(new Matrix(1, layer.outputSize()));
    }
  }

  @Override
  public void apply(int layerIndex, DenseLayer layer, Matrix input, Matrix deltas) {
    kernels.addTransposeAProduct(1f, input, deltas, weightGradients.get(layerIndex));
    ParameterUpdate.addColumnSums(deltas, 1f, biasGradients.get(layerIndex).data());
  }

  /** inputSize × outputSize gradient of layer {@code layer}'s weights. */
  public Matrix weights(int layer) {
    return weightGradients.get(layer);
  }

  /** 1 × outputSize gradient of layer {@code layer}'s bias. */
  public Matrix bias(int layer) {
    return biasGradients.get(layer);
  }
}
