package dev.rectifier.nn;

import java.util.List;

/**
 * Architecture of a feed-forward classifier: inputs, hidden layers of one unit type, and a
 * softmax output layer.
 *
 * @param inputSize number of input components, at least 1
 * @param hiddenSizes units per hidden layer, from the input upwards; each at least 1
 * @param activation unit type of every hidden layer
 * @param halfNegated whether the second half of each hidden layer's units is multiplied by −1
 * @param numClasses number of softmax outputs, at least 2
 * @param weightInit initial distribution of the hidden layers' weights (the output layer starts at 0)
 */
public record NetworkSpec(int inputSize, List<Integer> hiddenSizes, Activation activation,
    boolean halfNegated, int numClasses, WeightInit weightInit) {

  /** Validates sizes and copies the list. */
  public NetworkSpec {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be at least 1, got " + inputSize);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
    }
    hiddenSizes = List.copyOf(hiddenSizes);
    for (int k = 0; k < hiddenSizes.size(); k++) {
      if (hiddenSizes.get(k) < 1) {
        throw new IllegalArgumentException(
            "hidden layer " + (k + 1) + " must have at least 1 unit, got " + hiddenSizes.get(k));
      }
    }
  }

  /** Returns the layer sizes from input to output, for example {@code 784-1000-1000-1000-10}. */
  public String describe() {
    StringBuilder text = new StringBuilder().append(inputSize);
    for (int size : hiddenSizes) {
      text.append('-').append(size);
    }
    return text.append('-').append(numClasses).toString();
  }
}
