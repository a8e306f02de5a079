package dev.rectifier.data.catalog;

import java.io.IOException;
import java.nio.file.Path;

/** A data set known by name, which fetches, verifies and loads its own files. */
public interface CatalogEntry {
  /** Name used on the command line and as the cache folder name, for example {@code "mnist"}. */
  String name();

  /** One-line description for listings. */
  String summary();

  /** Returns the folder that contains this entry's files: {@code <dataDirectory>/<name>}. */
  default Path cacheDirectory(Path dataDirectory) {
    return dataDirectory.resolve(name());
  }

  /**
   * Ensures that the files are in {@link #cacheDirectory} and verified, fetching missing or
   * invalid ones, then loads and splits them.
   *
   * @throws dev.rectifier.data.fetch.DataFetchException if no source could provide some files
   * @throws dev.rectifier.data.DataFormatException if a verified file cannot be parsed as expected
   * @throws IOException if the cache folder cannot be read or written
   */
  PreparedData prepare(Path dataDirectory) throws IOException;
}
