package dev.rectifier.kernel;

import static dev.rectifier.kernel.KernelTestSupport.LANES;
import static dev.rectifier.kernel.KernelTestSupport.assertBitIdentical;
import static dev.rectifier.kernel.KernelTestSupport.randomMatrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused rectifier pass ({@link Kernels#rectify}) against its definition, and the forward
 * product that takes its listing instead of scanning its input for zeros.
 */
class RectifyKernelsTest {

  private static ReferenceKernels reference;
  private static VectorKernels twoThreads;
  private static VectorKernels denseLoops;
  private static VectorKernels sparseLoops;

  @BeforeAll
  static void createKernels() {
    reference = new ReferenceKernels();
    twoThreads = new VectorKernels(2);
    denseLoops = new VectorKernels(2, VectorKernels.ZeroSkipping.NEVER);
    sparseLoops = new VectorKernels(2, VectorKernels.ZeroSkipping.ALWAYS);
  }

  @AfterAll
  static void closeKernels() {
    twoThreads.close();
    denseLoops.close();
    sparseLoops.close();
  }

  /** Row lengths below, at and around the vector width, and the MNIST layer width. */
  private static List<int[]> shapes() {
    return List.of(new int[] {0, 5}, new int[] {3, 0}, new int[] {1, 1}, new int[] {4, LANES - 1},
        new int[] {4, LANES}, new int[] {4, LANES + 1}, new int[] {7, 3 * LANES + 5}, new int[] {10, 1000},
        new int[] {33, 130});
  }

  @Test
  void rectifyMatchesDefinition() {
    SplittableRandom random = new SplittableRandom(61);
    int compared = 0;
    for (int[] shape : shapes()) {
      for (double zeroFraction : new double[] {0, 0.5, 0.9, 1}) {
        int m = shape[0];
        int n = shape[1];
        String context = m + "×" + n + ", zero fraction " + zeroFraction;
        Matrix z = randomMatrix(m, n, zeroFraction, random);
        for (Kernels kernels : List.<Kernels>of(reference, twoThreads)) {
          Matrix h = randomMatrix(m, n, 0, random);
          CsrMatrix listing = new CsrMatrix(m, n, m * n);
          double sum = kernels.rectify(z, h, listing);

          assertRectified(z, h, listing, sum, context + ", " + kernels.name());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(shapes().size() * 4 * 2);
  }

  /** Vector and reference kernels agree bit for bit on h and the listing, and closely on the sum. */
  @Test
  void vectorRectifyAgreesWithReference() {
    SplittableRandom random = new SplittableRandom(62);
    Matrix z = randomMatrix(10, 1000, 0.3, random);
    Matrix expected = new Matrix(10, 1000);
    Matrix actual = new Matrix(10, 1000);
    CsrMatrix expectedListing = new CsrMatrix(10, 1000, 10_000);
    CsrMatrix actualListing = new CsrMatrix(10, 1000, 10_000);

    double expectedSum = reference.rectify(z, expected, expectedListing);
    double actualSum = twoThreads.rectify(z, actual, actualListing);

    assertBitIdentical(actual, expected, "rectify");
    assertThat(actualListing.nonZeroCount()).isEqualTo(expectedListing.nonZeroCount());
    for (int p = 0; p < expectedListing.nonZeroCount(); p++) {
      assertThat(actualListing.columnIndices()[p]).as("column at %d", p).isEqualTo(expectedListing.columnIndices()[p]);
      assertThat(actualListing.values()[p]).as("value at %d", p).isEqualTo(expectedListing.values()[p]);
    }
    assertThat(actualSum).isCloseTo(expectedSum, within(1e-6 * expectedSum));
  }

  /**
   * With no spare room past m · n, the vector loop cannot store whole vectors at the end of the
   * listing, and lists the last elements one at a time.
   */
  @Test
  void listingFillsExactCapacity() {
    Matrix z = new Matrix(2, 3 * LANES);
    z.fill(1.5f);
    Matrix h = new Matrix(2, 3 * LANES);
    CsrMatrix listing = new CsrMatrix(2, 3 * LANES, 2 * 3 * LANES);

    double sum = twoThreads.rectify(z, h, listing);

    assertRectified(z, h, listing, sum, "all positive, exact capacity");
    assertThat(listing.nonZeroCount()).isEqualTo(6 * LANES);
  }

  @Test
  void nanStaysNanAndIsListed() {
    Matrix z = new Matrix(1, LANES + 2);
    z.set(0, 1, Float.NaN);
    z.set(0, LANES + 1, Float.NaN);
    z.set(0, 2, -0f);
    for (Kernels kernels : List.<Kernels>of(reference, twoThreads)) {
      Matrix h = new Matrix(1, LANES + 2);
      CsrMatrix listing = new CsrMatrix(1, LANES + 2, LANES + 2);

      double sum = kernels.rectify(z, h, listing);

      assertThat(h.get(0, 1)).as(kernels.name()).isNaN();
      assertThat(h.get(0, LANES + 1)).as(kernels.name()).isNaN();
      assertThat(Float.floatToRawIntBits(h.get(0, 2))).as("max(-0, 0) is +0, " + kernels.name()).isZero();
      assertThat(listing.nonZeroCount()).as(kernels.name()).isEqualTo(2);
      assertThat(listing.columnIndices()[0]).isEqualTo(1);
      assertThat(listing.columnIndices()[1]).isEqualTo(LANES + 1);
      assertThat(sum).as(kernels.name()).isNaN();
    }
  }

  /**
   * The forward product from a listing gives the bits of the product that scans its input, on
   * both sides of the density thresholds and with each loop forced.
   */
  @Test
  void productFromListingGivesSameBits() {
    SplittableRandom random = new SplittableRandom(63);
    int compared = 0;
    for (int[] shape : List.of(new int[] {10, 1000, 1000}, new int[] {40, 70, 130}, new int[] {3, 5, LANES + 1})) {
      for (double zeroFraction : new double[] {0.1, 0.5, 0.9}) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        Matrix z = randomMatrix(m, k, 0, random);
        for (int i = 0; i < m * k; i++) {
          // Negative pre-activations become the rectifier's zeros.
          if (random.nextDouble() < zeroFraction) {
            z.data()[i] = -Math.abs(z.data()[i]);
          } else {
            z.data()[i] = Math.abs(z.data()[i]);
          }
        }
        Matrix a = new Matrix(m, k);
        CsrMatrix listing = new CsrMatrix(m, k, m * k);
        twoThreads.rectify(z, a, listing);
        Matrix b = randomMatrix(k, n, 0, random);
        Matrix c = randomMatrix(m, n, 0, random);
        for (VectorKernels kernels : List.of(twoThreads, denseLoops, sparseLoops)) {
          Matrix scanned = c.copy();
          Matrix listed = c.copy();
          kernels.multiplyAdd(a, b, scanned);
          kernels.multiplyAdd(a, listing, b, listed);
          assertBitIdentical(listed, scanned,
              "multiplyAdd from listing, " + m + "×" + k + "×" + n + ", zero fraction " + zeroFraction + ", " + kernels.name());
          compared++;
        }
        Matrix referenceResult = c.copy();
        reference.multiplyAdd(a, listing, b, referenceResult);
        Matrix referenceScanned = c.copy();
        reference.multiplyAdd(a, b, referenceScanned);
        assertBitIdentical(referenceResult, referenceScanned, "reference ignores the listing");
      }
    }
    assertThat(compared).isEqualTo(27);
  }

  @Test
  void rectifyRejectsMismatchedShapes() {
    for (Kernels kernels : List.<Kernels>of(reference, twoThreads)) {
      assertThatThrownBy(() -> kernels.rectify(new Matrix(2, 3), new Matrix(3, 2), new CsrMatrix(2, 3, 6)))
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("h 3 × 2");
      assertThatThrownBy(() -> kernels.rectify(new Matrix(2, 3), new Matrix(2, 3), new CsrMatrix(2, 3, 5)))
          .isInstanceOf(MatrixDimensionException.class)
          .hasMessageContaining("capacity 5");
    }
    assertThatThrownBy(() -> twoThreads.multiplyAdd(new Matrix(2, 3), new CsrMatrix(2, 4, 8), new Matrix(3, 2),
        new Matrix(2, 2)))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessageContaining("listing 2 × 4");
  }

  /** Checks h = max(z, 0), the listing of h's non-zeros in row order, and the sum of h. */
  private static void assertRectified(Matrix z, Matrix h, CsrMatrix listing, double sum, String context) {
    int m = z.rows();
    int n = z.cols();
    double expectedSum = 0;
    int p = 0;
    for (int r = 0; r < m; r++) {
      assertThat(listing.rowPointers()[r]).as("row pointer %d, %s", r, context).isEqualTo(p);
      for (int j = 0; j < n; j++) {
        float expected = Math.max(z.get(r, j), 0f);
        assertThat(h.get(r, j)).as("h(%d, %d), %s", r, j, context).isEqualTo(expected);
        expectedSum += expected;
        if (expected != 0f) {
          assertThat(listing.columnIndices()[p]).as("column at %d, %s", p, context).isEqualTo(j);
          assertThat(listing.values()[p]).as("value at %d, %s", p, context).isEqualTo(expected);
          p++;
        }
      }
    }
    assertThat(listing.nonZeroCount()).as("listed, %s", context).isEqualTo(p);
    assertThat(sum).as("sum, %s", context).isCloseTo(expectedSum, within(1e-6 * Math.max(1, expectedSum)));
  }
}
