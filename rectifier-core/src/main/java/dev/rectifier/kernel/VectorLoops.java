package dev.rectifier.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of {@link VectorKernels}, written so that the JIT keeps every accumulator in a
 * vector register: each loop is one method with its accumulators in local variables, and no
 * helper takes or returns a vector.
 *
 * <p>Every loop adds its terms to an output element in increasing term order, starting from the
 * element's old value, so the sparse and the dense loop give bit-identical results on finite
 * data: a skipped term is an exact zero product, and adding 0 leaves a sum unchanged.
 */
final class VectorLoops {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /**
   * Whether {@link #listRows} packs non-zero lanes with the vector compress operation. The JIT
   * turns it into one instruction with AVX-512 (16 lanes). With AVX2 it ran as slow library code,
   * so there the listing walks the comparison's bit mask instead.
   */
  private static final boolean COMPRESS_IN_HARDWARE = LANES >= 16;

  /** Integer lanes as wide as the float lanes, for the column indices that {@link #listRows} lists. */
  private static final VectorSpecies<Integer> INDEX_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final IntVector LANE_INDICES = IntVector.zero(INDEX_SPECIES).addIndex(1);

  /** Columns that one pass of {@link #accumulateRows} keeps in registers. */
  static final int SPARSE_PANEL = 8 * LANES;

  /** Columns that one pass of {@link #denseBlock} covers, packed. */
  static final int DENSE_PANEL = 4 * LANES;

  /**
   * Whether {@link #denseBlock} works through each panel in two halves of two vectors, for six
   * rows at a time. With 8 lanes (AVX2) the machine has 16 vector registers, so the sixteen
   * accumulators of four rows of a whole panel spill to memory. On one core of an AMD EPYC with
   * AVX2, a batch-128 forward product of a 1000 × 1000 layer took 13.7 ms with four rows of the
   * whole panel. Four rows of a half panel (8 accumulators) took 11.6 ms. In a later run, six rows
   * of a half panel (12 accumulators) took 8.8 ms against 9.9 ms for four. With 16 lanes (AVX-512,
   * 32 registers) four rows of the whole panel fit.
   */
  private static final boolean DENSE_PANEL_IN_HALVES = LANES == 8;

  /** Rows that one pass of {@link #denseBlock} keeps in registers. */
  static final int DENSE_ROWS = DENSE_PANEL_IN_HALVES ? 6 : 4;

  /** Rows whose dot products {@link #dots} computes against one shared row. */
  static final int DOT_ROWS = 4;

  /**
   * Whether {@link #dots} takes its rows two at a time only. Four rows keep 16 accumulators and 4
   * shared vectors, more than the 16 vector registers of AVX2 (8 lanes); two rows keep 12.
   */
  private static final boolean DOTS_IN_PAIRS = LANES == 8;

  /**
   * Shuffles that move lane {@code lane + h} onto lane {@code lane}, for the fixed-tree lane sum
   * of {@link #dots}. That sum is written out in place, because a helper taking a vector argument
   * is slow whenever the JIT does not inline it, and {@code reduceLanes} may add in one order when
   * interpreted and in another once compiled, which would make two runs differ in their last bits.
   */
  private static final VectorShuffle<Float> HALVE_8 = halving(8);
  private static final VectorShuffle<Float> HALVE_4 = halving(4);
  private static final VectorShuffle<Float> HALVE_2 = halving(2);
  private static final VectorShuffle<Float> HALVE_1 = halving(1);

  /** Columns of one step of {@link #dots}: four vectors. */
  static final int DOT_BLOCK = 4 * LANES;


  private VectorLoops() {}

  /**
   * Adds a weighted sum of rows of b to one row of c, for columns [j0, j1):
   * {@code c[cOffset + j] += Σ_{t ∈ [from, to)} coefficients[t] · b[rows[t]·rowStride + j]}.
   *
   * <p>The forward product gives it one input row's non-zero values and the indices of the
   * matching weight rows; the weight gradient gives it one input column's non-zero values and
   * the indices of the matching delta rows.
   */
  static void accumulateRows(float[] coefficients, int[] rows, int from, int to, int rowStride,
      float[] b, float[] c, int cOffset, int j0, int j1) {
    int j = j0;
    for (; j + SPARSE_PANEL <= j1; j += SPARSE_PANEL) {
      int at = cOffset + j;
      FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
      FloatVector c1 = FloatVector.fromArray(SPECIES, c, at + LANES);
      FloatVector c2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
      FloatVector c3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
      FloatVector c4 = FloatVector.fromArray(SPECIES, c, at + 4 * LANES);
      FloatVector c5 = FloatVector.fromArray(SPECIES, c, at + 5 * LANES);
      FloatVector c6 = FloatVector.fromArray(SPECIES, c, at + 6 * LANES);
      FloatVector c7 = FloatVector.fromArray(SPECIES, c, at + 7 * LANES);
      for (int t = from; t < to; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, coefficients[t]);
        int row = rows[t] * rowStride + j;
        c0 = FloatVector.fromArray(SPECIES, b, row).fma(x, c0);
        c1 = FloatVector.fromArray(SPECIES, b, row + LANES).fma(x, c1);
        c2 = FloatVector.fromArray(SPECIES, b, row + 2 * LANES).fma(x, c2);
        c3 = FloatVector.fromArray(SPECIES, b, row + 3 * LANES).fma(x, c3);
        c4 = FloatVector.fromArray(SPECIES, b, row + 4 * LANES).fma(x, c4);
        c5 = FloatVector.fromArray(SPECIES, b, row + 5 * LANES).fma(x, c5);
        c6 = FloatVector.fromArray(SPECIES, b, row + 6 * LANES).fma(x, c6);
        c7 = FloatVector.fromArray(SPECIES, b, row + 7 * LANES).fma(x, c7);
      }
      c0.intoArray(c, at);
      c1.intoArray(c, at + LANES);
      c2.intoArray(c, at + 2 * LANES);
      c3.intoArray(c, at + 3 * LANES);
      c4.intoArray(c, at + 4 * LANES);
      c5.intoArray(c, at + 5 * LANES);
      c6.intoArray(c, at + 6 * LANES);
      c7.intoArray(c, at + 7 * LANES);
    }
    for (; j + 4 * LANES <= j1; j += 4 * LANES) {
      int at = cOffset + j;
      FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
      FloatVector c1 = FloatVector.fromArray(SPECIES, c, at + LANES);
      FloatVector c2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
      FloatVector c3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
      for (int t = from; t < to; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, coefficients[t]);
        int row = rows[t] * rowStride + j;
        c0 = FloatVector.fromArray(SPECIES, b, row).fma(x, c0);
        c1 = FloatVector.fromArray(SPECIES, b, row + LANES).fma(x, c1);
        c2 = FloatVector.fromArray(SPECIES, b, row + 2 * LANES).fma(x, c2);
        c3 = FloatVector.fromArray(SPECIES, b, row + 3 * LANES).fma(x, c3);
      }
      c0.intoArray(c, at);
      c1.intoArray(c, at + LANES);
      c2.intoArray(c, at + 2 * LANES);
      c3.intoArray(c, at + 3 * LANES);
    }
    for (; j + LANES <= j1; j += LANES) {
      int at = cOffset + j;
      FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
      for (int t = from; t < to; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, coefficients[t]);
        c0 = FloatVector.fromArray(SPECIES, b, rows[t] * rowStride + j).fma(x, c0);
      }
      c0.intoArray(c, at);
    }
    // Scalar tail, terms outside so the columns' chains of multiply-adds overlap. Each fused
    // multiply-add rounds as one vector lane would. Masked vectors fell back to slow Java code.
    if (j < j1) {
      for (int t = from; t < to; t++) {
        float x = coefficients[t];
        int row = rows[t] * rowStride;
        for (int column = j; column < j1; column++) {
          c[cOffset + column] = Math.fma(b[row + column], x, c[cOffset + column]);
        }
      }
    }
  }

  /**
   * Adds a dense product to a block of up to {@link #DENSE_ROWS} rows of c, for columns
   * [j0, j1): {@code c[cBase + q·cStride + j] += Σ_{t < terms} a[aBase + q·qStride + t]
   * · b[t·DENSE_PANEL + j − bShift]} for q in [0, rows).
   *
   * <p>Rows of a are contiguous in t. b is a packed copy of one column panel, rows
   * {@link #DENSE_PANEL} apart, starting at column {@code bShift}. Packing measured 25% faster
   * than reading the panel in place, and strides passed as arguments instead of these constants
   * cost another 15%, because the index arithmetic stays in the loop. The weight gradient passes
   * a transposed copy of its input as a. Each loaded row of b serves four or six rows of c, so the
   * loop is bound by multiply-adds, not by loads. The last partial vector of a panel row is read
   * at full width.
   * {@code laneScratch} has room for at least {@link #DENSE_ROWS} · {@link #LANES} values. There is no scale factor: a
   * scalar multiplication per term cost another 25% (JMH, batch 128, one thread).
   */
  static void denseBlock(float[] a, int aBase, int qStride, int terms,
      float[] b, int bShift, float[] c, int cBase, int cStride, int rows, int j0, int j1,
      float[] laneScratch) {
    if (DENSE_PANEL_IN_HALVES && rows == 6) {
      denseSixRows(a, aBase, qStride, terms, b, bShift, c, cBase, cStride, j0, j1, laneScratch);
      return;
    }
    int q = 0;
    for (; q + 4 <= rows; q += 4) {
      denseFourRows(a, aBase + q * qStride, qStride, terms, b, bShift, c, cBase + q * cStride, cStride, j0, j1,
          laneScratch);
    }
    for (; q < rows; q++) {
      denseRow(a, aBase + q * qStride, terms, b, bShift, c, cBase + q * cStride, j0, j1, laneScratch);
    }
  }

  /**
   * Six rows of {@link #denseBlock}: the full panels in halves of six rows by two vectors, the
   * columns past them as four rows and two single rows.
   */
  private static void denseSixRows(float[] a, int aBase, int qStride, int terms, float[] b, int bShift,
      float[] c, int cBase, int cStride, int j0, int j1, float[] laneScratch) {
    int j = j0;
    for (; j + DENSE_PANEL <= j1; j += DENSE_PANEL) {
      denseSixRowHalfPanel(a, aBase, qStride, terms, b, j - bShift, c, cBase + j, cStride);
      denseSixRowHalfPanel(a, aBase, qStride, terms, b, j + 2 * LANES - bShift, c, cBase + j + 2 * LANES, cStride);
    }
    if (j < j1) {
      denseFourRows(a, aBase, qStride, terms, b, bShift, c, cBase, cStride, j, j1, laneScratch);
      denseRow(a, aBase + 4 * qStride, terms, b, bShift, c, cBase + 4 * cStride, j, j1, laneScratch);
      denseRow(a, aBase + 5 * qStride, terms, b, bShift, c, cBase + 5 * cStride, j, j1, laneScratch);
    }
  }

  /**
   * Two vectors of six rows: {@code c[cBase + q·cStride + v] += Σ_t a[aBase + q·qStride + t] ·
   * b[t·DENSE_PANEL + bColumn + v]} for q in [0, 6) and v in [0, 2 · LANES).
   */
  private static void denseSixRowHalfPanel(float[] a, int aBase, int qStride, int terms, float[] b, int bColumn,
      float[] c, int cBase, int cStride) {
    int a0 = aBase;
    int a1 = aBase + qStride;
    int a2 = aBase + 2 * qStride;
    int a3 = aBase + 3 * qStride;
    int a4 = aBase + 4 * qStride;
    int a5 = aBase + 5 * qStride;
    int r0 = cBase;
    int r1 = cBase + cStride;
    int r2 = cBase + 2 * cStride;
    int r3 = cBase + 3 * cStride;
    int r4 = cBase + 4 * cStride;
    int r5 = cBase + 5 * cStride;
    FloatVector c00 = FloatVector.fromArray(SPECIES, c, r0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, c, r0 + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, c, r1);
    FloatVector c11 = FloatVector.fromArray(SPECIES, c, r1 + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, c, r2);
    FloatVector c21 = FloatVector.fromArray(SPECIES, c, r2 + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, c, r3);
    FloatVector c31 = FloatVector.fromArray(SPECIES, c, r3 + LANES);
    FloatVector c40 = FloatVector.fromArray(SPECIES, c, r4);
    FloatVector c41 = FloatVector.fromArray(SPECIES, c, r4 + LANES);
    FloatVector c50 = FloatVector.fromArray(SPECIES, c, r5);
    FloatVector c51 = FloatVector.fromArray(SPECIES, c, r5 + LANES);
    for (int t = 0; t < terms; t++) {
      int row = t * DENSE_PANEL + bColumn;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, row);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, row + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + t]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(SPECIES, a[a1 + t]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(SPECIES, a[a2 + t]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(SPECIES, a[a3 + t]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(SPECIES, a[a4 + t]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(SPECIES, a[a5 + t]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + LANES);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + LANES);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + LANES);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + LANES);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + LANES);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + LANES);
  }

  /** Four rows of {@link #denseBlock}. */
  private static void denseFourRows(float[] a, int aBase, int qStride, int terms, float[] b, int bShift,
      float[] c, int cBase, int cStride, int j0, int j1, float[] laneScratch) {
    int a0 = aBase;
    int a1 = aBase + qStride;
    int a2 = aBase + 2 * qStride;
    int a3 = aBase + 3 * qStride;
    int r0 = cBase;
    int r1 = cBase + cStride;
    int r2 = cBase + 2 * cStride;
    int r3 = cBase + 3 * cStride;
    int j = j0;
    if (DENSE_PANEL_IN_HALVES) {
      for (; j + DENSE_PANEL <= j1; j += DENSE_PANEL) {
        denseFourRowHalfPanel(a, aBase, qStride, terms, b, j - bShift, c, cBase + j, cStride);
        denseFourRowHalfPanel(a, aBase, qStride, terms, b, j + 2 * LANES - bShift, c, cBase + j + 2 * LANES, cStride);
      }
    }
    for (; j + DENSE_PANEL <= j1; j += DENSE_PANEL) {
      FloatVector c00 = FloatVector.fromArray(SPECIES, c, r0 + j);
      FloatVector c01 = FloatVector.fromArray(SPECIES, c, r0 + j + LANES);
      FloatVector c02 = FloatVector.fromArray(SPECIES, c, r0 + j + 2 * LANES);
      FloatVector c03 = FloatVector.fromArray(SPECIES, c, r0 + j + 3 * LANES);
      FloatVector c10 = FloatVector.fromArray(SPECIES, c, r1 + j);
      FloatVector c11 = FloatVector.fromArray(SPECIES, c, r1 + j + LANES);
      FloatVector c12 = FloatVector.fromArray(SPECIES, c, r1 + j + 2 * LANES);
      FloatVector c13 = FloatVector.fromArray(SPECIES, c, r1 + j + 3 * LANES);
      FloatVector c20 = FloatVector.fromArray(SPECIES, c, r2 + j);
      FloatVector c21 = FloatVector.fromArray(SPECIES, c, r2 + j + LANES);
      FloatVector c22 = FloatVector.fromArray(SPECIES, c, r2 + j + 2 * LANES);
      FloatVector c23 = FloatVector.fromArray(SPECIES, c, r2 + j + 3 * LANES);
      FloatVector c30 = FloatVector.fromArray(SPECIES, c, r3 + j);
      FloatVector c31 = FloatVector.fromArray(SPECIES, c, r3 + j + LANES);
      FloatVector c32 = FloatVector.fromArray(SPECIES, c, r3 + j + 2 * LANES);
      FloatVector c33 = FloatVector.fromArray(SPECIES, c, r3 + j + 3 * LANES);
      for (int t = 0; t < terms; t++) {
        int row = t * DENSE_PANEL + j - bShift;
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, row);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, row + LANES);
        FloatVector b2 = FloatVector.fromArray(SPECIES, b, row + 2 * LANES);
        FloatVector b3 = FloatVector.fromArray(SPECIES, b, row + 3 * LANES);
        FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + t]);
        c00 = b0.fma(x0, c00);
        c01 = b1.fma(x0, c01);
        c02 = b2.fma(x0, c02);
        c03 = b3.fma(x0, c03);
        FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + t]);
        c10 = b0.fma(x1, c10);
        c11 = b1.fma(x1, c11);
        c12 = b2.fma(x1, c12);
        c13 = b3.fma(x1, c13);
        FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + t]);
        c20 = b0.fma(x2, c20);
        c21 = b1.fma(x2, c21);
        c22 = b2.fma(x2, c22);
        c23 = b3.fma(x2, c23);
        FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + t]);
        c30 = b0.fma(x3, c30);
        c31 = b1.fma(x3, c31);
        c32 = b2.fma(x3, c32);
        c33 = b3.fma(x3, c33);
      }
      c00.intoArray(c, r0 + j);
      c01.intoArray(c, r0 + j + LANES);
      c02.intoArray(c, r0 + j + 2 * LANES);
      c03.intoArray(c, r0 + j + 3 * LANES);
      c10.intoArray(c, r1 + j);
      c11.intoArray(c, r1 + j + LANES);
      c12.intoArray(c, r1 + j + 2 * LANES);
      c13.intoArray(c, r1 + j + 3 * LANES);
      c20.intoArray(c, r2 + j);
      c21.intoArray(c, r2 + j + LANES);
      c22.intoArray(c, r2 + j + 2 * LANES);
      c23.intoArray(c, r2 + j + 3 * LANES);
      c30.intoArray(c, r3 + j);
      c31.intoArray(c, r3 + j + LANES);
      c32.intoArray(c, r3 + j + 2 * LANES);
      c33.intoArray(c, r3 + j + 3 * LANES);
    }
    // Columns past the last full panel, one vector at a time for all four rows, so that four
    // chains of multiply-adds overlap (a narrow output layer has nothing but these columns).
    for (; j < j1; j += LANES) {
      int width = Math.min(LANES, j1 - j);
      boolean full = width == LANES;
      if (!full) {
        // Fewer than a full vector: go through the scratch, so no access reaches past c's end.
        System.arraycopy(c, r0 + j, laneScratch, 0, width);
        System.arraycopy(c, r1 + j, laneScratch, LANES, width);
        System.arraycopy(c, r2 + j, laneScratch, 2 * LANES, width);
        System.arraycopy(c, r3 + j, laneScratch, 3 * LANES, width);
      }
      float[] source = full ? c : laneScratch;
      int s0 = full ? r0 + j : 0;
      int s1 = full ? r1 + j : LANES;
      int s2 = full ? r2 + j : 2 * LANES;
      int s3 = full ? r3 + j : 3 * LANES;
      FloatVector c0 = FloatVector.fromArray(SPECIES, source, s0);
      FloatVector c1 = FloatVector.fromArray(SPECIES, source, s1);
      FloatVector c2 = FloatVector.fromArray(SPECIES, source, s2);
      FloatVector c3 = FloatVector.fromArray(SPECIES, source, s3);
      for (int t = 0; t < terms; t++) {
        FloatVector w = FloatVector.fromArray(SPECIES, b, t * DENSE_PANEL + j - bShift);
        c0 = w.fma(FloatVector.broadcast(SPECIES, a[a0 + t]), c0);
        c1 = w.fma(FloatVector.broadcast(SPECIES, a[a1 + t]), c1);
        c2 = w.fma(FloatVector.broadcast(SPECIES, a[a2 + t]), c2);
        c3 = w.fma(FloatVector.broadcast(SPECIES, a[a3 + t]), c3);
      }
      c0.intoArray(source, s0);
      c1.intoArray(source, s1);
      c2.intoArray(source, s2);
      c3.intoArray(source, s3);
      if (!full) {
        System.arraycopy(laneScratch, 0, c, r0 + j, width);
        System.arraycopy(laneScratch, LANES, c, r1 + j, width);
        System.arraycopy(laneScratch, 2 * LANES, c, r2 + j, width);
        System.arraycopy(laneScratch, 3 * LANES, c, r3 + j, width);
      }
    }
  }

  /**
   * Two vectors of four rows: {@code c[cBase + q·cStride + v] += Σ_t a[aBase + q·qStride + t] ·
   * b[t·DENSE_PANEL + bColumn + v]} for q in [0, 4) and v in [0, 2 · LANES).
   */
  private static void denseFourRowHalfPanel(float[] a, int aBase, int qStride, int terms, float[] b, int bColumn,
      float[] c, int cBase, int cStride) {
    int a0 = aBase;
    int a1 = aBase + qStride;
    int a2 = aBase + 2 * qStride;
    int a3 = aBase + 3 * qStride;
    int r0 = cBase;
    int r1 = cBase + cStride;
    int r2 = cBase + 2 * cStride;
    int r3 = cBase + 3 * cStride;
    FloatVector c00 = FloatVector.fromArray(SPECIES, c, r0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, c, r0 + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, c, r1);
    FloatVector c11 = FloatVector.fromArray(SPECIES, c, r1 + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, c, r2);
    FloatVector c21 = FloatVector.fromArray(SPECIES, c, r2 + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, c, r3);
    FloatVector c31 = FloatVector.fromArray(SPECIES, c, r3 + LANES);
    for (int t = 0; t < terms; t++) {
      int row = t * DENSE_PANEL + bColumn;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, row);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, row + LANES);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + t]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + t]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + t]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + t]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + LANES);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + LANES);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + LANES);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + LANES);
  }

  /** One row of {@link #denseBlock}: {@code c[cOffset + j] += Σ_t a[aOffset + t] · b[t·DENSE_PANEL + j − bShift]}. */
  private static void denseRow(float[] a, int aOffset, int terms, float[] b,
      int bShift, float[] c, int cOffset, int j0, int j1, float[] laneScratch) {
    int j = j0;
    // A whole panel at a time: four independent chains of multiply-adds instead of one.
    for (; j + DENSE_PANEL <= j1; j += DENSE_PANEL) {
      int at = cOffset + j;
      FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
      FloatVector c1 = FloatVector.fromArray(SPECIES, c, at + LANES);
      FloatVector c2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
      FloatVector c3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
      for (int t = 0; t < terms; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, a[aOffset + t]);
        int row = t * DENSE_PANEL + j - bShift;
        c0 = FloatVector.fromArray(SPECIES, b, row).fma(x, c0);
        c1 = FloatVector.fromArray(SPECIES, b, row + LANES).fma(x, c1);
        c2 = FloatVector.fromArray(SPECIES, b, row + 2 * LANES).fma(x, c2);
        c3 = FloatVector.fromArray(SPECIES, b, row + 3 * LANES).fma(x, c3);
      }
      c0.intoArray(c, at);
      c1.intoArray(c, at + LANES);
      c2.intoArray(c, at + 2 * LANES);
      c3.intoArray(c, at + 3 * LANES);
    }
    for (; j + LANES <= j1; j += LANES) {
      FloatVector c0 = FloatVector.fromArray(SPECIES, c, cOffset + j);
      for (int t = 0; t < terms; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, a[aOffset + t]);
        c0 = FloatVector.fromArray(SPECIES, b, t * DENSE_PANEL + j - bShift).fma(x, c0);
      }
      c0.intoArray(c, cOffset + j);
    }
    if (j < j1) {
      // The tail's c values go through a full-width scratch vector, so no load or store reaches
      // past the end of c. b is a packed panel, so a full vector from any tail start stays inside
      // its row. Lanes past j1 compute values that are never stored.
      int width = j1 - j;
      System.arraycopy(c, cOffset + j, laneScratch, 0, width);
      FloatVector c0 = FloatVector.fromArray(SPECIES, laneScratch, 0);
      for (int t = 0; t < terms; t++) {
        FloatVector x = FloatVector.broadcast(SPECIES, a[aOffset + t]);
        c0 = FloatVector.fromArray(SPECIES, b, t * DENSE_PANEL + j - bShift).fma(x, c0);
      }
      c0.intoArray(laneScratch, 0);
      System.arraycopy(laneScratch, 0, c, cOffset + j, width);
    }
  }

  /**
   * Computes dot products of one row of b with up to {@link #DOT_ROWS} rows of a:
   * {@code c[cOffsets[q]] = Σ_j a[aOffsets[q] + j] · b[bOffset + j]} for q in [from, to), j in
   * [0, length). Four accumulators take the vectors of each block of {@link #DOT_BLOCK} columns in
   * turn (four independent chains of multiply-adds hide their latency), leftover full vectors go
   * to the first, the accumulators are added as (s0 + s1) + (s2 + s3), the lanes in a fixed tree
   * (upper half onto lower half),
   * and the columns past the last full vector follow in j order. Rows get the same sequence of
   * operations whether they are grouped or not, so the grouping never changes a result.
   */
  static void dots(float[] a, int[] aOffsets, int[] cOffsets, int from, int to, float[] b, int bOffset,
      int length, float[] c) {
    int q = from;
    for (; !DOTS_IN_PAIRS && q + DOT_ROWS <= to; q += DOT_ROWS) {
      int a0 = aOffsets[q];
      int a1 = aOffsets[q + 1];
      int a2 = aOffsets[q + 2];
      int a3 = aOffsets[q + 3];
      FloatVector s00 = FloatVector.zero(SPECIES);
      FloatVector s01 = FloatVector.zero(SPECIES);
      FloatVector s02 = FloatVector.zero(SPECIES);
      FloatVector s03 = FloatVector.zero(SPECIES);
      FloatVector s10 = FloatVector.zero(SPECIES);
      FloatVector s11 = FloatVector.zero(SPECIES);
      FloatVector s12 = FloatVector.zero(SPECIES);
      FloatVector s13 = FloatVector.zero(SPECIES);
      FloatVector s20 = FloatVector.zero(SPECIES);
      FloatVector s21 = FloatVector.zero(SPECIES);
      FloatVector s22 = FloatVector.zero(SPECIES);
      FloatVector s23 = FloatVector.zero(SPECIES);
      FloatVector s30 = FloatVector.zero(SPECIES);
      FloatVector s31 = FloatVector.zero(SPECIES);
      FloatVector s32 = FloatVector.zero(SPECIES);
      FloatVector s33 = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j + DOT_BLOCK <= length; j += DOT_BLOCK) {
        FloatVector w0 = FloatVector.fromArray(SPECIES, b, bOffset + j);
        FloatVector w1 = FloatVector.fromArray(SPECIES, b, bOffset + j + LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, b, bOffset + j + 2 * LANES);
        FloatVector w3 = FloatVector.fromArray(SPECIES, b, bOffset + j + 3 * LANES);
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(w0, s00);
        s01 = FloatVector.fromArray(SPECIES, a, a0 + j + LANES).fma(w1, s01);
        s02 = FloatVector.fromArray(SPECIES, a, a0 + j + 2 * LANES).fma(w2, s02);
        s03 = FloatVector.fromArray(SPECIES, a, a0 + j + 3 * LANES).fma(w3, s03);
        s10 = FloatVector.fromArray(SPECIES, a, a1 + j).fma(w0, s10);
        s11 = FloatVector.fromArray(SPECIES, a, a1 + j + LANES).fma(w1, s11);
        s12 = FloatVector.fromArray(SPECIES, a, a1 + j + 2 * LANES).fma(w2, s12);
        s13 = FloatVector.fromArray(SPECIES, a, a1 + j + 3 * LANES).fma(w3, s13);
        s20 = FloatVector.fromArray(SPECIES, a, a2 + j).fma(w0, s20);
        s21 = FloatVector.fromArray(SPECIES, a, a2 + j + LANES).fma(w1, s21);
        s22 = FloatVector.fromArray(SPECIES, a, a2 + j + 2 * LANES).fma(w2, s22);
        s23 = FloatVector.fromArray(SPECIES, a, a2 + j + 3 * LANES).fma(w3, s23);
        s30 = FloatVector.fromArray(SPECIES, a, a3 + j).fma(w0, s30);
        s31 = FloatVector.fromArray(SPECIES, a, a3 + j + LANES).fma(w1, s31);
        s32 = FloatVector.fromArray(SPECIES, a, a3 + j + 2 * LANES).fma(w2, s32);
        s33 = FloatVector.fromArray(SPECIES, a, a3 + j + 3 * LANES).fma(w3, s33);
      }
      for (; j + LANES <= length; j += LANES) {
        FloatVector w = FloatVector.fromArray(SPECIES, b, bOffset + j);
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(w, s00);
        s10 = FloatVector.fromArray(SPECIES, a, a1 + j).fma(w, s10);
        s20 = FloatVector.fromArray(SPECIES, a, a2 + j).fma(w, s20);
        s30 = FloatVector.fromArray(SPECIES, a, a3 + j).fma(w, s30);
      }
      FloatVector t0 = s00.add(s01).add(s02.add(s03));
      FloatVector t1 = s10.add(s11).add(s12.add(s13));
      FloatVector t2 = s20.add(s21).add(s22.add(s23));
      FloatVector t3 = s30.add(s31).add(s32.add(s33));
      if (LANES > 8) {
        t0 = t0.add(t0.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t0 = t0.add(t0.rearrange(HALVE_4));
      }
      t0 = t0.add(t0.rearrange(HALVE_2));
      t0 = t0.add(t0.rearrange(HALVE_1));
      if (LANES > 8) {
        t1 = t1.add(t1.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t1 = t1.add(t1.rearrange(HALVE_4));
      }
      t1 = t1.add(t1.rearrange(HALVE_2));
      t1 = t1.add(t1.rearrange(HALVE_1));
      if (LANES > 8) {
        t2 = t2.add(t2.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t2 = t2.add(t2.rearrange(HALVE_4));
      }
      t2 = t2.add(t2.rearrange(HALVE_2));
      t2 = t2.add(t2.rearrange(HALVE_1));
      if (LANES > 8) {
        t3 = t3.add(t3.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t3 = t3.add(t3.rearrange(HALVE_4));
      }
      t3 = t3.add(t3.rearrange(HALVE_2));
      t3 = t3.add(t3.rearrange(HALVE_1));
      c[cOffsets[q]] = dotTail(a, a0, b, bOffset, j, length, t0.lane(0));
      c[cOffsets[q + 1]] = dotTail(a, a1, b, bOffset, j, length, t1.lane(0));
      c[cOffsets[q + 2]] = dotTail(a, a2, b, bOffset, j, length, t2.lane(0));
      c[cOffsets[q + 3]] = dotTail(a, a3, b, bOffset, j, length, t3.lane(0));
    }
    while (q + 2 <= to) {
      int a0 = aOffsets[q];
      int a1 = aOffsets[q + 1];
      FloatVector s00 = FloatVector.zero(SPECIES);
      FloatVector s01 = FloatVector.zero(SPECIES);
      FloatVector s02 = FloatVector.zero(SPECIES);
      FloatVector s03 = FloatVector.zero(SPECIES);
      FloatVector s10 = FloatVector.zero(SPECIES);
      FloatVector s11 = FloatVector.zero(SPECIES);
      FloatVector s12 = FloatVector.zero(SPECIES);
      FloatVector s13 = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j + DOT_BLOCK <= length; j += DOT_BLOCK) {
        FloatVector w0 = FloatVector.fromArray(SPECIES, b, bOffset + j);
        FloatVector w1 = FloatVector.fromArray(SPECIES, b, bOffset + j + LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, b, bOffset + j + 2 * LANES);
        FloatVector w3 = FloatVector.fromArray(SPECIES, b, bOffset + j + 3 * LANES);
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(w0, s00);
        s01 = FloatVector.fromArray(SPECIES, a, a0 + j + LANES).fma(w1, s01);
        s02 = FloatVector.fromArray(SPECIES, a, a0 + j + 2 * LANES).fma(w2, s02);
        s03 = FloatVector.fromArray(SPECIES, a, a0 + j + 3 * LANES).fma(w3, s03);
        s10 = FloatVector.fromArray(SPECIES, a, a1 + j).fma(w0, s10);
        s11 = FloatVector.fromArray(SPECIES, a, a1 + j + LANES).fma(w1, s11);
        s12 = FloatVector.fromArray(SPECIES, a, a1 + j + 2 * LANES).fma(w2, s12);
        s13 = FloatVector.fromArray(SPECIES, a, a1 + j + 3 * LANES).fma(w3, s13);
      }
      for (; j + LANES <= length; j += LANES) {
        FloatVector w = FloatVector.fromArray(SPECIES, b, bOffset + j);
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(w, s00);
        s10 = FloatVector.fromArray(SPECIES, a, a1 + j).fma(w, s10);
      }
      FloatVector t0 = s00.add(s01).add(s02.add(s03));
      FloatVector t1 = s10.add(s11).add(s12.add(s13));
      if (LANES > 8) {
        t0 = t0.add(t0.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t0 = t0.add(t0.rearrange(HALVE_4));
      }
      t0 = t0.add(t0.rearrange(HALVE_2));
      t0 = t0.add(t0.rearrange(HALVE_1));
      if (LANES > 8) {
        t1 = t1.add(t1.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t1 = t1.add(t1.rearrange(HALVE_4));
      }
      t1 = t1.add(t1.rearrange(HALVE_2));
      t1 = t1.add(t1.rearrange(HALVE_1));
      c[cOffsets[q]] = dotTail(a, a0, b, bOffset, j, length, t0.lane(0));
      c[cOffsets[q + 1]] = dotTail(a, a1, b, bOffset, j, length, t1.lane(0));
      q += 2;
    }
    for (; q < to; q++) {
      int a0 = aOffsets[q];
      FloatVector s00 = FloatVector.zero(SPECIES);
      FloatVector s01 = FloatVector.zero(SPECIES);
      FloatVector s02 = FloatVector.zero(SPECIES);
      FloatVector s03 = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j + DOT_BLOCK <= length; j += DOT_BLOCK) {
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(FloatVector.fromArray(SPECIES, b, bOffset + j), s00);
        s01 = FloatVector.fromArray(SPECIES, a, a0 + j + LANES).fma(FloatVector.fromArray(SPECIES, b, bOffset + j + LANES), s01);
        s02 = FloatVector.fromArray(SPECIES, a, a0 + j + 2 * LANES).fma(FloatVector.fromArray(SPECIES, b, bOffset + j + 2 * LANES), s02);
        s03 = FloatVector.fromArray(SPECIES, a, a0 + j + 3 * LANES).fma(FloatVector.fromArray(SPECIES, b, bOffset + j + 3 * LANES), s03);
      }
      for (; j + LANES <= length; j += LANES) {
        s00 = FloatVector.fromArray(SPECIES, a, a0 + j).fma(FloatVector.fromArray(SPECIES, b, bOffset + j), s00);
      }
      FloatVector t0 = s00.add(s01).add(s02.add(s03));
      if (LANES > 8) {
        t0 = t0.add(t0.rearrange(HALVE_8));
      }
      if (LANES > 4) {
        t0 = t0.add(t0.rearrange(HALVE_4));
      }
      t0 = t0.add(t0.rearrange(HALVE_2));
      t0 = t0.add(t0.rearrange(HALVE_1));
      c[cOffsets[q]] = dotTail(a, a0, b, bOffset, j, length, t0.lane(0));
    }
  }

  /** Adds the products of the columns [from, length) that no full vector covered to {@code sum}. */
  private static float dotTail(float[] a, int aOffset, float[] b, int bOffset, int from, int length, float sum) {
    float result = sum;
    for (int j = from; j < length; j++) {
      result = Math.fma(a[aOffset + j], b[bOffset + j], result);
    }
    return result;
  }

  private static VectorShuffle<Float> halving(int half) {
    return VectorShuffle.fromOp(SPECIES, lane -> (lane + half) % LANES);
  }

  /**
   * Copies columns [j0, j0 + width) of the {@code rows} rows of b (row stride {@code bStride})
   * into {@code packed}, row t at offset t·{@link #DENSE_PANEL}: consecutive rows of the panel
   * then sit next to each other in memory instead of a whole row of b apart.
   */
  static void packPanel(float[] b, int rows, int bStride, int j0, int width, float[] packed) {
    for (int t = 0; t < rows; t++) {
      System.arraycopy(b, t * bStride + j0, packed, t * DENSE_PANEL, width);
    }
  }

  /**
   * Copies rows [i0, i0 + width) of b (each {@code length} long) into {@code packed} as a
   * transposed panel: element (i, j) goes to offset packedBase + j·{@link #DENSE_PANEL} + (i − i0), so that
   * {@link #denseBlock} can compute a·bᵀ on the panel as a plain product.
   */
  static void packTransposedPanel(float[] b, int length, int i0, int width, float[] packed, int packedBase) {
    for (int i = 0; i < width; i++) {
      int row = (i0 + i) * length;
      for (int j = 0; j < length; j++) {
        packed[packedBase + j * DENSE_PANEL + i] = b[row + j];
      }
    }
  }

  /**
   * Lists the non-zero elements of an m × n matrix in CSR form ({@code rowPointers},
   * {@code columns}, {@code values}), optionally applying the rectifier first: with
   * {@code rectify}, it sets {@code h = max(z, 0)}, lists h and returns Σ h; without, it lists z
   * itself and returns 0. One vector of columns at a time: the compress instruction packs a
   * vector's non-zero lanes to the front, so the listing needs no branch per element (without it,
   * a loop over the set bits of the comparison's mask, one pass per non-zero element). A whole
   * vector is stored at the list's end while the arrays have room for it, and the next store
   * overwrites the lanes past the non-zero ones. Each row's sum adds its vector lanes in lane
   * order in {@code double} through {@code laneScratch}, so that the result does not depend on
   * how the JIT reduces lanes.
   */
  static double listRows(float[] z, float[] h, boolean rectify, int m, int n, int[] rowPointers, int[] columns,
      float[] values, float[] laneScratch) {
    int room = Math.min(columns.length, values.length) - LANES;
    FloatVector zero = FloatVector.zero(SPECIES);
    int count = 0;
    double sum = 0;
    rowPointers[0] = 0;
    for (int r = 0; r < m; r++) {
      int base = r * n;
      FloatVector lanes = zero;
      int j = 0;
      for (; j + LANES <= n; j += LANES) {
        FloatVector value = FloatVector.fromArray(SPECIES, z, base + j);
        if (rectify) {
          value = value.max(zero);
          value.intoArray(h, base + j);
          lanes = lanes.add(value);
        }
        VectorMask<Float> on = value.compare(VectorOperators.NE, 0f);
        int listed = on.trueCount();
        if (listed == 0) {
          continue;
        }
        if (COMPRESS_IN_HARDWARE && count <= room) {
          value.compress(on).intoArray(values, count);
          LANE_INDICES.add(j).compress(on.cast(INDEX_SPECIES)).intoArray(columns, count);
          count += listed;
        } else {
          float[] source = rectify ? h : z;
          for (long bits = on.toLong(); bits != 0; bits &= bits - 1) {
            int column = j + Long.numberOfTrailingZeros(bits);
            columns[count] = column;
            values[count] = source[base + column];
            count++;
          }
        }
      }
      double rowSum = 0;
      if (rectify) {
        lanes.intoArray(laneScratch, 0);
        for (int lane = 0; lane < LANES; lane++) {
          rowSum += laneScratch[lane];
        }
      }
      for (; j < n; j++) {
        float x = z[base + j];
        if (rectify) {
          x = Math.max(x, 0f);
          h[base + j] = x;
          rowSum += x;
        }
        if (x != 0f) {
          columns[count] = j;
          values[count] = x;
          count++;
        }
      }
      sum += rowSum;
      rowPointers[r + 1] = count;
    }
    return sum;
  }

  /** Sets {@code values[i]} to zero wherever {@code mask[i]} is zero, for i in [from, to). */
  static void keepWhereNonZero(float[] mask, float[] values, int from, int to) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      VectorMask<Float> off = FloatVector.fromArray(SPECIES, mask, i).compare(VectorOperators.EQ, 0f);
      FloatVector.fromArray(SPECIES, values, i).blend(zero, off).intoArray(values, i);
    }
    for (; i < to; i++) {
      if (mask[i] == 0f) {
        values[i] = 0f;
      }
    }
  }

  /**
   * Sets {@code g[i] = h[i] > 0 ? g[i] + step : 0} for i in [0, length) with vector blends. The
   * scalar conditional took 6% of a batch-128 training run's samples, likely a mispredicted branch.
   */
  static void rectifierBackward(float[] h, float[] g, int length, float step) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + LANES <= length; i += LANES) {
      VectorMask<Float> on = FloatVector.fromArray(SPECIES, h, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(SPECIES, g, i).add(step), on).intoArray(g, i);
    }
    for (; i < length; i++) {
      g[i] = h[i] > 0f ? g[i] + step : 0f;
    }
  }

  /** Returns the number of exact zeros among {@code values[from … to)}. */
  static int countZeros(float[] values, int from, int to) {
    int zeros = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      zeros += FloatVector.fromArray(SPECIES, values, i).compare(VectorOperators.EQ, 0f).trueCount();
    }
    for (; i < to; i++) {
      if (values[i] == 0f) {
        zeros++;
      }
    }
    return zeros;
  }
}
