package dev.rectifier.data.fetch;

import static dev.rectifier.data.fetch.TinyFiles.TEST_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TEST_LABELS;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_LABELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.idx.IdxFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
  @TempDir Path directory;

  private FileCache cache() {
    return new FileCache(directory, TinyFiles.expectedFiles());
  }

  private List<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void validCacheUsesNoSource() throws IOException {
    TinyFiles.writeAll(directory);

    VerifiedFiles files = cache().ensure(List.of(new TinyFiles.UnusedSource()));

    assertThat(files.source()).isEqualTo("cache");
    assertThat(files.sha256ByFile()).containsOnlyKeys(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    assertThat(files.sha256ByFile().get(TRAIN_IMAGES))
        .isEqualTo(IdxFixtures.sha256(TinyFiles.content(TRAIN_IMAGES)));
  }

  @Test
  void missingFilesFetchedAndStored() throws IOException {
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", TinyFiles.contents());

    VerifiedFiles files = cache().ensure(List.of(source));

    assertThat(files.source()).isEqualTo("fake mirror");
    assertThat(source.requests).containsExactly(List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS));
    assertThat(directory.resolve(TEST_LABELS)).hasBinaryContent(TinyFiles.content(TEST_LABELS));
    assertThat(fileNames()).containsExactly(TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS);
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX file permissions")
  void storedFilePermissionsFollowUmask() throws IOException {
    Path reference = Files.createFile(directory.resolve("reference"));
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", TinyFiles.contents());

    cache().ensure(List.of(source));

    assertThat(Files.getPosixFilePermissions(directory.resolve(TRAIN_IMAGES)))
        .isEqualTo(Files.getPosixFilePermissions(reference));
  }

  @Test
  void corruptedCachedFileFetchedAgain() throws IOException {
    TinyFiles.writeAll(directory);
    byte[] corrupted = TinyFiles.content(TRAIN_IMAGES);
    corrupted[20] ^= 1;
    Files.write(directory.resolve(TRAIN_IMAGES), corrupted);
    Files.write(directory.resolve(TEST_LABELS), new byte[] {0, 0});
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", TinyFiles.contents());

    VerifiedFiles files = cache().ensure(List.of(source));

    assertThat(source.requests).containsExactly(List.of(TRAIN_IMAGES, TEST_LABELS));
    assertThat(files.source()).isEqualTo("cache, fake mirror");
    assertThat(directory.resolve(TRAIN_IMAGES)).hasBinaryContent(TinyFiles.content(TRAIN_IMAGES));
    assertThat(directory.resolve(TEST_LABELS)).hasBinaryContent(TinyFiles.content(TEST_LABELS));
  }

  @Test
  void failedSourceFallsBackToNext() throws IOException {
    FileSource broken = new TinyFiles.FailingSource("broken mirror", new IOException("connection refused"));
    TinyFiles.MapSource working = new TinyFiles.MapSource("working mirror", TinyFiles.contents());

    VerifiedFiles files = cache().ensure(List.of(broken, working));

    assertThat(files.source()).isEqualTo("working mirror");
  }

  @Test
  void partialSourcesCombine() throws IOException {
    TinyFiles.MapSource first = new TinyFiles.MapSource("first", Map.of(
        TRAIN_IMAGES, TinyFiles.content(TRAIN_IMAGES), TEST_IMAGES, TinyFiles.content(TEST_IMAGES)));
    TinyFiles.MapSource second = new TinyFiles.MapSource("second", TinyFiles.contents());

    VerifiedFiles files = cache().ensure(List.of(first, second));

    assertThat(files.source()).isEqualTo("first, second");
    assertThat(second.requests).containsExactly(List.of(TRAIN_LABELS, TEST_LABELS));
    assertThat(files.sha256ByFile().keySet())
        .containsExactly(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
  }

  @Test
  void checksumMismatchNamesFileAndBothChecksums() throws IOException {
    Map<String, byte[]> contents = TinyFiles.contents();
    byte[] wrong = contents.get(TRAIN_LABELS).clone();
    wrong[wrong.length - 1] = 1;
    contents.put(TRAIN_LABELS, wrong);
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", contents);

    DataFetchException error =
        catchThrowableOfType(DataFetchException.class, () -> cache().ensure(List.of(source)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains(TRAIN_LABELS + " from fake mirror failed verification");
    assertThat(error.getMessage()).contains("expected SHA-256 " + TinyFiles.expected(TRAIN_LABELS).sha256());
    assertThat(error.getMessage()).contains("got SHA-256 " + IdxFixtures.sha256(wrong));
    // MapSource stops at the first failure, so only the file before the bad one is stored.
    assertThat(fileNames()).containsExactly(TRAIN_IMAGES);
  }

  @Test
  void oversizedContentRejected() throws IOException {
    Map<String, byte[]> contents = TinyFiles.contents();
    contents.put(TEST_LABELS, new byte[1000]);
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", contents);

    DataFetchException error =
        catchThrowableOfType(DataFetchException.class, () -> cache().ensure(List.of(source)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains(TEST_LABELS + " from fake mirror is larger than the expected 11 bytes");
    assertThat(fileNames()).doesNotContain(TEST_LABELS);
  }

  @Test
  void interruptedStreamLeavesNoFinalFile() throws IOException {
    FileSource interrupted = new FileSource() {
      @Override
      public String description() {
        return "flaky mirror";
      }

      @Override
      public void fetch(Path target, List<ExpectedFile> files, FileSink sink) throws IOException {
        sink.store(files.get(0), new FailingAfterBytes(TinyFiles.content(TRAIN_IMAGES), 10));
      }
    };

    DataFetchException error =
        catchThrowableOfType(DataFetchException.class, () -> cache().ensure(List.of(interrupted)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("flaky mirror: connection reset");
    assertThat(fileNames()).isEmpty();
  }

  @Test
  void noWorkingSourceListsSourcesAndFolder() throws IOException {
    FileSource broken = new TinyFiles.FailingSource("broken mirror", new IOException("connection refused"));
    TinyFiles.MapSource partial = new TinyFiles.MapSource("partial mirror",
        Map.of(TRAIN_IMAGES, TinyFiles.content(TRAIN_IMAGES)));

    DataFetchException error = catchThrowableOfType(
        DataFetchException.class, () -> cache().ensure(List.of(broken, partial)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("failed to fetch 3 of 4 files into " + directory.toAbsolutePath());
    assertThat(error.getMessage()).contains("  - broken mirror: connection refused");
    assertThat(error.getMessage())
        .contains("  - partial mirror: not found: " + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS);
    assertThat(error.getMessage()).contains("gzip-compressed with the suffix .gz, in " + directory.toAbsolutePath());
    assertThat(error.getMessage()).contains(TinyFiles.expected(TEST_LABELS).describe());
    assertThat(error.getMessage()).doesNotContain(TinyFiles.expected(TRAIN_IMAGES).describe());
    assertThat(error.directory()).isEqualTo(directory.toAbsolutePath());
    assertThat(error.getSuppressed()).hasSize(1);
  }

  @Test
  void invalidCachedFileNamedWhenNoSourceWorks() throws IOException {
    Files.createDirectories(directory);
    Path cached = directory.resolve(TEST_LABELS);
    Files.write(cached, new byte[] {1, 2, 3});
    FileSource broken = new TinyFiles.FailingSource("broken mirror", new IOException("connection refused"));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, () -> cache().ensure(List.of(broken)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("  - cache: " + cached.toAbsolutePath() + " is invalid (3 bytes");
    assertThat(error.getMessage()).contains("expected " + TinyFiles.expected(TEST_LABELS).sizeBytes() + " bytes");
    assertThat(error.getMessage()).contains("  - broken mirror: connection refused");
    assertThat(error.getMessage()).contains("replacing any invalid copy");
  }

  @Test
  void emptySourceListReported() {
    assertThatThrownBy(() -> cache().ensure(List.of()))
        .isInstanceOf(DataFetchException.class)
        .hasMessageContaining("Sources tried: none");
  }

  @Test
  void interruptionStopsFallback() {
    FileSource interrupted =
        new TinyFiles.FailingSource("slow mirror", new InterruptedIOException("interrupted"));

    assertThatThrownBy(() -> cache().ensure(List.of(interrupted, new TinyFiles.UnusedSource())))
        .isInstanceOf(InterruptedIOException.class);
  }

  /** Returns the first {@code limit} bytes of {@code content}, then fails like a dropped connection. */
  static final class FailingAfterBytes extends InputStream {
    private final byte[] content;
    private final int limit;
    private int position;

    FailingAfterBytes(byte[] content, int limit) {
      this.content = content;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      if (position >= limit) {
        throw new IOException("connection reset");
      }
      return content[position++] & 0xFF;
    }
  }
}
