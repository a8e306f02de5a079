package dev.rectifier.pretrain;

import dev.rectifier.tensor.Matrix;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Masking noise for denoising autoencoders: a corrupted copy of a batch in which some input
 * components are set to 0. The encoder reads the copy while the cost compares the reconstruction
 * with the clean batch, which is never modified. Two definitions are in common use, and
 * {@link Kind} selects one.
 *
 * <p>One instance serves one training run; it keeps a scratch array for the exact-fraction
 * draw, so it allocates nothing once that has grown to the input width, and is not thread-safe.
 */
public final class MaskingNoise {

  /** The rule that draws the masked components. */
  public enum Kind {
    /**
     * Each component is set to 0 independently with probability {@code level}, so the number
     * masked per example varies.
     */
    INDEPENDENT,
    /**
     * Exactly {@code round(level · inputs)} components of each example are set to 0, chosen
     * uniformly without replacement ({@link Math#round}, so a half rounds up).
     */
    EXACT_FRACTION
  }

  private final Kind kind;
  private final double level;
  private int[] positions = new int[0];

  /**
   * @param kind the rule that draws the masked components
   * @param level the masking level p, in [0, 1]: 0 copies the batch, 1 masks every component
   * @throws IllegalArgumentException when the level is outside [0, 1] or not a number
   */
  public MaskingNoise(Kind kind, double level) {
    if (kind == null) {
      throw new IllegalArgumentException("masking kind is missing: use INDEPENDENT or EXACT_FRACTION");
    }
    if (!(level >= 0 && level <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "masking level %s is outside [0, 1]: give the probability (or fraction) of inputs set to 0,"
              + " for example 0.25", level));
    }
    this.kind = kind;
    this.level = level;
  }

  public Kind kind() {
    return kind;
  }

  public double level() {
    return level;
  }

  /**
   * Writes a corrupted copy of {@code clean} into {@code corrupted}: every element copied, and
   * the masked ones set to 0. {@code clean} is only read. The draws come from {@code random}
   * alone, so the same generator state gives the same mask.
   *
   * @throws IllegalArgumentException when the shapes differ or both are the same matrix
   */
  public void corrupt(Matrix clean, Matrix corrupted, SplittableRandom random) {
    if (clean == corrupted) {
      throw new IllegalArgumentException(
          "masking noise needs a separate matrix for the corrupted copy: the clean input is the cost's target");
    }
    if (clean.rows() != corrupted.rows() || clean.cols() != corrupted.cols()) {
      throw new IllegalArgumentException("masking noise: clean batch is " + clean.shape()
          + " but the corrupted copy is " + corrupted.shape() + "; give both the same shape");
    }
    corrupted.copyFrom(clean);
    float[] values = corrupted.data();
    int n = clean.cols();
    if (kind == Kind.INDEPENDENT) {
      for (int i = 0; i < values.length; i++) {
        if (random.nextDouble() < level) {
          values[i] = 0f;
        }
      }
      return;
    }
    int masked = (int) Math.round(level * n);
    if (positions.length < n) {
      positions = new int[n];
    }
    for (int r = 0; r < clean.rows(); r++) {
      for (int j = 0; j < n; j++) {
        positions[j] = j;
      }
      // The first `masked` steps of a Fisher–Yates shuffle pick a uniform subset of that size.
      for (int q = 0; q < masked; q++) {
        int pick = q + random.nextInt(n - q);
        int chosen = positions[pick];
        positions[pick] = positions[q];
        positions[q] = chosen;
        values[r * n + chosen] = 0f;
      }
    }
  }
}
