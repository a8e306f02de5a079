package dev.rectifier.train;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives one independent random generator per component (weight initialisation, shuffling,
 * noise …) from the run's single seed, so adding a component never changes the others' streams.
 * There is no global random state anywhere in Rectifier.
 *
 * @param seed the run's seed
 */
public record SeedSequence(long seed) {

  /** Returns a generator for {@code component}, the same one for the same seed and name. */
  public SplittableRandom random(String component) {
    long mixed = seed;
    for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
      mixed = mix(mixed ^ (b & 0xFF));
    }
    return new SplittableRandom(mix(mixed));
  }

  /** Mixes {@code value} with the SplitMix64 finaliser, which spreads every input bit over the output. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
