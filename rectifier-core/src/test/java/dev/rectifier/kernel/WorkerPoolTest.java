package dev.rectifier.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  @Test
  void everyChunkRunsOncePerCall() {
    try (WorkerPool pool = new WorkerPool(2)) {
      for (int chunks : new int[] {0, 1, 2, 3, 7}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(chunks, 1));
        for (int call = 0; call < 500; call++) {
          pool.run(chunks, runs::incrementAndGet);
        }
        for (int chunk = 0; chunk < chunks; chunk++) {
          assertThat(runs.get(chunk)).as("runs of chunk " + chunk + " of " + chunks).isEqualTo(500);
        }
      }
    }
  }

  @Test
  void callAfterParkingWakesWorker() throws InterruptedException {
    try (WorkerPool pool = new WorkerPool(2)) {
      AtomicIntegerArray runs = new AtomicIntegerArray(2);
      pool.run(2, runs::incrementAndGet);
      Thread.sleep(20 + WorkerPool.SPIN_NANOS / 1_000_000);
      pool.run(2, runs::incrementAndGet);

      assertThat(runs.get(1)).isEqualTo(2);
    }
  }

  @Test
  void workerExceptionReachesCaller() {
    try (WorkerPool pool = new WorkerPool(2)) {
      assertThatThrownBy(() -> pool.run(2, chunk -> {
        if (chunk == 1) {
          throw new IllegalStateException("chunk 1 failed");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 1 failed");

      AtomicIntegerArray runs = new AtomicIntegerArray(2);
      pool.run(2, runs::incrementAndGet);
      assertThat(runs.get(1)).as("the pool still works after a failure").isEqualTo(1);
    }
  }

  @Test
  void threadCountBelowOneRejected() {
    assertThatThrownBy(() -> new WorkerPool(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }
}
