package dev.rectifier.data.idx;

import dev.rectifier.data.DataFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Parses one IDX stream and tracks the byte offset for error messages. {@link IdxReader} creates
 * one parser per file.
 */
final class IdxParser {
  /** Bytes read per call, which bounds any temporary buffer the stream allocates for one read. */
  private static final int CHUNK_BYTES = 1 << 20;
  /** Number of leading bytes shown when a file is neither IDX nor gzip. */
  private static final int SHOWN_BYTES = 16;
  private static final int MAGIC_BYTES = 4;

  private record Magic(IdxType type, int rank) {}

  private final Path file;
  private final InputStream in;
  private final boolean compressed;
  /** Size of the raw file in bytes, or -1 for gzip files, whose decompressed size is unknown. */
  private final long fileBytes;
  private long position;

  IdxParser(Path file, InputStream in, boolean compressed, long fileBytes) {
    this.file = file;
    this.in = in;
    this.compressed = compressed;
    this.fileBytes = fileBytes;
  }

  IdxArray parse() throws IOException {
    Magic magic = readMagic();
    int[] shape = readShape(magic.rank());
    long dataOffset = position;
    int dataBytes = dataBytes(magic.type(), shape);
    if (!compressed) {
      checkRawFileSize(dataOffset, dataBytes);
    }

    byte[] data = readData(dataBytes);
    checkEndOfData();
    return new IdxArray(magic.type(), shape, dataOffset, data);
  }

  private Magic readMagic() throws IOException {
    byte[] magic = new byte[MAGIC_BYTES];
    int count = readUpTo(magic, 0, MAGIC_BYTES);
    if ((count >= 1 && magic[0] != 0) || (count >= 2 && magic[1] != 0)) {
      throw notIdx(magic, count);
    }
    if (count < MAGIC_BYTES) {
      throw truncated(count, "the file ends after " + count + " bytes, inside the 4-byte magic number");
    }

    int code = magic[2] & 0xFF;
    IdxType type = IdxType.fromCode(code).orElseThrow(() -> error(2,
        "unknown element type code " + IdxBytes.hex(code),
        "Known codes are 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), "
            + "0x0D (float) and 0x0E (double); check that this is an IDX file"));
    int rank = magic[3] & 0xFF;
    if (rank == 0) {
      throw error(3, "the header declares 0 dimensions",
          "An IDX file has at least one dimension; check that this is an IDX file");
    }
    return new Magic(type, rank);
  }

  private DataFormatException notIdx(byte[] magic, int count) throws IOException {
    byte[] first = Arrays.copyOf(magic, SHOWN_BYTES);
    int shown = count + readUpTo(first, count, SHOWN_BYTES - count);
    String problem = compressed
        ? "the decompressed data is not IDX: it starts with "
        : "neither IDX nor gzip: the file starts with ";
    return error(0, problem + IdxBytes.describe(first, shown),
        "An IDX file starts with two zero bytes and a gzip file with 1F 8B. If this is an HTML or "
            + "error page, the download failed: download the file again");
  }

  private int[] readShape(int rank) throws IOException {
    byte[] sizes = new byte[4 * rank];
    int count = readUpTo(sizes, 0, sizes.length);
    if (count < sizes.length) {
      throw truncated(position, "the header declares " + rank + " dimensions (" + sizes.length
          + " bytes of sizes) but the file ends after " + count + " of those bytes");
    }

    int[] shape = new int[rank];
    for (int axis = 0; axis < rank; axis++) {
      shape[axis] = IdxBytes.bigEndianInt(sizes, 4 * axis);
      if (shape[axis] < 0) {
        throw error(MAGIC_BYTES + 4L * axis, "dimension " + axis + " has negative size " + shape[axis],
            "The header is corrupt; download the file again");
      }
    }
    return shape;
  }

  /** Returns the number of element bytes, rejecting shapes whose data exceeds one Java array. */
  private int dataBytes(IdxType type, int[] shape) throws DataFormatException {
    // The product is checked after every factor, so it stays below 2^31 and the next product
    // below 2^62: the long cannot overflow.
    long bytes = type.elementBytes();
    for (int size : shape) {
      bytes *= size;
      if (bytes > IdxReader.MAX_DATA_BYTES) {
        throw error(MAGIC_BYTES, "shape " + IdxBytes.shapeText(shape) + " of " + type
            + " elements needs more than " + IdxReader.MAX_DATA_BYTES + " bytes of data",
            "The header is corrupt, or the file is larger than one Java array can hold");
      }
    }
    return (int) bytes;
  }

  /** Checks the size of a raw file before allocating, so a corrupt header cannot cost gigabytes. */
  private void checkRawFileSize(long dataOffset, int dataBytes) throws DataFormatException {
    long available = fileBytes - dataOffset;
    if (available < dataBytes) {
      throw truncated(fileBytes, "expected " + dataBytes + " bytes of data after the "
          + dataOffset + "-byte header, found " + available);
    }
    if (available > dataBytes) {
      throw trailing(dataOffset + dataBytes, available - dataBytes);
    }
  }

  /**
   * Reads the elements in chunks. For gzip data, whose size is unknown in advance, the array grows
   * as data arrives, so a header that promises more than the file contains costs little memory.
   */
  private byte[] readData(int dataBytes) throws IOException {
    long dataOffset = position;
    byte[] data = new byte[compressed ? Math.min(dataBytes, CHUNK_BYTES) : dataBytes];
    int filled = 0;
    while (filled < dataBytes) {
      if (filled == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(dataBytes, 2L * data.length));
      }
      int wanted = Math.min(CHUNK_BYTES, data.length - filled);
      int count = readUpTo(data, filled, wanted);
      filled += count;
      if (count < wanted) {
        throw truncated(position, "expected " + dataBytes + " bytes of data after the "
            + dataOffset + "-byte header, found " + filled);
      }
    }
    return data;
  }

  private void checkEndOfData() throws IOException {
    long dataEnd = position;
    byte[] rest = new byte[CHUNK_BYTES];
    long extra = 0;
    int count;
    while ((count = readUpTo(rest, 0, rest.length)) > 0) {
      extra += count;
    }
    if (extra > 0) {
      throw trailing(dataEnd, extra);
    }
  }

  /** Reads up to {@code length} bytes, fewer only at the end of the stream. */
  private int readUpTo(byte[] buffer, int offset, int length) throws IOException {
    try {
      int count = in.readNBytes(buffer, offset, length);
      position += count;
      return count;
    } catch (EOFException | ZipException e) {
      // GZIPInputStream signals truncated or corrupt compressed data with these two exceptions.
      throw error(position, "the gzip data is truncated or corrupt (" + e.getMessage() + ")",
          "Download the file again", e);
    }
  }

  private DataFormatException truncated(long offset, String problem) {
    return error(offset, problem, "The file is truncated; download it again");
  }

  private DataFormatException trailing(long offset, long extraBytes) {
    return error(offset, extraBytes + " trailing bytes after the data that the header declares",
        "The header does not match the data; check that the file is not two files joined or "
            + "corrupt, and download it again");
  }

  private DataFormatException error(long offset, String problem, String hint) {
    return error(offset, problem, hint, null);
  }

  private DataFormatException error(long offset, String problem, String hint, Throwable cause) {
    String where = compressed ? problem + " (offsets count decompressed bytes)" : problem;
    return new DataFormatException(file, offset, where, hint, cause);
  }
}
