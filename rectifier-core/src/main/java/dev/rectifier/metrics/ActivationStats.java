package dev.rectifier.metrics;

import dev.rectifier.tensor.Matrix;
import java.util.OptionalDouble;

/**
 * Counts exact zeros of one hidden layer's activations over many batches.
 *
 * <p>Sparsity is the fraction of activations that are exactly 0.0 over all examples and units
 * seen; a dead unit is one that was exactly 0 on every example seen. With no example or no unit
 * seen, sparsity is not available (empty) rather than a division by zero.
 */
public final class ActivationStats {
  private final int units;
  private final boolean[] everActive;
  private long zeros;
  private long values;
  private long examples;

  /** Creates empty statistics for a layer of {@code units} units. */
  public ActivationStats(int units) {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, got " + units);
    }
    this.units = units;
    this.everActive = new boolean[units];
  }

  /** Adds one batch: {@code activations} is batchSize × units, not modified. */
  public void add(Matrix activations) {
    if (activations.cols() != units) {
      throw new IllegalArgumentException(
          "activations have " + activations.cols() + " units, expected " + units);
    }
    float[] h = activations.data();
    for (int r = 0; r < activations.rows(); r++) {
      int offset = r * units;
      for (int j = 0; j < units; j++) {
        if (h[offset + j] == 0f) {
          zeros++;
        } else {
          everActive[j] = true;
        }
      }
    }
    values += h.length;
    examples += activations.rows();
  }

  /** Returns the fraction of exact zeros, or empty when nothing was counted. */
  public OptionalDouble sparsity() {
    return values == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) zeros / values);
  }

  /** Returns how many units were 0 on every example seen (0 when no example was seen). */
  public int deadUnits() {
    if (examples == 0) {
      return 0;
    }
    int dead = 0;
    for (boolean active : everActive) {
      if (!active) {
        dead++;
      }
    }
    return dead;
  }

  public long examples() {
    return examples;
  }
}
