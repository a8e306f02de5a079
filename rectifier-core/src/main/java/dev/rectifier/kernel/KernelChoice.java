package dev.rectifier.kernel;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the kernel implementation: {@code auto} (the default), {@code vector}, {@code dense} or
 * {@code reference}. {@code auto} takes the Vector API kernels when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and falls back to the reference loops otherwise,
 * logging which one it took and why. {@code dense} is the Vector API kernels with zero skipping
 * switched off, the yardstick that shows what skipping zeros saves.
 */
public enum KernelChoice {
  AUTO,
  VECTOR,
  DENSE,
  REFERENCE;

  private static final Logger LOG = LoggerFactory.getLogger(KernelChoice.class);
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** Parses {@code auto}, {@code vector}, {@code dense} or {@code reference}, ignoring case. */
  public static KernelChoice parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown kernel choice '" + text + "': expected auto, vector, dense or reference", e);
    }
  }

  /** Returns {@code true} when the Vector API module is loaded in this JVM. */
  public static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /** Creates the chosen kernels with {@code threads} threads (the reference kernels use one). */
  public Kernels create(int threads) {
    Kernels kernels = switch (this) {
      case REFERENCE -> new ReferenceKernels();
      case VECTOR, DENSE -> {
        if (!vectorApiAvailable()) {
          throw new IllegalStateException("the " + name().toLowerCase(Locale.ROOT)
              + " kernels need the JVM option --add-modules " + VECTOR_MODULE
              + "; start through the rectifier launcher or add the option");
        }
        yield new VectorKernels(threads,
            this == VECTOR ? VectorKernels.ZeroSkipping.AUTO : VectorKernels.ZeroSkipping.NEVER);
      }
      case AUTO -> {
        if (vectorApiAvailable()) {
          yield new VectorKernels(threads);
        }
        LOG.warn("Vector API module {} is not loaded, so the slow reference kernels are used;"
            + " add --add-modules {} to the JVM options", VECTOR_MODULE, VECTOR_MODULE);
        yield new ReferenceKernels();
      }
    };
    LOG.info("Kernels: {} (choice {})", kernels.name(), name().toLowerCase(Locale.ROOT));
    return kernels;
  }
}
