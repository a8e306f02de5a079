package dev.rectifier.kernel;

import static dev.rectifier.kernel.VectorLoops.DENSE_PANEL;
import static dev.rectifier.kernel.VectorLoops.DENSE_ROWS;
import static dev.rectifier.kernel.VectorLoops.LANES;
import static dev.rectifier.kernel.VectorLoops.SPARSE_PANEL;

import dev.rectifier.kernel.ReferenceKernels.KernelShapes;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.util.Arrays;

/**
 * Pure-Java kernels built on the Vector API that skip exact zeros and split work across threads.
 *
 * <p>Each product measures the density of its sparse operand (the fraction of non-zero values)
 * and picks one of two loops per call. Below the product's density threshold a sparse loop
 * lists the non-zero values first and then touches only the rows of the other operand that
 * they select. At or above it a dense loop multiplies blocks of four rows at once, so each
 * loaded vector serves four multiply-adds. The thresholds are measured break-even densities;
 * docs/benchmarks.md gives the measurements. In the forward product and the weight update both
 * loops add the terms of each output element in the same order, so the choice never changes a
 * result (see {@link VectorLoops}). The backward product of a large batch is the exception: its
 * dense form sums in another order, so its last bits depend on the mask density.
 *
 * <p>Results do not depend on the number of threads: threads split the output, never a sum.
 * One call allocates nothing once the scratch buffers have grown to the largest batch.
 *
 * <p>Legend inside the kernels: m rows of the batch, k inner size, n columns; r, i, j index them.
 */
public final class VectorKernels implements Kernels {
  /**
   * Densities from which a product leaves its zero-skipping loop for the dense one. They were
   * measured on one hidden layer of the MNIST network (1000 × 1000 weights, one thread; see
   * docs/benchmarks.md). The break-even depends on the vector width: wider vectors speed up the
   * dense loops more than the zero-skipping ones, because loads limit the latter.
   *
   * @param forward input density from which {@link #multiplyAdd} runs dense, for batches of at
   *     least {@link #LARGE_BATCH_ROWS} rows
   * @param forwardSmallBatch the same for smaller batches, where the dense loop's four-row blocks
   *     help less
   * @param backward unmasked fraction from which {@link #multiplyTransposeB} computes batches of
   *     at least {@link #LARGE_BATCH_ROWS} rows as a dense product with a transposed copy of b
   * @param gradient input density from which {@link #addTransposeAProduct} runs dense, for
   *     batches of at least {@link #LARGE_BATCH_ROWS} rows
   * @param gradientSmallBatch the same for smaller batches
   */
  record DensityThresholds(double forward, double forwardSmallBatch, double backward, double gradient,
      double gradientSmallBatch) {}

  /**
   * With 16 float lanes (AVX-512): break-even about 0.27 (forward), 0.35 (backward) and 0.3
   * (gradient) at batch 128; 0.65 and 0.55 at batch 10. MNIST pixels (19% non-zero) and trained
   * rectifier layers with an L1 penalty (10–30%) stay on the zero-skipping loops at batch 10.
   */
  static final DensityThresholds WIDE_VECTOR_THRESHOLDS = new DensityThresholds(0.3, 0.65, 0.35, 0.3, 0.55);

  /**
   * With 8 float lanes (AVX2): break-even about 0.38 (forward), 0.4 (gradient) and 0.45
   * (backward with its step) at batch 128. At batch 10 the zero-skipping loops were still 1.3×
   * faster at density 0.85, so small batches stay on them up to 0.9.
   */
  static final DensityThresholds NARROW_VECTOR_THRESHOLDS = new DensityThresholds(0.4, 0.9, 0.45, 0.4, 0.9);

  /** The thresholds for this machine's vector width. */
  static final DensityThresholds THRESHOLDS =
      VectorLoops.LANES >= 16 ? WIDE_VECTOR_THRESHOLDS : NARROW_VECTOR_THRESHOLDS;

  /**
   * Batch rows from which the large-batch thresholds apply.
   * NOTE: break-even densities were measured at 10 and 128 rows only; 32 is a guess between them.
   */
  static final int LARGE_BATCH_ROWS = 32;

  /**
   * Rows of b per term block of the zero-skipping forward loop, or 0 for no blocks. With 8 lanes
   * (AVX2) a block of one panel (128 rows × {@link VectorLoops#SPARSE_PANEL} floats, 32 KiB) stays
   * in the first-level cache while the batch's rows pass over it: at batch 128 the loop ran 17%
   * faster at density 0.3 and 7% at 0.19 than over whole panels, which come from the second-level
   * cache. Not measured with 16 lanes, whose panels are twice as wide, so not used there.
   */
  static final int TERM_BLOCK = VectorLoops.LANES == 8 ? 128 : 0;

  /** Input density from which the zero-skipping forward loop of large batches uses term blocks. */
  static final double TERM_BLOCK_MIN_DENSITY = 0.15;

  /**
   * Output columns up to which {@link #backPropagateAndStep} works on a transposed copy of the
   * weights (see {@link NarrowBackwardTask}). A softmax layer over 10 classes took 1.35 ms per
   * batch of 128 on the row-wise loops, whose every weight row is a vector or two, and 0.52–0.70
   * ms this way (one core of an AMD EPYC with AVX2).
   */
  static final int NARROW_OUTPUT_COLUMNS = 32;

  /**
   * Input density from which the forward product into at most {@link #NARROW_OUTPUT_COLUMNS}
   * columns runs dense at any batch size. The zero-skipping loop pays its per-term cost for a
   * vector or two of columns there. For 1000 inputs and 10 outputs it took 427 µs against the
   * dense loop's 204 µs at batch 128 and density 0.25, and 50 against 33 µs at batch 10. At
   * density 0.1 it won at batch 10 only (19 against 30 µs). One core of an AMD EPYC with AVX2.
   */
  static final double NARROW_FORWARD_MIN_DENSITY = 0.15;

  /** Products with fewer multiply-adds than this run on the calling thread only. */
  static final long MIN_PARALLEL_WORK = 32_768;

  private final ZeroSkipping zeroSkipping;
  private final boolean skipZeros;
  private final WorkerPool workers;
  private final ForwardTask forward = new ForwardTask();
  private final GradientTask gradient = new GradientTask();
  private final BackwardTask backward = new BackwardTask();
  private final TransposedBackwardTask transposedBackward = new TransposedBackwardTask();

  /** The forward input's non-zero values row by row: row starts, values and column indices. */
  private int[] rowStarts = new int[0];
  private float[] values = new float[0];
  private int[] columns = new int[0];

  /** A CSR input's stored values column by column: column starts, alpha·value and row indices. */
  private int[] columnStarts = new int[0];
  private float[] columnValues = new float[0];
  private int[] columnRows = new int[0];

  /**
   * alpha·aᵀ for the dense weight-gradient loop, which then needs no multiplication per term and
   * reads each column of a contiguously. The products alpha·x round exactly as the sparse loop's
   * coefficients do, so both loops still give the same bits.
   */
  private float[] scaledInput = new float[0];

  /** Per-chunk packed copies of one column panel for the dense loops. */
  private final float[][] packedPanels;

  /**
   * aᵀ of the backward product's a (m × n), as packed panels of {@link VectorLoops#DENSE_PANEL}
   * of a's rows: panel q contains rows [q·DENSE_PANEL, (q+1)·DENSE_PANEL) and starts at q·n·DENSE_PANEL.
   */
  private float[] transposedDeltas = new float[0];

  /** The backward product computed as b·aᵀ (k × m), before it is transposed into c. */
  private float[] transposedProduct = new float[0];

  /** The weights of a narrow layer transposed (n × k), for {@link NarrowBackwardTask}. */
  private float[] transposedWeights = new float[0];

  /** alpha times the step input (m × k), for {@link NarrowBackwardTask}. */
  private float[] scaledRows = new float[0];

  /** 0, 1, 2, …: row indices for {@link VectorLoops#accumulateRows} over consecutive rows. */
  private int[] consecutiveRows = new int[0];

  private final NarrowBackwardTask narrowBackward = new NarrowBackwardTask();

  /** The start of each row's listing in each block of {@link #TERM_BLOCK} terms, for the sparse forward loop. */
  private int[] termBlockStarts = new int[0];

  /** Per-chunk room for the last, partial vector of four dense rows. */
  private final float[][] laneScratches;

  /** Loops, for {@link #tuner}: each has its own cost per unit of work. */
  private static final int FORWARD_DENSE = 0;
  private static final int FORWARD_SPARSE = 1;
  private static final int BACKWARD_TRANSPOSED = 2;
  private static final int BACKWARD_DOTS = 3;
  private static final int GRADIENT_DENSE = 4;
  private static final int GRADIENT_LISTED = 5;
  private static final int BACKWARD_NARROW = 6;

  /** Slots of {@link #tuner}: a loop and a product shape hash to one, and a collision only mixes two averages. */
  private static final int TUNER_SLOTS = 64;

  /** Whether each loop and shape currently runs faster on all threads or on the caller's alone. */
  private final ThreadTuner tuner = new ThreadTuner(TUNER_SLOTS);

  /** Chunk boundaries over the rows of the weight matrix, balanced by work. */
  private int[] rowBoundaries = new int[0];


  /** Per-chunk lists of one column's non-zero values or one unit's unmasked rows. */
  private final float[][] threadValues;
  private final int[][] threadOffsets;
  private final int[][] threadTargets;

  /** When the kernels take the zero-skipping loops. */
  public enum ZeroSkipping {
    /** Below each product's density threshold: the default. */
    AUTO,
    /** On every call, whatever the density: for measuring break-even densities. */
    ALWAYS,
    /**
     * Never: the dense loops run on every call and masked entries are computed too, as a dense
     * library would do. The yardstick for what skipping saves.
     */
    NEVER
  }

  /** Creates kernels that use {@code threads} threads, the caller included, and skip zeros. */
  public VectorKernels(int threads) {
    this(threads, ZeroSkipping.AUTO);
  }

  /** Creates kernels that use {@code threads} threads, the caller included. */
  public VectorKernels(int threads, ZeroSkipping zeroSkipping) {
    this.zeroSkipping = zeroSkipping;
    this.skipZeros = zeroSkipping != ZeroSkipping.NEVER;
    this.workers = new WorkerPool(threads);
    this.threadValues = new float[threads][0];
    this.threadOffsets = new int[threads][0];
    this.threadTargets = new int[threads][0];
    this.packedPanels = new float[threads][0];
    this.laneScratches = new float[threads][DENSE_ROWS * LANES];
  }

  @Override
  public String name() {
    String skipping = switch (zeroSkipping) {
      case AUTO -> "";
      case ALWAYS -> ", always sparse";
      case NEVER -> ", dense";
    };
    return "vector(lanes=" + LANES + ", threads=" + workers.threads() + skipping + ")";
  }

  /**
   * Returns how many chunks a call runs in. Below {@link #LARGE_BATCH_ROWS} rows the tuner decides
   * between all threads and the caller's alone, and at batch 10 it cut the host's slow stretches
   * from 2.4 ms to 0.7–1.2 ms per training step. Larger batches always run on all threads, because
   * there the tuner's serial trials cost more than they saved (batch 128: 8.2 ms instead of 6.7 ms).
   */
  private int chunksFor(long work, int splittable, int slot, int rows) {
    if (work < MIN_PARALLEL_WORK || workers.threads() == 1 || rows < LARGE_BATCH_ROWS && !tuner.parallel(slot)) {
      return 1;
    }
    // One chunk per thread. With four per thread, a batch-10 training step of the MNIST network
    // took 1,107 µs instead of 832 µs (TrainingStepBenchmark, two threads, two forks each).
    return Math.max(1, Math.min(workers.threads(), splittable));
  }

  /** Returns the tuner slot of a loop on an m × k by k × n product (or its transposed forms). */
  private static int slot(int loop, int m, int k, int n) {
    int hash = ((loop * 31 + m) * 31 + k) * 31 + n;
    return Math.floorMod(hash ^ (hash >>> 16), TUNER_SLOTS);
  }

  /** Runs the chunks and records with the tuner how long a call in this slot took for its work. */
  private void runChunks(int slot, int chunks, long work, WorkerPool.ChunkTask task) {
    if (work < MIN_PARALLEL_WORK || workers.threads() == 1) {
      workers.run(chunks, task);
      return;
    }
    long start = System.nanoTime();
    workers.run(chunks, task);
    tuner.record(slot, chunks > 1, System.nanoTime() - start, work);
  }

  /** Returns the number of {@link VectorLoops#SPARSE_PANEL}-column panels that cover n columns. */
  private static int panelCount(int n) {
    return (n + SPARSE_PANEL - 1) / SPARSE_PANEL;
  }

  /**
   * Returns the first column of chunk {@code chunk} of {@code chunks} over {@code [0, n)}: chunks
   * take whole panels, so only the last panel of a row is narrower than the register block.
   */
  private static int panelChunkStart(int n, int chunks, int chunk) {
    int panel = (int) ((long) panelCount(n) * chunk / chunks);
    return Math.min(n, panel * SPARSE_PANEL);
  }

  private static int chunkStart(int size, int chunks, int chunk) {
    return (int) ((long) size * chunk / chunks);
  }

  /**
   * Sizes {@link #rowBoundaries} for {@code chunks} ranges over {@code [0, k)} and sets the outer
   * boundaries. Returns whether inner boundaries remain to be set.
   */
  private boolean startBoundaries(int k, int chunks) {
    if (rowBoundaries.length < chunks + 1) {
      rowBoundaries = new int[chunks + 1];
    }
    rowBoundaries[0] = 0;
    rowBoundaries[chunks] = k;
    return chunks > 1;
  }

  /**
   * Splits the k rows of the weight matrix into {@code chunks} ranges of equal size, with
   * boundaries that are multiples of {@code alignment}, except k.
   */
  private void splitRowsEvenly(int k, int chunks, int alignment) {
    if (startBoundaries(k, chunks)) {
      for (int chunk = 1; chunk < chunks; chunk++) {
        rowBoundaries[chunk] = chunkStart(k, chunks, chunk) / alignment * alignment;
      }
    }
  }

  /**
   * Splits the k rows of the weight matrix, one per column listed in {@link #columnStarts}, into
   * {@code chunks} ranges of about equal work. Row i costs one unit plus one per listed value, so
   * a range of rows with few listed values is wider.
   */
  private void balanceListedRows(int k, int chunks) {
    if (!startBoundaries(k, chunks)) {
      return;
    }
    long total = (long) k + columnStarts[k];
    int chunk = 1;
    long sum = 0;
    for (int i = 0; i < k && chunk < chunks; i++) {
      sum += 1 + columnStarts[i + 1] - columnStarts[i];
      while (chunk < chunks && sum * chunks >= total * chunk) {
        rowBoundaries[chunk] = i + 1;
        chunk++;
      }
    }
    for (; chunk < chunks; chunk++) {
      rowBoundaries[chunk] = k;
    }
  }

  /**
   * Returns chunk {@code chunk}'s buffer for a packed panel of {@code rows} rows. Each chunk runs
   * on one thread at a time, and it grows only when a larger layer or batch first arrives.
   */
  private float[] packedPanel(int chunk, int rows) {
    int size = rows * DENSE_PANEL;
    if (packedPanels[chunk].length < size) {
      packedPanels[chunk] = new float[size];
    }
    return packedPanels[chunk];
  }

  /** Stores alpha·aᵀ (k × m) in {@link #scaledInput}, so that each column of a is contiguous. */
  private void scaleInput(float alpha, Matrix a) {
    int m = a.rows();
    int k = a.cols();
    float[] values = a.data();
    if (scaledInput.length < m * k) {
      scaledInput = new float[m * k];
    }
    for (int r = 0; r < m; r++) {
      for (int i = 0; i < k; i++) {
        scaledInput[i * m + r] = alpha * values[r * k + i];
      }
    }
  }

  /** Packs aᵀ into {@link #transposedDeltas}, one panel of a's rows at a time. */
  private void packTransposedDeltas(Matrix a) {
    int m = a.rows();
    int n = a.cols();
    int panels = (m + DENSE_PANEL - 1) / DENSE_PANEL;
    if (transposedDeltas.length < panels * n * DENSE_PANEL) {
      transposedDeltas = new float[panels * n * DENSE_PANEL];
    }
    for (int q = 0; q < panels; q++) {
      int r0 = q * DENSE_PANEL;
      VectorLoops.packTransposedPanel(a.data(), n, r0, Math.min(DENSE_PANEL, m - r0), transposedDeltas,
          q * n * DENSE_PANEL);
    }
  }

  private void growThreadScratch(int chunks, int size) {
    for (int t = 0; t < chunks; t++) {
      if (threadValues[t].length < size) {
        threadValues[t] = new float[size];
        threadOffsets[t] = new int[size];
        threadTargets[t] = new int[size];
      }
    }
  }

  @Override
  public void multiplyAdd(Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    if (a.rows() == 0 || b.cols() == 0) {
      return;
    }
    long nonZeros = skipZeros ? (long) a.rows() * a.cols() - VectorLoops.countZeros(a.data(), 0, a.rows() * a.cols()) : 0;
    if (usesDenseForward(a, b, nonZeros)) {
      runDenseForward(a, b, c);
    } else {
      listNonZeros(a);
      runForward(a, b, c, false, rowStarts, values, columns, nonZeros * b.cols());
    }
  }

  @Override
  public void multiplyAdd(Matrix a, CsrMatrix nonZerosOfA, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    KernelShapes.checkListing(a, nonZerosOfA);
    if (a.rows() == 0 || b.cols() == 0) {
      return;
    }
    long nonZeros = nonZerosOfA.nonZeroCount();
    if (usesDenseForward(a, b, nonZeros)) {
      runDenseForward(a, b, c);
    } else {
      runForward(a, b, c, false, nonZerosOfA.rowPointers(), nonZerosOfA.values(), nonZerosOfA.columnIndices(),
          nonZeros * b.cols());
    }
  }

  /** Returns whether the forward product of an input with {@code nonZeros} non-zero elements takes the dense loop. */
  private boolean usesDenseForward(Matrix a, Matrix b, long nonZeros) {
    if (!skipZeros) {
      return true;
    }
    int m = a.rows();
    double threshold = m >= LARGE_BATCH_ROWS ? THRESHOLDS.forward() : THRESHOLDS.forwardSmallBatch();
    if (b.cols() <= NARROW_OUTPUT_COLUMNS) {
      threshold = Math.min(threshold, NARROW_FORWARD_MIN_DENSITY);
    }
    return zeroSkipping == ZeroSkipping.AUTO && nonZeros >= threshold * m * a.cols();
  }

  private void runDenseForward(Matrix a, Matrix b, Matrix c) {
    runForward(a, b, c, true, null, null, null, (long) a.rows() * a.cols() * b.cols());
  }

  @Override
  public void rectifierBackward(Matrix activations, Matrix gradients, float step) {
    Matrix.requireSameShape("rectifier backward", activations, gradients);
    VectorLoops.rectifierBackward(activations.data(), gradients.data(), activations.data().length, step);
  }

  @Override
  public double rectify(Matrix preActivations, Matrix activations, CsrMatrix nonZeros) {
    KernelShapes.checkRectify(preActivations, activations, nonZeros);
    // Runs on the caller's thread while no chunk runs, so chunk 0's lane scratch is free.
    return VectorLoops.listRows(preActivations.data(), activations.data(), true, preActivations.rows(),
        preActivations.cols(), nonZeros.rowPointers(), nonZeros.columnIndices(), nonZeros.values(),
        laneScratches[0]);
  }

  @Override
  public void multiplyAdd(CsrMatrix a, Matrix b, Matrix c) {
    KernelShapes.checkMultiplyAdd(a, b, c);
    if (a.rows() == 0 || b.cols() == 0) {
      return;
    }
    long work = (long) a.nonZeroCount() * b.cols();
    runForward(null, b, c, false, a.rowPointers(), a.values(), a.columnIndices(), work);
  }

  private void runForward(Matrix a, Matrix b, Matrix c, boolean dense, int[] starts, float[] listedValues,
      int[] listedColumns, long work) {
    int m = c.rows();
    int k = b.rows();
    int slot = slot(dense ? FORWARD_DENSE : FORWARD_SPARSE, m, k, b.cols());
    int chunks = chunksFor(work, panelCount(b.cols()), slot, m);
    int termBlocks = 1;
    if (!dense && TERM_BLOCK > 0 && m >= LARGE_BATCH_ROWS && k > TERM_BLOCK
        && starts[m] >= TERM_BLOCK_MIN_DENSITY * m * k) {
      termBlocks = (k + TERM_BLOCK - 1) / TERM_BLOCK;
      splitListingByTerms(m, starts, listedColumns, termBlocks);
    }
    forward.set(a, b, c, dense, starts, listedValues, listedColumns, chunks, termBlocks);
    runChunks(slot, chunks, work, forward);
  }

  /**
   * Fills {@link #termBlockStarts}: entry r·(blocks + 1) + q is where row r's listing reaches the
   * terms of block q, that is its first listed column at or after q·{@link #TERM_BLOCK}.
   */
  private void splitListingByTerms(int m, int[] starts, int[] listedColumns, int blocks) {
    int size = m * (blocks + 1);
    if (termBlockStarts.length < size) {
      termBlockStarts = new int[size];
    }
    for (int r = 0; r < m; r++) {
      int at = starts[r];
      int end = starts[r + 1];
      int row = r * (blocks + 1);
      termBlockStarts[row] = at;
      for (int q = 1; q <= blocks; q++) {
        int limit = q * TERM_BLOCK;
        while (at < end && listedColumns[at] < limit) {
          at++;
        }
        termBlockStarts[row + q] = at;
      }
    }
  }

  /** Lists a's non-zero values row by row, with their column indices. */
  private void listNonZeros(Matrix a) {
    int m = a.rows();
    int k = a.cols();
    if (rowStarts.length < m + 1) {
      rowStarts = new int[m + 1];
    }
    if (values.length < m * k) {
      values = new float[m * k];
      columns = new int[m * k];
    }
    // Runs on the caller's thread while no chunk runs, so chunk 0's lane scratch is free.
    VectorLoops.listRows(a.data(), null, false, m, k, rowStarts, columns, values, laneScratches[0]);
  }

  /**
   * c += a·b over one lane-aligned range of columns, from the dense a or from a's non-zero
   * values listed row by row.
   */
  private final class ForwardTask implements WorkerPool.ChunkTask {
    private Matrix a;
    private Matrix b;
    private Matrix c;
    private boolean dense;
    private int[] starts;
    private float[] listedValues;
    private int[] listedColumns;
    private int chunks;
    private int termBlocks;

    void set(Matrix a, Matrix b, Matrix c, boolean dense, int[] starts, float[] listedValues,
        int[] listedColumns, int chunks, int termBlocks) {
      this.termBlocks = termBlocks;
      this.a = a;
      this.b = b;
      this.c = c;
      this.dense = dense;
      this.starts = starts;
      this.listedValues = listedValues;
      this.listedColumns = listedColumns;
      this.chunks = chunks;
    }

    @Override
    public void run(int chunk) {
      int n = b.cols();
      int j0 = panelChunkStart(n, chunks, chunk);
      int j1 = panelChunkStart(n, chunks, chunk + 1);
      if (dense) {
        runDense(chunk, j0, j1);
      } else {
        runSparse(j0, j1);
      }
    }

    /**
     * Keeps one panel of b's columns in cache while every row of a passes over it. With term
     * blocks, the rows pass over one block of the panel's rows at a time, because a block fits
     * the first-level cache. Each output still adds its terms in increasing order.
     */
    private void runSparse(int j0, int j1) {
      int m = c.rows();
      int n = b.cols();
      float[] bv = b.data();
      float[] cv = c.data();
      for (int p = j0; p < j1; p += SPARSE_PANEL) {
        int p1 = Math.min(j1, p + SPARSE_PANEL);
        if (termBlocks == 1) {
          for (int r = 0; r < m; r++) {
            VectorLoops.accumulateRows(listedValues, listedColumns, starts[r], starts[r + 1], n, bv, cv, r * n, p, p1);
          }
          continue;
        }
        for (int q = 0; q < termBlocks; q++) {
          for (int r = 0; r < m; r++) {
            int at = r * (termBlocks + 1) + q;
            int from = termBlockStarts[at];
            int to = termBlockStarts[at + 1];
            if (from < to) {
              VectorLoops.accumulateRows(listedValues, listedColumns, from, to, n, bv, cv, r * n, p, p1);
            }
          }
        }
      }
    }

    private void runDense(int chunk, int j0, int j1) {
      int m = a.rows();
      int k = a.cols();
      int n = b.cols();
      float[] av = a.data();
      float[] bv = b.data();
      float[] cv = c.data();
      float[] packed = packedPanel(chunk, k);
      for (int p = j0; p < j1; p += DENSE_PANEL) {
        int p1 = Math.min(j1, p + DENSE_PANEL);
        VectorLoops.packPanel(bv, k, n, p, p1 - p, packed);
        for (int r = 0; r < m; r += DENSE_ROWS) {
          int rows = Math.min(DENSE_ROWS, m - r);
          VectorLoops.denseBlock(av, r * k, k, k, packed, p, cv, r * n, n, rows, p, p1,
              laneScratches[chunk]);
        }
      }
    }
  }

  @Override
  public void multiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask) {
    KernelShapes.checkMultiplyTransposeB(a, b, c, mask);
    int m = a.rows();
    int k = b.rows();
    if (m == 0 || k == 0) {
      return;
    }
    if (usesTransposedBackward(m, k, mask, null)) {
      long work = (long) m * a.cols() * k;
      int slot = slot(BACKWARD_TRANSPOSED, m, a.cols(), k);
      int chunks = chunksFor(work, (k + DENSE_ROWS - 1) / DENSE_ROWS, slot, m);
      packTransposedDeltas(a);
      if (transposedProduct.length < k * m) {
        transposedProduct = new float[k * m];
      }
      splitRowsEvenly(k, chunks, DENSE_ROWS);
      transposedBackward.set(a, b, c, mask, chunks);
      runChunks(slot, chunks, work, transposedBackward);
      return;
    }
    boolean listed = mask != null && skipZeros;
    if (listed) {
      listMaskByColumn(mask, 1f);
    }
    runBackwardTask(a, b, c, mask, listed, 1);
  }

  /**
   * Runs {@link #backward} on c = mask ⊙ (a·bᵀ), with the weight step that its step settings
   * add. With {@code listed}, the caller has listed the mask's non-zero entries by column, values
   * scaled by the step's factor, and the chunks are balanced by them. The work counts
   * {@code multiplyAddsPerEntry} multiply-adds per listed entry and column of a.
   */
  private void runBackwardTask(Matrix a, Matrix b, Matrix c, Matrix mask, boolean listed,
      int multiplyAddsPerEntry) {
    int m = a.rows();
    int k = b.rows();
    long work = multiplyAddsPerEntry * (listed ? columnStarts[k] : (long) m * k) * a.cols();
    int slot = slot(BACKWARD_DOTS, m, a.cols(), k);
    int chunks = chunksFor(work, k, slot, m);
    growThreadScratch(chunks, m);
    if (listed) {
      balanceListedRows(k, chunks);
    } else {
      splitRowsEvenly(k, chunks, 1);
    }
    backward.set(a, b, c, mask, chunks);
    backward.setListed(listed);
    runChunks(slot, chunks, work, backward);
  }

  /**
   * Lists the mask's non-zero entries by column, values scaled by alpha. The backward task then
   * finds each weight row's unmasked rows without a strided scan of the mask.
   *
   * <p>NOTE: in training the mask is the activations that the forward pass already listed row by
   * row (Workspace.nonZeros), so this row listing repeats that work. Passing the listing in
   * would save one pass over the mask per layer and step.
   */
  private void listMaskByColumn(Matrix mask, float alpha) {
    listNonZeros(mask);
    listByColumn(alpha, mask.rows(), mask.cols(), rowStarts, columns, values);
  }

  /**
   * Returns whether the backward product of a large batch should run as a dense product with a
   * packed transposed copy of b. The copy pays when most entries are unmasked. The dense kernels
   * compute every large batch this way.
   */
  private boolean usesTransposedBackward(int m, int k, Matrix mask, CsrMatrix maskNonZeros) {
    if (m < LARGE_BATCH_ROWS) {
      return false;
    }
    if (!skipZeros || mask == null) {
      return true;
    }
    long unmasked = maskNonZeros != null ? maskNonZeros.nonZeroCount()
        : (long) m * k - VectorLoops.countZeros(mask.data(), 0, m * k);
    return unmasked >= THRESHOLDS.backward() * m * k;
  }

  @Override
  public void backPropagateAndStep(Matrix deltas, Matrix weights, Matrix inputGradients, Matrix mask,
      float alpha, Matrix input) {
    backPropagateAndStep(deltas, weights, inputGradients, mask, null, alpha, input);
  }

  @Override
  public void backPropagateAndStep(Matrix deltas, Matrix weights, Matrix inputGradients, Matrix mask,
      CsrMatrix maskNonZeros, float alpha, Matrix input) {
    if (maskNonZeros != null) {
      KernelShapes.checkMaskListing(mask, maskNonZeros);
    }
    KernelShapes.checkMultiplyTransposeB(deltas, weights, inputGradients, mask);
    KernelShapes.checkAddTransposeAProduct(input, deltas, weights);
    int m = deltas.rows();
    int k = weights.rows();
    if (m == 0 || k == 0) {
      return;
    }
    if (deltas.cols() <= NARROW_OUTPUT_COLUMNS) {
      runNarrowBackward(deltas, weights, inputGradients, mask, alpha, input);
      return;
    }
    if (!skipZeros || usesTransposedBackward(m, k, mask, maskNonZeros)) {
      multiplyTransposeB(deltas, weights, inputGradients, mask);
      addTransposeAProduct(alpha, input, deltas, weights);
      return;
    }
    backward.setStep(alpha, input);
    try {
      // A rectifier layer's input is its own mask, so one listing gives both the unmasked rows
      // and the step's coefficients. The dot products and the step are two multiply-adds each.
      boolean listed = mask == input;
      if (listed) {
        if (maskNonZeros != null) {
          listByColumn(alpha, m, k, maskNonZeros.rowPointers(), maskNonZeros.columnIndices(), maskNonZeros.values());
        } else {
          listMaskByColumn(mask, alpha);
        }
      }
      runBackwardTask(deltas, weights, inputGradients, mask, listed, 2);
    } finally {
      backward.setStep(0f, null);
    }
  }

  private void runNarrowBackward(Matrix deltas, Matrix weights, Matrix inputGradients, Matrix mask, float alpha,
      Matrix input) {
    int m = deltas.rows();
    int n = deltas.cols();
    int k = weights.rows();
    if (transposedWeights.length < n * k) {
      transposedWeights = new float[n * k];
    }
    if (scaledRows.length < m * k) {
      scaledRows = new float[m * k];
    }
    int rows = Math.max(m, n);
    if (consecutiveRows.length < rows) {
      consecutiveRows = new int[rows];
      for (int r = 0; r < rows; r++) {
        consecutiveRows[r] = r;
      }
    }
    // The backward product and the step, two multiply-adds per element of c and of the step input.
    long work = 2L * m * k * n;
    int slot = slot(BACKWARD_NARROW, m, n, k);
    int chunks = chunksFor(work, (k + LANES - 1) / LANES, slot, m);
    growThreadScratch(chunks, rows);
    narrowBackward.set(deltas, weights, inputGradients, mask, chunks);
    narrowBackward.setStep(alpha, input);
    runChunks(slot, chunks, work, narrowBackward);
  }

  /** The operands of a masked product c = mask ⊙ (a·bᵀ), set before each parallel call. */
  private abstract static class MaskedProductTask implements WorkerPool.ChunkTask {
    Matrix a;
    Matrix b;
    Matrix c;
    Matrix mask;
    int chunks;

    /** The fused weight step's factor and input, or {@code null} for no step. */
    float alpha;
    Matrix stepInput;

    final void set(Matrix a, Matrix b, Matrix c, Matrix mask, int chunks) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.mask = mask;
      this.chunks = chunks;
    }

    final void setStep(float alpha, Matrix stepInput) {
      this.alpha = alpha;
      this.stepInput = stepInput;
    }
  }

  /**
   * c = mask ⊙ (a·bᵀ) over one range of c's columns, computed as the dense product b·aᵀ over the
   * packed panels of aᵀ and then transposed. Transposing a (m × n) instead of b (k × n) moves m/k
   * as many values: an eighth for a batch of 128 and 1000 units. Each element is summed over j
   * in order from 0, so its last bits can differ from the dot products' lane-tree sums. A batch
   * takes one path or the other by its size and mask density, the same way in every run.
   */
  private final class TransposedBackwardTask extends MaskedProductTask {
    @Override
    public void run(int chunk) {
      int m = a.rows();
      int n = a.cols();
      int k = b.rows();
      float[] bv = b.data();
      float[] cv = c.data();
      float[] product = transposedProduct;
      int i0 = rowBoundaries[chunk];
      int i1 = rowBoundaries[chunk + 1];
      Arrays.fill(product, i0 * m, i1 * m, 0f);
      for (int p = 0; p < m; p += DENSE_PANEL) {
        int p1 = Math.min(m, p + DENSE_PANEL);
        int panelStart = p / DENSE_PANEL * n * DENSE_PANEL;
        for (int i = i0; i < i1; i += DENSE_ROWS) {
          int rows = Math.min(DENSE_ROWS, i1 - i);
          VectorLoops.denseBlock(bv, i * n, n, n, transposedDeltas, p - panelStart, product, i * m,
              m, rows, p, p1, laneScratches[chunk]);
        }
      }

      // Transpose the chunk's rows of b·aᵀ into its columns of c, zero where the mask is.
      float[] maskValues = mask == null ? null : mask.data();
      for (int r = 0; r < m; r++) {
        int row = r * k;
        for (int i = i0; i < i1; i++) {
          float value = product[i * m + r];
          cv[row + i] = maskValues != null && maskValues[row + i] == 0f ? 0f : value;
        }
      }
    }
  }


  /**
   * The fused backward pass and weight step of a layer with few outputs (n ≤
   * {@link #NARROW_OUTPUT_COLUMNS}), over one lane-aligned range [i0, i1) of b's rows, on
   * bᵀ (n × k) so that every loop runs along k. With a = deltas (m × n), b = weights (k × n) and
   * x = the step input (m × k):
   * <ol>
   *   <li>c[r][i] = mask ⊙ Σ_j a[r][j]·bᵀ[j][i], summed over j in order from 0, as the transposed
   *       backward product does;
   *   <li>bᵀ[j][i] += Σ_r (alpha·x[r][i])·a[r][j], summed over r in order from the old weight, which
   *       is the row-wise step's sum term by term (its zero terms add nothing), so the weights come
   *       out bit-identical to it;
   *   <li>bᵀ goes back into b.
   * </ol>
   * Each chunk reads and writes only its own columns of bᵀ, x and c.
   */
  private final class NarrowBackwardTask extends MaskedProductTask {
    @Override
    public void run(int chunk) {
      int m = a.rows();
      int n = a.cols();
      int k = b.rows();
      int lanes = (k + LANES - 1) / LANES;
      int i0 = Math.min(k, chunkStart(lanes, chunks, chunk) * LANES);
      int i1 = Math.min(k, chunkStart(lanes, chunks, chunk + 1) * LANES);
      if (i0 == i1) {
        return;
      }
      float[] av = a.data();
      float[] bv = b.data();
      float[] cv = c.data();
      float[] transposed = transposedWeights;
      float[] coefficients = threadValues[chunk];
      for (int i = i0; i < i1; i++) {
        for (int j = 0; j < n; j++) {
          transposed[j * k + i] = bv[i * n + j];
        }
      }

      for (int r = 0; r < m; r++) {
        Arrays.fill(cv, r * k + i0, r * k + i1, 0f);
        System.arraycopy(av, r * n, coefficients, 0, n);
        VectorLoops.accumulateRows(coefficients, consecutiveRows, 0, n, k, transposed, cv, r * k, i0, i1);
        if (mask != null) {
          VectorLoops.keepWhereNonZero(mask.data(), cv, r * k + i0, r * k + i1);
        }
      }

      float[] xv = stepInput.data();
      float[] scaled = scaledRows;
      for (int r = 0; r < m; r++) {
        for (int i = r * k + i0; i < r * k + i1; i++) {
          scaled[i] = alpha * xv[i];
        }
      }
      // One panel of columns at a time, so that the panel of the scaled input stays in cache
      // while every output adds its terms.
      for (int p = i0; p < i1; p += SPARSE_PANEL) {
        int p1 = Math.min(i1, p + SPARSE_PANEL);
        for (int j = 0; j < n; j++) {
          for (int r = 0; r < m; r++) {
            coefficients[r] = av[r * n + j];
          }
          VectorLoops.accumulateRows(coefficients, consecutiveRows, 0, m, k, scaled, transposed, j * k, p, p1);
        }
      }

      for (int i = i0; i < i1; i++) {
        for (int j = 0; j < n; j++) {
          bv[i * n + j] = transposed[j * k + i];
        }
      }
    }
  }

  /** c = mask ⊙ (a·bᵀ) over one range of c's columns, that is of b's rows. */
  private final class BackwardTask extends MaskedProductTask {
    /**
     * Whether the mask's non-zero entries are listed by column (with the step's coefficients,
     * when the step input is the mask), or the task scans the mask itself.
     */
    private boolean listed;

    void setListed(boolean listed) {
      this.listed = listed;
    }

    @Override
    public void run(int chunk) {
      if (listed) {
        runListed(chunk);
        return;
      }
      int m = a.rows();
      int n = a.cols();
      int k = b.rows();
      float[] av = a.data();
      float[] bv = b.data();
      float[] cv = c.data();
      float[] maskValues = mask == null ? null : mask.data();
      int[] rowOffsets = threadOffsets[chunk];
      int[] targets = threadTargets[chunk];
      int i1 = rowBoundaries[chunk + 1];
      for (int i = rowBoundaries[chunk]; i < i1; i++) {
        int count = 0;
        for (int r = 0; r < m; r++) {
          int target = r * k + i;
          if (skipZeros && maskValues != null && maskValues[target] == 0f) {
            cv[target] = 0f;
          } else {
            rowOffsets[count] = r * n;
            targets[count] = target;
            count++;
          }
        }
        VectorLoops.dots(av, rowOffsets, targets, 0, count, bv, i * n, n, cv);
        if (stepInput != null) {
          stepRow(i, threadValues[chunk], threadOffsets[chunk]);
        }
        if (!skipZeros && maskValues != null) {
          for (int r = 0; r < m; r++) {
            if (maskValues[r * k + i] == 0f) {
              cv[r * k + i] = 0f;
            }
          }
        }
      }
    }

    /**
     * Computes the chunk's weight rows from the column listing: zeros for every masked entry,
     * then each row's dot products with the listed rows, then its weight step with the listed
     * coefficients. The same terms in the same order as the scanning loop.
     */
    private void runListed(int chunk) {
      int m = a.rows();
      int n = a.cols();
      int k = b.rows();
      float[] av = a.data();
      float[] bv = b.data();
      float[] cv = c.data();
      int[] rowOffsets = threadOffsets[chunk];
      int[] targets = threadTargets[chunk];
      int i0 = rowBoundaries[chunk];
      int i1 = rowBoundaries[chunk + 1];
      for (int r = 0; r < m; r++) {
        Arrays.fill(cv, r * k + i0, r * k + i1, 0f);
      }
      for (int i = i0; i < i1; i++) {
        int from = columnStarts[i];
        int to = columnStarts[i + 1];
        if (from == to) {
          continue;
        }
        for (int t = from; t < to; t++) {
          int r = columnRows[t];
          rowOffsets[t - from] = r * n;
          targets[t - from] = r * k + i;
        }
        VectorLoops.dots(av, rowOffsets, targets, 0, to - from, bv, i * n, n, cv);
        if (stepInput != null) {
          VectorLoops.accumulateRows(columnValues, columnRows, from, to, n, av, bv, i * n, 0, n);
        }
      }
    }

    /**
     * Takes row i's weight step once its dot products have used the old row:
     * {@code b[i][·] += Σ_r alpha·x[r][i] · a[r][·]} over the rows where x[r][i] ≠ 0, the same
     * terms in the same order as {@link #addTransposeAProduct}.
     */
    private void stepRow(int i, float[] coefficients, int[] rowIndices) {
      int m = a.rows();
      int n = a.cols();
      int k = b.rows();
      float[] xv = stepInput.data();
      int count = 0;
      for (int r = 0; r < m; r++) {
        float x = xv[r * k + i];
        if (x != 0f) {
          coefficients[count] = alpha * x;
          rowIndices[count] = r;
          count++;
        }
      }
      if (count > 0) {
        VectorLoops.accumulateRows(coefficients, rowIndices, 0, count, n, a.data(), b.data(), i * n, 0, n);
      }
    }
  }

  @Override
  public void addTransposeAProduct(float alpha, Matrix a, Matrix b, Matrix c) {
    KernelShapes.checkAddTransposeAProduct(a, b, c);
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    if (m == 0 || k == 0 || n == 0) {
      return;
    }
    long nonZeros = skipZeros ? (long) m * k - VectorLoops.countZeros(a.data(), 0, m * k) : (long) m * k;
    double threshold = m >= LARGE_BATCH_ROWS ? THRESHOLDS.gradient() : THRESHOLDS.gradientSmallBatch();
    boolean dense = !skipZeros || zeroSkipping == ZeroSkipping.AUTO && nonZeros >= threshold * m * k;
    if (!dense) {
      listNonZeros(a);
      listByColumn(alpha, m, k, rowStarts, columns, values);
      runListedGradient(b, c, nonZeros);
      return;
    }
    long work = (long) m * k * n;
    int slot = slot(GRADIENT_DENSE, m, k, n);
    int chunks = chunksFor(work, (k + DENSE_ROWS - 1) / DENSE_ROWS, slot, m);
    splitRowsEvenly(k, chunks, DENSE_ROWS);
    scaleInput(alpha, a);
    gradient.set(a, b, c, GradientMode.DENSE, chunks);
    runChunks(slot, chunks, work, gradient);
  }

  @Override
  public void addTransposeAProduct(float alpha, CsrMatrix a, Matrix b, Matrix c) {
    KernelShapes.checkAddTransposeAProduct(a, b, c);
    if (a.rows() == 0 || a.cols() == 0 || b.cols() == 0) {
      return;
    }
    listByColumn(alpha, a.rows(), a.cols(), a.rowPointers(), a.columnIndices(), a.values());
    runListedGradient(b, c, a.nonZeroCount());
  }

  /** Runs the weight step from the column listing, with chunks balanced by listed values. */
  private void runListedGradient(Matrix b, Matrix c, long nonZeros) {
    int k = c.rows();
    long work = nonZeros * b.cols();
    int slot = slot(GRADIENT_LISTED, b.rows(), k, b.cols());
    int chunks = chunksFor(work, k, slot, b.rows());
    balanceListedRows(k, chunks);
    gradient.set(null, b, c, GradientMode.LISTED, chunks);
    runChunks(slot, chunks, work, gradient);
  }

  /**
   * Lists alpha times the stored values of an m × k matrix, given row by row, column by column
   * in {@link #columnStarts}, {@link #columnValues} and {@link #columnRows}, rows ascending. The
   * counting sort reads the row listing in order, so it costs one pass over the stored values
   * instead of a strided pass over all m · k elements.
   */
  private void listByColumn(float alpha, int m, int k, int[] pointers, int[] indices, float[] storedValues) {
    int stored = pointers[m];
    if (columnStarts.length < k + 1) {
      columnStarts = new int[k + 1];
    }
    if (columnValues.length < stored) {
      columnValues = new float[stored];
      columnRows = new int[stored];
    }

    // Count each column's values, turn the counts into start positions, then place the values.
    Arrays.fill(columnStarts, 0, k + 1, 0);
    for (int p = 0; p < stored; p++) {
      columnStarts[indices[p] + 1]++;
    }
    for (int i = 0; i < k; i++) {
      columnStarts[i + 1] += columnStarts[i];
    }

    for (int r = 0; r < m; r++) {
      for (int p = pointers[r]; p < pointers[r + 1]; p++) {
        int slot = columnStarts[indices[p]]++;
        columnValues[slot] = alpha * storedValues[p];
        columnRows[slot] = r;
      }
    }

    // Placing advanced each start to the next column's start: shift them back by one column.
    for (int i = k; i > 0; i--) {
      columnStarts[i] = columnStarts[i - 1];
    }
    columnStarts[0] = 0;
  }

  /** The loop with which {@link GradientTask} reads a. */
  private enum GradientMode {
    /** Every value of the dense a, four rows of c at a time. */
    DENSE,
    /** The non-zero or stored values of a, scaled by alpha and listed by column. */
    LISTED
  }

  /** c += alpha·aᵀ·b over one range of c's rows, that is of a's columns. */
  private final class GradientTask implements WorkerPool.ChunkTask {
    private Matrix a;
    private Matrix b;
    private Matrix c;
    private GradientMode mode;
    private int chunks;

    void set(Matrix a, Matrix b, Matrix c, GradientMode mode, int chunks) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.mode = mode;
      this.chunks = chunks;
    }

    @Override
    public void run(int chunk) {
      int i0 = rowBoundaries[chunk];
      int i1 = rowBoundaries[chunk + 1];
      if (mode == GradientMode.LISTED) {
        runListed(i0, i1);
      } else {
        runDense(chunk, i0, i1);
      }
    }

    private void runListed(int i0, int i1) {
      int n = b.cols();
      float[] bv = b.data();
      float[] cv = c.data();
      for (int i = i0; i < i1; i++) {
        if (columnStarts[i] < columnStarts[i + 1]) {
          VectorLoops.accumulateRows(columnValues, columnRows, columnStarts[i], columnStarts[i + 1], n, bv, cv,
              i * n, 0, n);
        }
      }
    }

    private void runDense(int chunk, int i0, int i1) {
      int m = a.rows();
      int k = a.cols();
      int n = b.cols();
      float[] av = a.data();
      float[] bv = b.data();
      float[] cv = c.data();
      float[] scaled = scaledInput;
      float[] packed = packedPanel(chunk, m);
      for (int p = 0; p < n; p += DENSE_PANEL) {
        int p1 = Math.min(n, p + DENSE_PANEL);
        VectorLoops.packPanel(bv, m, n, p, p1 - p, packed);
        for (int i = i0; i < i1; i += DENSE_ROWS) {
          int rows = Math.min(DENSE_ROWS, i1 - i);
          VectorLoops.denseBlock(scaled, i * m, m, m, packed, p, cv, i * n, n, rows, p, p1,
              laneScratches[chunk]);
        }
      }
    }
  }

  @Override
  public void close() {
    workers.close();
  }
}
