package dev.rectifier.train;

import dev.rectifier.nn.Network;

/** Hooks through which a caller follows a training run; every method has an empty default. */
public interface TrainingListener {

  /** Called before epoch {@code epoch} (1-based) with its number of batches. */
  default void epochStarted(int epoch, int batches) {}

  /** Called after each batch with the mean training loss of the epoch so far. */
  default void batchFinished(int epoch, int batch, double meanLossSoFar) {}

  /** Called after each epoch's validation. */
  default void epochFinished(EpochRecord record) {}

  /**
   * Called when an epoch reached the best validation error so far; {@code network} contains that
   * epoch's parameters, so the caller can save it before training goes on.
   */
  default void bestModelImproved(int epoch, Network network) {}

  /** Polled between batches; returning {@code true} stops the run early (for example on Ctrl-C). */
  default boolean stopRequested() {
    return false;
  }
}
