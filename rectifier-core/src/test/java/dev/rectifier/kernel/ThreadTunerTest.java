package dev.rectifier.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tuner follows the faster way of running a kind of product and keeps probing the other. */
class ThreadTunerTest {

  /** Returns how many of the next {@code calls} calls of {@code kind} the tuner runs on all threads. */
  private static int parallelCalls(ThreadTuner tuner, int kind, int calls) {
    int parallel = 0;
    for (int call = 0; call < calls; call++) {
      if (tuner.parallel(kind)) {
        parallel++;
      }
    }
    return parallel;
  }

  @Test
  void prefersAllThreadsUntilMeasured() {
    ThreadTuner tuner = new ThreadTuner(1);

    assertThat(parallelCalls(tuner, 0, 4 * ThreadTuner.PROBE_INTERVAL)).isEqualTo(4 * ThreadTuner.PROBE_INTERVAL - 4);
  }

  @Test
  void followsFasterWayAndProbesOther() {
    ThreadTuner tuner = new ThreadTuner(1);
    tuner.record(0, true, 2_000, 1_000);
    tuner.record(0, false, 1_000, 1_000);

    assertThat(parallelCalls(tuner, 0, 4 * ThreadTuner.PROBE_INTERVAL)).as("serial faster").isEqualTo(4);

    for (int i = 0; i < 40; i++) {
      tuner.record(0, true, 500, 1_000);
    }

    assertThat(parallelCalls(tuner, 0, 4 * ThreadTuner.PROBE_INTERVAL)).as("parallel faster again")
        .isEqualTo(4 * ThreadTuner.PROBE_INTERVAL - 4);
  }

  @Test
  void oneSlowCallMovesAverageLittle() {
    ThreadTuner tuner = new ThreadTuner(1);
    tuner.record(0, true, 1_000, 1_000);
    tuner.record(0, false, 1_900, 1_000);
    tuner.record(0, true, 6_000, 1_000);

    // 1,000 + 0.1 · (6,000 − 1,000) = 1,500 ns per 1,000 units: still faster than 1,900.
    assertThat(parallelCalls(tuner, 0, ThreadTuner.PROBE_INTERVAL)).isEqualTo(ThreadTuner.PROBE_INTERVAL - 1);
  }

  @Test
  void kindsAreIndependent() {
    ThreadTuner tuner = new ThreadTuner(2);
    tuner.record(0, true, 2_000, 1_000);
    tuner.record(0, false, 1_000, 1_000);

    assertThat(parallelCalls(tuner, 0, ThreadTuner.PROBE_INTERVAL)).as("kind 0").isEqualTo(1);
    assertThat(parallelCalls(tuner, 1, ThreadTuner.PROBE_INTERVAL)).as("kind 1")
        .isEqualTo(ThreadTuner.PROBE_INTERVAL - 1);
  }
}
