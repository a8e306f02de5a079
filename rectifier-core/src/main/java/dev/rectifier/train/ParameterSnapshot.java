package dev.rectifier.train;

import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/** A copy of a network's weights and biases, taken to keep the best-validation model. */
final class ParameterSnapshot {
  private final List<Matrix> values = new ArrayList<>();

  ParameterSnapshot(Network network) {
    for (DenseLayer layer : network.layers()) {
      values.add(layer.weights().copy());
      values.add(layer.bias().copy());
    }
  }

  /** Overwrites the snapshot with {@code network}'s current parameters. */
  void capture(Network network) {
    int index = 0;
    for (DenseLayer layer : network.layers()) {
      values.get(index++).copyFrom(layer.weights());
      values.get(index++).copyFrom(layer.bias());
    }
  }

  /** Writes the snapshot back into {@code network}. */
  void restore(Network network) {
    int index = 0;
    for (DenseLayer layer : network.layers()) {
      layer.weights().copyFrom(values.get(index++));
      layer.bias().copyFrom(values.get(index++));
    }
  }
}
