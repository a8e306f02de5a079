package dev.rectifier.train;

/**
 * Thrown when training diverged: a step produced a NaN or infinite loss, an epoch ended with a
 * NaN or infinite parameter, or a pre-training cost grew far beyond its start, usually because the
 * learning rate is too large. The trainer restores
 * the best parameters it had before throwing, so the network never contains non-finite weights
 * afterwards.
 */
public final class NonFiniteLossException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int epoch;
  private final int batch;
  private final boolean duringPretraining;

  /** Creates the exception for 1-based {@code epoch} and {@code batch}. */
  public NonFiniteLossException(int epoch, int batch, double loss, double learningRate) {
    super("non-finite loss at epoch " + epoch + ", batch " + batch + " (loss " + loss
        + "): training diverged; try a smaller learning rate than " + learningRate);
    this.epoch = epoch;
    this.batch = batch;
    this.duringPretraining = false;
  }

  private NonFiniteLossException(String message, int epoch, int batch, boolean duringPretraining) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
    this.duringPretraining = duringPretraining;
  }

  /**
   * Creates the exception for a non-finite cost while pre-training hidden layer {@code layer}
   * (1-based) at 1-based {@code epoch} and {@code batch}.
   */
  public static NonFiniteLossException pretraining(int layer, int epoch, int batch, double cost, double learningRate) {
    return new NonFiniteLossException("non-finite reconstruction cost while pre-training hidden layer " + layer
        + " at epoch " + epoch + ", batch " + batch + " (cost " + cost + "): pre-training diverged; try a smaller"
        + " pre-training learning rate than " + learningRate, epoch, batch, true);
  }

  /**
   * Creates the exception for a reconstruction cost of hidden layer {@code layer} that stayed
   * finite but grew far beyond where it started, {@code reference}, which a converging run never
   * does.
   */
  public static NonFiniteLossException pretrainingGrowth(int layer, int epoch, int batch, double reference,
      double cost, double learningRate) {
    return new NonFiniteLossException("reconstruction cost while pre-training hidden layer " + layer + " grew from "
        + String.format(java.util.Locale.ROOT, "%.4g", reference) + " (its first batch) to "
        + String.format(java.util.Locale.ROOT, "%.4g", cost) + " at epoch " + epoch
        + (batch > 0 ? ", batch " + batch : "") + ": pre-training diverged; try a smaller pre-training learning rate"
        + " than " + learningRate, epoch, batch, true);
  }

  /** Creates the exception for a non-finite autoencoder parameter of hidden layer {@code layer} after {@code epoch}. */
  public static NonFiniteLossException pretrainingParameters(int layer, int epoch, double learningRate) {
    return new NonFiniteLossException("non-finite autoencoder parameters after epoch " + epoch
        + " while pre-training hidden layer " + layer + ": pre-training diverged; try a smaller pre-training"
        + " learning rate than " + learningRate, epoch, 0, true);
  }

  /** Creates the exception for a non-finite parameter found after 1-based {@code epoch}. */
  public static NonFiniteLossException parameters(int epoch, int layer, double learningRate) {
    return new NonFiniteLossException("non-finite parameters in layer " + layer + " after epoch " + epoch
        + ": training diverged; try a smaller learning rate than " + learningRate, epoch, 0, false);
  }

  public int epoch() {
    return epoch;
  }

  /** Returns {@code true} when pre-training diverged, {@code false} for supervised training. */
  public boolean duringPretraining() {
    return duringPretraining;
  }

  /** Returns the 1-based batch of a non-finite loss, or 0 for non-finite parameters. */
  public int batch() {
    return batch;
  }
}
