package dev.rectifier.cli;

import dev.rectifier.kernel.KernelChoice;
import dev.rectifier.kernel.Kernels;
import picocli.CommandLine.Option;

/** Options that choose the kernels and their threads, shared by the subcommands. */
final class ComputeOptions {

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads, from 1 to the number of available processors (default: all of them).")
  Integer threads;

  @Option(names = "--kernels", defaultValue = "auto", paramLabel = "KIND",
      description = "Kernel implementation: vector (Vector API, skips zeros), dense (Vector API, never skips"
          + " zeros, for comparison), reference (plain loops) or auto, which takes vector when the JVM has"
          + " the Vector API module (default: ${DEFAULT-VALUE}).")
  String kernelChoice;

  /**
   * Returns the thread count in effect. More threads than processors only add switching, because
   * the kernels keep every thread busy, so the count is capped there.
   */
  int threadCount() {
    int processors = Runtime.getRuntime().availableProcessors();
    int count = threads != null ? threads : processors;
    if (count < 1 || count > processors) {
      throw new IllegalArgumentException("--threads must be between 1 and " + processors
          + " (the available processors), got " + count);
    }
    return count;
  }

  /** Returns the parsed --kernels value, so a bad one fails before any work starts. */
  KernelChoice kernelChoice() {
    try {
      return KernelChoice.parse(kernelChoice);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kernels: " + e.getMessage(), e);
    }
  }

  /** Creates the chosen kernels; the caller closes them. */
  Kernels createKernels() {
    return kernelChoice().create(threadCount());
  }
}
