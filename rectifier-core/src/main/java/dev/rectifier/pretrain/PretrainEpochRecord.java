package dev.rectifier.pretrain;

/**
 * Metrics of one finished pre-training epoch of one layer's autoencoder.
 *
 * @param layer 1-based hidden layer
 * @param epoch 1-based epoch of that layer
 * @param reconstructionError mean reconstruction cost per training example over the epoch's
 *     steps, measured on corrupted inputs against clean ones, without the L1 penalty
 * @param validationReconstructionError mean reconstruction cost per validation example after the
 *     epoch, under masking noise drawn the same way every epoch; NaN without validation inputs
 * @param codeSparsity share of the validation codes that are exactly 0 after the epoch; NaN when
 *     there are no validation inputs
 * @param epochSeconds wall time of the epoch's steps, validation excluded
 * @param examplesPerSecond training examples per second during the epoch
 */
public record PretrainEpochRecord(int layer, int epoch, double reconstructionError,
    double validationReconstructionError, double codeSparsity, double epochSeconds, double examplesPerSecond) {}
