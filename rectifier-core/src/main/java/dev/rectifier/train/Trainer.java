package dev.rectifier.train;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.metrics.Evaluator;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.Workspace;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised training of a classifier with minibatch SGD and early stopping.
 *
 * <p>Each epoch shuffles the training set (with the seed's {@code "shuffle"} stream), takes
 * consecutive minibatches (the last one may be smaller), and validates afterwards. The parameters
 * with the lowest validation error are kept; the run stops after {@code patience} epochs without
 * improvement, after {@code maxEpochs}, or when the listener requests a stop. The network ends up
 * holding the best-validation parameters, whatever the reason for stopping.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainingConfig config;
  private final Kernels kernels;
  private final TrainingListener listener;

  public Trainer(TrainingConfig config, Kernels kernels, TrainingListener listener) {
    this.config = config;
    this.kernels = kernels;
    this.listener = listener;
  }

  /**
   * Trains {@code network}, which must already be initialised.
   *
   * @throws NonFiniteLossException when a loss or a parameter is NaN or infinite. Before throwing,
   *     the trainer restores the best parameters so far, or the initial ones if no epoch finished.
   */
  public TrainingResult train(Network network, Dataset train, Dataset validation) {
    checkCompatible(network, train);
    checkCompatible(network, validation);
    SplittableRandom shuffleRandom = new SeedSequence(config.seed()).random("shuffle");
    L1ActivationPenalty penalty = new L1ActivationPenalty(config.l1Coefficient());
    Sgd sgd = new Sgd(kernels, config.learningRate(), config.momentum(), network.layers().size());
    Evaluator evaluator = new Evaluator(kernels);
    ParameterSnapshot best = new ParameterSnapshot(network);
    Batches batches = new Batches(network, train, config.batchSize());

    List<EpochRecord> records = new ArrayList<>();
    double bestError = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    double trainNanos = 0;
    long examplesSeen = 0;
    long start = System.nanoTime();
    StopReason reason = StopReason.MAX_EPOCHS;
    for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
      long epochStart = System.nanoTime();
      double trainLoss;
      try {
        trainLoss = runEpoch(network, batches, epoch, shuffleRandom, penalty, sgd);
      } catch (NonFiniteLossException e) {
        best.restore(network);
        throw e;
      } catch (StopSignal stop) {
        trainNanos += System.nanoTime() - epochStart;
        examplesSeen += (long) stop.batchesDone * batches.batchSize;
        reason = StopReason.INTERRUPTED;
        break;
      }
      checkParametersFinite(network, epoch, best);
      double epochNanos = System.nanoTime() - epochStart;
      trainNanos += epochNanos;
      examplesSeen += train.size();

      Evaluation evaluation = evaluator.evaluate(network, validation);
      boolean improved = evaluation.errorRate() < bestError;
      if (improved) {
        bestError = evaluation.errorRate();
        bestEpoch = epoch;
        best.capture(network);
      }
      EpochRecord record = new EpochRecord(epoch, trainLoss, evaluation, improved, epochNanos / 1e9,
          (System.nanoTime() - start) / 1e9, train.size() / (epochNanos / 1e9));
      records.add(record);
      listener.epochFinished(record);
      if (improved) {
        listener.bestModelImproved(epoch, network);
      }
      if (epoch - bestEpoch >= config.patience()) {
        reason = StopReason.PATIENCE;
        LOG.info("Stopping after epoch {}: no better validation error for {} epochs", epoch, config.patience());
        break;
      }
      if (listener.stopRequested()) {
        reason = StopReason.INTERRUPTED;
        break;
      }
    }
    best.restore(network);
    double trainSeconds = trainNanos / 1e9;
    double rate = trainSeconds > 0 ? examplesSeen / trainSeconds : 0;
    return new TrainingResult(records, bestEpoch, reason, trainSeconds, rate);
  }

  private double runEpoch(Network network, Batches batches, int epoch, SplittableRandom random,
      L1ActivationPenalty penalty, Sgd sgd) {
    batches.shuffle(random);
    listener.epochStarted(epoch, batches.count());
    double lossSum = 0;
    for (int b = 0; b < batches.count(); b++) {
      if (listener.stopRequested()) {
        throw new StopSignal(b);
      }
      Workspace workspace = batches.load(b);
      double loss = network.trainStep(kernels, batches.input(), batches.labels(), workspace, penalty, sgd);
      if (!Double.isFinite(loss)) {
        throw new NonFiniteLossException(epoch, b + 1, loss, config.learningRate());
      }
      lossSum += loss;
      listener.batchFinished(epoch, b + 1, lossSum / (b + 1));
    }
    return lossSum / batches.count();
  }

  /**
   * Catches divergence that the loss alone can miss: rectifier layers turn −∞ into exact zeros,
   * and the zero-skipping kernels never multiply those by infinite weights.
   */
  private void checkParametersFinite(Network network, int epoch, ParameterSnapshot best) {
    for (int l = 0; l < network.layers().size(); l++) {
      var layer = network.layers().get(l);
      if (!layer.weights().isFinite() || !layer.bias().isFinite()) {
        best.restore(network);
        throw NonFiniteLossException.parameters(epoch, l, config.learningRate());
      }
    }
  }

  // NOTE: networks with a squared-error output cannot be trained here yet, because Dataset holds
  // class labels only; Network.trainStep with a targets matrix is the step such a trainer calls.
  private static void checkCompatible(Network network, Dataset data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException(data.name() + " has no examples");
    }
    if (data.inputSize() != network.spec().inputSize()) {
      throw new IllegalArgumentException(data.name() + " has " + data.inputSize()
          + " input components but the network expects " + network.spec().inputSize());
    }
    if (data.numClasses() != network.spec().numClasses()) {
      throw new IllegalArgumentException(data.name() + " has " + data.numClasses()
          + " classes but the network has " + network.spec().numClasses() + " outputs");
    }
  }

  /** Unwinds out of an epoch when the listener requests a stop. The trainer always catches it. */
  private static final class StopSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int batchesDone;

    StopSignal(int batchesDone) {
      super(null, null, false, false);
      this.batchesDone = batchesDone;
    }
  }

  /**
   * The shuffled order of the training set and reusable buffers for its minibatches: one
   * workspace for full batches and one for the smaller last batch, if any.
   */
  private static final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final int[] order;
    private final Workspace fullWorkspace;
    private final Workspace lastWorkspace;
    private final Matrix fullInput;
    private final Matrix lastInput;
    private final int[] labels;
    private Matrix currentInput;

    Batches(Network network, Dataset data, int batchSize) {
      this.data = data;
      this.batchSize = Math.min(batchSize, data.size());
      this.order = IntStream.range(0, data.size()).toArray();
      int last = data.size() % this.batchSize;
      this.fullWorkspace = network.workspace(this.batchSize);
      this.lastWorkspace = last == 0 ? null : network.workspace(last);
      this.fullInput = new Matrix(this.batchSize, data.inputSize());
      this.lastInput = last == 0 ? null : new Matrix(last, data.inputSize());
      this.labels = new int[this.batchSize];
    }

    int count() {
      return (data.size() + batchSize - 1) / batchSize;
    }

    void shuffle(SplittableRandom random) {
      Shuffling.shuffle(order, random);
    }

    /** Gathers batch {@code b} into the input and label buffers and returns its workspace. */
    Workspace load(int b) {
      int from = b * batchSize;
      int count = Math.min(batchSize, data.size() - from);
      boolean full = count == batchSize;
      currentInput = full ? fullInput : lastInput;
      currentInput.gatherRows(data.features(), order, from, count);
      for (int k = 0; k < count; k++) {
        labels[k] = data.labels()[order[from + k]];
      }
      return full ? fullWorkspace : lastWorkspace;
    }

    Matrix input() {
      return currentInput;
    }

    int[] labels() {
      return labels;
    }
  }
}
