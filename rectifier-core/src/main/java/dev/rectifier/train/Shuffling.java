package dev.rectifier.train;

import java.util.SplittableRandom;

/** The example-order shuffle shared by supervised training and pre-training. */
public final class Shuffling {

  private Shuffling() {}

  /** Permutes {@code order} uniformly at random in place (Fisher–Yates), drawing from {@code random}. */
  public static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
