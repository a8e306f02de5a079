package dev.rectifier.nn;

import java.util.SplittableRandom;

/** How a hidden layer's weights start; biases always start at 0. */
public enum WeightInit {
  /**
   * Uniform on ±√(6 / (fanIn + fanOut)), from Glorot and Bengio, "Understanding the difficulty of
   * training deep feedforward neural networks", AISTATS 2010.
   */
  GLOROT_UNIFORM,
  /** Normal with mean 0 and standard deviation √(2 / fanIn), from He et al., ICCV 2015. */
  HE_NORMAL;

  /** Fills {@code weights} (fanIn × fanOut values) from {@code random}. */
  public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
    switch (this) {
      case GLOROT_UNIFORM -> {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < weights.length; i++) {
          weights[i] = (float) random.nextDouble(-limit, limit);
        }
      }
      case HE_NORMAL -> {
        double deviation = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < weights.length; i++) {
          weights[i] = (float) (random.nextGaussian() * deviation);
        }
      }
    }
  }
}
