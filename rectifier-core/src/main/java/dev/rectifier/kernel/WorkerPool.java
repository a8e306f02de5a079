package dev.rectifier.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over chunks across a fixed set of threads, without allocating per call.
 *
 * <p>The calling thread runs its share of the chunks itself and the workers run the rest. A
 * training step at batch 10 makes about a dozen short kernel calls, each a few hundred
 * microseconds long, so a worker spins for {@link #SPIN_NANOS} after finishing a call before it
 * parks: waking a parked thread costs tens of microseconds. Workers park after that, so an idle
 * pool leaves the cores to other work, and two pools never spin against each other for long.
 * With one thread, everything runs on the caller and no worker exists.
 */
final class WorkerPool implements AutoCloseable {
  /** Work that is split into numbered chunks. Implementations must tolerate concurrent calls. */
  interface ChunkTask {
    void run(int chunk);
  }

  /** How long an idle worker spins before it parks, in nanoseconds. */
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final int threads;
  private final Worker[] workers;
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger nextChunk = new AtomicInteger();

  private volatile ChunkTask task;
  private volatile int chunkCount;
  private volatile boolean closed;

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(w + 1);
      workers[w].thread.start();
    }
  }

  int threads() {
    return threads;
  }

  /**
   * Runs {@code task.run(chunk)} for every chunk in {@code [0, chunks)} and returns when all have
   * finished. Threads claim chunks in increasing order until none is left, so a thread that
   * finishes early takes more of them. Not reentrant: one caller thread at a time.
   *
   * @throws RuntimeException the first exception a chunk threw, after all chunks have ended
   */
  void run(int chunks, ChunkTask task) {
    int helpers = Math.min(chunks, threads) - 1;
    if (helpers <= 0) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        task.run(chunk);
      }
      return;
    }

    this.task = task;
    this.chunkCount = chunks;
    nextChunk.set(0);
    unfinished.set(helpers);
    for (int w = 0; w < helpers; w++) {
      workers[w].start();
    }

    RuntimeException failure = null;
    try {
      runClaimed(task, chunks);
    } catch (RuntimeException e) {
      failure = e;
    }
    while (unfinished.get() > 0) {
      Thread.onSpinWait();
    }

    this.task = null;
    for (int w = 0; w < helpers; w++) {
      RuntimeException workerFailure = workers[w].takeFailure();
      if (failure == null) {
        failure = workerFailure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void runClaimed(ChunkTask task, int chunks) {
    for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
      task.run(chunk);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Worker worker : workers) {
      LockSupport.unpark(worker.thread);
    }
  }

  private final class Worker implements Runnable {
    private final Thread thread;
    private volatile int generation;
    private volatile boolean parked;
    private RuntimeException failure;

    Worker(int number) {
      this.thread = new Thread(this, "rectifier-kernel-" + number);
      this.thread.setDaemon(true);
    }

    void start() {
      generation++;
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    RuntimeException takeFailure() {
      RuntimeException recorded = failure;
      failure = null;
      return recorded;
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        seen = awaitGeneration(seen);
        if (seen < 0) {
          return;
        }
        try {
          runClaimed(task, chunkCount);
        } catch (RuntimeException e) {
          failure = e;
        }
        unfinished.decrementAndGet();
      }
    }

    /** Waits until the owner starts a new call; returns its generation, or −1 once closed. */
    private int awaitGeneration(int seen) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (generation == seen) {
        if (closed) {
          return -1;
        }
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
          continue;
        }
        parked = true;
        if (generation == seen && !closed) {
          LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        }
        parked = false;
      }
      return generation;
    }
  }
}
