package dev.rectifier.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format with {@code F32} tensors only.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N, then N bytes of UTF-8 JSON that map
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative
 * to the data section) plus an optional {@code "__metadata__"} object of strings, then the data
 * section with every tensor as little-endian floats in row-major order. The writer pads the
 * header with spaces to a multiple of 8 bytes.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "__metadata__";
  /** Headers larger than this are rejected as corrupt before anything is allocated. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private SafeTensors() {}

  /** A named tensor: its shape and its values in row-major order. */
  public record Tensor(long[] shape, float[] values) {}

  /** Writes {@code tensors} (in iteration order) and {@code metadata} to {@code file}. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      Tensor tensor = entry.getValue();
      if (elementCount(tensor.shape()) != tensor.values().length) {
        throw new IllegalArgumentException("tensor " + entry.getKey() + " has "
            + tensor.values().length + " values but shape " + shapeText(tensor.shape()));
      }
      ObjectNode node = header.putObject(entry.getKey());
      node.put("dtype", "F32");
      var shape = node.putArray("shape");
      for (long dimension : tensor.shape()) {
        shape.add(dimension);
      }
      long end = offset + 4L * tensor.values().length;
      node.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] headerBytes = paddedHeader(JSON.writeValueAsString(header));
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      out.write(length.putLong(headerBytes.length).array());
      out.write(headerBytes);
      for (Tensor tensor : tensors.values()) {
        ByteBuffer data = ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(tensor.values());
        out.write(data.array());
      }
    }
  }

  private static byte[] paddedHeader(String json) {
    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
    int padded = (raw.length + 7) / 8 * 8;
    byte[] bytes = new byte[padded];
    System.arraycopy(raw, 0, bytes, 0, raw.length);
    for (int i = raw.length; i < padded; i++) {
      bytes[i] = ' ';
    }
    return bytes;
  }

  /** Reads every tensor of {@code file}, in header order; metadata is skipped. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new ModelFormatException(file, "truncated: " + size + " bytes, fewer than the 8-byte header length",
            "the file is not a complete safetensors file; save the model again");
      }
      ByteBuffer lengthBytes = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = lengthBytes.getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
        throw new ModelFormatException(file, "header length " + Long.toUnsignedString(headerLength)
            + " at byte 0 does not fit a file of " + size + " bytes",
            "the file is truncated or not in safetensors format");
      }
      JsonNode header = parseHeader(file, readFully(channel, 8, (int) headerLength));
      long dataStart = 8 + headerLength;
      return readTensors(file, channel, header, dataStart, size - dataStart);
    }
  }

  private static JsonNode parseHeader(Path file, ByteBuffer bytes) throws IOException {
    String text = StandardCharsets.UTF_8.decode(bytes).toString();
    JsonNode header;
    try {
      header = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ModelFormatException(file, "header at byte 8 is not valid JSON (" + e.getOriginalMessage() + ")",
          "the file is corrupt or not in safetensors format");
    }
    if (header == null || !header.isObject()) {
      throw new ModelFormatException(file, "header at byte 8 is not a JSON object", "the file is corrupt");
    }
    return header;
  }

  private static Map<String, Tensor> readTensors(Path file, FileChannel channel, JsonNode header,
      long dataStart, long dataLength) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    long maxEnd = 0;
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      if (field.getKey().equals(METADATA)) {
        continue;
      }
      TensorEntry entry = TensorEntry.parse(file, field.getKey(), field.getValue());
      if (entry.end() > dataLength) {
        throw new ModelFormatException(file, "truncated: tensor " + field.getKey() + " ends at data byte "
            + entry.end() + " but the data section has only " + dataLength + " bytes",
            "the file was cut short; save the model again");
      }
      maxEnd = Math.max(maxEnd, entry.end());
      ByteBuffer data = readFully(channel, dataStart + entry.begin(), (int) (entry.end() - entry.begin()));
      float[] values = new float[(int) ((entry.end() - entry.begin()) / 4)];
      data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      tensors.put(field.getKey(), new Tensor(entry.shape(), values));
    }
    if (maxEnd != dataLength) {
      throw new ModelFormatException(file, "the data section has " + dataLength + " bytes but the tensors cover "
          + maxEnd, "the file is corrupt or has trailing bytes");
    }
    return tensors;
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  static long elementCount(long[] shape) {
    long count = 1;
    for (long dimension : shape) {
      count = Math.multiplyExact(count, dimension);
    }
    return count;
  }

  /** Returns a shape as {@code [rows, cols]}. */
  public static String shapeText(long[] shape) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return text.append(']').toString();
  }

  /** One parsed header entry. */
  private record TensorEntry(long[] shape, long begin, long end) {

    static TensorEntry parse(Path file, String name, JsonNode node) throws ModelFormatException {
      String where = "tensor " + name;
      if (!node.isObject()) {
        throw new ModelFormatException(file, where + " is not a JSON object in the header", "the file is corrupt");
      }
      String dtype = node.path("dtype").asText("");
      if (!dtype.equals("F32")) {
        throw new ModelFormatException(file, where + " has dtype '" + dtype + "'",
            "Rectifier reads F32 tensors only; convert the model to float32");
      }
      JsonNode shapeNode = node.path("shape");
      JsonNode offsets = node.path("data_offsets");
      if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
        throw new ModelFormatException(file, where + " lacks a shape array or a [begin, end] data_offsets pair",
            "the file is corrupt");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong(-1);
        if (!shapeNode.get(i).canConvertToLong() || shape[i] < 0) {
          throw new ModelFormatException(file, where + " has invalid dimension " + shapeNode.get(i),
              "dimensions must be non-negative integers");
        }
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      long bytes;
      try {
        bytes = Math.multiplyExact(elementCount(shape), 4L);
      } catch (ArithmeticException e) {
        throw new ModelFormatException(file, where + " has shape " + shapeText(shape) + ", too large",
            "the file is corrupt");
      }
      if (begin < 0 || end < begin || end - begin != bytes || bytes > Integer.MAX_VALUE - 8) {
        throw new ModelFormatException(file, where + " has data_offsets [" + begin + ", " + end
            + "] but shape " + shapeText(shape) + " needs " + bytes + " bytes", "the file is corrupt");
      }
      return new TensorEntry(shape, begin, end);
    }
  }
}
