package dev.rectifier.data.idx;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.tensor.Matrix;
import java.util.Arrays;

/**
 * Images and their labels as read from a pair of IDX files, before conversion to floats.
 *
 * <p>Keeping the pixels as bytes lets a caller split one file into several data sets (for example
 * training and validation) without first converting, and copying, the whole file to floats.
 *
 * @param images {@code count × rows × cols} unsigned bytes
 * @param labels {@code count} class indices, each in {@code [0, numClasses)}
 * @param numClasses number of classes
 */
public record LabelledImages(IdxArray images, int[] labels, int numClasses) {

  /** Validates that images and labels count the same examples. */
  public LabelledImages {
    if (images.rank() != 3 || images.type() != IdxType.UNSIGNED_BYTE) {
      throw new IllegalArgumentException(
          "images must be a count × rows × cols array of unsigned bytes, got " + images);
    }
    if (images.dimension(0) != labels.length) {
      throw new IllegalArgumentException(
          images.dimension(0) + " images but " + labels.length + " labels");
    }
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** Number of pixels per image, {@code rows · cols}. */
  public int inputSize() {
    return images.dimension(1) * images.dimension(2);
  }

  /**
   * Converts examples {@code [from, to)} to a data set whose features are {@code (to − from) ×
   * (rows · cols)} pixels scaled from 0…255 to [0, 1] by dividing by 255.
   *
   * @throws IllegalArgumentException if the range is outside {@code [0, size()]}
   */
  public Dataset toDataset(String name, int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(name + ": range [" + from + ", " + to
          + ") is outside the " + size() + " examples");
    }
    Matrix features = IdxLoader.scaledPixels(images, from, to);
    return new Dataset(name, features, Arrays.copyOfRange(labels, from, to), numClasses);
  }
}
