package dev.rectifier.data.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache folder that must contain a fixed set of files, each identified by size and SHA-256.
 *
 * <p>{@link #ensure} keeps every valid file and fetches the others from the sources in order. A
 * valid cached file is never fetched again. A file with the wrong size or checksum is replaced
 * once a source provides a verified copy.
 */
public final class FileCache {
  /** Source name reported when every file was already valid in the cache. */
  public static final String CACHE_SOURCE = "cache";

  private static final Logger log = LoggerFactory.getLogger(FileCache.class);

  private final Path directory;
  private final List<ExpectedFile> files;

  /** Creates a cache in {@code directory}, which is created on first use. */
  public FileCache(Path directory, List<ExpectedFile> files) {
    this.directory = directory.toAbsolutePath();
    this.files = List.copyOf(files);
  }

  public Path directory() {
    return directory;
  }

  /**
   * Verifies the cached files and fetches the missing or invalid ones from {@code sources}, in
   * order, until every file is present and verified.
   *
   * @throws DataFetchException if no source provided some of the files; the message lists each
   *     source's failure and the files to place by hand
   * @throws IOException if the cache folder cannot be created or read
   */
  public VerifiedFiles ensure(List<FileSource> sources) throws IOException {
    Files.createDirectories(directory);
    Map<String, String> sha256ByFile = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    List<ExpectedFile> missing = verifyCachedFiles(sha256ByFile, failures);
    Set<String> usedSources = new LinkedHashSet<>();
    if (missing.size() < files.size()) {
      usedSources.add(CACHE_SOURCE);
    }

    List<IOException> causes = new ArrayList<>();
    for (FileSource source : sources) {
      if (missing.isEmpty()) {
        break;
      }
      VerifyingSink sink = new VerifyingSink(directory, source.description());
      IOException failure = tryFetch(source, missing, sink);
      sha256ByFile.putAll(sink.storedSha256());
      if (!sink.storedSha256().isEmpty()) {
        usedSources.add(source.description());
      }
      missing = withoutStored(missing, sink.storedSha256().keySet());
      recordFailure(source, failure, missing, failures, causes);
    }

    if (!missing.isEmpty()) {
      throw fetchFailed(missing, failures, causes);
    }
    String source = usedSources.isEmpty() ? CACHE_SOURCE : String.join(", ", usedSources);
    return new VerifiedFiles(directory, inExpectedOrder(sha256ByFile), source);
  }

  /**
   * Returns the files that are missing or invalid, puts the SHA-256 of valid ones in the map, and
   * adds a line per invalid cached file to {@code failures}, so a failed fetch still names them.
   */
  private List<ExpectedFile> verifyCachedFiles(Map<String, String> sha256ByFile, List<String> failures)
      throws IOException {
    List<ExpectedFile> missing = new ArrayList<>();
    for (ExpectedFile file : files) {
      Path path = directory.resolve(file.name());
      if (!Files.isRegularFile(path)) {
        log.info("{} is not in the cache {}", file.name(), directory);
        missing.add(file);
        continue;
      }
      long size = Files.size(path);
      String sha256 = size == file.sizeBytes() ? Sha256.ofFile(path) : "not computed";
      if (size == file.sizeBytes() && sha256.equals(file.sha256())) {
        log.debug("Cached {} verified: SHA-256 {}", file.name(), sha256);
        sha256ByFile.put(file.name(), sha256);
      } else {
        log.warn("Cached {} is invalid and will be fetched again: {} bytes, SHA-256 {}; expected "
            + "{} bytes, SHA-256 {}", file.name(), size, sha256, file.sizeBytes(), file.sha256());
        failures.add("cache: " + path + " is invalid (" + size + " bytes, SHA-256 " + sha256 + "; expected "
            + file.sizeBytes() + " bytes, SHA-256 " + file.sha256() + "); it is replaced only by a valid copy");
        missing.add(file);
      }
    }
    return missing;
  }

  /**
   * Runs one source and returns its failure, or null, so that the next source can run. An
   * interruption is thrown instead, because the user or the caller asked to stop.
   */
  private IOException tryFetch(FileSource source, List<ExpectedFile> missing, VerifyingSink sink)
      throws InterruptedIOException {
    log.info("Fetching {} from {}", names(missing), source.description());
    try {
      source.fetch(directory, missing, sink);
      return null;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      log.warn("{} failed: {}", source.description(), FileFailures.describe(e));
      return e;
    }
  }

  private static List<ExpectedFile> withoutStored(List<ExpectedFile> missing, Set<String> stored) {
    return missing.stream().filter(file -> !stored.contains(file.name())).toList();
  }

  private static void recordFailure(FileSource source, IOException failure,
      List<ExpectedFile> stillMissing, List<String> failures, List<IOException> causes) {
    if (failure != null) {
      failures.add(source.description() + ": " + FileFailures.describe(failure));
      causes.add(failure);
    } else if (!stillMissing.isEmpty()) {
      failures.add(source.description() + ": not found: " + names(stillMissing));
    }
  }

  private DataFetchException fetchFailed(
      List<ExpectedFile> missing, List<String> failures, List<IOException> causes) {
    StringBuilder message = new StringBuilder()
        .append("failed to fetch ").append(missing.size()).append(" of ").append(files.size())
        .append(" files into ").append(directory).append(". Sources tried:");
    if (failures.isEmpty()) {
      message.append(" none");
    }
    failures.forEach(failure -> message.append("\n  - ").append(failure));
    message.append("\nTo install the files by hand, download them elsewhere and place them, replacing")
        .append(" any invalid copy, uncompressed or gzip-compressed with the suffix .gz, in ").append(directory)
        .append(':');
    missing.forEach(file -> message.append("\n  ").append(file.describe()));

    DataFetchException exception = new DataFetchException(directory, message.toString());
    causes.forEach(exception::addSuppressed);
    return exception;
  }

  private Map<String, String> inExpectedOrder(Map<String, String> sha256ByFile) {
    Map<String, String> ordered = new LinkedHashMap<>();
    files.forEach(file -> ordered.put(file.name(), sha256ByFile.get(file.name())));
    return ordered;
  }

  private static String names(List<ExpectedFile> files) {
    return String.join(", ", files.stream().map(ExpectedFile::name).toList());
  }
}
