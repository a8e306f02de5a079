package dev.rectifier.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Checked error for a data file whose content does not match its format.
 *
 * <p>The message names the file, the byte offset where the problem was found, what was found there
 * and a hint with the next step for the user. Offsets count bytes from the start of the file, or from the
 * start of the decompressed data when the file is gzip-compressed, and such
 * messages state that.
 */
public class DataFormatException extends IOException {
  private final Path path;
  private final long byteOffset;
  private final String hint;

  /**
   * Creates an error for {@code path}.
   *
   * @param byteOffset offset of the problem in bytes, or -1 where no single offset applies
   * @param problem what was found, for example {@code "unknown element type code 0x07"}
   * @param hint what the user can do, as a sentence
   */
  public DataFormatException(Path path, long byteOffset, String problem, String hint) {
    this(path, byteOffset, problem, hint, null);
  }

  /** Creates an error for {@code path} caused by a lower-level exception such as a gzip error. */
  public DataFormatException(Path path, long byteOffset, String problem, String hint, Throwable cause) {
    super(formatMessage(path, byteOffset, problem, hint), cause);
    this.path = path;
    this.byteOffset = byteOffset;
    this.hint = hint;
  }

  private static String formatMessage(Path path, long byteOffset, String problem, String hint) {
    String location = byteOffset >= 0 ? path + ", byte offset " + byteOffset : path.toString();
    return location + ": " + problem + ". " + hint;
  }

  /** Returns the file that failed to parse. */
  public Path path() {
    return path;
  }

  /** Returns the offset of the problem in bytes, or -1 where no single offset applies. */
  public long byteOffset() {
    return byteOffset;
  }

  /** Returns what the user can do about the problem. */
  public String hint() {
    return hint;
  }
}
