package dev.rectifier.cli;

import dev.rectifier.kernel.KernelChoice;
import dev.rectifier.kernel.Kernels;
import picocli.CommandLine.Option;

/** Options that choose the kernels and their threads, shared by the subcommands. */
final class ComputeOptions {

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: the number of available processors).")
  Integer threads;

  @Option(names = "--kernels", defaultValue = "auto", paramLabel = "KIND",
      description = "Kernel implementation: auto, vector or reference (default: ${DEFAULT-VALUE}).")
  String kernelChoice;

  /** Returns the thread count in effect. */
  int threadCount() {
    int count = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (count < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + count);
    }
    return count;
  }

  /** Creates the chosen kernels; the caller closes them. */
  Kernels createKernels() {
    return KernelChoice.parse(kernelChoice).create(threadCount());
  }
}
