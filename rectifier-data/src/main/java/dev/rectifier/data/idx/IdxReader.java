package dev.rectifier.data.idx;

import dev.rectifier.data.DataFormatException;
import dev.rectifier.data.Gzip;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, raw or gzip-compressed, into {@link IdxArray}s.
 *
 * <p>Compression is detected by content (the gzip magic number {@code 1F 8B}), never by file
 * name, and the file is read once. The header is big-endian: bytes 0–1 are zero, byte 2 is the
 * {@link IdxType} code, byte 3 the number of dimensions, then one 4-byte signed size per
 * dimension. The elements follow and must end exactly at the end of the file.
 *
 * <p>Every malformed file raises a {@link DataFormatException} with the byte offset: a file that
 * is neither IDX nor gzip, an unknown type code, zero dimensions, a negative dimension size, more
 * data than one Java array can contain, a truncated header or data, trailing bytes, or corrupt gzip data.
 */
public final class IdxReader {
  /** Largest number of element bytes one file may contain: the maximum length of a Java array. */
  public static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads the whole file.
   *
   * @throws DataFormatException if the file is not a well-formed IDX file
   * @throws IOException if the file cannot be read
   */
  public static IdxArray read(Path file) throws IOException {
    try (InputStream fileStream = Files.newInputStream(file);
        BufferedInputStream buffered = new BufferedInputStream(fileStream, Gzip.BUFFER_BYTES)) {
      if (!Gzip.startsWithMagic(buffered)) {
        return new IdxParser(file, buffered, false, Files.size(file)).parse();
      }
      try (InputStream decompressed = openGzip(file, buffered)) {
        return new IdxParser(file, decompressed, true, -1).parse();
      }
    }
  }

  private static InputStream openGzip(Path file, BufferedInputStream buffered) throws IOException {
    try {
      return new GZIPInputStream(buffered, Gzip.BUFFER_BYTES);
    } catch (IOException e) {
      throw new DataFormatException(file, 0, "invalid gzip header (" + e.getMessage() + ")",
          "The file starts like gzip but is damaged; download it again", e);
    }
  }
}
