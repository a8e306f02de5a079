package dev.rectifier.data.fetch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Result of {@link FileCache#ensure}: every expected file is present and verified.
 *
 * @param directory the cache folder
 * @param sha256ByFile SHA-256 hex of each file, by file name, in the order the files were expected
 * @param source {@value FileCache#CACHE_SOURCE} when every file was already valid, otherwise the
 *     descriptions of the sources that supplied files, comma-separated, with
 *     {@value FileCache#CACHE_SOURCE} first when some files were already valid
 */
public record VerifiedFiles(Path directory, Map<String, String> sha256ByFile, String source) {

  /** Copies the map, keeping its order. */
  public VerifiedFiles {
    sha256ByFile = Collections.unmodifiableMap(new LinkedHashMap<>(sha256ByFile));
  }

  /** Returns the path of a file in the cache folder. */
  public Path path(String fileName) {
    return directory.resolve(fileName);
  }
}
