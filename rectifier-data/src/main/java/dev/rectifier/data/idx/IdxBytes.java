package dev.rectifier.data.idx;

import java.util.HexFormat;

/** Byte helpers for the IDX header and its error messages. */
final class IdxBytes {
  private IdxBytes() {}

  static int bigEndianInt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) << 24
        | (bytes[offset + 1] & 0xFF) << 16
        | (bytes[offset + 2] & 0xFF) << 8
        | (bytes[offset + 3] & 0xFF);
  }

  /** Formats one byte value as {@code 0x0B}. */
  static String hex(int value) {
    return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) value);
  }

  /**
   * Formats the first {@code count} bytes as hex followed by their ASCII text, for example
   * {@code 3C 68 74 6D 6C ("<html")}. Bytes outside printable ASCII show as a dot.
   */
  static String describe(byte[] bytes, int count) {
    StringBuilder hex = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int value = bytes[i] & 0xFF;
      hex.append(i == 0 ? "" : " ").append(HexFormat.of().withUpperCase().toHexDigits((byte) value));
      text.append(value >= 0x20 && value < 0x7F ? (char) value : '.');
    }
    return hex + " (\"" + text + "\")";
  }

  /** Formats a shape as {@code "2 × 28 × 28"}. */
  static String shapeText(int[] shape) {
    StringBuilder text = new StringBuilder();
    for (int size : shape) {
      text.append(text.isEmpty() ? "" : " × ").append(size);
    }
    return text.toString();
  }
}
