package dev.rectifier.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.pretrain.GreedyPretrainer;
import dev.rectifier.pretrain.MaskingNoise;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.PretrainingListener;
import dev.rectifier.pretrain.PretrainingResult;
import dev.rectifier.pretrain.ReconstructionStrategy;
import dev.rectifier.tensor.Matrix;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingConfig;
import dev.rectifier.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelledSubsetTest {

  private static final long SEED = 2011;

  @Test
  void stratifiedProportionalCounts() {
    Dataset data = classSizes(500, 300, 200);

    LabelledSubset subset = LabelledSubset.stratified(data, 100, new SplittableRandom(1));

    assertThat(subset.size()).isEqualTo(100);
    assertThat(subset.classCounts(data)).containsExactly(50, 30, 20);
  }

  @Test
  void largestRemainderRounding() {
    // Exact shares 6.2, 2.7 and 1.1: floors 6, 2, 1 leave one example for the largest remainder, 0.7.
    Dataset data = classSizes(62, 27, 11);

    assertThat(LabelledSubset.stratified(data, 10, new SplittableRandom(2)).classCounts(data))
        .containsExactly(6, 3, 1);
  }

  @Test
  void remainderTieGoesToLowerClass() {
    // Exact shares 6.0, 2.5 and 1.5: the tied remainders give the last example to class 1.
    Dataset data = classSizes(60, 25, 15);

    assertThat(LabelledSubset.stratified(data, 10, new SplittableRandom(3)).classCounts(data))
        .containsExactly(6, 3, 1);
  }

  @Test
  void smallClassCanGetNone() {
    // Exact shares 2.85, 2.85 and 0.3: floors 2, 2 and 0, and the two examples left go to the
    // remainders 0.85 before 0.3.
    Dataset data = classSizes(95, 95, 10);

    assertThat(LabelledSubset.stratified(data, 6, new SplittableRandom(4)).classCounts(data))
        .containsExactly(3, 3, 0);
  }

  @Test
  void wholeSetSelectable() {
    Dataset data = classSizes(7, 2, 1);

    LabelledSubset subset = LabelledSubset.stratified(data, 10, new SplittableRandom(5));

    assertThat(subset.indices()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void sameSeedSameSubset() {
    Dataset data = classSizes(500, 300, 200);

    LabelledSubset first = LabelledSubset.stratified(data, 100, new SplittableRandom(6));
    LabelledSubset second = LabelledSubset.stratified(data, 100, new SplittableRandom(6));
    LabelledSubset other = LabelledSubset.stratified(data, 100, new SplittableRandom(7));

    assertThat(second.indices()).containsExactly(first.indices());
    assertThat(other.indices()).isNotEqualTo(first.indices());
  }

  @Test
  void indicesAscendingDistinctInRange() {
    Dataset data = shuffledLabels(1000, 4, 8);

    int[] indices = LabelledSubset.stratified(data, 137, new SplittableRandom(9)).indices();

    assertThat(indices).hasSize(137);
    assertThat(indices).isSorted();
    assertThat(indices).doesNotHaveDuplicates();
    assertThat(indices[0]).isGreaterThanOrEqualTo(0);
    assertThat(indices[indices.length - 1]).isLessThan(1000);
  }

  @Test
  void indicesReturnedAsCopy() {
    LabelledSubset subset = new LabelledSubset(new int[] {1, 4, 9});

    subset.indices()[0] = 7;

    assertThat(subset.indices()).containsExactly(1, 4, 9);
  }

  @Test
  void unsortedIndicesRejected() {
    assertThatThrownBy(() -> new LabelledSubset(new int[] {3, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending and distinct")
        .hasMessageContaining("3 before 3");
    assertThatThrownBy(() -> new LabelledSubset(new int[] {5, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 before 2");
  }

  @Test
  void stratifiedRejectsCountOutsideSet() {
    Dataset data = classSizes(5, 5);

    assertThatThrownBy(() -> LabelledSubset.stratified(data, 11, new SplittableRandom(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot label 11 of 10");
    assertThatThrownBy(() -> LabelledSubset.stratified(data, 0, new SplittableRandom(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot label 0 of 10");
  }

  @Test
  void labelledDataCopiesChosenRows() {
    Dataset data = shuffledLabels(50, 3, 11);
    LabelledSubset subset = new LabelledSubset(new int[] {2, 17, 40});

    Dataset labelled = subset.labelledData(data);

    assertThat(labelled.size()).isEqualTo(3);
    assertThat(labelled.numClasses()).isEqualTo(3);
    assertThat(labelled.labels()).containsExactly(data.labels()[2], data.labels()[17], data.labels()[40]);
    for (int k = 0; k < 3; k++) {
      int index = subset.indices()[k];
      for (int c = 0; c < data.inputSize(); c++) {
        assertThat(labelled.features().get(k, c)).as("row %d, column %d", k, c)
            .isEqualTo(data.features().get(index, c));
      }
    }
  }

  @Test
  void labelledDataRejectsSmallerSet() {
    Dataset data = shuffledLabels(10, 2, 12);

    assertThatThrownBy(() -> new LabelledSubset(new int[] {3, 10}).labelledData(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 10 examples")
        .hasMessageContaining("example 10");
  }

  @Test
  void parseCountFraction() {
    assertThat(LabelledSubset.parseCount("0.01", 60000)).isEqualTo(600);
    assertThat(LabelledSubset.parseCount("1e-2", 60000)).isEqualTo(600);
    assertThat(LabelledSubset.parseCount("1.0", 60000)).isEqualTo(60000);
  }

  @Test
  void parseCountWhole() {
    assertThat(LabelledSubset.parseCount("600", 60000)).isEqualTo(600);
    assertThat(LabelledSubset.parseCount(" 1 ", 60000)).isEqualTo(1);
    assertThat(LabelledSubset.parseCount("60000", 60000)).isEqualTo(60000);
  }

  @Test
  void parseCountRejectsZero() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("0", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelled count 0 is outside [1, 60000]")
        .hasMessageContaining("such as 0.01");
  }

  @Test
  void parseCountRejectsNegative() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("-3", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelled count -3");
  }

  @Test
  void parseCountRejectsFractionAboveOne() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("1.5", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelled fraction 1.5 is outside (0, 1]");
  }

  @Test
  void parseCountRejectsText() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("abc", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid labelled amount 'abc'")
        .hasMessageContaining("count from 1 to 60000");
  }

  @Test
  void parseCountRejectsCountAboveSize() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("60001", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelled count 60001 is outside [1, 60000]");
  }

  @Test
  void parseCountRejectsFractionRoundingToZero() {
    assertThatThrownBy(() -> LabelledSubset.parseCount("0.000001", 60000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelled fraction 0.000001 of 60000 examples rounds to 0 examples");
  }

  /**
   * Runs pre-training on every input and supervised training on the labelled subset twice: once
   * with the true labels, once with every unchosen label changed. Neither stage may read those
   * labels, so the final parameters must be bit-identical. Changing one chosen label instead must
   * change them, which shows that the comparison can fail.
   */
  @Test
  void unusedLabelsNeverRead() {
    Dataset data = blobs("blobs/train", 300, 3, 141);
    Dataset validation = blobs("blobs/validation", 60, 3, 142);
    LabelledSubset subset = LabelledSubset.stratified(data, 30, new SplittableRandom(143));
    int[] chosen = subset.indices();

    int[] otherLabels = data.labels().clone();
    boolean[] isChosen = new boolean[data.size()];
    for (int index : chosen) {
      isChosen[index] = true;
    }
    int changed = 0;
    for (int i = 0; i < otherLabels.length; i++) {
      if (!isChosen[i]) {
        otherLabels[i] = (otherLabels[i] + 1) % data.numClasses();
        changed++;
      }
    }
    Dataset relabelled = new Dataset("blobs/relabelled", data.features().copy(), otherLabels, data.numClasses());
    assertThat(changed).isEqualTo(270);

    int[] oneChosenChanged = data.labels().clone();
    oneChosenChanged[chosen[0]] = (oneChosenChanged[chosen[0]] + 1) % data.numClasses();
    Dataset chosenRelabelled = new Dataset("blobs/chosen-relabelled", data.features().copy(), oneChosenChanged,
        data.numClasses());

    List<int[]> original = semiSupervisedRun(data, subset, validation);
    List<int[]> unusedChanged = semiSupervisedRun(relabelled, subset, validation);
    List<int[]> usedChanged = semiSupervisedRun(chosenRelabelled, subset, validation);

    assertThat(unusedChanged).hasSameSizeAs(original);
    for (int t = 0; t < original.size(); t++) {
      assertThat(unusedChanged.get(t)).as("parameter tensor %d", t).containsExactly(original.get(t));
    }
    boolean anyDifferent = false;
    for (int t = 0; t < original.size(); t++) {
      anyDifferent |= !Arrays.equals(usedChanged.get(t), original.get(t));
    }
    assertThat(anyDifferent).as("changing a chosen label changes the trained parameters").isTrue();
  }

  /**
   * Pre-trains on the inputs of {@code data}, copies the result into a half-negated network and
   * trains it on the labelled subset. Returns the bits of every weight and bias, layer by layer.
   */
  private static List<int[]> semiSupervisedRun(Dataset data, LabelledSubset subset, Dataset validation) {
    NetworkSpec spec = new NetworkSpec(data.inputSize(), List.of(16, 8), new Rectifier(), true, data.numClasses(),
        WeightInit.GLOROT_UNIFORM);
    PretrainingConfig pretrainingConfig = new PretrainingConfig(ReconstructionStrategy.SOFTPLUS, false,
        MaskingNoise.Kind.INDEPENDENT, 0.25, 3, 0.05, 20, 0, WeightInit.GLOROT_UNIFORM, SEED);
    TrainingConfig trainingConfig = new TrainingConfig(0.05, 0, 10, 0, 5, 5, SEED);

    Network network = new Network(spec);
    try (Kernels kernels = new VectorKernels(1)) {
      PretrainingResult pretrained = new GreedyPretrainer(pretrainingConfig, kernels, new PretrainingListener() {})
          .pretrain(spec, data.features(), null);
      network.initialize(new SplittableRandom(SEED));
      pretrained.copyInto(network);
      new Trainer(trainingConfig, kernels, new TrainingListener() {})
          .train(network, subset.labelledData(data), validation);
    }

    List<int[]> bits = new ArrayList<>();
    for (DenseLayer layer : network.layers()) {
      bits.add(floatBits(layer.weights()));
      bits.add(floatBits(layer.bias()));
    }
    return bits;
  }

  private static int[] floatBits(Matrix matrix) {
    float[] values = matrix.data();
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  /** Returns a data set with zero features whose classes have the given sizes, class 0 first. */
  private static Dataset classSizes(int... sizes) {
    int total = 0;
    for (int size : sizes) {
      total += size;
    }
    int[] labels = new int[total];
    int index = 0;
    for (int c = 0; c < sizes.length; c++) {
      for (int k = 0; k < sizes[c]; k++) {
        labels[index++] = c;
      }
    }
    return new Dataset("sizes", new Matrix(total, 1), labels, sizes.length);
  }

  /** Returns {@code size} examples with labels drawn uniformly and features (i, −i) for example i. */
  private static Dataset shuffledLabels(int size, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] labels = new int[size];
    Matrix features = new Matrix(size, 2);
    for (int i = 0; i < size; i++) {
      labels[i] = random.nextInt(classes);
      features.set(i, 0, i);
      features.set(i, 1, -i);
    }
    return new Dataset("shuffled", features, labels, classes);
  }

  /**
   * Returns non-negative blobs of 8 inputs: class c has centre components in [0.2, 0.8) drawn
   * from a fixed generator, and each example adds noise uniform in ±0.15.
   */
  private static Dataset blobs(String name, int size, int classes, long seed) {
    int inputs = 8;
    SplittableRandom centreRandom = new SplittableRandom(140);
    double[][] centres = new double[classes][inputs];
    for (double[] centre : centres) {
      for (int i = 0; i < inputs; i++) {
        centre[i] = centreRandom.nextDouble(0.2, 0.8);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    Matrix features = new Matrix(size, inputs);
    int[] labels = new int[size];
    for (int r = 0; r < size; r++) {
      labels[r] = random.nextInt(classes);
      for (int i = 0; i < inputs; i++) {
        features.set(r, i, (float) (centres[labels[r]][i] + random.nextDouble(-0.15, 0.15)));
      }
    }
    return new Dataset(name, features, labels, classes);
  }
}
