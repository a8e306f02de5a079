package dev.rectifier.metrics;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.OutputLoss;
import dev.rectifier.nn.SoftmaxCrossEntropy;
import dev.rectifier.nn.Workspace;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Computes error rate, mean NLL, sparsity and dead units of a network on a data set, in batches
 * taken in data-set order (so the result does not depend on the batch size).
 */
public final class Evaluator {
  /** Examples per forward pass during evaluation. */
  public static final int DEFAULT_BATCH_SIZE = 250;

  private final Kernels kernels;
  private final int batchSize;

  public Evaluator(Kernels kernels) {
    this(kernels, DEFAULT_BATCH_SIZE);
  }

  public Evaluator(Kernels kernels, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("evaluation batch size must be at least 1, got " + batchSize);
    }
    this.kernels = kernels;
    this.batchSize = batchSize;
  }

  /** Evaluates {@code network} on every example of {@code data}; {@code data} must not be empty. */
  public Evaluation evaluate(Network network, Dataset data) {
    checkCompatible(network, data);

    int hidden = network.hiddenLayerCount();
    List<ActivationStats> stats = new ArrayList<>();
    for (int l = 0; l < hidden; l++) {
      stats.add(new ActivationStats(network.layers().get(l).outputSize()));
    }
    int errors = 0;
    double nllSum = 0;
    int[] order = IntStream.range(0, data.size()).toArray();
    int fullBatch = Math.min(batchSize, data.size());
    Workspace workspace = network.workspace(fullBatch);
    Matrix input = new Matrix(fullBatch, data.inputSize());

    for (int from = 0; from < data.size(); from += fullBatch) {
      int count = Math.min(fullBatch, data.size() - from);
      if (count != fullBatch) {
        workspace = network.workspace(count);
        input = new Matrix(count, data.inputSize());
      }
      input.gatherRows(data.features(), order, from, count);
      network.forward(kernels, input, workspace);
      for (int l = 0; l < hidden; l++) {
        stats.get(l).add(workspace.activations(l));
      }
      for (int r = 0; r < count; r++) {
        int label = data.labels()[from + r];
        if (SoftmaxCrossEntropy.predict(workspace.outputs(), r) != label) {
          errors++;
        }
        nllSum += SoftmaxCrossEntropy.loss(workspace.outputs(), r, label);
      }
    }

    List<Double> sparsity = stats.stream().map(s -> s.sparsity().orElse(Double.NaN)).toList();
    List<Integer> dead = stats.stream().map(ActivationStats::deadUnits).toList();
    return new Evaluation(data.size(), (double) errors / data.size(), nllSum / data.size(), sparsity, dead);
  }

  private static void checkCompatible(Network network, Dataset data) {
    network.spec().requireLoss(OutputLoss.SOFTMAX_NLL);
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot evaluate on " + data.name() + ": it has no examples");
    }
    if (data.inputSize() != network.spec().inputSize()) {
      throw new IllegalArgumentException(data.name() + " has " + data.inputSize()
          + " input components but the network expects " + network.spec().inputSize());
    }
    if (data.numClasses() > network.spec().numClasses()) {
      throw new IllegalArgumentException(data.name() + " has " + data.numClasses()
          + " classes but the network has only " + network.spec().numClasses() + " outputs");
    }
  }
}
