package dev.rectifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedSequenceTest {

  private static final int STREAM_LENGTH = 64;

  @Test
  void sameSeedAndComponentRepeat() {
    long[] first = draw(new SeedSequence(7).random("shuffle"));
    long[] second = draw(new SeedSequence(7).random("shuffle"));

    assertThat(second).containsExactly(first);
  }

  @Test
  void componentsGetDifferentStreams() {
    SeedSequence seeds = new SeedSequence(7);
    long[] init = draw(seeds.random("init"));
    long[] shuffle = draw(seeds.random("shuffle"));
    long[] noise = draw(seeds.random("noise"));

    assertThat(init).isNotEqualTo(shuffle);
    assertThat(init).isNotEqualTo(noise);
    assertThat(shuffle).isNotEqualTo(noise);
    // Independent 64-bit streams share a value by chance with probability about 64²/2⁶⁴.
    assertThat(init).doesNotContain(shuffle);
  }

  @Test
  void seedsGetDifferentStreams() {
    assertThat(draw(new SeedSequence(7).random("init"))).isNotEqualTo(draw(new SeedSequence(8).random("init")));
    assertThat(draw(new SeedSequence(0).random("init"))).isNotEqualTo(draw(new SeedSequence(0).random("")));
  }

  @Test
  void similarNamesGetDifferentStreams() {
    SeedSequence seeds = new SeedSequence(0);

    assertThat(draw(seeds.random("ab"))).isNotEqualTo(draw(seeds.random("ba")));
    assertThat(draw(seeds.random("a"))).isNotEqualTo(draw(seeds.random("a\0")));
  }

  private static long[] draw(SplittableRandom random) {
    long[] values = new long[STREAM_LENGTH];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextLong();
    }
    return values;
  }
}
