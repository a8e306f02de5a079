package dev.rectifier.train;

/** Reason a training run ended. */
public enum StopReason {
  /** All requested epochs ran. */
  MAX_EPOCHS,
  /** The validation error did not improve for {@code patience} epochs. */
  PATIENCE,
  /** The caller asked to stop, for example on Ctrl-C. */
  INTERRUPTED
}
