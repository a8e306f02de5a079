package dev.rectifier.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;

/**
 * Rounding-error bounds, matrix assertions and random operands for the kernel tests.
 *
 * <p>The error bounds follow one tolerance model. A float computation of c + Σ terms lies within
 * γ_N · M of the exact result, where M = |c| + Σ|terms|, γ_N = N·u / (1 − N·u), u = 2⁻²⁴, and N
 * is the inner size plus a number of extra roundings. That is the classical worst-case bound of
 * recursive float summation, and it holds for any summation order and with or without fused
 * multiply-adds. Two computations that each meet it therefore differ by at most 2·γ_N·M per
 * element, and the error-bound methods here return that value. Each test class passes its own
 * number of extra roundings, because the computations it compares round at different steps. A
 * fixed relative tolerance would be too loose for short sums and too tight where terms cancel.
 */
final class KernelTestSupport {

  /** Lanes of the preferred float vector species, for test sizes around the vector length. */
  static final int LANES = FloatVector.SPECIES_PREFERRED.length();

  /** Unit roundoff of float, 2⁻²⁴. */
  private static final double UNIT_ROUNDOFF = 0x1p-24;

  private KernelTestSupport() {}

  /** Magnitude M of the exact result at one output element. */
  @FunctionalInterface
  private interface ElementMagnitude {
    double at(int row, int col);
  }

  /** Returns a rows × cols matrix with values uniform in [−1, 1). */
  static Matrix randomMatrix(int rows, int cols, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    float[] values = matrix.data();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return matrix;
  }

  /**
   * Returns a rows × cols matrix with values uniform in [−1, 1), of which about {@code
   * zeroFraction} are set to exact zeros, +0 and −0 alike. It draws one extra number per element
   * to pick the zeros, even at fraction 0, so the same seed gives other values than {@link
   * #randomMatrix(int, int, SplittableRandom)}.
   */
  static Matrix randomMatrix(int rows, int cols, double zeroFraction, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    float[] values = matrix.data();
    for (int i = 0; i < values.length; i++) {
      if (random.nextDouble() < zeroFraction) {
        values[i] = random.nextBoolean() ? 0f : -0f;
      } else {
        values[i] = (float) random.nextDouble(-1, 1);
      }
    }
    return matrix;
  }

  /**
   * Returns 2·γ_N·(|c[r][j]| + Σ_i |a[r][i]·b[i][j]|) for each element of c + a·b, row-major,
   * with N = a.cols() + extraRoundings.
   */
  static double[] multiplyAddErrorBound(Matrix a, Matrix b, Matrix c, int extraRoundings) {
    int k = a.cols();
    return elementBounds(a.rows(), b.cols(), k + extraRoundings, (r, j) -> {
      double magnitude = Math.abs(c.get(r, j));
      for (int i = 0; i < k; i++) {
        magnitude += Math.abs((double) a.get(r, i) * b.get(i, j));
      }
      return magnitude;
    });
  }

  /**
   * Returns 2·γ_N·Σ_j |a[r][j]·b[i][j]| for each element of a·bᵀ, row-major, with
   * N = a.cols() + extraRoundings.
   */
  static double[] multiplyTransposeBErrorBound(Matrix a, Matrix b, int extraRoundings) {
    int n = a.cols();
    return elementBounds(a.rows(), b.rows(), n + extraRoundings, (r, i) -> {
      double magnitude = 0;
      for (int j = 0; j < n; j++) {
        magnitude += Math.abs((double) a.get(r, j) * b.get(i, j));
      }
      return magnitude;
    });
  }

  /**
   * Returns 2·γ_N·(|c[i][j]| + |alpha|·Σ_r |a[r][i]·b[r][j]|) for each element of
   * c + alpha·aᵀ·b, row-major, with N = a.rows() + extraRoundings.
   */
  static double[] addTransposeAProductErrorBound(float alpha, Matrix a, Matrix b, Matrix c, int extraRoundings) {
    int m = a.rows();
    return elementBounds(a.cols(), b.cols(), m + extraRoundings, (i, j) -> {
      double magnitude = 0;
      for (int r = 0; r < m; r++) {
        magnitude += Math.abs((double) a.get(r, i) * b.get(r, j));
      }
      return Math.abs(c.get(i, j)) + Math.abs(alpha) * magnitude;
    });
  }

  /** Returns 2·γ_roundings·M for each element of a rows × cols result, row-major. */
  private static double[] elementBounds(int rows, int cols, int roundings, ElementMagnitude magnitude) {
    double nu = roundings * UNIT_ROUNDOFF;
    double gamma = nu / (1 - nu);
    double[] bound = new double[rows * cols];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        bound[row * cols + col] = 2 * gamma * magnitude.at(row, col);
      }
    }
    return bound;
  }

  /**
   * Asserts that each element of {@code actual} lies within {@code bound} of the same element of
   * {@code expected}, and names the element that exceeds its bound by the most.
   */
  static void assertWithinBound(Matrix actual, Matrix expected, double[] bound, String context) {
    int failures = 0;
    double worstExcess = 0;
    int worstIndex = -1;
    for (int i = 0; i < actual.data().length; i++) {
      double difference = Math.abs((double) actual.data()[i] - expected.data()[i]);
      double excess = difference - bound[i];
      if (!(excess <= 0)) {
        failures++;
        if (!(excess <= worstExcess)) {
          worstExcess = excess;
          worstIndex = i;
        }
      }
    }
    String worst = worstIndex < 0 ? "" : ", worst at index " + worstIndex + ": actual "
        + actual.data()[worstIndex] + ", expected " + expected.data()[worstIndex] + ", bound " + bound[worstIndex];
    assertThat(failures).as("%s: elements outside the rounding bound%s", context, worst).isZero();
  }

  /**
   * Asserts that the two matrices hold the same float bits, so +0 and −0 count as different, and
   * lists the first 10 elements that differ.
   */
  static void assertBitIdentical(Matrix actual, Matrix expected, String context) {
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < actual.data().length; i++) {
      float got = actual.data()[i];
      float want = expected.data()[i];
      if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want) && differences.size() < 10) {
        differences.add("element " + i + ": " + got + " vs " + want);
      }
    }
    assertThat(differences).as("%s: first elements that differ", context).isEmpty();
  }
}
