package dev.rectifier.data.idx;

import static dev.rectifier.data.idx.IdxFixtures.concat;
import static dev.rectifier.data.idx.IdxFixtures.gzip;
import static dev.rectifier.data.idx.IdxFixtures.header;
import static dev.rectifier.data.idx.IdxFixtures.hexBytes;
import static dev.rectifier.data.idx.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.data.DataFormatException;
import dev.rectifier.dataset.Dataset;
import dev.rectifier.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
  @TempDir Path directory;

  @Test
  void imagePixelsScaledToUnitInterval() throws IOException {
    // Bytes 00 7F 80 FF are 0, 127, 128 and 255; divided by 255 they are 0, 0.498, 0.502 and 1.
    Path file = write(directory, "pixels", concat(header(0x08, 1, 1, 4), hexBytes("00 7F 80 FF")));

    Matrix images = IdxLoader.readImages(file);

    assertThat(images.rows()).isEqualTo(1);
    assertThat(images.cols()).isEqualTo(4);
    assertThat(images.data()).containsExactly(0f, 127f / 255f, 128f / 255f, 1f);
    assertThat(images.get(0, 1)).isBetween(0.498f, 0.4981f);
    assertThat(images.get(0, 2)).isBetween(0.5019f, 0.502f);
  }

  @Test
  void imagesFlattenedRowMajor() throws IOException {
    Path file = write(directory, "images.gz", gzip(IdxFixtures.images(2, 28, 28)));

    Matrix images = IdxLoader.readImages(file);

    assertThat(images.rows()).isEqualTo(2);
    assertThat(images.cols()).isEqualTo(784);
    // Pixel (image 1, row 0, col 3) is byte 784 + 3 of the data, whose value is 787 mod 256 = 19.
    assertThat(images.get(1, 3)).isEqualTo(19f / 255f);
  }

  @Test
  void labelsReadUnsigned() throws IOException {
    Path file = write(directory, "labels", IdxFixtures.labels(0, 9, 200));

    int[] labels = IdxLoader.readLabels(file);

    assertThat(labels).containsExactly(0, 9, 200);
  }

  @Test
  void mismatchedCountsNameBothCountsAndFiles() throws IOException {
    Path images = write(directory, "train-images-idx3-ubyte", IdxFixtures.images(2, 2, 2));
    Path labels = write(directory, "train-labels-idx1-ubyte", IdxFixtures.labels(1, 2, 3));

    DataFormatException error = catchThrowableOfType(DataFormatException.class,
        () -> IdxLoader.readLabelledImages(images, labels, 10, "tiny"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("3 labels");
    assertThat(error.getMessage()).contains("2 images");
    assertThat(error.getMessage()).contains("train-images-idx3-ubyte");
    assertThat(error.getMessage()).contains("train-labels-idx1-ubyte");
    assertThat(error.path()).isEqualTo(labels);
  }

  @Test
  void labelOutOfRangeNamesIndexAndValue() throws IOException {
    Path images = write(directory, "images", IdxFixtures.images(3, 2, 2));
    Path labels = write(directory, "labels", IdxFixtures.labels(1, 12, 3));

    DataFormatException error = catchThrowableOfType(DataFormatException.class,
        () -> IdxLoader.readLabelledImages(images, labels, 10, "tiny"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("label 12 at index 1 is outside [0, 10)");
    assertThat(error.byteOffset()).isEqualTo(9);
    assertThat(error.path()).isEqualTo(labels);
  }

  @Test
  void labelledImagesBecomeDataset() throws IOException {
    Path images = write(directory, "images", IdxFixtures.images(3, 2, 2));
    Path labels = write(directory, "labels", IdxFixtures.labels(2, 0, 1));

    Dataset dataset = IdxLoader.readLabelledImages(images, labels, 3, "tiny/test");

    assertThat(dataset.name()).isEqualTo("tiny/test");
    assertThat(dataset.size()).isEqualTo(3);
    assertThat(dataset.inputSize()).isEqualTo(4);
    assertThat(dataset.numClasses()).isEqualTo(3);
    assertThat(dataset.labels()).containsExactly(2, 0, 1);
    assertThat(dataset.features().get(2, 3)).isEqualTo(11f / 255f);
  }

  @Test
  void labelledImagesSplitWithoutFullCopy() throws IOException {
    Path images = write(directory, "images", IdxFixtures.images(5, 1, 2));
    Path labels = write(directory, "labels", IdxFixtures.labels(0, 1, 0, 1, 0));
    LabelledImages pair = IdxLoader.readLabelledImageArrays(images, labels, 2);

    Dataset tail = pair.toDataset("tail", 3, 5);

    assertThat(tail.size()).isEqualTo(2);
    assertThat(tail.labels()).containsExactly(1, 0);
    assertThat(tail.features().data()).containsExactly(6f / 255f, 7f / 255f, 8f / 255f, 9f / 255f);
  }

  @Test
  void labelsFileAsImagesRejected() throws IOException {
    Path labels = write(directory, "labels", IdxFixtures.labels(1, 2));

    DataFormatException error =
        catchThrowableOfType(DataFormatException.class, () -> IdxLoader.readImages(labels));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("expected 3 dimensions: count × rows × cols");
    assertThat(error.byteOffset()).isEqualTo(3);
  }

  @Test
  void floatImagesRejected() throws IOException {
    Path file = write(directory, "floats", concat(header(0x0D, 1, 1, 1), new byte[4]));

    DataFormatException error =
        catchThrowableOfType(DataFormatException.class, () -> IdxLoader.readImages(file));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("the elements are floats, expected unsigned bytes");
    assertThat(error.byteOffset()).isEqualTo(2);
  }
}
