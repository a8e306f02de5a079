package dev.rectifier.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The examples of a training set whose labels a semi-supervised run uses, chosen stratified by
 * class: each class gets a share of the subset proportional to its share of the set (largest
 * remainders break the rounding, lower class first on ties), and its examples are drawn
 * uniformly without replacement.
 *
 * <p>Choosing reads every label once, to count the classes. Training then receives
 * {@link #labelledData} alone, which copies only the chosen examples' labels, while
 * pre-training receives the inputs alone, so no other label reaches either.
 *
 * @param indices the chosen examples, ascending
 */
public record LabelledSubset(int[] indices) {

  /** Copies and checks the indices. */
  public LabelledSubset {
    indices = indices.clone();
    for (int k = 1; k < indices.length; k++) {
      if (indices[k] <= indices[k - 1]) {
        throw new IllegalArgumentException("labelled subset indices must be ascending and distinct, got "
            + indices[k - 1] + " before " + indices[k]);
      }
    }
  }

  /**
   * Returns the number of examples that a {@code --labelled}-style value means for a set of
   * {@code size} examples: a fraction in (0, 1] when it contains a decimal point or an exponent,
   * else a whole count.
   *
   * @throws IllegalArgumentException when the value is not a number, not positive, or more than
   *     {@code size}; the message names the value and the accepted forms
   */
  public static int parseCount(String text, int size) {
    String value = text.strip();
    String forms = "; give a fraction with a decimal point, from 0.0 (exclusive) to 1.0, such as 0.01, or a whole"
        + " count from 1 to " + size + ", such as 600";
    try {
      if (value.contains(".") || value.toLowerCase(Locale.ROOT).contains("e")) {
        double fraction = Double.parseDouble(value);
        if (!(fraction > 0 && fraction <= 1)) {
          throw new IllegalArgumentException("labelled fraction " + value + " is outside (0, 1]" + forms);
        }
        int count = (int) Math.round(fraction * size);
        if (count < 1) {
          throw new IllegalArgumentException("labelled fraction " + value + " of " + size
              + " examples rounds to 0 examples" + forms);
        }
        return count;
      }
      int count = Integer.parseInt(value);
      if (count < 1 || count > size) {
        throw new IllegalArgumentException("labelled count " + value + " is outside [1, " + size + "]" + forms);
      }
      return count;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid labelled amount '" + text + "'" + forms, e);
    }
  }

  /**
   * Chooses {@code count} examples of {@code data}, stratified by class, drawing from
   * {@code random} alone.
   *
   * @throws IllegalArgumentException when {@code count} is outside [1, data.size()]
   */
  public static LabelledSubset stratified(Dataset data, int count, SplittableRandom random) {
    if (count < 1 || count > data.size()) {
      throw new IllegalArgumentException(data.name() + ": cannot label " + count + " of " + data.size()
          + " examples; choose between 1 and " + data.size());
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < data.numClasses(); c++) {
      byClass.add(new ArrayList<>());
    }
    int[] labels = data.labels();
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    int[] quotas = proportionalQuotas(byClass, count, data.size());
    int[] chosen = new int[count];
    int filled = 0;
    for (int c = 0; c < quotas.length; c++) {
      List<Integer> members = byClass.get(c);
      // The first `quota` steps of a Fisher–Yates shuffle draw a uniform subset of that size.
      for (int q = 0; q < quotas[c]; q++) {
        int pick = q + random.nextInt(members.size() - q);
        Integer swap = members.get(pick);
        members.set(pick, members.get(q));
        members.set(q, swap);
        chosen[filled++] = swap;
      }
    }
    Arrays.sort(chosen);
    return new LabelledSubset(chosen);
  }

  /** Splits {@code count} over the classes in proportion to their sizes, by largest remainder. */
  private static int[] proportionalQuotas(List<List<Integer>> byClass, int count, int total) {
    int classes = byClass.size();
    int[] quotas = new int[classes];
    double[] remainders = new double[classes];
    int assigned = 0;
    for (int c = 0; c < classes; c++) {
      double exact = (double) count * byClass.get(c).size() / total;
      quotas[c] = (int) Math.floor(exact);
      remainders[c] = exact - quotas[c];
      assigned += quotas[c];
    }
    while (assigned < count) {
      int best = -1;
      for (int c = 0; c < classes; c++) {
        if (quotas[c] < byClass.get(c).size() && (best < 0 || remainders[c] > remainders[best])) {
          best = c;
        }
      }
      quotas[best]++;
      remainders[best] = -1;
      assigned++;
    }
    return quotas;
  }

  /** Returns a copy of the chosen indices, ascending. */
  @Override
  public int[] indices() {
    return indices.clone();
  }

  /** Returns the number of chosen examples. */
  public int size() {
    return indices.length;
  }

  /**
   * Returns the chosen examples of {@code data} with their labels, in ascending index order; no
   * other example's label is read.
   */
  public Dataset labelledData(Dataset data) {
    int cols = data.inputSize();
    float[] rows = new float[indices.length * cols];
    int[] labels = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int index = indices[k];
      if (index >= data.size()) {
        throw new IllegalArgumentException(data.name() + " has " + data.size() + " examples, but the labelled subset"
            + " includes example " + index);
      }
      System.arraycopy(data.features().data(), index * cols, rows, k * cols, cols);
      labels[k] = data.labels()[index];
    }
    return new Dataset(data.name() + "/labelled-" + indices.length,
        new dev.rectifier.tensor.Matrix(indices.length, cols, rows), labels, data.numClasses());
  }

  /** Returns the number of chosen examples per class of {@code data}. */
  public int[] classCounts(Dataset data) {
    int[] counts = new int[data.numClasses()];
    for (int index : indices) {
      counts[data.labels()[index]]++;
    }
    return counts;
  }
}
