package dev.rectifier.metrics;

import java.util.List;

/**
 * Metrics of a network on one data set.
 *
 * @param examples number of examples evaluated
 * @param errorRate fraction of examples whose predicted class is wrong
 * @param meanNll mean negative log-likelihood of the true class
 * @param sparsityPerLayer fraction of exact zeros per hidden layer, input side first
 * @param deadUnitsPerLayer units per hidden layer that were 0 on every example
 */
public record Evaluation(int examples, double errorRate, double meanNll, List<Double> sparsityPerLayer,
    List<Integer> deadUnitsPerLayer) {

  /** Copies the lists. */
  public Evaluation {
    sparsityPerLayer = List.copyOf(sparsityPerLayer);
    deadUnitsPerLayer = List.copyOf(deadUnitsPerLayer);
  }

  /** Returns the mean of the per-layer sparsities, or NaN for a network without hidden layers. */
  public double meanSparsity() {
    return sparsityPerLayer.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
