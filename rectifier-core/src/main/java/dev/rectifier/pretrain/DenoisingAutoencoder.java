package dev.rectifier.pretrain;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.ParameterUpdate;
import dev.rectifier.nn.SigmoidCrossEntropy;
import dev.rectifier.nn.SquaredError;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer denoising autoencoder: the encoder {@code h = f(x̃·W + b)} reads a corrupted
 * input x̃, the decoder {@code r = g(h·W' + c)} reconstructs, and the cost compares r with the
 * clean input x.
 *
 * <p>The decoder is tied ({@code W' = Wᵀ}, one stored matrix, so the two can never drift apart)
 * or untied (its own {@code units × inputs} matrix). In a tied autoencoder the weight gradient
 * is the sum of the encoder's {@code x̃ᵀ·δ_z} and the decoder's {@code δ_aᵀ·h}, both taken at
 * the weights before the step. The cost is the {@link ReconstructionStrategy}'s, averaged over
 * the batch's examples, plus the L1 penalty on the code h, normalised as in
 * {@link L1ActivationPenalty}. The encoder never negates half of its units: half negation is a
 * property of the supervised network, into which {@link PretrainedLayer} folds the signs.
 */
public final class DenoisingAutoencoder {
  private final DenseLayer encoder;
  private final Matrix decoderWeights;
  private final Matrix decoderBias;
  private final ReconstructionStrategy strategy;

  /**
   * Creates an autoencoder with zero parameters; call {@link #initialize} before training.
   *
   * @param hidden the code units' activation, the hidden layer's unit type
   * @param tied whether the decoder uses the transposed encoder weights
   */
  public DenoisingAutoencoder(int inputs, int units, Activation hidden, ReconstructionStrategy strategy,
      boolean tied) {
    this.encoder = new DenseLayer(inputs, units, hidden, false);
    this.decoderWeights = tied ? null : new Matrix(units, inputs);
    this.decoderBias = new Matrix(1, inputs);
    this.strategy = strategy;
  }

  /** Draws the encoder's (and an untied decoder's) weights from {@code init}; biases start at 0. */
  public void initialize(WeightInit init, SplittableRandom random) {
    init.fill(encoder.weights().data(), inputSize(), units(), random);
    encoder.bias().fill(0f);
    if (decoderWeights != null) {
      init.fill(decoderWeights.data(), units(), inputSize(), random);
    }
    decoderBias.fill(0f);
  }

  /** Returns the encoder layer: weights inputs × units, bias 1 × units. */
  public DenseLayer encoder() {
    return encoder;
  }

  /** Returns the untied decoder's units × inputs weights, or {@code null} when tied. */
  public Matrix decoderWeights() {
    return decoderWeights;
  }

  /** 1 × inputs. */
  public Matrix decoderBias() {
    return decoderBias;
  }

  public boolean tied() {
    return decoderWeights == null;
  }

  public ReconstructionStrategy strategy() {
    return strategy;
  }

  public int inputSize() {
    return encoder.inputSize();
  }

  public int units() {
    return encoder.outputSize();
  }

  /** Creates buffers for batches of exactly {@code batchSize} examples. */
  public Buffers buffers(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    return new Buffers(batchSize);
  }

  /**
   * Takes one SGD step on a batch: {@code θ −= learningRate · ∂cost/∂θ} for every parameter.
   *
   * @param clean batchSize × inputs, the reconstruction target x, not modified
   * @param corrupted batchSize × inputs, the encoder's input x̃, not modified
   * @return the batch's mean cost: reconstruction plus L1 penalty
   */
  public double trainStep(Kernels kernels, Matrix clean, Matrix corrupted, Buffers buffers,
      L1ActivationPenalty penalty, double learningRate) {
    float alpha = (float) -learningRate;
    Matrix decoderTarget = decoderWeights == null ? encoder.weights() : decoderWeights;
    return forwardBackward(kernels, clean, corrupted, buffers, penalty, alpha, encoder.weights(), encoder.bias(),
        decoderTarget, decoderBias);
  }

  /**
   * Adds the gradient of a batch's mean cost to {@code gradients}, leaving the parameters unchanged.
   *
   * @return the batch's mean cost: reconstruction plus L1 penalty
   */
  public double addGradients(Kernels kernels, Matrix clean, Matrix corrupted, Buffers buffers,
      L1ActivationPenalty penalty, Gradients gradients) {
    Matrix decoderTarget = decoderWeights == null ? gradients.encoderWeights() : gradients.decoderWeights();
    return forwardBackward(kernels, clean, corrupted, buffers, penalty, 1f, gradients.encoderWeights(),
        gradients.encoderBias(), decoderTarget, gradients.decoderBias());
  }

  /**
   * Runs encoder and decoder on {@code input} and returns the summed reconstruction cost against
   * {@code target} (no penalty), leaving the parameters unchanged; pass the same matrix twice
   * for the cost without noise. The code stays in {@link Buffers#codes()}.
   */
  public double reconstructionCost(Kernels kernels, Matrix input, Matrix target, Buffers buffers) {
    Matrix.requireSameShape("autoencoder input and target", input, target);
    forward(kernels, input, buffers);
    return costAndDeltas(target, buffers, 1.0);
  }

  /** Returns the summed reconstruction cost of {@code input} without noise, as {@link #reconstructionCost(Kernels, Matrix, Matrix, Buffers)}. */
  public double reconstructionCost(Kernels kernels, Matrix input, Buffers buffers) {
    return reconstructionCost(kernels, input, input, buffers);
  }

  /** Computes the code of {@code input} into {@link Buffers#codes()}. */
  public void encode(Kernels kernels, Matrix input, Buffers buffers) {
    buffers.requireBatch(input);
    encoder.forward(kernels, input, null, buffers.preActivations, buffers.codes, buffers.codeNonZeros);
  }

  /**
   * The step and the gradient share this pass; the targets are either the parameters themselves
   * ({@code alpha = −learningRate}) or gradient accumulators ({@code alpha = 1}). In a tied
   * autoencoder {@code decoderWeightTarget} and {@code encoderWeightTarget} are the same matrix.
   */
  private double forwardBackward(Kernels kernels, Matrix clean, Matrix corrupted, Buffers buffers,
      L1ActivationPenalty penalty, float alpha, Matrix encoderWeightTarget, Matrix encoderBiasTarget,
      Matrix decoderWeightTarget, Matrix decoderBiasTarget) {
    Matrix.requireSameShape("autoencoder clean and corrupted batches", clean, corrupted);
    int batchSize = clean.rows();
    double codeSum = forward(kernels, corrupted, buffers);
    double reconstruction = costAndDeltas(clean, buffers, 1.0 / batchSize);
    buffers.meanReconstructionCost = reconstruction / batchSize;
    double penaltySum = penalty.isZero() ? 0
        : buffers.codeNonZeros != null ? penalty.sumOf(codeSum) : penalty.sum(buffers.codes);

    // ∂cost/∂h through the decoder, with the weights as they were in the forward pass.
    Matrix codeGradients = buffers.codeGradients;
    if (decoderWeights == null) {
      codeGradients.fill(0f);
      kernels.multiplyAdd(buffers.reconstructionDeltas, encoder.weights(), codeGradients);
      kernels.addTransposeAProduct(alpha, buffers.reconstructionDeltas, buffers.codes, decoderWeightTarget);
    } else {
      Matrix mask = encoder.activation().hasExactZeros() ? buffers.codes : null;
      kernels.multiplyTransposeB(buffers.reconstructionDeltas, decoderWeights, codeGradients, mask);
      kernels.addTransposeAProduct(alpha, buffers.codes, buffers.reconstructionDeltas, decoderWeightTarget);
    }
    ParameterUpdate.addColumnSums(buffers.reconstructionDeltas, alpha, decoderBiasTarget.data());

    encoder.backwardToPreActivations(kernels, buffers.preActivations, buffers.codes, codeGradients, penalty,
        batchSize);
    kernels.addTransposeAProduct(alpha, corrupted, codeGradients, encoderWeightTarget);
    ParameterUpdate.addColumnSums(codeGradients, alpha, encoderBiasTarget.data());
    return (reconstruction + penaltySum) / batchSize;
  }

  /** Runs the encoder on {@code input} and the decoder on the code; returns Σ h where listed. */
  private double forward(Kernels kernels, Matrix input, Buffers buffers) {
    buffers.requireBatch(input);
    double codeSum = encoder.forward(kernels, input, null, buffers.preActivations, buffers.codes,
        buffers.codeNonZeros);
    Matrix a = buffers.reconstructionPreActivations;
    if (decoderWeights == null) {
      kernels.multiplyTransposeB(buffers.codes, encoder.weights(), a, null);
      a.addToRows(decoderBias);
    } else {
      a.fillRows(decoderBias);
      if (buffers.codeNonZeros != null) {
        kernels.multiplyAdd(buffers.codes, buffers.codeNonZeros, decoderWeights, a);
      } else {
        kernels.multiplyAdd(buffers.codes, decoderWeights, a);
      }
    }
    float[] z = a.data();
    strategy.reconstruction().apply(z, buffers.reconstructions.data(), z.length);
    return codeSum;
  }

  /**
   * Returns the summed reconstruction cost against {@code target} and leaves
   * {@code scale · ∂cost/∂a} in the buffers, where a is the reconstruction's pre-activation.
   */
  private double costAndDeltas(Matrix target, Buffers buffers, double scale) {
    Matrix deltas = buffers.reconstructionDeltas;
    if (strategy.cost() == ReconstructionStrategy.Cost.CROSS_ENTROPY) {
      return SigmoidCrossEntropy.lossAndGradient(buffers.reconstructionPreActivations, target, deltas, scale);
    }
    double cost = SquaredError.lossAndGradient(buffers.reconstructions, target, deltas, scale);
    float[] a = buffers.reconstructionPreActivations.data();
    strategy.reconstruction().multiplyByDerivative(a, buffers.reconstructions.data(), deltas.data(), a.length);
    return cost;
  }

  /**
   * Gradient accumulators shaped like an autoencoder's parameters; {@link #decoderWeights()} is
   * {@code null} for a tied autoencoder, whose decoder gradient lands in
   * {@link #encoderWeights()}.
   */
  public record Gradients(Matrix encoderWeights, Matrix encoderBias, Matrix decoderWeights, Matrix decoderBias) {

    /** Creates zero gradients for {@code autoencoder}. */
    public static Gradients zerosFor(DenoisingAutoencoder autoencoder) {
      int inputs = autoencoder.inputSize();
      int units = autoencoder.units();
      return new Gradients(new Matrix(inputs, units), new Matrix(1, units),
          autoencoder.tied() ? null : new Matrix(units, inputs), new Matrix(1, inputs));
    }
  }

  /**
   * Buffers for one batch size: the code's pre-activations and values, the reconstruction's
   * pre-activations and values, and the deltas of both. Reused across batches.
   */
  public final class Buffers {
    private final int batchSize;
    private final Matrix preActivations;
    private final Matrix codes;
    private final CsrMatrix codeNonZeros;
    private final Matrix codeGradients;
    private final Matrix reconstructionPreActivations;
    private final Matrix reconstructions;
    private final Matrix reconstructionDeltas;
    private double meanReconstructionCost = Double.NaN;

    private Buffers(int batchSize) {
      this.batchSize = batchSize;
      int units = units();
      int inputs = inputSize();
      preActivations = new Matrix(batchSize, units);
      codes = new Matrix(batchSize, units);
      codeNonZeros = encoder.listsNonZeros() ? new CsrMatrix(batchSize, units, batchSize * units) : null;
      codeGradients = new Matrix(batchSize, units);
      reconstructionPreActivations = new Matrix(batchSize, inputs);
      reconstructions = new Matrix(batchSize, inputs);
      reconstructionDeltas = new Matrix(batchSize, inputs);
    }

    public int batchSize() {
      return batchSize;
    }

    /** Returns the last step's mean reconstruction cost per example, without the L1 penalty. */
    public double meanReconstructionCost() {
      return meanReconstructionCost;
    }

    /** batchSize × units: the code h of the last forward pass. */
    public Matrix codes() {
      return codes;
    }

    /** batchSize × inputs: the reconstruction r of the last forward pass. */
    public Matrix reconstructions() {
      return reconstructions;
    }

    private void requireBatch(Matrix input) {
      if (input.rows() != batchSize || input.cols() != inputSize()) {
        throw new IllegalArgumentException("autoencoder buffers hold batches of " + batchSize + " × " + inputSize()
            + ", got a batch of " + input.shape());
      }
    }
  }
}
