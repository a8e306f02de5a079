package dev.rectifier.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Splits a loop over chunks across a fixed set of threads.
 *
 * <p>The calling thread runs chunk 0 itself and the pool's workers run the rest. Idle workers
 * park instead of spinning, because two spinning thread pools on a 2-core machine starve each
 * other. With one thread, everything runs on the caller and no pool exists.
 */
final class WorkerPool implements AutoCloseable {
  private final int threads;
  private final ForkJoinPool pool;
  private final ForkJoinTask<?>[] pending;

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1);
    this.pending = new ForkJoinTask<?>[threads];
  }

  int threads() {
    return threads;
  }

  /**
   * Runs {@code body.accept(chunk)} for every chunk in {@code [0, chunks)} and returns when all
   * have finished. Not reentrant: one caller thread at a time.
   */
  void run(int chunks, IntConsumer body) {
    if (chunks <= 1 || pool == null) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        body.accept(chunk);
      }
      return;
    }
    int forked = Math.min(chunks, threads) - 1;
    for (int t = 0; t < forked; t++) {
      int first = t + 1;
      pending[t] = pool.submit(() -> runStrided(body, first, chunks, forked + 1));
    }
    runStrided(body, 0, chunks, forked + 1);
    for (int t = 0; t < forked; t++) {
      pending[t].join();
      pending[t] = null;
    }
  }

  private static void runStrided(IntConsumer body, int first, int chunks, int stride) {
    for (int chunk = first; chunk < chunks; chunk += stride) {
      body.accept(chunk);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
