package dev.rectifier.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 checksums of files and streams, computed while streaming. */
final class Sha256 {
  private static final int BUFFER_BYTES = 1 << 16;

  private Sha256() {}

  /**
   * Returns {@code sha256} in lower case.
   *
   * @throws IllegalArgumentException unless it is 64 hex digits
   */
  static String requireHex(String what, String sha256) {
    if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          what + ": SHA-256 must be 64 hex digits, got '" + sha256 + "'");
    }
    return sha256.toLowerCase(Locale.ROOT);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest documentation).
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Returns the SHA-256 of the file as 64 lower-case hex digits. */
  static String ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int count;
      while ((count = in.read(buffer)) > 0) {
        digest.update(buffer, 0, count);
      }
    }
    return hex(digest);
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
