package dev.rectifier.data.fetch;

import java.io.IOException;
import java.io.InputStream;

/** Receiver of fetched file content. {@link FileCache} passes one to each {@link FileSource}. */
@FunctionalInterface
public interface FileSink {
  /**
   * Writes {@code content} to the cache as {@code file}, verifies its size and SHA-256, and only
   * then moves it atomically to its final name, replacing any invalid file there. Reads
   * {@code content} to its end but does not close it.
   *
   * @throws ChecksumMismatchException if the size or checksum differs from {@code file}'s
   * @throws IOException if reading {@code content} or writing the cache fails; no final file is
   *     left behind in that case
   */
  void store(ExpectedFile file, InputStream content) throws IOException;
}
