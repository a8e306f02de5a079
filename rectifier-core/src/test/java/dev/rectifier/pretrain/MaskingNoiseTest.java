package dev.rectifier.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.pretrain.MaskingNoise.Kind;
import dev.rectifier.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskingNoiseTest {

  private static Matrix filled(int rows, int cols, float value) {
    Matrix matrix = new Matrix(rows, cols);
    matrix.fill(value);
    return matrix;
  }

  private static int zerosInRow(Matrix matrix, int row) {
    int zeros = 0;
    for (int j = 0; j < matrix.cols(); j++) {
      if (matrix.get(row, j) == 0f) {
        zeros++;
      }
    }
    return zeros;
  }

  @Test
  void exactFractionHalfOfFour() {
    Matrix clean = filled(1, 4, 1f);
    Matrix corrupted = new Matrix(1, 4);
    new MaskingNoise(Kind.EXACT_FRACTION, 0.5).corrupt(clean, corrupted, new SplittableRandom(1));
    assertThat(zerosInRow(corrupted, 0)).isEqualTo(2);
    assertThat(clean.data()).containsExactly(1f, 1f, 1f, 1f);
  }

  @Test
  void exactFractionCountPerRow() {
    Matrix clean = filled(50, 30, 0.7f);
    Matrix corrupted = new Matrix(50, 30);
    new MaskingNoise(Kind.EXACT_FRACTION, 0.25).corrupt(clean, corrupted, new SplittableRandom(2));
    for (int r = 0; r < 50; r++) {
      // round(0.25 · 30) = round(7.5) = 8
      assertThat(zerosInRow(corrupted, r)).as("row %d", r).isEqualTo(8);
    }
  }

  @Test
  void exactFractionPositionsVary() {
    Matrix clean = filled(20, 10, 1f);
    Matrix corrupted = new Matrix(20, 10);
    new MaskingNoise(Kind.EXACT_FRACTION, 0.3).corrupt(clean, corrupted, new SplittableRandom(3));
    int[] maskedPerColumn = new int[10];
    for (int r = 0; r < 20; r++) {
      for (int j = 0; j < 10; j++) {
        if (corrupted.get(r, j) == 0f) {
          maskedPerColumn[j]++;
        }
      }
    }
    assertThat(Arrays.stream(maskedPerColumn).filter(count -> count > 0).count())
        .as("columns masked at least once: %s", Arrays.toString(maskedPerColumn)).isGreaterThan(5);
  }

  @Test
  void independentFractionNearLevel() {
    Matrix clean = filled(200, 100, 2f);
    Matrix corrupted = new Matrix(200, 100);
    new MaskingNoise(Kind.INDEPENDENT, 0.25).corrupt(clean, corrupted, new SplittableRandom(4));
    long zeros = 0;
    for (float value : corrupted.data()) {
      assertThat(value).isIn(0f, 2f);
      if (value == 0f) {
        zeros++;
      }
    }
    // 20,000 draws: the standard deviation of the fraction is about 0.003.
    assertThat(zeros / 20_000.0).isBetween(0.235, 0.265);
    int[] perRow = new int[200];
    for (int r = 0; r < 200; r++) {
      perRow[r] = zerosInRow(corrupted, r);
    }
    assertThat(Arrays.stream(perRow).distinct().count()).as("the count varies from row to row").isGreaterThan(1);
    assertThat(clean.data()).containsOnly(2f);
  }

  @Test
  void levelOneAndLevelZero() {
    Matrix clean = filled(3, 5, 1.5f);
    for (Kind kind : Kind.values()) {
      Matrix corrupted = filled(3, 5, 9f);
      new MaskingNoise(kind, 1.0).corrupt(clean, corrupted, new SplittableRandom(5));
      assertThat(corrupted.data()).as("%s at level 1", kind).containsOnly(0f);
      new MaskingNoise(kind, 0.0).corrupt(clean, corrupted, new SplittableRandom(5));
      assertThat(corrupted.data()).as("%s at level 0", kind).containsOnly(1.5f);
    }
  }

  @Test
  void sameSeedSameMask() {
    Matrix clean = filled(8, 12, 1f);
    for (Kind kind : Kind.values()) {
      Matrix first = new Matrix(8, 12);
      Matrix second = new Matrix(8, 12);
      new MaskingNoise(kind, 0.4).corrupt(clean, first, new SplittableRandom(6));
      new MaskingNoise(kind, 0.4).corrupt(clean, second, new SplittableRandom(6));
      assertThat(second.data()).as("%s", kind).containsExactly(first.data());
    }
  }

  @Test
  void levelOutsideUnitInterval() {
    for (double level : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new MaskingNoise(Kind.INDEPENDENT, level))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("masking level " + level)
          .hasMessageContaining("[0, 1]");
    }
  }

  @Test
  void mismatchedOrSharedMatrices() {
    MaskingNoise noise = new MaskingNoise(Kind.INDEPENDENT, 0.25);
    Matrix clean = filled(2, 3, 1f);
    assertThatThrownBy(() -> noise.corrupt(clean, new Matrix(2, 4), new SplittableRandom(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 × 3")
        .hasMessageContaining("2 × 4");
    assertThatThrownBy(() -> noise.corrupt(clean, clean, new SplittableRandom(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("separate matrix");
    assertThat(clean.data()).containsOnly(1f);
  }
}
