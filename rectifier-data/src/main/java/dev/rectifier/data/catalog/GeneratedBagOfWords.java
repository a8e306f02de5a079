package dev.rectifier.data.catalog;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.tensor.Matrix;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated stand-in for binary bag-of-words sentiment data: {@value #TERMS} terms, two
 * classes, each document a set of exactly {@value #TERMS_PER_DOCUMENT} distinct terms, so 99.4% of
 * the inputs are 0, as in the Amazon review data of Glorot, Bordes and Bengio (AISTATS 2011). Term frequencies follow Zipf's law; one term in
 * ten leans towards one class, so the label is learnable but noisy. Nothing is fetched or cached,
 * and the same seeds always give the same examples.
 */
final class GeneratedBagOfWords {
  static final String NAME = "generated-bow";
  static final int TERMS = 5000;
  static final int TERMS_PER_DOCUMENT = 30;
  private static final int TRAIN = 3000;
  private static final int VALIDATION = 1000;
  private static final int TEST = 1000;
  /** Share of a document's terms drawn from its class's leaning terms. */
  private static final double LEANING_SHARE = 0.08;

  private GeneratedBagOfWords() {}

  static CatalogEntry entry() {
    return new CatalogEntry() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public String summary() {
        return "generated binary bag-of-words, " + TERMS + " terms, 2 classes (no download)";
      }

      @Override
      public PreparedData prepare(Path dataDirectory) {
        double[] cumulative = zipfCumulative();
        return new PreparedData(documents("train", TRAIN, 1, cumulative),
            documents("validation", VALIDATION, 2, cumulative), documents("test", TEST, 3, cumulative),
            Map.of("generated", "GeneratedBagOfWords, seeds 1-3, " + TERMS + " terms"), "generated");
      }
    };
  }

  /** Returns the cumulative Zipf distribution over the terms, p(t) ∝ 1 / (t + 1). */
  private static double[] zipfCumulative() {
    double[] cumulative = new double[TERMS];
    double sum = 0;
    for (int t = 0; t < TERMS; t++) {
      sum += 1.0 / (t + 1);
      cumulative[t] = sum;
    }
    for (int t = 0; t < TERMS; t++) {
      cumulative[t] /= sum;
    }
    return cumulative;
  }

  private static Dataset documents(String split, int size, long seed, double[] cumulative) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] features = new float[size * TERMS];
    int[] labels = new int[size];
    for (int d = 0; d < size; d++) {
      int label = random.nextInt(2);
      labels[d] = label;
      int drawn = 0;
      while (drawn < TERMS_PER_DOCUMENT) {
        int term = random.nextDouble() < LEANING_SHARE ? leaningTerm(label, random, cumulative)
            : zipfTerm(random, cumulative);
        if (features[d * TERMS + term] == 0f) {
          features[d * TERMS + term] = 1f;
          drawn++;
        }
      }
    }
    return new Dataset(NAME + "/" + split, new Matrix(size, TERMS, features), labels, 2);
  }

  private static int zipfTerm(SplittableRandom random, double[] cumulative) {
    int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(TERMS - 1, index >= 0 ? index : -index - 1);
  }

  /**
   * Draws a term that leans towards {@code label}. In each block of ten terms, offsets 5 and 6
   * lean towards class 0 and offsets 7 and 8 towards class 1; blocks follow the Zipf distribution.
   */
  private static int leaningTerm(int label, SplittableRandom random, double[] cumulative) {
    int base = zipfTerm(random, cumulative) / 10 * 10;
    return Math.min(TERMS - 1, base + 5 + 2 * label + random.nextInt(2));
  }
}
