package dev.rectifier.train;

import dev.rectifier.metrics.Evaluation;

/**
 * Metrics and timings of one finished epoch.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean over the epoch's batches of NLL plus L1 penalty
 * @param validation metrics on the validation set after the epoch
 * @param improved whether the validation error was the best so far
 * @param epochSeconds wall time of the epoch's training steps, validation excluded
 * @param elapsedSeconds wall time since training started, validation included
 * @param examplesPerSecond training examples processed per second during the epoch
 */
public record EpochRecord(int epoch, double trainLoss, Evaluation validation, boolean improved,
    double epochSeconds, double elapsedSeconds, double examplesPerSecond) {}
