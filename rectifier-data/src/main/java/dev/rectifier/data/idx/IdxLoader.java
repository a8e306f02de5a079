package dev.rectifier.data.idx;

import dev.rectifier.data.DataFormatException;
import dev.rectifier.dataset.Dataset;
import dev.rectifier.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads IDX image and label files, as in MNIST, into matrices, label arrays and data sets.
 *
 * <p>An images file is a {@code count × rows × cols} array of unsigned bytes and becomes a
 * {@code count × (rows · cols)} matrix of pixels divided by 255, so byte values 0…255 map to
 * [0, 1]. A labels file is a {@code count} array of unsigned bytes. Files of another type or
 * rank, mismatched counts and out-of-range labels raise {@link DataFormatException}.
 */
public final class IdxLoader {
  /** Pixel value {@code byte / 255f} for each unsigned byte. The table saves a division per pixel. */
  private static final float[] SCALED_PIXEL = new float[256];

  static {
    for (int value = 0; value < SCALED_PIXEL.length; value++) {
      SCALED_PIXEL[value] = value / 255f;
    }
  }

  private IdxLoader() {}

  /**
   * Reads an images file into a {@code count × (rows · cols)} matrix with values in [0, 1].
   *
   * @throws DataFormatException if the file is malformed or not a 3-dimensional unsigned-byte array
   */
  public static Matrix readImages(Path file) throws IOException {
    IdxArray images = readImageArray(file);
    return scaledPixels(images, 0, images.dimension(0));
  }

  /**
   * Reads a labels file into one int per example, each in 0…255.
   *
   * @throws DataFormatException if the file is malformed or not a 1-dimensional unsigned-byte array
   */
  public static int[] readLabels(Path file) throws IOException {
    IdxArray labels = readLabelArray(file);
    int[] values = new int[labels.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels.getInt(i);
    }
    return values;
  }

  /**
   * Reads an images file and its labels file into one data set with pixels in [0, 1].
   *
   * @param name data set name used in logs and errors, for example {@code "mnist/test"}
   * @throws DataFormatException if a file is malformed, the counts differ, or a label is not in
   *     {@code [0, numClasses)}
   */
  public static Dataset readLabelledImages(Path images, Path labels, int numClasses, String name)
      throws IOException {
    LabelledImages pair = readLabelledImageArrays(images, labels, numClasses);
    return pair.toDataset(name, 0, pair.size());
  }

  /**
   * Reads an images file and its labels file, keeping the pixels as bytes, so that the caller
   * can split the examples with {@link LabelledImages#toDataset}.
   *
   * @throws DataFormatException if a file is malformed, the counts differ, or a label is not in
   *     {@code [0, numClasses)}
   */
  public static LabelledImages readLabelledImageArrays(Path images, Path labels, int numClasses)
      throws IOException {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    IdxArray imageArray = readImageArray(images);
    IdxArray labelArray = readLabelArray(labels);
    if (imageArray.dimension(0) != labelArray.dimension(0)) {
      throw new DataFormatException(labels, 4, "the labels file has " + labelArray.dimension(0)
          + " labels but the images file " + images + " has " + imageArray.dimension(0) + " images",
          "Use the labels file that belongs to the images file, for example train-images with "
              + "train-labels");
    }
    return new LabelledImages(imageArray, checkedLabels(labels, labelArray, numClasses), numClasses);
  }

  private static int[] checkedLabels(Path file, IdxArray labels, int numClasses)
      throws DataFormatException {
    int[] values = new int[labels.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels.getInt(i);
      if (values[i] >= numClasses) {
        throw new DataFormatException(file, labels.dataOffset() + i, "label " + values[i]
            + " at index " + i + " is outside [0, " + numClasses + ")",
            "The data set has " + numClasses + " classes; check that this labels file belongs to it");
      }
    }
    return values;
  }

  /**
   * Converts images {@code [from, to)} of a {@code count × rows × cols} unsigned-byte array to a
   * {@code (to − from) × (rows · cols)} matrix of pixels divided by 255.
   */
  static Matrix scaledPixels(IdxArray images, int from, int to) {
    int inputSize = images.dimension(1) * images.dimension(2);
    byte[] pixels = images.rawData();
    float[] features = new float[Math.multiplyExact(to - from, inputSize)];
    int start = from * inputSize;
    for (int i = 0; i < features.length; i++) {
      features[i] = SCALED_PIXEL[pixels[start + i] & 0xFF];
    }
    return new Matrix(to - from, inputSize, features);
  }

  private static IdxArray readImageArray(Path file) throws IOException {
    IdxArray images = IdxReader.read(file);
    requireType(file, images, 3, "count × rows × cols");
    long inputSize = (long) images.dimension(1) * images.dimension(2);
    if (inputSize > IdxReader.MAX_DATA_BYTES) {
      // Only possible with zero images, because the reader caps the product of all dimensions.
      throw new DataFormatException(file, 8, "images of " + images.dimension(1) + " × "
          + images.dimension(2) + " pixels do not fit in one matrix row",
          "The header is corrupt; download the file again");
    }
    return images;
  }

  private static IdxArray readLabelArray(Path file) throws IOException {
    IdxArray labels = IdxReader.read(file);
    requireType(file, labels, 1, "count");
    return labels;
  }

  private static void requireType(Path file, IdxArray array, int rank, String shapeName)
      throws DataFormatException {
    if (array.type() != IdxType.UNSIGNED_BYTE) {
      throw new DataFormatException(file, 2, "the elements are " + array.type()
          + "s, expected unsigned bytes (type code 0x08)",
          "Check that this is an image or label file and not another IDX array");
    }
    if (array.rank() != rank) {
      throw new DataFormatException(file, 3, "the shape is " + array.shapeText() + " ("
          + array.rank() + " dimensions), expected " + rank + " dimensions: " + shapeName,
          "Check that the images and labels files are not swapped");
    }
  }
}
