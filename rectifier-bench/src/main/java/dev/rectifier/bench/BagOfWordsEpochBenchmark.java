package dev.rectifier.bench;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.L1ActivationPenalty;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.nn.Workspace;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Times one training epoch over a generated bag-of-words set of 2,000 reviews, the size of one
 * domain of the Amazon multi-domain sentiment set. Each review has 50 distinct terms of a
 * 5,000-term vocabulary, so 99% of the inputs are zeros, and one of two classes.
 *
 * <p>{@code input=csr} feeds the minibatches in CSR form to the zero-skipping kernels.
 * {@code input=dense} feeds the same minibatches as dense matrices, with the kernels that
 * {@code kernels} names: {@code dense} computes every product in full as a dense library does,
 * {@code vector} skips the zeros it finds in the dense storage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BagOfWordsEpochBenchmark {
  private static final int EXAMPLES = 2000;
  private static final int TERMS = 5000;
  private static final int TERMS_PER_REVIEW = 50;

  @Param({"csr", "dense"})
  public String input;

  @Param({"vector", "dense"})
  public String kernels;

  /** Hidden layer sizes, comma separated. */
  @Param({"1000", "1000,1000,1000"})
  public String hidden;

  @Param({"10"})
  public int batchSize;

  @Param({"2"})
  public int threads;

  private Kernels implementation;
  private Network network;
  private Workspace workspace;
  private Sgd sgd;
  private L1ActivationPenalty penalty;
  private CsrMatrix reviews;
  private Matrix denseReviews;
  private int[] labels;
  private int[] order;
  private int[] batchLabels;
  private CsrMatrix sparseBatch;
  private Matrix denseBatch;

  @Setup(Level.Trial)
  public void setUp() {
    if (input.equals("csr") && kernels.equals("dense")) {
      throw new IllegalArgumentException("input=csr always skips zeros; run it with kernels=vector");
    }
    SplittableRandom random = new SplittableRandom(42);
    denseReviews = new Matrix(EXAMPLES, TERMS);
    labels = new int[EXAMPLES];
    for (int r = 0; r < EXAMPLES; r++) {
      int placed = 0;
      while (placed < TERMS_PER_REVIEW) {
        int term = random.nextInt(TERMS);
        if (denseReviews.get(r, term) == 0f) {
          denseReviews.data()[r * TERMS + term] = 1f;
          placed++;
        }
      }
      labels[r] = random.nextInt(2);
    }
    reviews = CsrMatrix.fromDense(denseReviews);

    List<Integer> hiddenSizes = new ArrayList<>();
    for (String size : hidden.split(",")) {
      hiddenSizes.add(Integer.parseInt(size.trim()));
    }
    network = new Network(new NetworkSpec(TERMS, hiddenSizes, new Rectifier(), false, 2, WeightInit.GLOROT_UNIFORM));
    network.initialize(new SplittableRandom(7));
    implementation = new VectorKernels(threads,
        kernels.equals("dense") ? VectorKernels.ZeroSkipping.NEVER : VectorKernels.ZeroSkipping.AUTO);
    workspace = network.workspace(batchSize);
    sgd = new Sgd(implementation, 0.01, 0, network.layers().size());
    penalty = new L1ActivationPenalty(1e-4);
    order = new int[EXAMPLES];
    Arrays.setAll(order, i -> i);
    batchLabels = new int[batchSize];
    sparseBatch = new CsrMatrix(batchSize, TERMS, batchSize * TERMS_PER_REVIEW);
    denseBatch = new Matrix(batchSize, TERMS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    implementation.close();
  }

  /** Runs one pass over the set in minibatches, gathering each batch as training does. */
  @Benchmark
  public double epoch() {
    double lossSum = 0;
    for (int first = 0; first + batchSize <= EXAMPLES; first += batchSize) {
      for (int b = 0; b < batchSize; b++) {
        batchLabels[b] = labels[order[first + b]];
      }
      if (input.equals("csr")) {
        sparseBatch.gatherRows(reviews, order, first, batchSize);
        lossSum += network.trainStep(implementation, sparseBatch, batchLabels, workspace, penalty, sgd);
      } else {
        denseBatch.gatherRows(denseReviews, order, first, batchSize);
        lossSum += network.trainStep(implementation, denseBatch, batchLabels, workspace, penalty, sgd);
      }
    }
    return lossSum;
  }
}
