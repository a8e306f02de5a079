package dev.rectifier.pretrain;

import dev.rectifier.nn.Network;
import java.util.List;

/**
 * Outcome of {@link GreedyPretrainer#pretrain}: the finished layers from the first upwards, which
 * are all hidden layers unless the run was interrupted.
 *
 * @param layers the finished layers in network form
 * @param interrupted whether a stop request ended pre-training before every layer finished
 * @param seconds wall time of all pre-training steps, validation and encoding included
 */
public record PretrainingResult(List<PretrainedLayer> layers, boolean interrupted, double seconds) {

  /** Copies the list. */
  public PretrainingResult {
    layers = List.copyOf(layers);
  }

  /**
   * Copies the pre-trained layers into the first hidden layers of {@code network}; the layers
   * above them, and the output layer, keep their parameters.
   *
   * @throws IllegalArgumentException when the network has fewer hidden layers or other sizes
   */
  public void copyInto(Network network) {
    copyInto(layers, network);
  }

  /**
   * Copies {@code layers}, pre-trained layers from the first upwards, into the first hidden
   * layers of {@code network}, as {@link #copyInto(Network)} does.
   */
  public static void copyInto(List<PretrainedLayer> layers, Network network) {
    if (layers.size() > network.hiddenLayerCount()) {
      throw new IllegalArgumentException(layers.size() + " pre-trained layers do not fit the "
          + network.hiddenLayerCount() + " hidden layers of " + network.spec().describe());
    }
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).copyInto(network.layers().get(l));
    }
  }

  /** Returns each layer's mean training reconstruction cost per epoch. */
  public List<List<Double>> reconstructionErrors() {
    return layers.stream().map(PretrainedLayer::reconstructionErrors).toList();
  }
}
