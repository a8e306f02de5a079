package dev.rectifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.tensor.Matrix;
import org.junit.jupiter.api.Test;

class ActivationStatsTest {

  @Test
  void threeZerosOfFourIsSeventyFivePercent() {
    ActivationStats stats = new ActivationStats(2);

    stats.add(new Matrix(2, 2, new float[] {0f, 2f, 0f, 0f}));

    assertThat(stats.sparsity()).hasValue(0.75);
    assertThat(stats.deadUnits()).isEqualTo(1);
    assertThat(stats.examples()).isEqualTo(2);
  }

  @Test
  void sparsityAccumulatesOverBatches() {
    ActivationStats stats = new ActivationStats(2);

    stats.add(new Matrix(1, 2, new float[] {0f, 2f}));
    stats.add(new Matrix(1, 2, new float[] {-0f, 0f}));
    stats.add(new Matrix(1, 2, new float[] {3f, 0f}));

    // Four exact zeros (−0 included) of six values; each unit was active once, so none is dead.
    assertThat(stats.sparsity()).hasValue(4.0 / 6.0);
    assertThat(stats.deadUnits()).isZero();
    assertThat(stats.examples()).isEqualTo(3);
  }

  @Test
  void emptyBatchHasNoSparsity() {
    ActivationStats stats = new ActivationStats(3);

    assertThat(stats.sparsity()).isEmpty();
    stats.add(new Matrix(0, 3));
    assertThat(stats.sparsity()).isEmpty();
    assertThat(stats.deadUnits()).isZero();
    assertThat(stats.examples()).isZero();
  }

  @Test
  void zeroUnitLayerHasNoSparsity() {
    ActivationStats stats = new ActivationStats(0);

    stats.add(new Matrix(4, 0));

    assertThat(stats.sparsity()).isEmpty();
    assertThat(stats.deadUnits()).isZero();
    assertThat(stats.examples()).isEqualTo(4);
  }

  @Test
  void wrongUnitCountRejected() {
    ActivationStats stats = new ActivationStats(3);

    assertThatThrownBy(() -> stats.add(new Matrix(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 units, expected 3");
    assertThatThrownBy(() -> new ActivationStats(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
  }
}
