package dev.rectifier.data.fetch;

import dev.rectifier.data.Gzip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that the user placed in the cache folder by hand, as {@code <name>.gz} or as
 * {@code <name>} itself. Compression is detected by content, so {@code <name>.gz} may also be
 * uncompressed and {@code <name>} may be gzip-compressed. The content is decompressed, verified
 * and stored as {@code <name>}; the user's {@code .gz} file is left in place.
 */
public final class LocalFileSource implements FileSource {
  private static final Logger log = LoggerFactory.getLogger(LocalFileSource.class);

  @Override
  public String description() {
    return "files placed by hand";
  }

  @Override
  public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException {
    FileFailures failures = new FileFailures();
    for (ExpectedFile file : files) {
      Path candidate = findCandidate(directory, file);
      if (candidate == null) {
        continue;
      }
      log.info("Using {} placed by hand", candidate);
      try (InputStream raw = Files.newInputStream(candidate);
          BufferedInputStream buffered = new BufferedInputStream(raw, Gzip.BUFFER_BYTES);
          InputStream content = Gzip.decompressIfGzip(buffered)) {
        sink.store(file, content);
      } catch (IOException e) {
        failures.add(new IOException(candidate + ": " + e.getMessage(), e));
      }
    }
    failures.throwIfAny();
  }

  /**
   * Returns {@code <name>.gz} if it exists, else {@code <name>} if it is gzip-compressed, else
   * null. An uncompressed {@code <name>} is skipped because the cache check already rejected it.
   */
  private static Path findCandidate(Path directory, ExpectedFile file) throws IOException {
    Path compressed = directory.resolve(file.name() + ".gz");
    if (Files.isRegularFile(compressed)) {
      return compressed;
    }
    Path plain = directory.resolve(file.name());
    if (Files.isRegularFile(plain) && Gzip.isGzipFile(plain)) {
      return plain;
    }
    return null;
  }
}
