package dev.rectifier.data.idx;

import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

class IdxReaderPropertiesTest {
  private Path directory;

  @BeforeProperty
  void createDirectory() throws IOException {
    directory = Files.createTempDirectory("idx-properties-");
  }

  @AfterProperty
  void deleteDirectory() throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }

  @Property(tries = 200)
  void unsignedBytesRoundTrip(
      @ForAll @IntRange(min = 0, max = 4) int count,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll boolean compressed) throws IOException {
    byte[] content = IdxFixtures.images(count, rows, cols);
    Path file = IdxFixtures.write(directory, "file", compressed ? gzip(content) : content);

    IdxArray array = IdxReader.read(file);

    assertThat(array.shape()).containsExactly(count, rows, cols);
    for (int i = 0; i < array.size(); i++) {
      assertThat(array.getInt(i)).isEqualTo(i % 256);
    }
  }

  @Property(tries = 200)
  void everyTruncationRaisesFormatError(
      @ForAll @IntRange(min = 0, max = 39) int keptBytes, @ForAll boolean compressed)
      throws IOException {
    // The full file is a 16-byte header plus 24 data bytes, so every kept length is truncated.
    byte[] truncated = Arrays.copyOf(IdxFixtures.images(2, 3, 4), keptBytes);
    Path file = IdxFixtures.write(directory, "file", compressed ? gzip(truncated) : truncated);

    assertThatThrownBy(() -> IdxReader.read(file))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString());
  }
}
