package dev.rectifier.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a run end cleanly on Ctrl-C or SIGTERM: the JVM's shutdown hook requests a stop from the trainer
 * after the current batch and then waits until the run has written its summary and model.
 */
final class InterruptGuard implements AutoCloseable {
  /** How long the shutdown hook waits for the run to finish writing. */
  static final long MAX_WAIT_SECONDS = 120;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean stopRequested;

  private InterruptGuard() {
    hook = new Thread(this::onShutdown, "rectifier-interrupt");
  }

  static InterruptGuard install() {
    InterruptGuard guard = new InterruptGuard();
    Runtime.getRuntime().addShutdownHook(guard.hook);
    return guard;
  }

  private void onShutdown() {
    stopRequested = true;
    System.err.println("Interrupted: stopping after the current batch and writing the summary...");
    try {
      finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** Marks the run's files as complete, releasing a waiting shutdown hook. */
  void finished() {
    finished.countDown();
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // The hook is already running; it returns as soon as the latch is released.
    }
  }
}
