package dev.rectifier.pretrain;

import dev.rectifier.nn.Activation;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.Softplus;
import dev.rectifier.nn.Tanh;
import dev.rectifier.tensor.Matrix;

/**
 * A double-precision forward pass of a {@link DenoisingAutoencoder}, written from the formulas
 * and independent of the kernels and of the activation classes: {@code z = x̃·W + b},
 * {@code h = f(z)}, {@code a = h·W' + c}, and the strategy's cost of a against the clean x, plus
 * {@code λ·Σ|h|}, averaged over the batch's examples.
 */
final class AutoencoderReference {

  private AutoencoderReference() {}

  /**
   * An autoencoder's parameters in double. The decoder weights are always stored separately, as a
   * units × inputs matrix, so that a test can perturb the encoder and decoder uses of a tied
   * matrix one at a time.
   *
   * @param encoderWeights inputs × units, row-major
   * @param encoderBias units
   * @param decoderWeights units × inputs, row-major, and the transposed encoder weights when tied
   * @param decoderBias inputs
   */
  record Parameters(int inputs, int units, double[] encoderWeights, double[] encoderBias, double[] decoderWeights,
      double[] decoderBias) {

    /** Returns a deep copy, for perturbing one array. */
    Parameters copy() {
      return new Parameters(inputs, units, encoderWeights.clone(), encoderBias.clone(), decoderWeights.clone(),
          decoderBias.clone());
    }
  }

  /**
   * Result of one forward pass.
   *
   * @param cost mean over examples of the reconstruction cost plus λ·Σ|h|
   * @param reconstructionCostSum the reconstruction cost summed over examples, without the penalty
   * @param codes batch × units, h
   * @param reconstructions batch × inputs, r = g(a)
   * @param minAbsPreActivation smallest |z| and |a| over the batch
   * @param activePattern z > 0 for every code unit, then a > 0 for every reconstruction unit
   */
  record Pass(double cost, double reconstructionCostSum, double[][] codes, double[][] reconstructions,
      double minAbsPreActivation, boolean[] activePattern) {}

  /** Copies the float parameters of {@code autoencoder}, transposing the encoder weights when tied. */
  static Parameters parametersOf(DenoisingAutoencoder autoencoder) {
    int inputs = autoencoder.inputSize();
    int units = autoencoder.units();
    double[] encoderWeights = toDouble(autoencoder.encoder().weights().data());
    double[] decoderWeights;
    if (autoencoder.tied()) {
      decoderWeights = new double[units * inputs];
      for (int i = 0; i < inputs; i++) {
        for (int j = 0; j < units; j++) {
          decoderWeights[j * inputs + i] = encoderWeights[i * units + j];
        }
      }
    } else {
      decoderWeights = toDouble(autoencoder.decoderWeights().data());
    }
    return new Parameters(inputs, units, encoderWeights, toDouble(autoencoder.encoder().bias().data()),
        decoderWeights, toDouble(autoencoder.decoderBias().data()));
  }

  /** Runs the autoencoder in double on {@code corrupted} and measures the cost against {@code clean}. */
  static Pass forward(Parameters p, Activation hidden, ReconstructionStrategy strategy, Matrix clean,
      Matrix corrupted, double l1) {
    int batch = clean.rows();
    double[][] codes = new double[batch][p.units()];
    double[][] reconstructions = new double[batch][p.inputs()];
    boolean[] pattern = new boolean[batch * (p.units() + p.inputs())];
    int patternIndex = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    double reconstructionSum = 0;
    double absoluteCodeSum = 0;

    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < p.units(); j++) {
        double z = p.encoderBias()[j];
        for (int i = 0; i < p.inputs(); i++) {
          z += corrupted.get(r, i) * p.encoderWeights()[i * p.units() + j];
        }
        minAbs = Math.min(minAbs, Math.abs(z));
        pattern[patternIndex++] = z > 0;
        codes[r][j] = hiddenValue(hidden, z);
        absoluteCodeSum += Math.abs(codes[r][j]);
      }
      for (int i = 0; i < p.inputs(); i++) {
        double a = p.decoderBias()[i];
        for (int j = 0; j < p.units(); j++) {
          a += codes[r][j] * p.decoderWeights()[j * p.inputs() + i];
        }
        minAbs = Math.min(minAbs, Math.abs(a));
        pattern[patternIndex++] = a > 0;
        double x = clean.get(r, i);
        reconstructions[r][i] = reconstructionValue(strategy, a);
        reconstructionSum += reconstructionCost(strategy, a, x);
      }
    }
    double cost = (reconstructionSum + l1 * absoluteCodeSum) / batch;
    return new Pass(cost, reconstructionSum, codes, reconstructions, minAbs, pattern);
  }

  /** Returns f(z) for the hidden units that the tests use. */
  static double hiddenValue(Activation hidden, double z) {
    return switch (hidden) {
      case Rectifier unused -> Math.max(z, 0);
      case Softplus unused -> softplus(z);
      case Tanh unused -> Math.tanh(z);
      default -> throw new IllegalArgumentException("no reference for hidden unit " + hidden.spec());
    };
  }

  /** Returns r = g(a), the reconstruction unit's output. */
  static double reconstructionValue(ReconstructionStrategy strategy, double a) {
    return switch (strategy) {
      case SOFTPLUS -> softplus(a);
      case SCALED_SIGMOID, MIN_MAX_SIGMOID -> 1 / (1 + Math.exp(-a));
      case LINEAR -> a;
      case RECTIFIER -> Math.max(a, 0);
    };
  }

  /**
   * Returns one component's cost: ½(x − r)² for the quadratic strategies, and for the sigmoid
   * ones the cross-entropy −x·ln σ(a) − (1 − x)·ln(1 − σ(a)), written as
   * {@code x·softplus(−a) + (1 − x)·softplus(a)}, which is exact for any a.
   */
  static double reconstructionCost(ReconstructionStrategy strategy, double a, double x) {
    return switch (strategy) {
      case SCALED_SIGMOID, MIN_MAX_SIGMOID -> x * softplus(-a) + (1 - x) * softplus(a);
      default -> {
        double difference = x - reconstructionValue(strategy, a);
        yield 0.5 * difference * difference;
      }
    };
  }

  /** Returns ln(1 + eᶻ) without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  private static double[] toDouble(float[] values) {
    double[] copy = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i];
    }
    return copy;
  }
}
