package dev.rectifier.nn;

import java.util.Locale;

/**
 * A unit's non-linearity h = f(z), applied element-wise to pre-activations z.
 *
 * <p>Each function is defined once, in {@code double}, by {@link #value} and {@link #derivative};
 * the {@code float} array methods that layers call use those definitions (the rectifier overrides
 * them with equivalent branch-free loops). Specs, as the command line writes them:
 * {@code rectifier}, {@code softplus}, {@code rescaled-softplus:ALPHA}, {@code tanh},
 * {@code sigmoid}, {@code linear}.
 */
public sealed interface Activation
    permits Rectifier, Softplus, RescaledSoftplus, Tanh, Sigmoid, Linear {

  /** Returns f(x). */
  double value(double x);

  /** Returns f'(x), the derivative at pre-activation x. */
  double derivative(double x);

  /** Returns the spec string that {@link #parse} reads back. */
  String spec();

  /** Returns {@code true} when f outputs exact zeros that the kernels can skip (the rectifier). */
  default boolean hasExactZeros() {
    return false;
  }

  /** Sets {@code activations[i] = f(preActivations[i])} for i in [0, length). */
  default void apply(float[] preActivations, float[] activations, int length) {
    for (int i = 0; i < length; i++) {
      activations[i] = (float) value(preActivations[i]);
    }
  }

  /**
   * Multiplies {@code gradients[i]} by f'(preActivations[i]) in place, turning ∂loss/∂h into
   * ∂loss/∂z. {@code activations} holds f(preActivations) for implementations that use it.
   */
  default void multiplyByDerivative(float[] preActivations, float[] activations, float[] gradients,
      int length) {
    for (int i = 0; i < length; i++) {
      gradients[i] *= (float) derivative(preActivations[i]);
    }
  }

  /** Parses a unit spec such as {@code rectifier} or {@code rescaled-softplus:4}. */
  static Activation parse(String spec) {
    String text = spec.trim().toLowerCase(Locale.ROOT);
    if (text.startsWith(RescaledSoftplus.NAME + ":")) {
      String alpha = text.substring(RescaledSoftplus.NAME.length() + 1);
      if (!alpha.matches("[0-9.eE+-]+")) {
        throw new IllegalArgumentException("invalid alpha '" + alpha + "' in unit '" + spec
            + "': expected a positive number, as in rescaled-softplus:4");
      }
      try {
        return new RescaledSoftplus(Double.parseDouble(alpha));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid alpha '" + alpha + "' in unit '" + spec
            + "': expected a positive number, as in rescaled-softplus:4", e);
      }
    }
    return switch (text) {
      case "rectifier", "relu" -> new Rectifier();
      case "softplus" -> new Softplus();
      case "tanh" -> new Tanh();
      case "sigmoid" -> new Sigmoid();
      case "linear" -> new Linear();
      default -> throw new IllegalArgumentException("unknown unit '" + spec + "': expected rectifier,"
          + " softplus, rescaled-softplus:ALPHA, tanh, sigmoid or linear");
    };
  }
}
