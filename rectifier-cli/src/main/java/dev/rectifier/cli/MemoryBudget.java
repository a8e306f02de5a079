package dev.rectifier.cli;

import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.train.TrainingConfig;
import java.util.Locale;

/**
 * Checks that a network fits in the JVM's heap before it is allocated, so that a too large
 * {@code --hidden} gets an error with the sizes instead of an {@link OutOfMemoryError} mid-run.
 */
final class MemoryBudget {
  private static final String HEAP_HINT = "use smaller --hidden sizes, or give the JVM more memory with"
      + " RECTIFIER_JAVA_OPTS=-Xmx<size>, for example -Xmx16g";

  private MemoryBudget() {}

  /**
   * Rejects a network whose training state does not fit in the free heap. Training keeps the
   * parameters, a copy of the best ones, and with momentum one velocity per parameter, all as
   * 4-byte floats.
   */
  static void requireRoomForTraining(NetworkSpec spec, TrainingConfig config) {
    long parameters = parameterCount(spec);
    int copies = config.momentum() > 0 ? 3 : 2;
    long needed = 4L * parameters * copies;
    Runtime runtime = Runtime.getRuntime();
    long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    if (needed > available) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the network %s has %,d parameters and needs about %s for training, but the JVM has %s free; %s",
          spec.describe(), parameters, megabytes(needed), megabytes(available), HEAP_HINT));
    }
  }

  /**
   * Rejects pre-training whose buffers do not fit in the free heap. Pre-training keeps the codes
   * of two consecutive layers for every training and validation example, and an autoencoder with
   * an untied decoder, all as 4-byte floats. The network itself is checked separately.
   */
  static void requireRoomForPretraining(NetworkSpec spec, int examples) {
    long widest = 0;
    long autoencoder = 0;
    long inputs = spec.inputSize();
    for (int units : spec.hiddenSizes()) {
      widest = Math.max(widest, units);
      autoencoder = Math.max(autoencoder, 2 * inputs * units + units + inputs);
      inputs = units;
    }
    long needed = 4L * (2 * widest * examples + autoencoder);
    Runtime runtime = Runtime.getRuntime();
    long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    if (needed > available) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "pre-training %s on %,d examples keeps the codes of two layers and needs about %s, but the JVM has %s"
              + " free; %s", spec.describe(), examples, megabytes(needed), megabytes(available), HEAP_HINT));
    }
  }

  /** Creates the network, turning an {@link OutOfMemoryError} into an error with the sizes. */
  static Network allocate(NetworkSpec spec) {
    try {
      return new Network(spec);
    } catch (OutOfMemoryError e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "not enough memory for the network %s (%,d parameters); %s", spec.describe(), parameterCount(spec),
          HEAP_HINT), e);
    }
  }

  /** Returns the number of weights and biases of all layers. */
  static long parameterCount(NetworkSpec spec) {
    long count = 0;
    long inputs = spec.inputSize();
    for (int units : spec.hiddenSizes()) {
      count += inputs * units + units;
      inputs = units;
    }
    return count + inputs * spec.outputSize() + spec.outputSize();
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
  }
}
