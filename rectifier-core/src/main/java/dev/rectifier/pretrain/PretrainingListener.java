package dev.rectifier.pretrain;

/** Hooks through which a caller follows pre-training; every method has an empty default. */
public interface PretrainingListener {

  /** Called before epoch {@code epoch} of hidden layer {@code layer} (both 1-based). */
  default void epochStarted(int layer, int epoch, int batches) {}

  /** Called after each batch with the epoch's mean reconstruction cost so far. */
  default void batchFinished(int layer, int epoch, int batch, double meanCostSoFar) {}

  /** Called after each epoch's validation. */
  default void epochFinished(PretrainEpochRecord record) {}

  /**
   * Called when a layer's pre-training is finished. {@code layers} contains every finished layer
   * so far, from the first, so the caller can save them before the next layer starts.
   */
  default void layerFinished(int layer, java.util.List<PretrainedLayer> layers) {}

  /** Polled between batches; returning {@code true} stops pre-training after the current batch. */
  default boolean stopRequested() {
    return false;
  }
}
