package dev.rectifier.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files, gzip data and checksums for tests. */
public final class IdxFixtures {
  private IdxFixtures() {}

  /** Returns an IDX header: two zero bytes, the type code, the rank, then big-endian sizes. */
  public static byte[] header(int typeCode, int... shape) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * shape.length);
    buffer.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) shape.length);
    for (int size : shape) {
      buffer.putInt(size);
    }
    return buffer.array();
  }

  /** Returns an unsigned-byte IDX file of the given shape with {@code values}, each 0…255. */
  public static byte[] unsignedBytes(int[] shape, int... values) {
    byte[] data = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = (byte) values[i];
    }
    return concat(header(0x08, shape), data);
  }

  /** Returns a labels file: a 1-dimensional unsigned-byte IDX file. */
  public static byte[] labels(int... values) {
    return unsignedBytes(new int[] {values.length}, values);
  }

  /** Returns an images file of {@code count × rows × cols} pixels, pixel i of the file = i mod 256. */
  public static byte[] images(int count, int rows, int cols) {
    int[] values = new int[count * rows * cols];
    Arrays.setAll(values, i -> i % 256);
    return unsignedBytes(new int[] {count, rows, cols}, values);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  public static Path write(Path directory, String name, byte[] content) throws IOException {
    Files.createDirectories(directory);
    return Files.write(directory.resolve(name), content);
  }

  public static byte[] hexBytes(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  /** Returns the SHA-256 of {@code content} as 64 lower-case hex digits. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
