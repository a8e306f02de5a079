package dev.rectifier.kernel;

import static dev.rectifier.kernel.KernelTestSupport.LANES;
import static dev.rectifier.kernel.KernelTestSupport.addTransposeAProductErrorBound;
import static dev.rectifier.kernel.KernelTestSupport.assertBitIdentical;
import static dev.rectifier.kernel.KernelTestSupport.assertWithinBound;
import static dev.rectifier.kernel.KernelTestSupport.multiplyAddErrorBound;
import static dev.rectifier.kernel.KernelTestSupport.randomMatrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the CSR products of {@link VectorKernels} with the CSR loops of
 * {@link ReferenceKernels} and with the dense reference products on {@link CsrMatrix#toDense()}.
 *
 * <p>Tolerance: each of the three computations lies within γ_N · M of the exact result, with N the
 * inner size plus {@link #EXTRA_ROUNDINGS}, so two of them differ by at most 2·γ_N·M per element.
 * {@link KernelTestSupport} defines γ_N and M and explains why the bound holds.
 */
class CsrKernelsTest {

  /**
   * Roundings beyond one per term: the product before its addition (reference loops), the
   * rounding of {@code alpha · x} (CSR weight gradient), and {@code alpha · sum} followed by its
   * addition into c (dense reference weight gradient).
   */
  private static final int EXTRA_ROUNDINGS = 3;

  private static ReferenceKernels reference;
  private static VectorKernels oneThread;
  private static VectorKernels twoThreads;

  @BeforeAll
  static void createKernels() {
    reference = new ReferenceKernels();
    oneThread = new VectorKernels(1);
    twoThreads = new VectorKernels(2);
  }

  @AfterAll
  static void closeKernels() {
    oneThread.close();
    twoThreads.close();
  }

  /**
   * Shapes m × k × n: empty dimensions, 1 × 1 × 1, odd sizes, column counts around the vector
   * length and the panel width, and a first layer of MNIST size.
   */
  private static List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>(List.of(
        new int[] {0, 3, 4}, new int[] {3, 0, 4}, new int[] {3, 4, 0}, new int[] {1, 1, 1},
        new int[] {1, 2, 3}, new int[] {2, 3, 1}, new int[] {3, 5, 7}, new int[] {9, 16, 17},
        new int[] {17, 33, 65}, new int[] {10, 784, 1000}));
    int panel = VectorLoops.SPARSE_PANEL;
    for (int n : new int[] {LANES - 1, LANES, LANES + 1, panel - 1, panel, panel + LANES + 3, 2 * panel + 1}) {
      shapes.add(new int[] {6, 11, n});
    }
    return shapes;
  }

  /** Kinds of sparse operand: every row drawn at one density, or rows of mixed kinds. */
  private enum Pattern {
    ALL_ZERO, SPARSE, MIXED_ROWS, FULL
  }

  @Test
  void multiplyAddMatchesReference() {
    SplittableRandom random = new SplittableRandom(71);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (Pattern pattern : Pattern.values()) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        CsrMatrix a = sparseMatrix(m, k, pattern, random);
        Matrix b = randomMatrix(k, n, random);
        Matrix c = randomMatrix(m, n, random);
        double[] bound = multiplyAddErrorBound(a.toDense(), b, c, EXTRA_ROUNDINGS);
        String context = "multiplyAdd " + m + "×" + k + "×" + n + ", " + pattern;

        Matrix fast = c.copy();
        twoThreads.multiplyAdd(a, b, fast);
        Matrix sparseReference = c.copy();
        reference.multiplyAdd(a, b, sparseReference);
        Matrix denseReference = c.copy();
        reference.multiplyAdd(a.toDense(), b, denseReference);

        assertWithinBound(fast, sparseReference, bound, context + ", fast vs CSR reference");
        assertWithinBound(fast, denseReference, bound, context + ", fast vs dense reference");
        assertWithinBound(sparseReference, denseReference, bound, context + ", CSR vs dense reference");
        compared++;
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * Pattern.values().length);
  }

  @Test
  void addTransposeAProductMatchesReference() {
    SplittableRandom random = new SplittableRandom(72);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (Pattern pattern : Pattern.values()) {
        for (float alpha : new float[] {1f, -0.37f}) {
          int m = shape[0];
          int k = shape[1];
          int n = shape[2];
          CsrMatrix a = sparseMatrix(m, k, pattern, random);
          Matrix b = randomMatrix(m, n, random);
          Matrix c = randomMatrix(k, n, random);
          double[] bound = addTransposeAProductErrorBound(alpha, a.toDense(), b, c, EXTRA_ROUNDINGS);
          String context = "addTransposeAProduct alpha " + alpha + ", " + m + "×" + k + "×" + n + ", " + pattern;

          Matrix fast = c.copy();
          twoThreads.addTransposeAProduct(alpha, a, b, fast);
          Matrix sparseReference = c.copy();
          reference.addTransposeAProduct(alpha, a, b, sparseReference);
          Matrix denseReference = c.copy();
          reference.addTransposeAProduct(alpha, a.toDense(), b, denseReference);

          assertWithinBound(fast, sparseReference, bound, context + ", fast vs CSR reference");
          assertWithinBound(fast, denseReference, bound, context + ", fast vs dense reference");
          assertWithinBound(sparseReference, denseReference, bound, context + ", CSR vs dense reference");
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * Pattern.values().length * 2);
  }

  @Test
  void allZeroOperandLeavesOutputUnchanged() {
    SplittableRandom random = new SplittableRandom(73);
    CsrMatrix zero = new CsrMatrix(5, 7, 0);
    Matrix b = randomMatrix(7, 3 * LANES + 1, random);
    Matrix deltas = randomMatrix(5, 3 * LANES + 1, random);
    Matrix c = randomMatrix(5, 3 * LANES + 1, random);
    Matrix weights = randomMatrix(7, 3 * LANES + 1, random);

    Matrix forward = c.copy();
    twoThreads.multiplyAdd(zero, b, forward);
    Matrix update = weights.copy();
    twoThreads.addTransposeAProduct(-0.5f, zero, deltas, update);

    assertBitIdentical(forward, c, "multiplyAdd with an all-zero operand");
    assertBitIdentical(update, weights, "addTransposeAProduct with an all-zero operand");
  }

  /**
   * The CSR products add the same terms in the same order as the dense-input products of
   * {@link VectorKernels} on {@link CsrMatrix#toDense()}, so the two input forms train alike.
   */
  @Test
  void csrInputMatchesDenseInputBits() {
    SplittableRandom random = new SplittableRandom(74);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (Pattern pattern : Pattern.values()) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        CsrMatrix a = sparseMatrix(m, k, pattern, random);
        Matrix b = randomMatrix(k, n, random);
        Matrix c = randomMatrix(m, n, random);
        Matrix deltas = randomMatrix(m, n, random);
        Matrix weights = randomMatrix(k, n, random);
        String context = m + "×" + k + "×" + n + ", " + pattern;

        Matrix sparseForward = c.copy();
        twoThreads.multiplyAdd(a, b, sparseForward);
        Matrix denseForward = c.copy();
        twoThreads.multiplyAdd(a.toDense(), b, denseForward);
        Matrix sparseUpdate = weights.copy();
        twoThreads.addTransposeAProduct(-0.37f, a, deltas, sparseUpdate);
        Matrix denseUpdate = weights.copy();
        twoThreads.addTransposeAProduct(-0.37f, a.toDense(), deltas, denseUpdate);

        assertBitIdentical(sparseForward, denseForward, "multiplyAdd " + context);
        assertBitIdentical(sparseUpdate, denseUpdate, "addTransposeAProduct " + context);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * Pattern.values().length);
  }

  /**
   * The CSR methods of {@link VectorKernels} match the reference and give the same bits with one
   * and two threads, on shapes large enough for the two-thread kernels to split the work.
   */
  @Test
  void vectorKernelsIndependentOfThreads() {
    SplittableRandom random = new SplittableRandom(76);
    int compared = 0;
    for (int[] shape : List.of(new int[] {10, 500, 1000}, new int[] {64, 1200, 3 * LANES + 1})) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      CsrMatrix a = sparseMatrix(m, k, Pattern.SPARSE, random);
      assertThat((long) a.nonZeroCount() * n).isGreaterThan(VectorKernels.MIN_PARALLEL_WORK);
      Matrix b = randomMatrix(k, n, random);
      Matrix c = randomMatrix(m, n, random);
      Matrix deltas = randomMatrix(m, n, random);
      Matrix weights = randomMatrix(k, n, random);
      String context = m + "×" + k + "×" + n;

      Matrix expected = c.copy();
      reference.multiplyAdd(a, b, expected);
      Matrix single = c.copy();
      oneThread.multiplyAdd(a, b, single);
      Matrix parallel = c.copy();
      twoThreads.multiplyAdd(a, b, parallel);
      assertWithinBound(single, expected, multiplyAddErrorBound(a.toDense(), b, c, EXTRA_ROUNDINGS),
          "multiplyAdd " + context);
      assertBitIdentical(parallel, single, "multiplyAdd " + context + ", 2 threads vs 1");

      expected = weights.copy();
      reference.addTransposeAProduct(-0.37f, a, deltas, expected);
      single = weights.copy();
      oneThread.addTransposeAProduct(-0.37f, a, deltas, single);
      parallel = weights.copy();
      twoThreads.addTransposeAProduct(-0.37f, a, deltas, parallel);
      assertWithinBound(single, expected,
          addTransposeAProductErrorBound(-0.37f, a.toDense(), deltas, weights, EXTRA_ROUNDINGS),
          "addTransposeAProduct " + context);
      assertBitIdentical(parallel, single, "addTransposeAProduct " + context + ", 2 threads vs 1");
      compared += 2;
    }
    assertThat(compared).isEqualTo(4);
  }

  @Test
  void multiplyAddRejectsMismatchedShapes() {
    for (Kernels kernels : List.of(reference, oneThread)) {
      assertThatThrownBy(() -> kernels.multiplyAdd(new CsrMatrix(2, 3, 0), new Matrix(4, 5), new Matrix(2, 5)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("CSR")
          .hasMessageContaining("a 2 × 3")
          .hasMessageContaining("b 4 × 5");
      assertThatThrownBy(() -> kernels.multiplyAdd(new CsrMatrix(2, 3, 0), new Matrix(3, 5), new Matrix(5, 2)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("c 5 × 2");
    }
  }

  @Test
  void addTransposeAProductRejectsMismatchedShapes() {
    for (Kernels kernels : List.of(reference, oneThread)) {
      assertThatThrownBy(() -> kernels.addTransposeAProduct(1f, new CsrMatrix(2, 3, 0), new Matrix(4, 5),
          new Matrix(3, 5)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("CSR")
          .hasMessageContaining("a 2 × 3")
          .hasMessageContaining("b 4 × 5");
      assertThatThrownBy(() -> kernels.addTransposeAProduct(1f, new CsrMatrix(2, 3, 0), new Matrix(2, 5),
          new Matrix(5, 3)))
          .as(kernels.name())
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("c 5 × 3");
    }
  }

  /**
   * Returns an m × k CSR matrix with values uniform in [−1, 1). {@code MIXED_ROWS} cycles through
   * empty rows, full rows and rows at density 0.3.
   */
  private static CsrMatrix sparseMatrix(int m, int k, Pattern pattern, SplittableRandom random) {
    Matrix dense = new Matrix(m, k);
    for (int r = 0; r < m; r++) {
      double density = switch (pattern) {
        case ALL_ZERO -> 0;
        case SPARSE -> 0.05;
        case FULL -> 1;
        case MIXED_ROWS -> new double[] {0, 1, 0.3}[r % 3];
      };
      for (int i = 0; i < k; i++) {
        if (random.nextDouble() < density) {
          dense.set(r, i, nonZero(random));
        }
      }
    }
    return CsrMatrix.fromDense(dense);
  }

  private static float nonZero(SplittableRandom random) {
    float value;
    do {
      value = (float) random.nextDouble(-1, 1);
    } while (value == 0f);
    return value;
  }
}
