package dev.rectifier.data.fetch;

/**
 * A file that a cache folder must contain, with the size and checksum that identify it.
 *
 * @param name file name inside the cache folder, without any directory
 * @param sizeBytes exact size in bytes
 * @param sha256 SHA-256 of the content as 64 hex digits, stored in lower case
 */
public record ExpectedFile(String name, long sizeBytes, String sha256) {

  /** Validates the name, size and checksum format. */
  public ExpectedFile {
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "file name must be a plain name without directories or a leading dot, got '" + name + "'");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException(name + ": size must be non-negative, got " + sizeBytes);
    }
    sha256 = Sha256.requireHex(name, sha256);
  }

  /** Returns {@code "name (size bytes, SHA-256 hex)"}, as shown in instructions. */
  public String describe() {
    return name + " (" + sizeBytes + " bytes, SHA-256 " + sha256 + ")";
  }
}
