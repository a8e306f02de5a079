package dev.rectifier.data.fetch;

import static dev.rectifier.data.fetch.TinyFiles.TEST_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TEST_LABELS;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_IMAGES;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_LABELS;
import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.idx.IdxFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpGzipSourceTest {
  @TempDir Path directory;
  private LoopbackServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void serveAllGzipped() {
    TinyFiles.contents().forEach((name, content) -> server.serve("/mnist/" + name + ".gz", gzip(content)));
  }

  private VerifiedFiles ensure() throws IOException {
    HttpGzipSource source =
        new HttpGzipSource("official distribution", server.uri("/mnist"), Duration.ofSeconds(10));
    return new FileCache(directory, TinyFiles.expectedFiles()).ensure(List.of(source));
  }

  private List<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void gzipFilesDownloadedAndDecompressed() throws IOException {
    serveAllGzipped();

    VerifiedFiles files = ensure();

    assertThat(files.source()).isEqualTo("official distribution");
    assertThat(server.requestedPaths).containsExactlyInAnyOrder("/mnist/" + TRAIN_IMAGES + ".gz",
        "/mnist/" + TRAIN_LABELS + ".gz", "/mnist/" + TEST_IMAGES + ".gz", "/mnist/" + TEST_LABELS + ".gz");
    assertThat(directory.resolve(TEST_IMAGES)).hasBinaryContent(TinyFiles.content(TEST_IMAGES));
  }

  @Test
  void uncompressedResponseUsedAsIs() throws IOException {
    serveAllGzipped();
    server.serve("/mnist/" + TRAIN_LABELS + ".gz", TinyFiles.content(TRAIN_LABELS));

    ensure();

    assertThat(directory.resolve(TRAIN_LABELS)).hasBinaryContent(TinyFiles.content(TRAIN_LABELS));
  }

  @Test
  void notFoundNamesStatusAndUrl() throws IOException {
    serveAllGzipped();
    server.remove("/mnist/" + TEST_LABELS + ".gz");

    DataFetchException error = catchThrowableOfType(DataFetchException.class, this::ensure);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("official distribution: GET " + server.uri("/mnist/" + TEST_LABELS + ".gz")
        + " failed: HTTP status 404");
    assertThat(fileNames()).containsExactly(TEST_IMAGES, TRAIN_IMAGES, TRAIN_LABELS);
  }

  @Test
  void wrongContentFailsVerification() throws IOException {
    serveAllGzipped();
    byte[] wrong = TinyFiles.content(TRAIN_IMAGES);
    wrong[16] = 99;
    server.serve("/mnist/" + TRAIN_IMAGES + ".gz", gzip(wrong));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, this::ensure);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains(TRAIN_IMAGES + " from official distribution failed verification");
    assertThat(error.getMessage()).contains("expected SHA-256 " + TinyFiles.expected(TRAIN_IMAGES).sha256());
    assertThat(error.getMessage()).contains("got SHA-256 " + IdxFixtures.sha256(wrong));
    assertThat(directory.resolve(TRAIN_IMAGES)).doesNotExist();
  }

  @Test
  void droppedDownloadLeavesNoFile() throws IOException {
    byte[] large = IdxFixtures.images(400, 28, 28);
    ExpectedFile expected = new ExpectedFile(TRAIN_IMAGES, large.length, IdxFixtures.sha256(large));
    server.serveTruncated("/mnist/" + TRAIN_IMAGES + ".gz", gzip(large));
    HttpGzipSource source =
        new HttpGzipSource("official distribution", server.uri("/mnist/"), Duration.ofSeconds(10));

    assertThatThrownBy(() -> new FileCache(directory, List.of(expected)).ensure(List.of(source)))
        .isInstanceOf(DataFetchException.class)
        .hasMessageContaining("GET " + server.uri("/mnist/" + TRAIN_IMAGES + ".gz") + " failed: the download stopped after ");
    assertThat(fileNames()).isEmpty();
  }

  @Test
  void unreachableServerStopsAfterFirstFile() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");
    HttpGzipSource source = new HttpGzipSource("official distribution", base, Duration.ofSeconds(10));

    DataFetchException error = catchThrowableOfType(DataFetchException.class,
        () -> new FileCache(directory, TinyFiles.expectedFiles()).ensure(List.of(source)));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("GET " + base.resolve(TRAIN_IMAGES + ".gz") + " failed: ");
    assertThat(error.getMessage()).doesNotContain("failed: null");
    assertThat(error.getMessage()).doesNotContain("GET " + base.resolve(TRAIN_LABELS + ".gz"));
  }

  @Test
  void baseUriGetsTrailingSlash() {
    HttpGzipSource source = new HttpGzipSource("mirror", URI.create("http://127.0.0.1:1/data"), Duration.ofSeconds(1));

    assertThat(source.baseUri()).isEqualTo(URI.create("http://127.0.0.1:1/data/"));
  }

  @Test
  void nonHttpBaseUriRejected() {
    assertThatThrownBy(() -> new HttpGzipSource("mirror", URI.create("ftp://127.0.0.1/data/"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://127.0.0.1/data/");
  }
}
