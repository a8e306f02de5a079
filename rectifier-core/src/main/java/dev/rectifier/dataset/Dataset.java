package dev.rectifier.dataset;

import dev.rectifier.tensor.Matrix;
import java.util.Arrays;

/**
 * A labelled classification data set held in memory.
 *
 * @param name short name used in logs and errors, for example {@code "mnist/train"}
 * @param features {@code size × inputSize}, one example per row
 * @param labels {@code size} class indices in {@code [0, numClasses)}
 * @param numClasses number of classes
 */
public record Dataset(String name, Matrix features, int[] labels, int numClasses) {

  /** Validates that rows and labels match and every label is in range. */
  public Dataset {
    if (features.rows() != labels.length) {
      throw new IllegalArgumentException(name + ": " + features.rows() + " feature rows but "
          + labels.length + " labels; both must count the same examples");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(name + ": numClasses must be at least 1, got " + numClasses);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
            + " is outside [0, " + numClasses + ")");
      }
    }
  }

  public int size() {
    return labels.length;
  }

  public int inputSize() {
    return features.cols();
  }

  /** Returns examples {@code [from, to)} as a new data set (rows are copied). */
  public Dataset slice(String sliceName, int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(name + ": slice [" + from + ", " + to + ") is outside [0, "
          + size() + ")");
    }
    int cols = features.cols();
    float[] rows = Arrays.copyOfRange(features.data(), from * cols, to * cols);
    return new Dataset(sliceName, new Matrix(to - from, cols, rows),
        Arrays.copyOfRange(labels, from, to), numClasses);
  }
}
