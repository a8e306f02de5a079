package dev.rectifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.tensor.Matrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks that the trainer's minibatch loop allocates nothing in the steady state. The listener
 * adds up the bytes the training thread allocates between batch 2 and the last batch of each
 * epoch, leaving out the epoch boundary (shuffling, validation, records). Until the JIT has
 * compiled the Vector API code its vectors are objects, so the test passes once one epoch after
 * the warm-up allocated nothing. {@link StepAllocationTest} covers the step alone.
 */
class TrainerAllocationTest {
  private static final int EXAMPLES = 405;
  private static final int BATCH = 10;
  private static final int EPOCHS = 400;
  private static final int WARM_UP_EPOCHS = 100;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Records the bytes the training thread allocated between batches, per epoch. */
  private static final class AllocationRecorder implements TrainingListener {
    private final long[] bytesPerEpoch = new long[EPOCHS + 1];
    private final long threadId = Thread.currentThread().threadId();
    private long previous;

    @Override
    public void batchFinished(int epoch, int batch, double meanLossSoFar) {
      long now = THREADS.getThreadAllocatedBytes(threadId);
      if (batch > 1) {
        bytesPerEpoch[epoch] += now - previous;
      }
      previous = THREADS.getThreadAllocatedBytes(threadId);
    }
  }

  private static Dataset sparseBlobs() {
    SplittableRandom random = new SplittableRandom(17);
    Matrix features = new Matrix(EXAMPLES, 40);
    int[] labels = new int[EXAMPLES];
    for (int r = 0; r < EXAMPLES; r++) {
      labels[r] = r % 3;
      for (int i = 0; i < 40; i++) {
        boolean present = random.nextDouble() < 0.3 || i % 3 == labels[r] && random.nextDouble() < 0.5;
        features.set(r, i, present ? (float) random.nextDouble() : 0f);
      }
    }
    return new Dataset("sparse blobs", features, labels, 3);
  }

  @Test
  void minibatchLoopAllocatesNothing() {
    Dataset train = sparseBlobs();
    Dataset validation = train.slice("validation", 0, 30);
    Network network = new Network(new NetworkSpec(40, List.of(32, 24), new Rectifier(), false, 3,
        WeightInit.GLOROT_UNIFORM));
    network.initialize(new SplittableRandom(5));
    AllocationRecorder recorder = new AllocationRecorder();
    TrainingConfig config = new TrainingConfig(0.01, 0.5, BATCH, 1e-4, EPOCHS, EPOCHS, 3);

    try (Kernels kernels = new VectorKernels(2)) {
      new Trainer(config, kernels, recorder).train(network, train, validation);
    }

    long[] late = Arrays.copyOfRange(recorder.bytesPerEpoch, WARM_UP_EPOCHS, EPOCHS + 1);
    assertThat(Arrays.stream(late).min().orElseThrow())
        .as("fewest bytes allocated between batches in one epoch after epoch %d: %s", WARM_UP_EPOCHS,
            Arrays.toString(late))
        .isZero();
  }
}
