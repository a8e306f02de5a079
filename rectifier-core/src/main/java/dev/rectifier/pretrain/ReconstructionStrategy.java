package dev.rectifier.pretrain;

import dev.rectifier.nn.Activation;
import dev.rectifier.nn.Linear;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.Sigmoid;
import dev.rectifier.nn.Softplus;
import dev.rectifier.nn.Tanh;
import java.util.Locale;

/**
 * Reconstruction of a denoising autoencoder's input: the reconstruction units, the cost, and the
 * mapping of the input before the autoencoder receives it. The first four are the strategies that
 * Glorot, Bordes and Bengio (AISTATS 2011) compare for rectifier hidden units. The fifth is the
 * usual one for tanh and sigmoid units. The quadratic cost is ½‖x − r‖² per example.
 */
public enum ReconstructionStrategy {
  /** Strategy 1: softplus reconstruction units, quadratic cost; the paper's choice on images. */
  SOFTPLUS(1, "softplus", new Softplus(), Cost.QUADRATIC, InputScaling.Rule.NONE),
  /**
   * Strategy 2: the input divided by its maximum over the training set, so it lies in [0, 1],
   * with sigmoid reconstruction units and the cross-entropy cost. The paper's choice on text.
   */
  SCALED_SIGMOID(2, "scaled-sigmoid", new Sigmoid(), Cost.CROSS_ENTROPY, InputScaling.Rule.DIVIDE_BY_MAXIMUM),
  /** Strategy 3: linear reconstruction units, quadratic cost. */
  LINEAR(3, "linear", new Linear(), Cost.QUADRATIC, InputScaling.Rule.NONE),
  /**
   * Strategy 4: rectifier reconstruction units, quadratic cost. A reconstruction unit that outputs
   * 0 for a non-zero target passes no gradient, which is why it does worst.
   */
  RECTIFIER(4, "rectifier", new Rectifier(), Cost.QUADRATIC, InputScaling.Rule.NONE),
  /**
   * Not one of the four: the input mapped from its range over the training set, [min, max], onto
   * [0, 1], sigmoid reconstruction units and the cross-entropy cost. Tanh codes lie in [−1, 1],
   * so this is the reconstruction for tanh (and sigmoid) networks.
   */
  MIN_MAX_SIGMOID(0, "min-max-sigmoid", new Sigmoid(), Cost.CROSS_ENTROPY, InputScaling.Rule.MIN_MAX);

  /** The cost that compares the reconstruction with the clean input. */
  public enum Cost {
    /** ½‖x − r‖² per example. */
    QUADRATIC,
    /** −Σ [x·ln r + (1 − x)·ln(1 − r)] per example, for targets in [0, 1]. */
    CROSS_ENTROPY
  }

  private final int paperNumber;
  private final String spec;
  private final Activation reconstruction;
  private final Cost cost;
  private final InputScaling.Rule scalingRule;

  ReconstructionStrategy(int paperNumber, String spec, Activation reconstruction, Cost cost,
      InputScaling.Rule scalingRule) {
    this.paperNumber = paperNumber;
    this.spec = spec;
    this.reconstruction = reconstruction;
    this.cost = cost;
    this.scalingRule = scalingRule;
  }

  /** Returns the strategy's number in the paper, 1 to 4, or 0 for {@link #MIN_MAX_SIGMOID}. */
  public int paperNumber() {
    return paperNumber;
  }

  /** Returns the name that {@link #parse} reads back, for example {@code softplus}. */
  public String spec() {
    return spec;
  }

  /** Returns the reconstruction units' activation. */
  public Activation reconstruction() {
    return reconstruction;
  }

  public Cost cost() {
    return cost;
  }

  /** Returns how the autoencoder's input is mapped before training. */
  public InputScaling.Rule scalingRule() {
    return scalingRule;
  }

  /** Returns {@code true} when the reconstruction can only be ≥ 0 (softplus and rectifier units). */
  public boolean reconstructsNonNegativeOnly() {
    return reconstruction instanceof Softplus || reconstruction instanceof Rectifier;
  }

  /**
   * Returns the strategy used when none is chosen: strategy 1 for rectifier and softplus units,
   * {@link #MIN_MAX_SIGMOID} for tanh and sigmoid units, strategy 3 for linear units.
   */
  public static ReconstructionStrategy defaultFor(Activation hidden) {
    if (hidden instanceof Tanh || hidden instanceof Sigmoid) {
      return MIN_MAX_SIGMOID;
    }
    if (hidden instanceof Linear) {
      return LINEAR;
    }
    return SOFTPLUS;
  }

  /**
   * Rejects a strategy whose reconstruction cannot reach the codes of {@code hidden} units, which
   * the autoencoders of layers 2 and up reconstruct. Codes of tanh and linear units can be
   * negative, which softplus and rectifier reconstructions cannot output and which dividing by the
   * maximum does not bring into [0, 1]. The first layer's input is checked on the data instead.
   *
   * @param hiddenLayers the network's number of hidden layers; with one, no code is reconstructed
   * @throws IllegalArgumentException naming the units, the strategy and the alternatives
   */
  public void requireCompatible(Activation hidden, int hiddenLayers) {
    if (hiddenLayers < 2) {
      return;
    }
    boolean negativeCodes = !(hidden instanceof Rectifier || hidden instanceof Softplus
        || hidden instanceof dev.rectifier.nn.RescaledSoftplus || hidden instanceof Sigmoid);
    if (negativeCodes && (reconstructsNonNegativeOnly() || scalingRule == InputScaling.Rule.DIVIDE_BY_MAXIMUM)) {
      throw new IllegalArgumentException("reconstruction " + spec + " cannot reconstruct the negative outputs of "
          + hidden.spec() + " units in the layers above the first; use min-max-sigmoid or linear");
    }
  }

  /** Parses a strategy by its paper number (1 to 4) or its {@link #spec()} name. */
  public static ReconstructionStrategy parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT);
    for (ReconstructionStrategy strategy : values()) {
      if (strategy.spec.equals(key) || (strategy.paperNumber > 0 && key.equals(String.valueOf(strategy.paperNumber)))) {
        return strategy;
      }
    }
    throw new IllegalArgumentException("unknown reconstruction '" + text + "': expected 1 or softplus, 2 or"
        + " scaled-sigmoid, 3 or linear, 4 or rectifier, or min-max-sigmoid");
  }
}
