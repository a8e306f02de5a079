package dev.rectifier.data.fetch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Error raised when no source could provide all files of a cache folder. The message lists each
 * source tried with its failure, then names the files to place by hand and the folder to put them
 * in. Each source's exception is attached as a suppressed exception.
 */
public class DataFetchException extends IOException {
  private final Path directory;

  public DataFetchException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  /** Returns the cache folder that the files belong in. */
  public Path directory() {
    return directory;
  }
}
