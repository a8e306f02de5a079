package dev.rectifier.cli;

import dev.rectifier.data.catalog.CatalogEntry;
import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.dataset.Dataset;
import dev.rectifier.tensor.Matrix;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A catalog with one small generated data set, {@value #NAME}: three Gaussian blobs in
 * {@value #INPUTS} dimensions, clipped at 0 so that about half of the inputs are exact zeros.
 */
final class GeneratedCatalog {
  static final String NAME = "blobs";
  static final int INPUTS = 12;
  static final int CLASSES = 3;

  private GeneratedCatalog() {}

  static CatalogEntry entry(String name) {
    if (!name.equals(NAME)) {
      throw new IllegalArgumentException("unknown data set '" + name + "'; known data sets: " + NAME);
    }
    return new CatalogEntry() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public String summary() {
        return "three generated Gaussian blobs";
      }

      @Override
      public PreparedData prepare(Path dataDirectory) {
        return new PreparedData(blobs("train", 300, 1), blobs("validation", 90, 2), blobs("test", 90, 3),
            Map.of("generated", "none"), "generated");
      }
    };
  }

  private static Dataset blobs(String split, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] features = new float[size * INPUTS];
    int[] labels = new int[size];
    for (int r = 0; r < size; r++) {
      int label = r % CLASSES;
      labels[r] = label;
      for (int c = 0; c < INPUTS; c++) {
        double centre = c % CLASSES == label ? 1.5 : 0.0;
        features[r * INPUTS + c] = (float) Math.max(0, centre + random.nextGaussian() * 0.5);
      }
    }
    return new Dataset(NAME + "/" + split, new Matrix(size, INPUTS, features), labels, CLASSES);
  }
}
