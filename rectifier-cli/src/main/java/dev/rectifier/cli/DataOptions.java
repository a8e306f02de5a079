package dev.rectifier.cli;

import dev.rectifier.data.catalog.CatalogEntry;
import dev.rectifier.data.catalog.DataCatalog;
import dev.rectifier.data.catalog.PreparedData;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose and locate a data set, shared by the subcommands. */
final class DataOptions {

  @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "NAME",
      description = "Data set from the catalog (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where data sets are cached (default: $RECTIFIER_DATA_DIR, else ~/.rectifier/data).")
  Path dataDirectory;

  /** Returns the data directory in effect. */
  Path resolvedDataDirectory() {
    return dataDirectory != null ? dataDirectory : DataCatalog.defaultDataDirectory();
  }

  /** Fetches (if needed), verifies and loads the data set with its train/validation/test split. */
  PreparedData prepare(RectifierCommand command) throws IOException {
    CatalogEntry entry = command.catalogEntry(dataset);
    return entry.prepare(resolvedDataDirectory());
  }
}
