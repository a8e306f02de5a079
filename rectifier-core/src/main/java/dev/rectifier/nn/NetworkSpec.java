package dev.rectifier.nn;

import java.util.List;

/**
 * Architecture of a feed-forward network: inputs, hidden layers of one unit type, and a linear
 * output layer with its cost.
 *
 * @param inputSize number of input components, at least 1
 * @param hiddenSizes units per hidden layer, from the input upwards; each at least 1
 * @param activation unit type of every hidden layer
 * @param halfNegated whether the second half of each hidden layer's units is multiplied by −1
 * @param outputSize number of outputs: classes for {@link OutputLoss#SOFTMAX_NLL} (at least 2),
 *     target components for {@link OutputLoss#SQUARED_ERROR} (at least 1)
 * @param weightInit initial distribution of the hidden layers' weights (the output layer starts at 0)
 * @param outputLoss cost on the outputs
 */
public record NetworkSpec(int inputSize, List<Integer> hiddenSizes, Activation activation,
    boolean halfNegated, int outputSize, WeightInit weightInit, OutputLoss outputLoss) {

  /** Validates sizes and copies the list. */
  public NetworkSpec {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be at least 1, got " + inputSize);
    }
    int minimumOutputs = outputLoss == OutputLoss.SOFTMAX_NLL ? 2 : 1;
    if (outputSize < minimumOutputs) {
      throw new IllegalArgumentException("a " + outputLoss.spec() + " output needs at least " + minimumOutputs
          + " outputs, got " + outputSize);
    }
    hiddenSizes = List.copyOf(hiddenSizes);
    for (int k = 0; k < hiddenSizes.size(); k++) {
      if (hiddenSizes.get(k) < 1) {
        throw new IllegalArgumentException(
            "hidden layer " + (k + 1) + " must have at least 1 unit, got " + hiddenSizes.get(k));
      }
    }
  }

  /** Creates the spec of a classifier with a softmax output over {@code numClasses} classes. */
  public NetworkSpec(int inputSize, List<Integer> hiddenSizes, Activation activation, boolean halfNegated,
      int numClasses, WeightInit weightInit) {
    this(inputSize, hiddenSizes, activation, halfNegated, numClasses, weightInit, OutputLoss.SOFTMAX_NLL);
  }

  /** Returns the number of classes of a softmax classifier. */
  public int numClasses() {
    requireLoss(OutputLoss.SOFTMAX_NLL);
    return outputSize;
  }

  /** Throws {@link IllegalStateException} unless the output uses {@code expected}. */
  public void requireLoss(OutputLoss expected) {
    if (outputLoss != expected) {
      throw new IllegalStateException("this operation needs a " + expected.spec() + " output, but the network "
          + describe() + " has a " + outputLoss.spec() + " output");
    }
  }

  /** Returns the layer sizes from input to output, for example {@code 784-1000-1000-1000-10}. */
  public String describe() {
    StringBuilder text = new StringBuilder().append(inputSize);
    for (int size : hiddenSizes) {
      text.append('-').append(size);
    }
    return text.append('-').append(outputSize).toString();
  }
}
