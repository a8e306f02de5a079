package dev.rectifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.nn.Workspace;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A training step allocates nothing in the steady state: the workspace, the optimiser and the
 * kernels' scratch arrays are reused from step to step. Measured with the JVM's per-thread
 * allocation counter on the calling thread. Until the JIT has compiled the Vector API code, its
 * vectors are objects, so each test warms up in rounds and passes once a whole round of steps
 * allocates nothing. A step that keeps allocating fails every round.
 */
class StepAllocationTest {
  private static final int BATCH = 10;
  private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
  private static final int WARM_UP_STEPS_PER_ROUND = 5_000;
  private static final int MEASURED_STEPS = 200;
  private static final int MAX_ROUNDS = 20;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static Matrix sparseBatch(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Matrix batch = new Matrix(BATCH, 40);
    for (int i = 0; i < batch.data().length; i++) {
      batch.data()[i] = random.nextDouble() < 0.3 ? (float) random.nextDouble() : 0f;
    }
    return batch;
  }

  /** One training step on a fixed batch, with all its buffers created up front. */
  private static final class Stepper {
    private final Kernels kernels;
    private final Network network;
    private final Workspace workspace;
    private final Sgd sgd;
    private final L1ActivationPenalty penalty = new L1ActivationPenalty(1e-4);

    Stepper(Kernels kernels) {
      this.kernels = kernels;
      this.network = new Network(new NetworkSpec(40, List.of(32, 24), new Rectifier(), false, 3,
          WeightInit.GLOROT_UNIFORM));
      network.initialize(new SplittableRandom(5));
      this.workspace = network.workspace(BATCH);
      this.sgd = new Sgd(kernels, 0.01, 0, network.layers().size());
    }

    void step(Matrix input) {
      network.trainStep(kernels, input, LABELS, workspace, penalty, sgd);
    }

    void step(CsrMatrix input) {
      network.trainStep(kernels, input, LABELS, workspace, penalty, sgd);
    }
  }

  /**
   * Runs rounds of warm-up steps followed by measured steps and returns the bytes allocated in
   * the first measured stretch that allocated nothing, or in the last one.
   */
  private static long steadyStateAllocation(Runnable step) {
    long threadId = Thread.currentThread().threadId();
    long allocated = -1;
    for (int round = 0; round < MAX_ROUNDS && allocated != 0; round++) {
      for (int warmUp = 0; warmUp < WARM_UP_STEPS_PER_ROUND; warmUp++) {
        step.run();
      }
      long before = THREADS.getThreadAllocatedBytes(threadId);
      for (int measured = 0; measured < MEASURED_STEPS; measured++) {
        step.run();
      }
      allocated = THREADS.getThreadAllocatedBytes(threadId) - before;
    }
    return allocated;
  }

  @Test
  void referenceStepAllocatesNothing() {
    Matrix input = sparseBatch(1);
    try (Kernels kernels = new ReferenceKernels()) {
      Stepper stepper = new Stepper(kernels);

      assertThat(steadyStateAllocation(() -> stepper.step(input))).as("bytes per " + MEASURED_STEPS + " steps")
          .isZero();
    }
  }

  @Test
  void vectorStepAllocatesNothing() {
    Matrix input = sparseBatch(2);
    for (int threads : new int[] {1, 2}) {
      try (Kernels kernels = new VectorKernels(threads)) {
        Stepper stepper = new Stepper(kernels);

        assertThat(steadyStateAllocation(() -> stepper.step(input)))
            .as(threads + " threads, bytes per " + MEASURED_STEPS + " steps").isZero();
      }
    }
  }

  @Test
  void sparseInputStepAllocatesNothing() {
    CsrMatrix input = CsrMatrix.fromDense(sparseBatch(3));
    try (Kernels kernels = new VectorKernels(1)) {
      Stepper stepper = new Stepper(kernels);

      assertThat(steadyStateAllocation(() -> stepper.step(input))).as("bytes per " + MEASURED_STEPS + " CSR steps")
          .isZero();
    }
  }
}
