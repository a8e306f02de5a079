package dev.rectifier.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Gzip detection by content: a gzip stream starts with the bytes {@code 1F 8B}, whatever the file
 * is called. Loaders use this so that a raw file named {@code *.gz} and a gzip file without the
 * suffix both load.
 */
public final class Gzip {
  /** Read buffer size in bytes for files and decompression. */
  public static final int BUFFER_BYTES = 1 << 16;

  private static final int MAGIC_FIRST = 0x1F;
  private static final int MAGIC_SECOND = 0x8B;

  private Gzip() {}

  /**
   * Returns whether the next two bytes of {@code in} are the gzip magic number. The stream is
   * reset, so no bytes are consumed.
   */
  public static boolean startsWithMagic(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == MAGIC_FIRST && second == MAGIC_SECOND;
  }

  /** Returns whether the file starts with the gzip magic number. */
  public static boolean isGzipFile(Path file) throws IOException {
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 2)) {
      return startsWithMagic(in);
    }
  }

  /**
   * Returns a stream of the decompressed bytes when {@code in} starts with the gzip magic number,
   * or {@code in} itself otherwise. Closing the returned stream closes {@code in}.
   *
   * @throws IOException if the gzip header is truncated or invalid
   */
  public static InputStream decompressIfGzip(BufferedInputStream in) throws IOException {
    return startsWithMagic(in) ? new GZIPInputStream(in, BUFFER_BYTES) : in;
  }
}
