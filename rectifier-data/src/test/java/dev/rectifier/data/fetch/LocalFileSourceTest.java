package dev.rectifier.data.fetch;

import static dev.rectifier.data.fetch.TinyFiles.TEST_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TEST_LABELS;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_LABELS;
import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.idx.IdxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSourceTest {
  @TempDir Path directory;

  private VerifiedFiles ensure() throws IOException {
    return new FileCache(directory, TinyFiles.expectedFiles())
        .ensure(List.of(new LocalFileSource(), new TinyFiles.UnusedSource()));
  }

  @Test
  void gzipFilesPlacedByHandUsedAndKept() throws IOException {
    for (String name : TinyFiles.contents().keySet()) {
      IdxFixtures.write(directory, name + ".gz", gzip(TinyFiles.content(name)));
    }

    VerifiedFiles files = ensure();

    assertThat(files.source()).isEqualTo("files placed by hand");
    assertThat(directory.resolve(TRAIN_IMAGES)).hasBinaryContent(TinyFiles.content(TRAIN_IMAGES));
    assertThat(directory.resolve(TRAIN_IMAGES + ".gz")).exists();
  }

  @Test
  void rawContentNamedGzAccepted() throws IOException {
    TinyFiles.writeAll(directory);
    Files.delete(directory.resolve(TEST_LABELS));
    IdxFixtures.write(directory, TEST_LABELS + ".gz", TinyFiles.content(TEST_LABELS));

    VerifiedFiles files = ensure();

    assertThat(files.source()).isEqualTo("cache, files placed by hand");
    assertThat(directory.resolve(TEST_LABELS)).hasBinaryContent(TinyFiles.content(TEST_LABELS));
  }

  @Test
  void gzipContentUnderFinalNameDecompressed() throws IOException {
    TinyFiles.writeAll(directory);
    IdxFixtures.write(directory, TRAIN_LABELS, gzip(TinyFiles.content(TRAIN_LABELS)));

    ensure();

    assertThat(directory.resolve(TRAIN_LABELS)).hasBinaryContent(TinyFiles.content(TRAIN_LABELS));
  }

  @Test
  void wrongGzipFileNamedInFailure() throws IOException {
    TinyFiles.writeAll(directory);
    Files.delete(directory.resolve(TEST_IMAGES));
    byte[] wrong = TinyFiles.content(TEST_IMAGES);
    wrong[wrong.length - 1] ^= 1;
    Path placed = IdxFixtures.write(directory, TEST_IMAGES + ".gz", gzip(wrong));

    DataFetchException error = catchThrowableOfType(DataFetchException.class,
        () -> new FileCache(directory, TinyFiles.expectedFiles()).ensure(List.of(new LocalFileSource())));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("files placed by hand: " + placed + ": " + TEST_IMAGES);
    assertThat(error.getMessage()).contains("failed verification");
    assertThat(directory.resolve(TEST_IMAGES)).doesNotExist();
  }
}
