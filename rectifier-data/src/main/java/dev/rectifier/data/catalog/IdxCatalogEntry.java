package dev.rectifier.data.catalog;

import dev.rectifier.data.DataFormatException;
import dev.rectifier.data.fetch.FileCache;
import dev.rectifier.data.fetch.FileSource;
import dev.rectifier.data.fetch.VerifiedFiles;
import dev.rectifier.data.idx.IdxLoader;
import dev.rectifier.data.idx.LabelledImages;
import dev.rectifier.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog entry for a data set of four IDX files, such as MNIST. Pixels are scaled from 0…255 to
 * [0, 1], and the split follows the {@link IdxEntryDescription}.
 */
public final class IdxCatalogEntry implements CatalogEntry {
  private static final Logger log = LoggerFactory.getLogger(IdxCatalogEntry.class);

  private final IdxEntryDescription description;
  private final List<FileSource> sources;

  /** Creates an entry whose missing files are fetched from {@code sources}, in order. */
  public IdxCatalogEntry(IdxEntryDescription description, List<FileSource> sources) {
    this.description = description;
    this.sources = List.copyOf(sources);
  }

  public IdxEntryDescription description() {
    return description;
  }

  /** Returns the sources tried, in order, for files that are missing or invalid. */
  public List<FileSource> sources() {
    return sources;
  }

  @Override
  public String name() {
    return description.name();
  }

  @Override
  public String summary() {
    return description.summary();
  }

  @Override
  public PreparedData prepare(Path dataDirectory) throws IOException {
    FileCache cache = new FileCache(cacheDirectory(dataDirectory), description.files());
    VerifiedFiles files = cache.ensure(sources);

    long start = System.nanoTime();
    LabelledImages training = IdxLoader.readLabelledImageArrays(
        files.path(description.trainImages().name()), files.path(description.trainLabels().name()),
        description.numClasses());
    checkTrainingSize(files, training);
    int trainEnd = description.trainSize();
    int validationEnd = trainEnd + description.validationSize();
    Dataset train = training.toDataset(name() + "/train", 0, trainEnd);
    Dataset validation = training.toDataset(name() + "/validation", trainEnd, validationEnd);
    Dataset test = IdxLoader.readLabelledImages(
        files.path(description.testImages().name()), files.path(description.testLabels().name()),
        description.numClasses(), name() + "/test");

    log.info("Loaded {} from {} in {} ms: {} train, {} validation, {} test examples of {} inputs",
        name(), files.source(), (System.nanoTime() - start) / 1_000_000, train.size(),
        validation.size(), test.size(), train.inputSize());
    return new PreparedData(train, validation, test, files.sha256ByFile(), files.source());
  }

  private void checkTrainingSize(VerifiedFiles files, LabelledImages training)
      throws DataFormatException {
    int expected = description.trainSize() + description.validationSize();
    if (training.size() != expected) {
      throw new DataFormatException(files.path(description.trainImages().name()), 4,
          "the file has " + training.size() + " images, but the split needs " + expected + " ("
              + description.trainSize() + " train + " + description.validationSize() + " validation)",
          "The catalog entry for " + name() + " does not match its files; this is a bug in the entry");
    }
  }
}
