package dev.rectifier.kernel;

import java.util.Arrays;

/**
 * Chooses, for each kind of product, whether a call runs on all of the pool's threads or on the
 * caller's thread alone, from the measured time per unit of work of recent calls of that kind.
 *
 * <p>On a shared 2-core machine, two threads were 1.5–1.9× faster than one for minutes at a time
 * and up to 2.2× slower for other stretches (see docs/benchmarks.md). The tuner keeps an
 * exponential moving average of nanoseconds per unit of work for both ways, follows the faster
 * one, and tries the other way on every {@link #PROBE_INTERVAL}-th call so that it notices when
 * conditions change. The choice never changes a result: the kernels give the same bits on any
 * number of threads. Not thread-safe: the kernels call it from the caller's thread only.
 */
final class ThreadTuner {
  /** Every this many calls of a kind, one runs the way that is not currently preferred. */
  static final int PROBE_INTERVAL = 32;

  /** Weight of the newest measurement in the moving averages. */
  private static final double SMOOTHING = 0.1;

  private final double[] parallelRate;
  private final double[] serialRate;
  private final long[] calls;

  /** Creates a tuner for kinds numbered 0 to {@code kinds − 1}, preferring all threads at first. */
  ThreadTuner(int kinds) {
    parallelRate = new double[kinds];
    serialRate = new double[kinds];
    calls = new long[kinds];
    Arrays.fill(parallelRate, Double.NaN);
    Arrays.fill(serialRate, Double.NaN);
  }

  /** Returns whether the next call of this kind runs on all threads. */
  boolean parallel(int kind) {
    calls[kind]++;
    // With no measurement of one way yet the comparison is false, so all threads are preferred.
    boolean preferParallel = !(serialRate[kind] < parallelRate[kind]);
    return calls[kind] % PROBE_INTERVAL == 0 ? !preferParallel : preferParallel;
  }

  /** Records that a call of this kind took {@code nanos} for {@code work} units, on all threads or not. */
  void record(int kind, boolean parallel, long nanos, long work) {
    double rate = (double) nanos / Math.max(1, work);
    double[] rates = parallel ? parallelRate : serialRate;
    rates[kind] = Double.isNaN(rates[kind]) ? rate : rates[kind] + SMOOTHING * (rate - rates[kind]);
  }
}
