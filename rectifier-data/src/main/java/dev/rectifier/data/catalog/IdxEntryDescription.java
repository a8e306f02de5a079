package dev.rectifier.data.catalog;

import dev.rectifier.data.fetch.ExpectedFile;
import java.util.List;

/**
 * Files and split of a data set stored as four IDX files, the layout of MNIST and Fashion-MNIST.
 *
 * <p>The first {@code trainSize} examples of the training files become the training set, the
 * next {@code validationSize} the validation set. The training files must contain exactly
 * {@code trainSize + validationSize} examples. The test files become the test set.
 *
 * @param name catalog name and cache folder name, for example {@code "mnist"}
 * @param summary one-line description for listings
 * @param trainImages {@code count × rows × cols} unsigned bytes
 * @param trainLabels {@code count} unsigned bytes
 * @param testImages {@code testCount × rows × cols} unsigned bytes
 * @param testLabels {@code testCount} unsigned bytes
 * @param trainSize number of training examples taken from the start of the training files
 * @param validationSize number of validation examples that follow them
 * @param numClasses number of classes, so every label must be below it
 */
public record IdxEntryDescription(String name, String summary,
    ExpectedFile trainImages, ExpectedFile trainLabels,
    ExpectedFile testImages, ExpectedFile testLabels,
    int trainSize, int validationSize, int numClasses) {

  /** Validates the split sizes and the number of classes. */
  public IdxEntryDescription {
    if (trainSize < 1 || validationSize < 0) {
      throw new IllegalArgumentException(name + ": trainSize must be at least 1 and validationSize "
          + "at least 0, got " + trainSize + " and " + validationSize);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(name + ": numClasses must be at least 1, got " + numClasses);
    }
  }

  /** Returns the four files in the order train images, train labels, test images, test labels. */
  public List<ExpectedFile> files() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }
}
