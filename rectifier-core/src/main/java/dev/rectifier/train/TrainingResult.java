package dev.rectifier.train;

import java.util.List;

/**
 * Outcome of {@link Trainer#train}; the network then has the best-validation parameters.
 *
 * @param epochs records of the finished epochs
 * @param bestEpoch epoch with the lowest validation error, or 0 when no epoch finished
 * @param stopReason why the run ended
 * @param trainSeconds wall time of all training steps, validation excluded
 * @param examplesPerSecond training examples per second over the whole run
 */
public record TrainingResult(List<EpochRecord> epochs, int bestEpoch, StopReason stopReason,
    double trainSeconds, double examplesPerSecond) {

  /** Copies the list. */
  public TrainingResult {
    epochs = List.copyOf(epochs);
  }
}
