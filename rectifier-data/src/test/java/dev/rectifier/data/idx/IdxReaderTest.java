package dev.rectifier.data.idx;

import static dev.rectifier.data.idx.IdxFixtures.concat;
import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static dev.rectifier.data.idx.IdxFixtures.header;
import static dev.rectifier.data.idx.IdxFixtures.hexBytes;
import static dev.rectifier.data.idx.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path directory;

  private DataFormatException readError(String name, byte[] content) throws IOException {
    Path file = write(directory, name, content);
    return catchThrowableOfType(DataFormatException.class, () -> IdxReader.read(file));
  }

  @Test
  void gzipDetectedByContentNotName() throws IOException {
    Path file = write(directory, "labels.idx", gzip(IdxFixtures.labels(3, 1, 4)));

    IdxArray labels = IdxReader.read(file);

    assertThat(labels.shape()).containsExactly(3);
    assertThat(labels.getInt(2)).isEqualTo(4);
  }

  @Test
  void rawIdxNamedGzLoads() throws IOException {
    Path file = write(directory, "train-labels-idx1-ubyte.gz", IdxFixtures.labels(7, 0));

    IdxArray labels = IdxReader.read(file);

    assertThat(labels.shape()).containsExactly(2);
    assertThat(labels.getInt(0)).isEqualTo(7);
  }

  @Test
  void htmlSavedAsGzRejected() throws IOException {
    byte[] html = "<!DOCTYPE html><html><body>Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);

    DataFormatException error = readError("train-images-idx3-ubyte.gz", html);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("neither IDX nor gzip");
    assertThat(error.getMessage()).contains("train-images-idx3-ubyte.gz");
    assertThat(error.getMessage()).contains("3C 21 44 4F 43 54 59 50 45");
    assertThat(error.getMessage()).contains("\"<!DOCTYPE html>");
    assertThat(error.getMessage()).contains("byte offset 0");
    assertThat(error.byteOffset()).isZero();
    assertThat(error.hint()).contains("download the file again");
  }

  @Test
  void nonZeroSecondByteRejected() throws IOException {
    DataFormatException error = readError("odd.idx", hexBytes("00 01 08 01 00 00 00 00"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("neither IDX nor gzip");
    assertThat(error.getMessage()).contains("00 01 08 01");
  }

  @Test
  void labelHeaderIsBigEndian() throws IOException {
    byte[] content = concat(hexBytes("00 00 08 01 00 00 EA 60"), new byte[60_000]);
    Path file = write(directory, "train-labels-idx1-ubyte", content);

    IdxArray labels = IdxReader.read(file);

    assertThat(labels.type()).isEqualTo(IdxType.UNSIGNED_BYTE);
    assertThat(labels.shape()).containsExactly(60_000);
    assertThat(labels.dataOffset()).isEqualTo(8);
  }

  @Test
  void imageHeaderIsBigEndian() throws IOException {
    byte[] headerBytes = hexBytes("00 00 08 03 00 00 00 02 00 00 00 1C 00 00 00 1C");
    Path file = write(directory, "images", concat(headerBytes, new byte[2 * 28 * 28]));

    IdxArray images = IdxReader.read(file);

    assertThat(images.shape()).containsExactly(2, 28, 28);
    assertThat(images.rank()).isEqualTo(3);
    assertThat(images.size()).isEqualTo(2 * 28 * 28);
    assertThat(images.dataOffset()).isEqualTo(16);
  }

  @Test
  void unsignedBytesAreNeverNegative() throws IOException {
    Path file = write(directory, "pixels", concat(header(0x08, 1, 1, 4), hexBytes("00 7F 80 FF")));

    IdxArray pixels = IdxReader.read(file);

    assertThat(pixels.getInt(0)).isEqualTo(0);
    assertThat(pixels.getInt(1)).isEqualTo(127);
    assertThat(pixels.getInt(2)).isEqualTo(128);
    assertThat(pixels.getInt(3)).isEqualTo(255);
    assertThat(pixels.getDouble(3)).isEqualTo(255.0);
  }

  @Test
  void otherElementTypesDecodeBigEndian() throws IOException {
    Path signed = write(directory, "signed", concat(header(0x09, 2), hexBytes("FF 7F")));
    Path shorts = write(directory, "shorts", concat(header(0x0B, 2), hexBytes("80 01 01 02")));
    Path ints = write(directory, "ints", concat(header(0x0C, 1), hexBytes("FF FF FF FE")));
    Path floats = write(directory, "floats",
        concat(header(0x0D, 1), ByteBuffer.allocate(4).putFloat(1.5f).array()));
    Path doubles = write(directory, "doubles",
        concat(header(0x0E, 1), ByteBuffer.allocate(8).putDouble(-2.25).array()));

    assertThat(IdxReader.read(signed).getInt(0)).isEqualTo(-1);
    assertThat(IdxReader.read(signed).getInt(1)).isEqualTo(127);
    assertThat(IdxReader.read(shorts).getInt(0)).isEqualTo(-32767);
    assertThat(IdxReader.read(shorts).getInt(1)).isEqualTo(0x0102);
    assertThat(IdxReader.read(ints).getInt(0)).isEqualTo(-2);
    assertThat(IdxReader.read(floats).getDouble(0)).isEqualTo(1.5);
    assertThat(IdxReader.read(doubles).getDouble(0)).isEqualTo(-2.25);
    assertThat(IdxReader.read(doubles).type()).isEqualTo(IdxType.DOUBLE);
  }

  @Test
  void getIntOnFloatsRejected() throws IOException {
    Path floats = write(directory, "floats", concat(header(0x0D, 1), new byte[4]));
    IdxArray array = IdxReader.read(floats);

    assertThatThrownBy(() -> array.getInt(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("getDouble");
  }

  @Test
  void emptyFileIsTruncatedHeader() throws IOException {
    DataFormatException error = readError("empty", new byte[0]);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("ends after 0 bytes, inside the 4-byte magic number");
    assertThat(error.byteOffset()).isZero();
  }

  @Test
  void truncatedMagicNumberRejected() throws IOException {
    DataFormatException error = readError("short", hexBytes("00 00 08"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("short, byte offset 3");
    assertThat(error.getMessage()).contains("ends after 3 bytes");
  }

  @Test
  void truncatedDimensionSizesRejected() throws IOException {
    // Three dimensions declared, but only the first size and two bytes of the second follow.
    DataFormatException error = readError("cut", hexBytes("00 00 08 03 00 00 00 02 00 00"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("declares 3 dimensions (12 bytes of sizes)");
    assertThat(error.getMessage()).contains("ends after 6 of those bytes");
    assertThat(error.byteOffset()).isEqualTo(10);
  }

  @Test
  void truncatedDataReportsExpectedAndActualBytes() throws IOException {
    DataFormatException error = readError("images", concat(header(0x08, 2, 2, 2), new byte[5]));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("expected 8 bytes of data after the 16-byte header, found 5");
    assertThat(error.byteOffset()).isEqualTo(21);
    assertThat(error.hint()).contains("truncated");
  }

  @Test
  void truncatedDataInsideGzipRejected() throws IOException {
    byte[] content = gzip(concat(header(0x08, 2, 2, 2), new byte[5]));

    DataFormatException error = readError("images.gz", content);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("expected 8 bytes of data after the 16-byte header, found 5");
    assertThat(error.getMessage()).contains("decompressed");
    assertThat(error.byteOffset()).isEqualTo(21);
  }

  @Test
  void truncatedGzipStreamRejected() throws IOException {
    byte[] compressed = gzip(IdxFixtures.images(4, 8, 8));
    byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);

    DataFormatException error = readError("images.gz", cut);

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("gzip data is truncated or corrupt");
    assertThat(error.getMessage()).contains("images.gz");
  }

  @Test
  void trailingBytesRejected() throws IOException {
    DataFormatException error = readError("labels", concat(IdxFixtures.labels(1, 2), new byte[3]));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("3 trailing bytes after the data");
    assertThat(error.byteOffset()).isEqualTo(10);
  }

  @Test
  void trailingBytesInsideGzipRejected() throws IOException {
    DataFormatException error =
        readError("labels.gz", gzip(concat(IdxFixtures.labels(1, 2), new byte[3])));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("3 trailing bytes after the data");
    assertThat(error.byteOffset()).isEqualTo(10);
  }

  @Test
  void unknownTypeCodeRejected() throws IOException {
    DataFormatException error = readError("typed", concat(header(0x07, 1), new byte[1]));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("unknown element type code 0x07");
    assertThat(error.byteOffset()).isEqualTo(2);
    assertThat(error.hint()).contains("0x08 (unsigned byte)");
  }

  @Test
  void zeroDimensionsRejected() throws IOException {
    DataFormatException error = readError("scalar", hexBytes("00 00 08 00 05"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("declares 0 dimensions");
    assertThat(error.byteOffset()).isEqualTo(3);
  }

  @Test
  void negativeDimensionRejected() throws IOException {
    DataFormatException error = readError("negative", header(0x08, 2, -5, 3));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("dimension 1 has negative size -5");
    assertThat(error.byteOffset()).isEqualTo(8);
  }

  @Test
  void shapeBeyondArrayLimitRejected() throws IOException {
    // 65536³ overflows an int, and 2^29 ints need 2^31 bytes, 9 more than the largest array.
    DataFormatException overflow = readError("huge", header(0x08, 65_536, 65_536, 65_536));
    DataFormatException tooLarge = readError("large", header(0x0C, 1 << 29));

    assertThat(overflow).isNotNull();
    assertThat(overflow.getMessage()).contains("shape 65536 × 65536 × 65536 of unsigned byte elements");
    assertThat(overflow.getMessage()).contains("needs more than 2147483639 bytes");
    assertThat(overflow.byteOffset()).isEqualTo(4);
    assertThat(tooLarge).isNotNull();
    assertThat(tooLarge.getMessage()).contains("shape 536870912 of int elements");
  }

  @Test
  void largeDeclaredShapeWithLittleDataIsTruncated() throws IOException {
    // A gzip file whose header promises 100 MB but contains 10 bytes must fail without allocating it all.
    DataFormatException error = readError("promise.gz", gzip(concat(header(0x08, 100_000_000), new byte[10])));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("expected 100000000 bytes of data after the 8-byte header, found 10");
  }

  @Test
  void zeroImagesLoad() throws IOException {
    Path file = write(directory, "none", header(0x08, 0, 28, 28));

    IdxArray images = IdxReader.read(file);

    assertThat(images.shape()).containsExactly(0, 28, 28);
    assertThat(images.size()).isZero();
  }
}
