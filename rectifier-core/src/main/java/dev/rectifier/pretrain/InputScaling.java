package dev.rectifier.pretrain;

import dev.rectifier.tensor.Matrix;
import java.util.Locale;

/**
 * The affine map {@code x → (x − offset) / scale} that brings an autoencoder's input into [0, 1]
 * for a cross-entropy reconstruction, fitted once on the layer's whole training input before its
 * autoencoder is trained. Mapped values outside [0, 1], which only inputs beyond the training
 * set's range produce, are clipped to it.
 *
 * @param offset subtracted first
 * @param scale divided by second, greater than 0
 */
public record InputScaling(double offset, double scale) {

  /** The map that leaves inputs unchanged (and does not clip them). */
  public static final InputScaling IDENTITY = new InputScaling(0, 1);

  /** Rule that chooses an input's scaling from the training data. */
  public enum Rule {
    /** No mapping: the autoencoder receives the input as it is. */
    NONE,
    /** Divide by the largest value; the input must be ≥ 0. A maximum of 0 leaves the input as it is. */
    DIVIDE_BY_MAXIMUM,
    /** Map [min, max] onto [0, 1]; a constant input is only shifted to 0. */
    MIN_MAX
  }

  /** Checks the scale. */
  public InputScaling {
    if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("input scaling needs a finite offset and a finite scale > 0, got offset "
          + offset + " and scale " + scale);
    }
  }

  /**
   * Fits the map of {@code strategy}'s rule to {@code inputs}, which must be finite, and checks
   * that the strategy can reconstruct them.
   *
   * @param name how errors refer to the inputs, for example {@code "input of hidden layer 2"}
   * @throws IllegalArgumentException when an input is NaN or infinite, or negative where the
   *     strategy needs inputs ≥ 0 (dividing by the maximum, softplus or rectifier
   *     reconstruction). The message names the example, component and value.
   */
  public static InputScaling fit(ReconstructionStrategy strategy, Matrix inputs, String name) {
    float[] values = inputs.data();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      float value = values[i];
      if (!Float.isFinite(value)) {
        throw invalid(inputs, i, name, "is not finite; remove or repair that example");
      }
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    if (min < 0 && strategy.reconstructsNonNegativeOnly()) {
      throw invalid(inputs, firstBelowZero(values), name, "is negative, but " + strategy.spec()
          + " reconstruction units only output values >= 0; use the linear or min-max-sigmoid reconstruction,"
          + " or scale the data into [0, 1]");
    }
    return switch (strategy.scalingRule()) {
      case NONE -> IDENTITY;
      case DIVIDE_BY_MAXIMUM -> {
        if (min < 0) {
          throw invalid(inputs, firstBelowZero(values), name, "is negative, but scaling by the maximum needs"
              + " inputs >= 0; use the min-max-sigmoid or linear reconstruction, or shift the data to be non-negative");
        }
        yield new InputScaling(0, max > 0 ? max : 1);
      }
      case MIN_MAX -> values.length == 0 ? IDENTITY : new InputScaling(min, max > min ? max - min : 1);
    };
  }

  /** Returns {@code true} when the map changes nothing. */
  public boolean isIdentity() {
    return offset == 0 && scale == 1;
  }

  /** Maps every element of {@code values} in place and clips the result to [0, 1]. */
  public void apply(Matrix values) {
    if (isIdentity()) {
      return;
    }
    float[] v = values.data();
    for (int i = 0; i < v.length; i++) {
      double mapped = (v[i] - offset) / scale;
      v[i] = (float) Math.min(1, Math.max(0, mapped));
    }
  }

  private static int firstBelowZero(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(Matrix inputs, int index, String name, String problem) {
    return new IllegalArgumentException(String.format(Locale.ROOT, "%s: value %s at example %d, component %d %s",
        name, inputs.data()[index], index / inputs.cols(), index % inputs.cols(), problem));
  }
}
