package dev.rectifier.kernel;

import dev.rectifier.kernel.ReferenceKernels.KernelShapes;
import dev.rectifier.tensor.Matrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pure-Java kernels built on the Vector API that skip exact zeros and split work across threads.
 *
 * <p>All three products are written as row updates ({@code y += x · row}) or row dot products,
 * so an exact zero in the sparse operand removes a whole row operation. That is where rectifier
 * networks save work: MNIST pixels are about 80% zeros and a trained rectifier layer with an L1
 * activation penalty 70–85%. Each output element is summed over the inner index in the same order
 * whatever the thread count, so results do not depend on the number of threads.
 *
 * <p>Legend inside the kernels: m rows of the batch, k inner size, n columns; r, i, j index them.
 */
public final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /**
   * Rows of the left operand processed together in {@link #multiplyAdd}, so the weight row loaded
   * for one input component serves this many examples while their output rows stay in L1 cache.
   */
  static final int ROW_BLOCK = 8;

  /** Products with fewer multiply-adds than this run on the calling thread only. */
  static final long MIN_PARALLEL_WORK = 32_768;

  private final WorkerPool workers;
  private final float[][] coefficientScratch;
  private final int[][] rowScratch;

  /** Creates kernels that use {@code threads} threads, the caller included. */
  public VectorKernels(int threads) {
    this.workers = new WorkerPool(threads);
    this.coefficientScratch = new float[threads][0];
    this.rowScratch = new int[threads][0];
  }

  @Override
  public String name() {
    return "vector(lanes=" + LANES + ", threads=" + workers.threads() + ")";
  }

  private int chunksFor(long work, int splittable) {
    if (work < MIN_PARALLEL_WORK) {
      return 1;
    }
    return Math.max(1, Math.min(workers.threads(), splittable));
  }

  /** Returns the start of chunk {@code chunk} of {@code chunks} over {@code [0, size)}, lane aligned. */
  private static int chunkStart(int size, int chunks, int chunk) {
    if (chunk == chunks) {
      return size;
    }
    int start = (int) ((long) size * chunk / chunks);
    return Math.min(size, start / LANES * LANES);
  }

  @Override
  public void multiplyAdd(Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    int n = b.cols();
    int chunks = chunksFor((long) a.rows() * a.cols() * n, n / LANES);
    workers.run(chunks, chunk ->
        multiplyAddColumns(a, b, c, chunkStart(n, chunks, chunk), chunkStart(n, chunks, chunk + 1)));
  }

  /** c[r][j0..j1) += Σ_i a[r][i] · b[i][j0..j1), skipping a[r][i] == 0. */
  private static void multiplyAddColumns(Matrix a, Matrix b, Matrix c, int j0, int j1) {
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int r0 = 0; r0 < m; r0 += ROW_BLOCK) {
      int r1 = Math.min(m, r0 + ROW_BLOCK);
      for (int i = 0; i < k; i++) {
        int bRow = i * n;
        for (int r = r0; r < r1; r++) {
          float x = av[r * k + i];
          if (x != 0f) {
            axpy(x, bv, bRow, cv, r * n, j0, j1);
          }
        }
      }
    }
  }

  /** y[yOffset + j] += alpha · x[xOffset + j] for j in [j0, j1). */
  private static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int j0, int j1) {
    FloatVector scale = FloatVector.broadcast(SPECIES, alpha);
    int j = j0;
    int bound = j0 + SPECIES.loopBound(j1 - j0);
    for (; j < bound; j += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + j);
      FloatVector yv = FloatVector.fromArray(SPECIES, y, yOffset + j);
      xv.fma(scale, yv).intoArray(y, yOffset + j);
    }
    for (; j < j1; j++) {
      y[yOffset + j] = Math.fma(alpha, x[xOffset + j], y[yOffset + j]);
    }
  }

  @Override
  public void multiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask) {
    KernelShapes.checkMultiplyTransposeB(a, b, c, mask);
    int k = b.rows();
    int chunks = chunksFor((long) a.rows() * a.cols() * k, k);
    workers.run(chunks, chunk -> {
      int i0 = (int) ((long) k * chunk / chunks);
      int i1 = (int) ((long) k * (chunk + 1) / chunks);
      multiplyTransposeBRows(a, b, c, mask, i0, i1);
    });
  }

  /** c[r][i] = Σ_j a[r][j] · b[i][j] for i in [i0, i1), or 0 where the mask is 0. */
  private static void multiplyTransposeBRows(Matrix a, Matrix b, Matrix c, Matrix mask, int i0, int i1) {
    int m = a.rows();
    int n = a.cols();
    int k = b.rows();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    float[] maskValues = mask == null ? null : mask.data();
    for (int i = i0; i < i1; i++) {
      for (int r = 0; r < m; r++) {
        int index = r * k + i;
        cv[index] = maskValues != null && maskValues[index] == 0f ? 0f : dot(av, r * n, bv, i * n, n);
      }
    }
  }

  private static float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
    FloatVector sum = FloatVector.zero(SPECIES);
    int j = 0;
    int bound = SPECIES.loopBound(length);
    for (; j < bound; j += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + j);
      FloatVector yv = FloatVector.fromArray(SPECIES, y, yOffset + j);
      sum = xv.fma(yv, sum);
    }
    float result = sumLanesInOrder(sum);
    for (; j < length; j++) {
      result = Math.fma(x[xOffset + j], y[yOffset + j], result);
    }
    return result;
  }

  /**
   * Adds the lanes of {@code vector} from lane 0 upwards. {@code reduceLanes} may add in another
   * order once the JIT compiles it than before, which would make training runs with the same seed
   * differ in their last bits.
   */
  private static float sumLanesInOrder(FloatVector vector) {
    float result = 0f;
    for (int lane = 0; lane < LANES; lane++) {
      result += vector.lane(lane);
    }
    return result;
  }

  @Override
  public void addTransposeAProduct(float alpha, Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkAddTransposeAProduct(a, b, c);
    int k = a.cols();
    int m = a.rows();
    int chunks = chunksFor((long) m * k * b.cols(), k);
    for (int t = 0; t < chunks; t++) {
      if (coefficientScratch[t].length < m) {
        coefficientScratch[t] = new float[m];
        rowScratch[t] = new int[m];
      }
    }
    workers.run(chunks, chunk -> {
      int i0 = (int) ((long) k * chunk / chunks);
      int i1 = (int) ((long) k * (chunk + 1) / chunks);
      addTransposeAProductRows(alpha, a, b, c, i0, i1, coefficientScratch[chunk], rowScratch[chunk]);
    });
  }

  /**
   * c[i][·] += Σ_r (alpha · a[r][i]) · b[r][·] for i in [i0, i1): the non-zero coefficients of
   * column i of a are gathered first, then row i of c is read and written once.
   */
  private static void addTransposeAProductRows(float alpha, Matrix a, Matrix b, Matrix c, int i0, int i1,
      float[] coefficients, int[] rows) {
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    float[] av = a.data();
    float[] bv = b.data();
    float[] cv = c.data();
    for (int i = i0; i < i1; i++) {
      int count = 0;
      for (int r = 0; r < m; r++) {
        float x = av[r * k + i];
        if (x != 0f) {
          coefficients[count] = alpha * x;
          rows[count] = r * n;
          count++;
        }
      }
      if (count > 0) {
        accumulateRow(coefficients, rows, count, bv, cv, i * n, n);
      }
    }
  }

  private static void accumulateRow(float[] coefficients, int[] rows, int count, float[] bv, float[] cv,
      int cOffset, int n) {
    int j = 0;
    int bound = SPECIES.loopBound(n);
    for (; j < bound; j += LANES) {
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int t = 0; t < count; t++) {
        FloatVector bRow = FloatVector.fromArray(SPECIES, bv, rows[t] + j);
        sum = bRow.fma(FloatVector.broadcast(SPECIES, coefficients[t]), sum);
      }
      FloatVector.fromArray(SPECIES, cv, cOffset + j).add(sum).intoArray(cv, cOffset + j);
    }
    for (; j < n; j++) {
      float sum = 0f;
      for (int t = 0; t < count; t++) {
        sum = Math.fma(coefficients[t], bv[rows[t] + j], sum);
      }
      cv[cOffset + j] += sum;
    }
  }

  @Override
  public void close() {
    workers.close();
  }
}
