package dev.rectifier.kernel;

import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.tensor.MatrixDimensionException;

/**
 * Plain single-threaded loops that define what every {@link Kernels} method computes.
 *
 * <p>No blocking, no vectors and no zero skipping: this class is the yardstick for the fast
 * kernels and stays as simple as the formulas. Sums are accumulated in {@code float} in index
 * order. The products with a CSR left operand visit its stored elements only, because the others
 * are zero by definition.
 */
public final class ReferenceKernels implements Kernels {

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public void multiplyAdd(Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        float sum = cv[r * n + j];
        for (int i = 0; i < k; i++) {
          sum += av[r * k + i] * bv[i * n + j];
        }
        cv[r * n + j] = sum;
      }
    }
  }

  @Override
  public void multiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask) {
    KernelShapes.checkMultiplyTransposeB(a, b, c, mask);
    int m = a.rows();
    int n = a.cols();
    int k = b.rows();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int r = 0; r < m; r++) {
      for (int i = 0; i < k; i++) {
        if (mask != null && mask.data()[r * k + i] == 0f) {
          cv[r * k + i] = 0f;
          continue;
        }
        float sum = 0f;
        for (int j = 0; j < n; j++) {
          sum += av[r * n + j] * bv[i * n + j];
        }
        cv[r * k + i] = sum;
      }
    }
  }

  @Override
  public void addTransposeAProduct(float alpha, Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkAddTransposeAProduct(a, b, c);
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int r = 0; r < m; r++) {
          sum += av[r * k + i] * bv[r * n + j];
        }
        cv[i * n + j] += alpha * sum;
      }
    }
  }

  @Override
  public void multiplyAdd(CsrMatrix a, Matrix b, Matrix c) {
    multiplyAddCsr(a, b, c);
  }

  @Override
  public double rectify(Matrix preActivations, Matrix activations, CsrMatrix nonZeros) {
    KernelShapes.checkRectify(preActivations, activations, nonZeros);
    int m = preActivations.rows();
    int n = preActivations.cols();
    float[] z = preActivations.data();
    float[] h = activations.data();
    int[] rowPointers = nonZeros.rowPointers();
    int[] columns = nonZeros.columnIndices();
    float[] values = nonZeros.values();
    double sum = 0;
    int count = 0;
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        float value = Math.max(z[r * n + j], 0f);
        h[r * n + j] = value;
        sum += value;
        if (value != 0f) {
          columns[count] = j;
          values[count] = value;
          count++;
        }
      }
      rowPointers[r + 1] = count;
    }
    return sum;
  }

  @Override
  public void addTransposeAProduct(float alpha, CsrMatrix a, Matrix b, Matrix c) {
    addTransposeAProductCsr(alpha, a, b, c);
  }

  /**
   * c[r][j] += Σ a[r][i]·b[i][j] over the stored elements of row r, each element of c summed in
   * storage order. Static so that {@link Kernels}' default method can run it too.
   */
  static void multiplyAddCsr(CsrMatrix a, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    int m = a.rows();
    int n = b.cols();
    int[] rowPointers = a.rowPointers();
    int[] columns = a.columnIndices();
    float[] values = a.values();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int r = 0; r < m; r++) {
      for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
        float x = values[p];
        int bRow = columns[p] * n;
        for (int j = 0; j < n; j++) {
          cv[r * n + j] += x * bv[bRow + j];
        }
      }
    }
  }

  /**
   * c[i][j] += (alpha·a[r][i])·b[r][j] for each stored a[r][i], rows in ascending order. Static so
   * that {@link Kernels}' default method can run it too.
   */
  static void addTransposeAProductCsr(float alpha, CsrMatrix a, Matrix b, Matrix c) {
    KernelShapes.checkAddTransposeAProduct(a, b, c);
    int m = a.rows();
    int n = b.cols();
    int[] rowPointers = a.rowPointers();
    int[] columns = a.columnIndices();
    float[] values = a.values();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int r = 0; r < m; r++) {
      for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
        float coefficient = alpha * values[p];
        int cRow = columns[p] * n;
        for (int j = 0; j < n; j++) {
          cv[cRow + j] += coefficient * bv[r * n + j];
        }
      }
    }
  }

  @Override
  public void close() {
    // Nothing to release.
  }

  /** Shape checks shared by all kernel implementations. */
  static final class KernelShapes {
    private KernelShapes() {}

    static void checkMultiplyAdd(Matrix a, Matrix b, Matrix c) {
      if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
        throw new MatrixDimensionException("multiplyAdd (c += a·b)",
            "a m×k, b k×n, c m×n",
            "a " + a.shape() + ", b " + b.shape() + ", c " + c.shape());
      }
    }

    static void checkMultiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask) {
      boolean maskFits = mask == null || (mask.rows() == c.rows() && mask.cols() == c.cols());
      if (a.cols() != b.cols() || c.rows() != a.rows() || c.cols() != b.rows() || !maskFits) {
        throw new MatrixDimensionException("multiplyTransposeB (c = a·bᵀ)",
            "a m×n, b k×n, c m×k, mask m×k",
            "a " + a.shape() + ", b " + b.shape() + ", c " + c.shape()
                + ", mask " + (mask == null ? "none" : mask.shape()));
      }
    }

    static void checkRectify(Matrix preActivations, Matrix activations, CsrMatrix nonZeros) {
      boolean fits = activations.rows() == preActivations.rows() && activations.cols() == preActivations.cols()
          && nonZeros.rows() == preActivations.rows() && nonZeros.cols() == preActivations.cols();
      if (!fits || (long) nonZeros.capacity() < (long) preActivations.rows() * preActivations.cols()) {
        throw new MatrixDimensionException("rectify (h = max(z, 0), listed)",
            "z m×n, h m×n, listing m×n with capacity m·n",
            "z " + preActivations.shape() + ", h " + activations.shape() + ", listing " + nonZeros.shape()
                + " with capacity " + nonZeros.capacity());
      }
    }

    static void checkListing(Matrix a, CsrMatrix nonZerosOfA) {
      if (nonZerosOfA.rows() != a.rows() || nonZerosOfA.cols() != a.cols()) {
        throw new MatrixDimensionException("multiplyAdd (c += a·b, a also listed)",
            "a m×k and its listing m×k", "a " + a.shape() + ", listing " + nonZerosOfA.shape());
      }
    }

    static void checkMaskListing(Matrix mask, CsrMatrix maskNonZeros) {
      if (mask == null || maskNonZeros.rows() != mask.rows() || maskNonZeros.cols() != mask.cols()) {
        throw new MatrixDimensionException("backPropagateAndStep (mask also listed)",
            "mask m×k and its listing m×k",
            "mask " + (mask == null ? "none" : mask.shape()) + ", listing " + maskNonZeros.shape());
      }
    }

    static void checkMultiplyAdd(CsrMatrix a, Matrix b, Matrix c) {
      if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
        throw new MatrixDimensionException("multiplyAdd (c += a·b, a in CSR form)",
            "a m×k, b k×n, c m×n",
            "a " + a.shape() + ", b " + b.shape() + ", c " + c.shape());
      }
    }

    static void checkAddTransposeAProduct(CsrMatrix a, Matrix b, Matrix c) {
      if (a.rows() != b.rows() || c.rows() != a.cols() || c.cols() != b.cols()) {
        throw new MatrixDimensionException("addTransposeAProduct (c += alpha·aᵀ·b, a in CSR form)",
            "a m×k, b m×n, c k×n",
            "a " + a.shape() + ", b " + b.shape() + ", c " + c.shape());
      }
    }

    static void checkAddTransposeAProduct(Matrix a, Matrix b, Matrix c) {
      if (a.rows() != b.rows() || c.rows() != a.cols() || c.cols() != b.cols()) {
        throw new MatrixDimensionException("addTransposeAProduct (c += alpha·aᵀ·b)",
            "a m×k, b m×n, c k×n",
            "a " + a.shape() + ", b " + b.shape() + ", c " + c.shape());
      }
    }
  }
}
