package dev.rectifier.kernel;

import static dev.rectifier.kernel.KernelTestSupport.LANES;
import static dev.rectifier.kernel.KernelTestSupport.addTransposeAProductErrorBound;
import static dev.rectifier.kernel.KernelTestSupport.assertBitIdentical;
import static dev.rectifier.kernel.KernelTestSupport.assertWithinBound;
import static dev.rectifier.kernel.KernelTestSupport.multiplyAddErrorBound;
import static dev.rectifier.kernel.KernelTestSupport.multiplyTransposeBErrorBound;
import static dev.rectifier.kernel.KernelTestSupport.randomMatrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compares {@link VectorKernels} with the plain definition in {@link ReferenceKernels}. */
class VectorKernelsTest {

  /**
   * Extra terms in the error bound beyond the inner size: the rounding of the products and of the
   * accumulation into c, and up to 16 partial sums (one per vector lane) that are added at the end.
   */
  private static final int EXTRA_ROUNDINGS = 20;

  private static ReferenceKernels reference;
  private static VectorKernels oneThread;
  private static VectorKernels twoThreads;
  private static VectorKernels denseLoops;
  private static VectorKernels sparseLoops;

  @BeforeAll
  static void createKernels() {
    reference = new ReferenceKernels();
    oneThread = new VectorKernels(1);
    twoThreads = new VectorKernels(2);
    denseLoops = new VectorKernels(2, VectorKernels.ZeroSkipping.NEVER);
    sparseLoops = new VectorKernels(2, VectorKernels.ZeroSkipping.ALWAYS);
  }

  @AfterAll
  static void closeKernels() {
    oneThread.close();
    twoThreads.close();
    denseLoops.close();
    sparseLoops.close();
  }

  /**
   * Shapes m × k × n: zeros, ones, odd sizes, sizes around the vector length, and shapes with more
   * than {@link VectorKernels#MIN_PARALLEL_WORK} multiply-adds so the two-thread kernels split.
   */
  private static List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>(List.of(
        new int[] {0, 3, 4}, new int[] {3, 0, 4}, new int[] {3, 4, 0}, new int[] {1, 1, 1},
        new int[] {1, 2, 3}, new int[] {2, 3, 1}, new int[] {3, 5, 7}, new int[] {8, 8, 8},
        new int[] {9, 16, 17}, new int[] {17, 33, 65}, new int[] {10, 784, 1000}, new int[] {40, 70, 130}));
    for (int size : new int[] {LANES - 1, LANES, LANES + 1, 2 * LANES + 3}) {
      shapes.add(new int[] {3, size, size});
      shapes.add(new int[] {size, 5, size + 2});
    }
    return shapes;
  }

  @Test
  void shapeListCrossesParallelThreshold() {
    long largest = shapes().stream().mapToLong(s -> (long) s[0] * s[1] * s[2]).max().orElseThrow();

    assertThat(largest).isGreaterThan(VectorKernels.MIN_PARALLEL_WORK);
  }

  @Test
  void multiplyAddMatchesReference() {
    SplittableRandom random = new SplittableRandom(51);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (double zeroFraction : new double[] {0, 0.8}) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        Matrix a = randomMatrix(m, k, zeroFraction, random);
        Matrix b = randomMatrix(k, n, 0, random);
        Matrix c = randomMatrix(m, n, 0, random);
        Matrix expected = c.copy();
        reference.multiplyAdd(a, b, expected);
        double[] bound = multiplyAddErrorBound(a, b, c, EXTRA_ROUNDINGS);

        for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops, sparseLoops)) {
          Matrix actual = c.copy();
          kernels.multiplyAdd(a, b, actual);
          assertWithinBound(actual, expected, bound, "multiplyAdd " + describe(shape, zeroFraction, kernels));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * 2 * 4);
  }

  @Test
  void multiplyTransposeBMatchesReference() {
    SplittableRandom random = new SplittableRandom(52);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (double zeroFraction : new double[] {0, 0.8}) {
        for (double maskZeroFraction : new double[] {-1, 0.5, 1}) {
          int m = shape[0];
          int k = shape[1];
          int n = shape[2];
          Matrix a = randomMatrix(m, n, zeroFraction, random);
          Matrix b = randomMatrix(k, n, 0, random);
          // A negative fraction means no mask at all; 1 means a mask of zeros only.
          Matrix mask = maskZeroFraction < 0 ? null : randomMatrix(m, k, maskZeroFraction, random);
          Matrix garbage = randomMatrix(m, k, 0, random);
          Matrix expected = garbage.copy();
          reference.multiplyTransposeB(a, b, expected, mask);
          double[] bound = multiplyTransposeBErrorBound(a, b, EXTRA_ROUNDINGS);

          for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops, sparseLoops)) {
            Matrix actual = garbage.copy();
            kernels.multiplyTransposeB(a, b, actual, mask);
            String context = "multiplyTransposeB " + describe(shape, zeroFraction, kernels)
                + ", mask zero fraction " + maskZeroFraction;
            assertWithinBound(actual, expected, bound, context);
            assertMaskedZeros(actual, mask, context);
            compared++;
          }
        }
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * 2 * 3 * 4);
  }

  @Test
  void addTransposeAProductMatchesReference() {
    SplittableRandom random = new SplittableRandom(53);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (double zeroFraction : new double[] {0, 0.8}) {
        for (float alpha : new float[] {1f, -0.37f}) {
          int m = shape[0];
          int k = shape[1];
          int n = shape[2];
          Matrix a = randomMatrix(m, k, zeroFraction, random);
          Matrix b = randomMatrix(m, n, 0, random);
          Matrix c = randomMatrix(k, n, 0, random);
          Matrix expected = c.copy();
          reference.addTransposeAProduct(alpha, a, b, expected);
          double[] bound = addTransposeAProductErrorBound(alpha, a, b, c, EXTRA_ROUNDINGS);

          for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops, sparseLoops)) {
            Matrix actual = c.copy();
            kernels.addTransposeAProduct(alpha, a, b, actual);
            assertWithinBound(actual, expected, bound,
                "addTransposeAProduct alpha " + alpha + " " + describe(shape, zeroFraction, kernels));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * 2 * 2 * 4);
  }

  @Test
  void resultsIndependentOfThreadCount() {
    SplittableRandom random = new SplittableRandom(54);
    int compared = 0;
    for (int[] shape : List.of(new int[] {17, 33, 65}, new int[] {10, 784, 1000}, new int[] {64, 100, 128})) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      assertThat((long) m * k * n).isGreaterThan(VectorKernels.MIN_PARALLEL_WORK);
      Matrix a = randomMatrix(m, k, 0.5, random);
      Matrix b = randomMatrix(k, n, 0, random);
      Matrix c = randomMatrix(m, n, 0, random);
      Matrix single = c.copy();
      Matrix parallel = c.copy();
      oneThread.multiplyAdd(a, b, single);
      twoThreads.multiplyAdd(a, b, parallel);
      assertBitIdentical(parallel, single, "multiplyAdd " + m + "×" + k + "×" + n + ", 2 threads vs 1");

      Matrix deltas = randomMatrix(m, n, 0, random);
      Matrix gradients = randomMatrix(k, n, 0, random);
      single = gradients.copy();
      parallel = gradients.copy();
      oneThread.addTransposeAProduct(-0.37f, a, deltas, single);
      twoThreads.addTransposeAProduct(-0.37f, a, deltas, parallel);
      assertBitIdentical(parallel, single, "addTransposeAProduct " + m + "×" + k + "×" + n + ", 2 threads vs 1");

      Matrix mask = randomMatrix(m, k, 0.5, random);
      single = new Matrix(m, k);
      parallel = new Matrix(m, k);
      oneThread.multiplyTransposeB(deltas, b, single, mask);
      twoThreads.multiplyTransposeB(deltas, b, parallel, mask);
      assertBitIdentical(parallel, single, "multiplyTransposeB " + m + "×" + k + "×" + n + ", 2 threads vs 1");
      compared += 3;
    }
    assertThat(compared).isEqualTo(9);
  }

  /**
   * The zero-skipping loops add the same terms in the same order as the dense loops, so the
   * density thresholds never change a result: on either side of them, and with zero skipping
   * switched off, the bits agree. The one exception is the backward product of large batches.
   */
  @Test
  void sparseAndDenseLoopsGiveSameBits() {
    SplittableRandom random = new SplittableRandom(55);
    int compared = 0;
    // 40 × 300 × 70: a batch large enough for the forward loop's term blocks (VectorKernels.TERM_BLOCK).
    for (int[] shape : List.of(new int[] {10, 784, 1000}, new int[] {9, 16, 17}, new int[] {33, 70, 2 * LANES + 3},
        new int[] {40, 300, 70})) {
      for (double zeroFraction : new double[] {0.2, 0.6, 0.9}) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        String context = m + "×" + k + "×" + n + ", zero fraction " + zeroFraction;
        Matrix a = randomMatrix(m, k, zeroFraction, random);
        Matrix b = randomMatrix(k, n, 0, random);
        Matrix c = randomMatrix(m, n, 0, random);
        Matrix skipping = c.copy();
        Matrix dense = c.copy();
        Matrix alwaysSkipping = c.copy();
        twoThreads.multiplyAdd(a, b, skipping);
        denseLoops.multiplyAdd(a, b, dense);
        sparseLoops.multiplyAdd(a, b, alwaysSkipping);
        assertBitIdentical(skipping, dense, "multiplyAdd " + context);
        assertBitIdentical(alwaysSkipping, dense, "multiplyAdd, sparse loop, " + context);

        Matrix deltas = randomMatrix(m, n, zeroFraction, random);
        Matrix weights = randomMatrix(k, n, 0, random);
        skipping = weights.copy();
        dense = weights.copy();
        alwaysSkipping = weights.copy();
        twoThreads.addTransposeAProduct(-0.37f, a, deltas, skipping);
        denseLoops.addTransposeAProduct(-0.37f, a, deltas, dense);
        sparseLoops.addTransposeAProduct(-0.37f, a, deltas, alwaysSkipping);
        assertBitIdentical(skipping, dense, "addTransposeAProduct " + context);
        assertBitIdentical(alwaysSkipping, dense, "addTransposeAProduct, sparse loop, " + context);

        skipping = new Matrix(m, k);
        dense = new Matrix(m, k);
        twoThreads.multiplyTransposeB(deltas, b, skipping, a);
        denseLoops.multiplyTransposeB(deltas, b, dense, a);
        if (m < VectorKernels.LARGE_BATCH_ROWS) {
          assertBitIdentical(skipping, dense, "multiplyTransposeB " + context);
        } else {
          // From LARGE_BATCH_ROWS rows the dense kernels take the transposed product, which sums
          // in another order than the dot products.
          assertWithinBound(skipping, dense, multiplyTransposeBErrorBound(deltas, b, EXTRA_ROUNDINGS),
              "multiplyTransposeB " + context);
        }
        compared += 3;
      }
    }
    assertThat(compared).isEqualTo(36);
  }

  /**
   * The fused back-propagation and weight step gives the bits of the two separate calls. Layers
   * with more than {@link VectorKernels#NARROW_OUTPUT_COLUMNS} outputs: narrower ones take their
   * own path, tested below.
   */
  @Test
  void fusedStepMatchesSeparateCalls() {
    SplittableRandom random = new SplittableRandom(56);
    int compared = 0;
    int narrowest = VectorKernels.NARROW_OUTPUT_COLUMNS + 1;
    for (int[] shape : List.of(new int[] {10, 1000, 1000}, new int[] {7, 33, narrowest + 4}, new int[] {1, 1, narrowest})) {
      for (boolean masked : new boolean[] {true, false}) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        Matrix input = randomMatrix(m, k, 0.7, random);
        Matrix deltas = randomMatrix(m, n, 0.7, random);
        Matrix weights = randomMatrix(k, n, 0, random);
        Matrix mask = masked ? input : null;
        String context = m + "×" + k + "×" + n + (masked ? ", masked" : ", no mask");

        Matrix separateWeights = weights.copy();
        Matrix separateGradients = new Matrix(m, k);
        reference.multiplyTransposeB(deltas, separateWeights, separateGradients, mask);
        Matrix referenceGradients = separateGradients.copy();
        for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops)) {
          separateWeights = weights.copy();
          separateGradients = new Matrix(m, k);
          kernels.multiplyTransposeB(deltas, separateWeights, separateGradients, mask);
          kernels.addTransposeAProduct(-0.1f, input, deltas, separateWeights);
          Matrix fusedWeights = weights.copy();
          Matrix fusedGradients = new Matrix(m, k);
          kernels.backPropagateAndStep(deltas, fusedWeights, fusedGradients, mask, -0.1f, input);

          assertBitIdentical(fusedGradients, separateGradients, "gradients " + context + ", " + kernels.name());
          assertBitIdentical(fusedWeights, separateWeights, "weights " + context + ", " + kernels.name());
          assertWithinBound(fusedGradients, referenceGradients,
              multiplyTransposeBErrorBound(deltas, weights, EXTRA_ROUNDINGS),
              "gradients against reference " + context + ", " + kernels.name());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(18);
  }

  /**
   * A layer with at most {@link VectorKernels#NARROW_OUTPUT_COLUMNS} outputs steps on a transposed
   * copy of its weights: the weights get the bits of the separate weight step, the input gradients
   * stay within the reference's error bound, are zero wherever the mask is, and do not depend on
   * the number of threads.
   */
  @Test
  void narrowLayerStepMatchesSeparateCalls() {
    SplittableRandom random = new SplittableRandom(58);
    int compared = 0;
    List<int[]> shapes = List.of(new int[] {128, 1000, 10}, new int[] {10, 1000, 10}, new int[] {7, 33, 1},
        new int[] {40, 70, VectorKernels.NARROW_OUTPUT_COLUMNS}, new int[] {3, 2 * LANES + 3, 5}, new int[] {1, 1, 1});
    for (int[] shape : shapes) {
      for (String masking : new String[] {"input as mask", "separate mask", "no mask"}) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        Matrix input = randomMatrix(m, k, 0.7, random);
        Matrix deltas = randomMatrix(m, n, 0.2, random);
        Matrix weights = randomMatrix(k, n, 0, random);
        Matrix mask = switch (masking) {
          case "input as mask" -> input;
          case "separate mask" -> randomMatrix(m, k, 0.5, random);
          default -> null;
        };
        String context = m + "×" + k + "×" + n + ", " + masking;
        Matrix referenceGradients = new Matrix(m, k);
        reference.multiplyTransposeB(deltas, weights, referenceGradients, mask);
        double[] bound = multiplyTransposeBErrorBound(deltas, weights, EXTRA_ROUNDINGS);

        Matrix firstWeights = null;
        Matrix firstGradients = null;
        for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops, sparseLoops)) {
          Matrix separateWeights = weights.copy();
          kernels.addTransposeAProduct(-0.1f, input, deltas, separateWeights);
          Matrix fusedWeights = weights.copy();
          Matrix fusedGradients = randomMatrix(m, k, 0, random);
          kernels.backPropagateAndStep(deltas, fusedWeights, fusedGradients, mask, -0.1f, input);

          String where = context + ", " + kernels.name();
          assertBitIdentical(fusedWeights, separateWeights, "weights " + where);
          assertWithinBound(fusedGradients, referenceGradients, bound, "gradients " + where);
          assertMaskedZeros(fusedGradients, mask, "gradients " + where);
          if (firstWeights == null) {
            firstWeights = fusedWeights;
            firstGradients = fusedGradients;
          } else {
            assertBitIdentical(fusedWeights, firstWeights, "weights against one thread, " + where);
            assertBitIdentical(fusedGradients, firstGradients, "gradients against one thread, " + where);
          }
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(shapes.size() * 3 * 4);
  }

  /**
   * The fused step lists its input by column when the input is its own mask, and scans the mask
   * otherwise: an equal copy of the input as the mask takes the scanning loop and gives the same bits.
   */
  @Test
  void fusedStepScansSeparateMask() {
    SplittableRandom random = new SplittableRandom(57);
    for (int[] shape : List.of(new int[] {10, 1000, 1000}, new int[] {40, 70, 130})) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      Matrix input = randomMatrix(m, k, 0.8, random);
      Matrix deltas = randomMatrix(m, n, 0.8, random);
      Matrix weights = randomMatrix(k, n, 0, random);
      for (VectorKernels kernels : List.of(oneThread, twoThreads)) {
        Matrix listedWeights = weights.copy();
        Matrix listedGradients = new Matrix(m, k);
        kernels.backPropagateAndStep(deltas, listedWeights, listedGradients, input, -0.1f, input);
        Matrix scannedWeights = weights.copy();
        Matrix scannedGradients = new Matrix(m, k);
        kernels.backPropagateAndStep(deltas, scannedWeights, scannedGradients, input.copy(), -0.1f, input);

        String context = m + "×" + k + "×" + n + ", " + kernels.name();
        assertBitIdentical(scannedGradients, listedGradients, "gradients " + context);
        assertBitIdentical(scannedWeights, listedWeights, "weights " + context);
      }
    }
  }

  /**
   * Given the forward pass's listing of the mask, the fused step skips its own listing and gives
   * the same bits. A listing of another shape is rejected.
   */
  @Test
  void fusedStepTakesForwardListing() {
    SplittableRandom random = new SplittableRandom(59);
    int compared = 0;
    for (int[] shape : List.of(new int[] {10, 1000, 1000}, new int[] {40, 70, 130}, new int[] {128, 300, 64})) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      Matrix input = randomMatrix(m, k, 0.8, random);
      Matrix deltas = randomMatrix(m, n, 0.8, random);
      Matrix weights = randomMatrix(k, n, 0, random);
      CsrMatrix listing = CsrMatrix.fromDense(input);
      for (VectorKernels kernels : List.of(oneThread, twoThreads, denseLoops, sparseLoops)) {
        Matrix plainWeights = weights.copy();
        Matrix plainGradients = new Matrix(m, k);
        kernels.backPropagateAndStep(deltas, plainWeights, plainGradients, input, -0.1f, input);
        Matrix listedWeights = weights.copy();
        Matrix listedGradients = new Matrix(m, k);
        kernels.backPropagateAndStep(deltas, listedWeights, listedGradients, input, listing, -0.1f, input);

        String context = m + "×" + k + "×" + n + ", " + kernels.name();
        assertBitIdentical(listedGradients, plainGradients, "gradients " + context);
        assertBitIdentical(listedWeights, plainWeights, "weights " + context);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(12);

    Matrix input = randomMatrix(4, 6, 0.5, random);
    CsrMatrix wrongShape = CsrMatrix.fromDense(randomMatrix(4, 5, 0.5, random));
    assertThatThrownBy(() -> oneThread.backPropagateAndStep(randomMatrix(4, 3, 0, random), randomMatrix(6, 3, 0, random),
        new Matrix(4, 6), input, wrongShape, -0.1f, input))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("listing 4 × 5");
  }

  @Test
  void denseKernelsNamedInLogs() {
    assertThat(denseLoops.name()).contains("dense");
    assertThat(twoThreads.name()).doesNotContain("dense");
  }

  @Test
  void multiplyAddRejectsMismatchedShapes() {
    for (Kernels kernels : List.of(reference, oneThread)) {
      assertThatThrownBy(() -> kernels.multiplyAdd(new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 5)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("a 2 × 3")
          .hasMessageContaining("b 4 × 5");
      assertThatThrownBy(() -> kernels.multiplyAdd(new Matrix(2, 3), new Matrix(3, 5), new Matrix(5, 2)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("c 5 × 2");
    }
  }

  @Test
  void multiplyTransposeBRejectsMismatchedShapes() {
    for (Kernels kernels : List.of(reference, oneThread)) {
      assertThatThrownBy(() -> kernels.multiplyTransposeB(new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 4), null))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("a 2 × 3")
          .hasMessageContaining("b 4 × 5");
      assertThatThrownBy(() -> kernels.multiplyTransposeB(new Matrix(2, 3), new Matrix(4, 3), new Matrix(2, 4),
          new Matrix(4, 2)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("mask 4 × 2");
    }
  }

  @Test
  void addTransposeAProductRejectsMismatchedShapes() {
    for (Kernels kernels : List.of(reference, oneThread)) {
      assertThatThrownBy(() -> kernels.addTransposeAProduct(1f, new Matrix(2, 3), new Matrix(4, 5), new Matrix(3, 5)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("a 2 × 3")
          .hasMessageContaining("b 4 × 5");
    }
  }

  @Test
  void threadCountBelowOneRejected() {
    assertThatThrownBy(() -> new VectorKernels(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }

  private static void assertMaskedZeros(Matrix actual, Matrix mask, String context) {
    if (mask == null) {
      return;
    }
    List<Integer> nonZero = new ArrayList<>();
    for (int i = 0; i < mask.data().length; i++) {
      if (mask.data()[i] == 0f && actual.data()[i] != 0f) {
        nonZero.add(i);
      }
    }
    assertThat(nonZero).as("%s: elements under a zero mask that are not 0", context).isEmpty();
  }

  private static String describe(int[] shape, double zeroFraction, Kernels kernels) {
    return shape[0] + "×" + shape[1] + "×" + shape[2] + ", zero fraction " + zeroFraction + ", " + kernels.name();
  }
}
