package dev.rectifier.cli;

import dev.rectifier.data.catalog.CatalogEntry;
import dev.rectifier.data.catalog.DataCatalog;
import dev.rectifier.data.catalog.PreparedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose and locate a data set, shared by the subcommands. */
final class DataOptions {

  @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "NAME",
      completionCandidates = DatasetNames.class,
      description = "Data set from the catalog: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; for evaluate,"
          + " the data set the model was trained on).")
  String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where data sets are cached (default: $RECTIFIER_DATA_DIR, else ~/.rectifier/data).")
  Path dataDirectory;

  /** The catalog's data-set names, listed in the help. */
  static final class DatasetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return DataCatalog.names().iterator();
    }
  }

  /** Returns the data directory in effect. */
  Path resolvedDataDirectory() {
    return dataDirectory != null ? dataDirectory : DataCatalog.defaultDataDirectory();
  }

  /** Fetches (if needed), verifies and loads the data set with its train/validation/test split. */
  PreparedData prepare(RectifierCommand command) throws IOException {
    CatalogEntry entry = command.catalogEntry(dataset);
    Path cache = entry.cacheDirectory(resolvedDataDirectory());
    try {
      Files.createDirectories(cache);
    } catch (IOException e) {
      throw new IOException("cannot create the data folder " + cache + ": " + RunDirectory.reason(e)
          + "; choose a folder you can write to with --data-dir or " + DataCatalog.DATA_DIR_VARIABLE, e);
    }
    return entry.prepare(resolvedDataDirectory());
  }
}
