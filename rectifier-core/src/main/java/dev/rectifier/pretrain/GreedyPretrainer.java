package dev.rectifier.pretrain;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.NonFiniteLossException;
import dev.rectifier.train.SeedSequence;
import dev.rectifier.train.Shuffling;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greedy layer-wise pre-training of a network's hidden layers with denoising autoencoders.
 *
 * <p>Layer k's autoencoder is trained on the clean codes of layers 1 … k−1 (the network input
 * for k = 1), mapped by the strategy's {@link InputScaling} fitted on those training codes.
 * Each epoch shuffles the inputs, takes consecutive minibatches (the last one may be smaller),
 * corrupts each with masking noise and takes one SGD step. Codes are unsigned: half negation
 * applies only in the supervised network, where {@link PretrainedLayer} folds it in. Each layer
 * draws its own random streams from the seed ({@code pretrain-init-K}, {@code pretrain-shuffle-K},
 * {@code pretrain-noise-K}).
 *
 * <p>Only input matrices reach this class, never labels, so pre-training is unsupervised by
 * construction.
 */
public final class GreedyPretrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GreedyPretrainer.class);
  /** Examples per forward pass when encoding a whole matrix or measuring validation cost. */
  private static final int ENCODE_BATCH = 250;
  /** Smallest reference cost, so that inputs of almost only zeros do not set a reference near 0. */
  private static final double REFERENCE_FLOOR = 1e-3;
  /**
   * An epoch whose mean cost exceeds the reference this many times has diverged. A converging
   * autoencoder ends far below its first batch. A learning rate that is too large can send the
   * cost up by many orders of magnitude while it stays finite.
   */
  private static final double EPOCH_GROWTH_LIMIT = 100;
  /** One batch whose cost exceeds the reference this many times has diverged. */
  private static final double BATCH_GROWTH_LIMIT = 1e4;

  private final PretrainingConfig config;
  private final Kernels kernels;
  private final PretrainingListener listener;

  public GreedyPretrainer(PretrainingConfig config, Kernels kernels, PretrainingListener listener) {
    this.config = config;
    this.kernels = kernels;
    this.listener = listener;
  }

  /**
   * Pre-trains every hidden layer of {@code spec}, from the first upwards.
   *
   * @param trainInputs examples × spec.inputSize(), not modified
   * @param validationInputs examples × spec.inputSize() for the validation reconstruction cost
   *     after each epoch, or {@code null}; not modified
   * @throws NonFiniteLossException when a cost or parameter becomes NaN or infinite; the layers
   *     finished before it have reached {@link PretrainingListener#layerFinished}
   * @throws IllegalArgumentException when the strategy cannot reconstruct the inputs or codes
   */
  public PretrainingResult pretrain(NetworkSpec spec, Matrix trainInputs, Matrix validationInputs) {
    return resume(spec, List.of(), trainInputs, validationInputs);
  }

  /**
   * Pre-trains the hidden layers of {@code spec} above {@code finished}, the first layers of an
   * earlier, interrupted pre-training in network form. Their codes are recomputed from the
   * inputs, and they come first in the result.
   *
   * @see #pretrain
   */
  public PretrainingResult resume(NetworkSpec spec, List<PretrainedLayer> finished, Matrix trainInputs,
      Matrix validationInputs) {
    requireInputs(spec, trainInputs, "training inputs");
    if (validationInputs != null) {
      requireInputs(spec, validationInputs, "validation inputs");
    }
    if (finished.size() > spec.hiddenSizes().size()) {
      throw new IllegalArgumentException(finished.size() + " finished layers do not fit the "
          + spec.hiddenSizes().size() + " hidden layers of " + spec.describe());
    }
    int expectedInputs = spec.inputSize();
    for (int l = 0; l < finished.size(); l++) {
      Matrix weights = finished.get(l).weights();
      int expectedUnits = spec.hiddenSizes().get(l);
      if (weights.rows() != expectedInputs || weights.cols() != expectedUnits) {
        throw new IllegalArgumentException("finished layer " + (l + 1) + " has " + weights.rows() + " inputs and "
            + weights.cols() + " units, but hidden layer " + (l + 1) + " of " + spec.describe() + " has "
            + expectedInputs + " inputs and " + expectedUnits + " units");
      }
      expectedInputs = expectedUnits;
    }
    config.strategy().requireCompatible(spec.activation(), spec.hiddenSizes().size());
    long start = System.nanoTime();
    SeedSequence seeds = new SeedSequence(config.seed());
    List<PretrainedLayer> layers = new ArrayList<>(finished);
    Matrix train = trainInputs;
    Matrix validation = validationInputs;
    for (int l = 0; l < finished.size(); l++) {
      boolean signedOutput = spec.halfNegated() && l + 1 < finished.size();
      train = codesOf(finished.get(l), spec, train, signedOutput);
      validation = validation == null ? null : codesOf(finished.get(l), spec, validation, signedOutput);
    }
    int inputs = finished.isEmpty() ? spec.inputSize() : spec.hiddenSizes().get(finished.size() - 1);
    for (int k = finished.size() + 1; k <= spec.hiddenSizes().size(); k++) {
      int units = spec.hiddenSizes().get(k - 1);
      String inputName = k == 1 ? "network input" : "code of hidden layer " + (k - 1);
      InputScaling scaling = InputScaling.fit(config.strategy(), train, "pre-training hidden layer " + k + ": "
          + inputName);
      if (!scaling.isIdentity()) {
        LOG.info("Hidden layer {}: its autoencoder receives the {} mapped by (x - {}) / {}", k, inputName,
            scaling.offset(), scaling.scale());
      }
      DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(inputs, units, spec.activation(),
          config.strategy(), config.tied());
      autoencoder.initialize(config.weightInit(), seeds.random("pretrain-init-" + k));
      LayerRun run = new LayerRun(k, autoencoder, scaling, train, validation, seeds);
      List<PretrainEpochRecord> records = run.trainEpochs();
      if (records == null) {
        return new PretrainingResult(layers, true, (System.nanoTime() - start) / 1e9);
      }
      layers.add(PretrainedLayer.fold(autoencoder, scaling, k > 1 && spec.halfNegated(), records));
      listener.layerFinished(k, List.copyOf(layers));
      if (k < spec.hiddenSizes().size()) {
        train = encodeAll(autoencoder, scaling, train);
        validation = validation == null ? null : encodeAll(autoencoder, scaling, validation);
      }
      inputs = units;
    }
    return new PretrainingResult(layers, false, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Returns the codes of a finished layer in network form for {@code inputs}, which are in
   * network form too: unsigned, or with the half-negation signs when {@code signed}.
   */
  private Matrix codesOf(PretrainedLayer layer, NetworkSpec spec, Matrix inputs, boolean signed) {
    DenseLayer dense = new DenseLayer(layer.weights().rows(), layer.weights().cols(), spec.activation(), signed);
    layer.copyInto(dense);
    Matrix codes = new Matrix(inputs.rows(), dense.outputSize());
    forEachChunk(inputs, InputScaling.IDENTITY, rows -> new LayerOutputs(dense.outputSize(), rows),
        (chunk, from, outputs) -> {
          dense.forward(kernels, chunk, outputs.preActivations(), outputs.activations());
          copyRows(outputs.activations(), codes, from);
        });
    return codes;
  }

  /** A layer's pre-activations and activations for one chunk size. */
  private record LayerOutputs(Matrix preActivations, Matrix activations) {
    LayerOutputs(int units, int rows) {
      this(new Matrix(rows, units), new Matrix(rows, units));
    }
  }

  /** Copies every row of {@code source} into {@code target}, starting at row {@code from}. */
  private static void copyRows(Matrix source, Matrix target, int from) {
    System.arraycopy(source.data(), 0, target.data(), from * target.cols(), source.data().length);
  }

  private static void requireInputs(NetworkSpec spec, Matrix inputs, String name) {
    if (inputs.rows() == 0) {
      throw new IllegalArgumentException("pre-training needs " + name + ", got none");
    }
    if (inputs.cols() != spec.inputSize()) {
      throw new IllegalArgumentException("the " + name + " have " + inputs.cols()
          + " components but the network " + spec.describe() + " expects " + spec.inputSize());
    }
  }

  /** Returns the unsigned codes of every row of {@code inputs}, mapped by {@code scaling} first. */
  private Matrix encodeAll(DenoisingAutoencoder autoencoder, InputScaling scaling, Matrix inputs) {
    Matrix codes = new Matrix(inputs.rows(), autoencoder.units());
    forEachChunk(inputs, scaling, autoencoder::buffers, (chunk, from, buffers) -> {
      autoencoder.encode(kernels, chunk, buffers);
      copyRows(buffers.codes(), codes, from);
    });
    return codes;
  }

  /** A step over the consecutive rows of a matrix from row {@code from}, with buffers for the chunk's size. */
  private interface ChunkAction<B> {
    void accept(Matrix chunk, int from, B buffers);
  }

  /**
   * Runs {@code action} on consecutive chunks of at most {@value #ENCODE_BATCH} rows of
   * {@code inputs}, each a copy mapped by {@code scaling}. {@code buffersFor} creates the buffers
   * for the full chunk size, and once more for a smaller last chunk.
   */
  private static <B> void forEachChunk(Matrix inputs, InputScaling scaling, IntFunction<B> buffersFor,
      ChunkAction<B> action) {
    int size = Math.min(ENCODE_BATCH, inputs.rows());
    Matrix chunk = new Matrix(size, inputs.cols());
    B buffers = buffersFor.apply(size);
    for (int from = 0; from < inputs.rows(); from += size) {
      int count = Math.min(size, inputs.rows() - from);
      if (count != size) {
        chunk = new Matrix(count, inputs.cols());
        buffers = buffersFor.apply(count);
      }
      System.arraycopy(inputs.data(), from * inputs.cols(), chunk.data(), 0, count * inputs.cols());
      scaling.apply(chunk);
      action.accept(chunk, from, buffers);
    }
  }

  /** An autoencoder's buffers and a corrupted copy of the chunk, for the validation cost. */
  private record ValidationBuffers(DenoisingAutoencoder.Buffers autoencoder, Matrix corrupted) {}

  /** The epochs of one layer's autoencoder. */
  private final class LayerRun {
    private final int layer;
    private final DenoisingAutoencoder autoencoder;
    private final InputScaling scaling;
    private final Matrix train;
    private final Matrix validation;
    private final SplittableRandom shuffleRandom;
    private final SplittableRandom noiseRandom;
    private final MaskingNoise noise = config.noise();
    private final L1ActivationPenalty penalty = new L1ActivationPenalty(config.l1Coefficient());
    private final int[] order;
    private final int batchSize;
    private final SeedSequence validationSeeds;
    private double reference;

    LayerRun(int layer, DenoisingAutoencoder autoencoder, InputScaling scaling, Matrix train, Matrix validation,
        SeedSequence seeds) {
      this.layer = layer;
      this.autoencoder = autoencoder;
      this.scaling = scaling;
      this.train = train;
      this.validation = validation;
      this.shuffleRandom = seeds.random("pretrain-shuffle-" + layer);
      this.noiseRandom = seeds.random("pretrain-noise-" + layer);
      this.order = IntStream.range(0, train.rows()).toArray();
      this.batchSize = Math.min(config.batchSize(), train.rows());
      this.validationSeeds = seeds;
    }

    /** Returns the epochs' records, or {@code null} when a stop request interrupted the layer. */
    List<PretrainEpochRecord> trainEpochs() {
      List<PretrainEpochRecord> records = new ArrayList<>();
      int last = train.rows() % batchSize;
      Batch full = new Batch(batchSize);
      Batch partial = last == 0 ? null : new Batch(last);
      int batches = (train.rows() + batchSize - 1) / batchSize;
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        Shuffling.shuffle(order, shuffleRandom);
        listener.epochStarted(layer, epoch, batches);
        double costSum = 0;
        for (int b = 0; b < batches; b++) {
          if (listener.stopRequested()) {
            LOG.info("Pre-training of hidden layer {} stopped in epoch {} after {} batches", layer, epoch, b);
            return null;
          }
          int from = b * batchSize;
          Batch batch = from + batchSize <= train.rows() ? full : partial;
          batch.clean.gatherRows(train, order, from, batch.clean.rows());
          scaling.apply(batch.clean);
          noise.corrupt(batch.clean, batch.corrupted, noiseRandom);
          autoencoder.trainStep(kernels, batch.clean, batch.corrupted, batch.buffers, penalty, config.learningRate());
          double cost = batch.buffers.meanReconstructionCost();
          if (!Double.isFinite(cost)) {
            throw NonFiniteLossException.pretraining(layer, epoch, b + 1, cost, config.learningRate());
          }
          trackReference(epoch, b, cost);
          if (cost > BATCH_GROWTH_LIMIT * reference()) {
            throw NonFiniteLossException.pretrainingGrowth(layer, epoch, b + 1, reference(), cost,
                config.learningRate());
          }
          costSum += cost * batch.clean.rows();
          listener.batchFinished(layer, epoch, b + 1, costSum / (from + batch.clean.rows()));
        }
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        requireFiniteParameters(epoch);
        if (costSum / train.rows() > EPOCH_GROWTH_LIMIT * reference()) {
          throw NonFiniteLossException.pretrainingGrowth(layer, epoch, 0, reference(), costSum / train.rows(),
              config.learningRate());
        }
        double[] validationMetrics = validate();
        PretrainEpochRecord record = new PretrainEpochRecord(layer, epoch, costSum / train.rows(),
            validationMetrics[0], validationMetrics[1], epochSeconds, train.rows() / epochSeconds);
        records.add(record);
        listener.epochFinished(record);
      }
      return records;
    }

    /**
     * Keeps the cost of the layer's first batch as the reference. The step has not changed the
     * initial parameters when that cost is measured, so a learning rate that is too large cannot
     * inflate it.
     */
    private void trackReference(int epoch, int batchIndex, double cost) {
      if (epoch == 1 && batchIndex == 0) {
        reference = Math.max(REFERENCE_FLOOR, cost);
      }
    }

    private double reference() {
      return reference;
    }

    private void requireFiniteParameters(int epoch) {
      boolean finite = autoencoder.encoder().weights().isFinite() && autoencoder.encoder().bias().isFinite()
          && autoencoder.decoderBias().isFinite()
          && (autoencoder.tied() || autoencoder.decoderWeights().isFinite());
      if (!finite) {
        throw NonFiniteLossException.pretrainingParameters(layer, epoch, config.learningRate());
      }
    }

    /**
     * Returns the mean reconstruction cost on the validation inputs under masking noise, drawn
     * from the same seed every epoch so that epochs compare, and the share of exact zeros in the
     * clean validation codes. Without noise the encoder of a rectifier autoencoder receives larger
     * inputs than in training, so its clean reconstruction is not the quantity training lowers.
     */
    private double[] validate() {
      if (validation == null) {
        return new double[] {Double.NaN, Double.NaN};
      }
      double[] sums = new double[2];
      SplittableRandom validationNoise = validationSeeds.random("pretrain-validation-noise-" + layer);
      forEachChunk(validation, scaling,
          rows -> new ValidationBuffers(autoencoder.buffers(rows), new Matrix(rows, validation.cols())),
          (chunk, from, buffers) -> {
            autoencoder.encode(kernels, chunk, buffers.autoencoder());
            for (float h : buffers.autoencoder().codes().data()) {
              if (h == 0f) {
                sums[1]++;
              }
            }
            noise.corrupt(chunk, buffers.corrupted(), validationNoise);
            sums[0] += autoencoder.reconstructionCost(kernels, buffers.corrupted(), chunk, buffers.autoencoder());
          });
      return new double[] {sums[0] / validation.rows(), sums[1] / ((double) validation.rows() * autoencoder.units())};
    }

    /** Buffers for one batch size. */
    private final class Batch {
      final Matrix clean;
      final Matrix corrupted;
      final DenoisingAutoencoder.Buffers buffers;

      Batch(int size) {
        clean = new Matrix(size, train.cols());
        corrupted = new Matrix(size, train.cols());
        buffers = autoencoder.buffers(size);
      }
    }
  }
}
