package dev.rectifier.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FileSink} that writes into a cache folder through a temporary file.
 *
 * <p>The temporary file is named {@code .<name>-<random>.part} in the cache folder itself, so the
 * final rename is an atomic move within one file system. It is deleted when anything fails.
 *
 * <p>NOTE: a process killed during a fetch leaves its {@code .part} file behind, and nothing
 * deletes such files later. They never count as cached files.
 */
final class VerifyingSink implements FileSink {
  private static final Logger log = LoggerFactory.getLogger(VerifyingSink.class);
  private static final int BUFFER_BYTES = 1 << 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final String origin;
  private final Map<String, String> storedSha256 = new LinkedHashMap<>();

  /** Creates a sink for content that comes from {@code origin}, a source description. */
  VerifyingSink(Path directory, String origin) {
    this.directory = directory;
    this.origin = origin;
  }

  /** Names and SHA-256 values of the files stored so far. */
  Map<String, String> storedSha256() {
    return storedSha256;
  }

  @Override
  public void store(ExpectedFile file, InputStream content) throws IOException {
    Path temporary = createTemporaryFile(file);
    try {
      String sha256 = copyAndHash(file, content, temporary);
      Files.move(temporary, directory.resolve(file.name()), StandardCopyOption.ATOMIC_MOVE);
      storedSha256.put(file.name(), sha256);
      log.info("Stored {} from {}: {} bytes, SHA-256 verified", file.name(), origin, file.sizeBytes());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Creates an empty {@code .<name>-<random>.part} file. Unlike {@link Files#createTempFile}, which
   * makes files readable by the owner only, this leaves the permissions to the user's umask, so a
   * shared data directory stays readable by its other users.
   */
  private Path createTemporaryFile(ExpectedFile file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toUnsignedString(RANDOM.nextLong(), 36);
      Path temporary = directory.resolve("." + file.name() + "-" + suffix + ".part");
      try {
        Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW).close();
        return temporary;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Copies at most one byte more than expected, so an endless response cannot fill the disk. */
  private String copyAndHash(ExpectedFile file, InputStream content, Path temporary)
      throws IOException {
    MessageDigest digest = Sha256.newDigest();
    long limit = file.sizeBytes() + 1;
    long written = 0;
    byte[] buffer = new byte[BUFFER_BYTES];
    try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
      int count;
      while (written < limit
          && (count = content.read(buffer, 0, (int) Math.min(buffer.length, limit - written))) > 0) {
        digest.update(buffer, 0, count);
        out.write(buffer, 0, count);
        written += count;
      }
    }
    if (written > file.sizeBytes()) {
      throw new IOException(file.name() + " from " + origin + " is larger than the expected "
          + file.sizeBytes() + " bytes; the source returned other content than expected, such as "
          + "another version; the file was not stored");
    }

    String sha256 = Sha256.hex(digest);
    if (written != file.sizeBytes() || !sha256.equals(file.sha256())) {
      throw new ChecksumMismatchException(
          file.name(), origin, file.sha256(), file.sizeBytes(), sha256, written);
    }
    forceToDisk(temporary);
    return sha256;
  }

  /**
   * Flushes the verified file to the storage device, so that a crash soon after the rename cannot
   * leave an empty file under the final name.
   */
  private static void forceToDisk(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
