package dev.rectifier.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedBagOfWordsTest {
  private static final Path UNUSED_DIRECTORY = Path.of("unused");

  @Test
  void catalogListsGeneratedSet() {
    assertThat(DataCatalog.names()).contains(GeneratedBagOfWords.NAME);
  }

  @Test
  void documentsAreBinaryAndSparse() throws IOException {
    Dataset train = DataCatalog.entry(GeneratedBagOfWords.NAME).prepare(UNUSED_DIRECTORY).train();

    assertThat(train.inputSize()).isEqualTo(GeneratedBagOfWords.TERMS);
    assertThat(train.numClasses()).isEqualTo(2);
    float[] values = train.features().data();
    long ones = 0;
    for (float value : values) {
      assertThat(value).isIn(0f, 1f);
      if (value == 1f) {
        ones++;
      }
    }
    assertThat(ones).isEqualTo((long) train.size() * GeneratedBagOfWords.TERMS_PER_DOCUMENT);
    double zeroShare = 1 - (double) ones / values.length;
    assertThat(zeroShare).isEqualTo(0.994, within(1e-9));
  }

  @Test
  void bothClassesPresent() throws IOException {
    int[] counts = new int[2];
    for (int label : DataCatalog.entry(GeneratedBagOfWords.NAME).prepare(UNUSED_DIRECTORY).train().labels()) {
      counts[label]++;
    }

    assertThat(counts[0]).isGreaterThan(1000);
    assertThat(counts[1]).isGreaterThan(1000);
  }

  @Test
  void sameDocumentsEveryTime() throws IOException {
    PreparedData first = DataCatalog.entry(GeneratedBagOfWords.NAME).prepare(UNUSED_DIRECTORY);
    PreparedData second = DataCatalog.entry(GeneratedBagOfWords.NAME).prepare(UNUSED_DIRECTORY);

    assertThat(second.train().features().data()).isEqualTo(first.train().features().data());
    assertThat(second.test().labels()).isEqualTo(first.test().labels());
    assertThat(second.test().features().data()).isNotEqualTo(first.train().features().data());
  }
}
