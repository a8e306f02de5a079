package dev.rectifier.pretrain;

import dev.rectifier.nn.DenseLayer;
import dev.rectifier.tensor.Matrix;
import java.util.List;

/**
 * A pre-trained hidden layer in the form the supervised network uses, with the record of its
 * pre-training.
 *
 * <p>The autoencoder of layer k saw {@code u = (c − offset) / scale}, where c is the unsigned
 * code of layer k−1 (or the network input for the first layer). In the network the layer
 * receives {@code x = s ⊙ c}, with s the ±1 signs of a half-negated layer below. Folding both
 * maps into the weights gives the same pre-activations from x:
 * {@code W[i][j] = s_i · W_ae[i][j] / scale} and
 * {@code b[j] = b_ae[j] − (offset / scale) · Σ_i W_ae[i][j]}.
 *
 * @param weights inputs × units, the folded weights
 * @param bias 1 × units, the folded bias
 * @param scaling the map of the autoencoder's input, as fitted on the training inputs
 * @param epochs the layer's pre-training epochs, oldest first
 */
public record PretrainedLayer(Matrix weights, Matrix bias, InputScaling scaling, List<PretrainEpochRecord> epochs) {

  /** Copies the list. */
  public PretrainedLayer {
    epochs = List.copyOf(epochs);
  }

  /**
   * Folds a trained autoencoder's encoder into network form.
   *
   * @param inputSigned whether the layer's network input comes from a half-negated layer, whose
   *     inputs {@code n/2 … n−1} are negated
   */
  public static PretrainedLayer fold(DenoisingAutoencoder autoencoder, InputScaling scaling, boolean inputSigned,
      List<PretrainEpochRecord> epochs) {
    DenseLayer encoder = autoencoder.encoder();
    int inputs = encoder.inputSize();
    int units = encoder.outputSize();
    float[] source = encoder.weights().data();
    Matrix weights = new Matrix(inputs, units);
    Matrix bias = new Matrix(1, units);
    float[] target = weights.data();
    double[] columnSums = new double[units];
    for (int i = 0; i < inputs; i++) {
      double factor = (inputSigned && i >= inputs / 2 ? -1.0 : 1.0) / scaling.scale();
      for (int j = 0; j < units; j++) {
        double weight = source[i * units + j];
        target[i * units + j] = (float) (factor * weight);
        columnSums[j] += weight;
      }
    }
    double shift = scaling.offset() / scaling.scale();
    for (int j = 0; j < units; j++) {
      bias.data()[j] = (float) (encoder.bias().data()[j] - shift * columnSums[j]);
    }
    return new PretrainedLayer(weights, bias, scaling, epochs);
  }

  /**
   * Returns a copy of a hidden layer that an earlier pre-training finished, as loaded from a model
   * file, with the scaling that run recorded. Its epochs belong to that run, so the list is empty.
   */
  public static PretrainedLayer of(DenseLayer layer, InputScaling scaling) {
    return new PretrainedLayer(layer.weights().copy(), layer.bias().copy(), scaling, List.of());
  }

  /** Copies the folded parameters into {@code layer}, whose shape must match. */
  public void copyInto(DenseLayer layer) {
    if (layer.inputSize() != weights.rows() || layer.outputSize() != weights.cols()) {
      throw new IllegalArgumentException("a pre-trained layer of " + weights.rows() + " inputs and " + weights.cols()
          + " units does not fit a layer of " + layer.inputSize() + " inputs and " + layer.outputSize() + " units");
    }
    layer.weights().copyFrom(weights);
    layer.bias().copyFrom(bias);
  }

  /** Returns the mean training reconstruction cost of each epoch, oldest first. */
  public List<Double> reconstructionErrors() {
    return epochs.stream().map(PretrainEpochRecord::reconstructionError).toList();
  }
}
