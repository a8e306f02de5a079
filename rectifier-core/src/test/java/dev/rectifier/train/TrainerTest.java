package dev.rectifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rectifier.dataset.Dataset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.metrics.Evaluator;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Trains small rectifier networks end to end on generated data. */
class TrainerTest {

  private static final int INPUT_SIZE = 8;
  private static final int NUM_CLASSES = 3;
  private static final long SEED = 2011;

  /**
   * Three Gaussian blobs with unit spread around centres drawn with spread 2 per dimension, so the
   * centres are about 8 apart on average and the classes nearly separable.
   */
  private static final Dataset TRAIN = blobs("blobs/train", 300, 81);
  private static final Dataset VALIDATION = blobs("blobs/validation", 100, 82);

  /** Learning rate 0.05, no momentum, batch size 10, no L1 penalty, 5 epochs, patience 5. */
  private static final TrainingConfig BASE_CONFIG = new TrainingConfig(0.05, 0, 10, 0, 5, 5, SEED);

  @Test
  void blobsLearnedAndBestKept() {
    Network network = newNetwork(List.of(16, 16), SEED);
    ParameterHistory history = new ParameterHistory(network);

    TrainingResult result;
    try (Kernels kernels = new VectorKernels(1)) {
      result = new Trainer(BASE_CONFIG, kernels, history).train(network, TRAIN, VALIDATION);

      Evaluation finalEvaluation = new Evaluator(kernels).evaluate(network, VALIDATION);
      EpochRecord best = result.epochs().get(result.bestEpoch() - 1);
      assertThat(finalEvaluation.errorRate()).isLessThan(0.1);
      assertThat(finalEvaluation.errorRate()).isEqualTo(best.validation().errorRate());
      assertThat(finalEvaluation.meanNll()).isEqualTo(best.validation().meanNll());
    }

    assertThat(result.stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
    assertThat(result.epochs()).hasSize(5);
    assertThat(result.epochs().get(result.bestEpoch() - 1).improved()).isTrue();
    // Restoring is only visible when a later epoch moved the parameters away from the best ones.
    assertThat(result.bestEpoch()).as("best epoch before the last").isLessThan(5);
    assertThat(parameterBits(network)).containsExactly(history.afterEpoch(result.bestEpoch()));
    assertThat(parameterBits(network)).isNotEqualTo(history.afterEpoch(5));
    assertThat(history.improvedEpochs()).last().isEqualTo(result.bestEpoch());
  }

  @Test
  void sameSeedRepeatsRun() {
    Run first = runBlobs(List.of(16, 16), SEED, 1, BASE_CONFIG);
    Run second = runBlobs(List.of(16, 16), SEED, 1, BASE_CONFIG);
    Run otherSeed = runBlobs(List.of(16, 16), SEED + 1, 1,
        new TrainingConfig(0.05, 0, 10, 0, 5, 5, SEED + 1));

    assertThat(second.parameterBits()).containsExactly(first.parameterBits());
    assertThat(second.trainLosses()).containsExactlyElementsOf(first.trainLosses());
    assertThat(second.validationNlls()).containsExactlyElementsOf(first.validationNlls());
    assertThat(otherSeed.parameterBits()).isNotEqualTo(first.parameterBits());
  }

  @Test
  void threadCountDoesNotChangeRun() {
    // 10 × 128 × 128 multiply-adds per product exceed the vector kernels' parallel threshold.
    TrainingConfig config = new TrainingConfig(0.05, 0.5, 10, 1e-4, 2, 5, SEED);
    Run oneThread = runBlobs(List.of(128, 128), SEED, 1, config);
    Run twoThreads = runBlobs(List.of(128, 128), SEED, 2, config);

    assertThat(twoThreads.parameterBits()).containsExactly(oneThread.parameterBits());
    assertThat(twoThreads.trainLosses()).containsExactlyElementsOf(oneThread.trainLosses());
    assertThat(twoThreads.validationNlls()).containsExactlyElementsOf(oneThread.validationNlls());
  }

  @Test
  void hugeLearningRateStopsWithFiniteWeights() {
    Network network = newNetwork(List.of(16, 16), SEED);
    ParameterHistory history = new ParameterHistory(network);
    TrainingConfig config = new TrainingConfig(1e6, 0, 10, 0, 5, 5, SEED);

    NonFiniteLossException error;
    try (Kernels kernels = new VectorKernels(1)) {
      Trainer trainer = new Trainer(config, kernels, history);
      error = catchThrowableOfType(NonFiniteLossException.class, () -> trainer.train(network, TRAIN, VALIDATION));
    }

    assertThat(error).isNotNull();
    assertThat(error).hasMessageContaining("non-finite loss at epoch " + error.epoch() + ", batch " + error.batch());
    assertThat(error).hasMessageContaining("smaller learning rate");
    for (DenseLayer layer : network.layers()) {
      assertThat(layer.weights().isFinite()).isTrue();
      assertThat(layer.bias().isFinite()).isTrue();
    }
    // The network contains the parameters of the best finished epoch, or the initial ones.
    int lastImproved = history.improvedEpochs().isEmpty() ? 0 : history.improvedEpochs().getLast();
    assertThat(parameterBits(network)).containsExactly(history.afterEpoch(lastImproved));
  }

  @Test
  void divergenceInLastBatchNotKept() {
    // One batch per epoch: the step that overflows the weights is the last of its epoch, and its
    // loss, computed before the step, is still finite. The trainer must not validate and keep
    // those weights as the best ones.
    Network network = newNetwork(List.of(16, 16), SEED);
    int[] initial = parameterBits(network);
    TrainingConfig config = new TrainingConfig(1e38, 0, 300, 0, 5, 5, SEED);

    NonFiniteLossException error;
    try (Kernels kernels = new VectorKernels(1)) {
      Trainer trainer = new Trainer(config, kernels, new TrainingListener() { });
      error = catchThrowableOfType(NonFiniteLossException.class, () -> trainer.train(network, TRAIN, VALIDATION));
    }

    assertThat(error).isNotNull();
    assertThat(error).hasMessageContaining("non-finite parameters in layer").hasMessageContaining("after epoch 1");
    assertThat(error.epoch()).isEqualTo(1);
    assertThat(error.batch()).isZero();
    assertThat(parameterBits(network)).containsExactly(initial);
  }

  @Test
  void patienceStopsEarly() {
    // The blobs are learned within the first epochs. Once the validation error is at its minimum,
    // no later epoch is strictly better, so the run ends two epochs after the best one.
    TrainingConfig config = new TrainingConfig(0.05, 0, 10, 0, 20, 2, SEED);
    Network network = newNetwork(List.of(16, 16), SEED);

    TrainingResult result;
    try (Kernels kernels = new VectorKernels(1)) {
      result = new Trainer(config, kernels, new TrainingListener() { }).train(network, TRAIN, VALIDATION);
    }

    assertThat(result.stopReason()).isEqualTo(StopReason.PATIENCE);
    assertThat(result.epochs()).hasSizeLessThan(20);
    assertThat(result.epochs().size() - result.bestEpoch()).isEqualTo(2);
    assertThat(result.epochs().subList(result.bestEpoch(), result.epochs().size()))
        .noneMatch(EpochRecord::improved);
  }

  @Test
  void listenerStopAfterEpochInterrupts() {
    Network network = newNetwork(List.of(16, 16), SEED);
    TrainingListener stopAfterTwoEpochs = new TrainingListener() {
      private int finished;

      @Override
      public void epochFinished(EpochRecord record) {
        finished = record.epoch();
      }

      @Override
      public boolean stopRequested() {
        return finished >= 2;
      }
    };

    TrainingResult result;
    try (Kernels kernels = new VectorKernels(1)) {
      result = new Trainer(BASE_CONFIG, kernels, stopAfterTwoEpochs).train(network, TRAIN, VALIDATION);
    }

    assertThat(result.stopReason()).isEqualTo(StopReason.INTERRUPTED);
    assertThat(result.epochs()).hasSize(2);
  }

  @Test
  void listenerStopMidEpochKeepsInitialParameters() {
    Network network = newNetwork(List.of(16, 16), SEED);
    int[] initial = parameterBits(network);
    TrainingListener stopAfterFiveBatches = new TrainingListener() {
      private int batches;

      @Override
      public void batchFinished(int epoch, int batch, double meanLossSoFar) {
        batches++;
      }

      @Override
      public boolean stopRequested() {
        return batches >= 5;
      }
    };

    TrainingResult result;
    try (Kernels kernels = new VectorKernels(1)) {
      result = new Trainer(BASE_CONFIG, kernels, stopAfterFiveBatches).train(network, TRAIN, VALIDATION);
    }

    assertThat(result.stopReason()).isEqualTo(StopReason.INTERRUPTED);
    assertThat(result.epochs()).isEmpty();
    assertThat(result.bestEpoch()).isZero();
    assertThat(parameterBits(network)).containsExactly(initial);
  }

  @Test
  void heldOutExamplesNeverTrain() {
    // Example i has the single feature i, so a minibatch's first-layer input names its examples.
    float[] ids = new float[10];
    int[] labels = new int[10];
    for (int i = 0; i < 10; i++) {
      ids[i] = i;
      labels[i] = i % 2;
    }
    Dataset all = new Dataset("ids", new Matrix(10, 1, ids), labels, 2);
    Dataset train = all.slice("ids/train", 0, 8);
    Dataset validation = all.slice("ids/validation", 8, 10);
    Network network = new Network(new NetworkSpec(1, List.of(3), new Rectifier(), false, 2, WeightInit.HE_NORMAL));
    network.initialize(new SeedSequence(SEED).random("init"));
    BatchRecorder recorder = new BatchRecorder(network.layers().get(0).weights());
    TrainingConfig config = new TrainingConfig(0.1, 0, 3, 0, 5, 5, SEED);

    TrainingResult result = new Trainer(config, recorder, recorder).train(network, train, validation);

    assertThat(result.epochs()).hasSize(5);
    assertThat(recorder.trainingBatches).containsOnlyKeys(1, 2, 3, 4, 5);
    for (int epoch = 1; epoch <= 5; epoch++) {
      List<List<Integer>> batches = recorder.trainingBatches.get(epoch);
      assertThat(batches).as("minibatches of epoch %d", epoch).hasSize(3);
      List<Integer> seen = new ArrayList<>();
      for (List<Integer> batch : batches) {
        assertThat(batch).as("a minibatch of epoch %d", epoch).doesNotContain(8, 9);
        seen.addAll(batch);
      }
      assertThat(seen).as("training ids of epoch %d", epoch).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(recorder.validationIds.get(epoch)).as("validation ids of epoch %d", epoch).containsExactly(8, 9);
    }
  }

  @Test
  void incompatibleDataRejected() {
    Network network = newNetwork(List.of(4), SEED);
    Dataset twoClasses = new Dataset("two", new Matrix(2, INPUT_SIZE), new int[] {0, 1}, 2);
    Dataset wrongWidth = new Dataset("wide", new Matrix(2, INPUT_SIZE + 1), new int[] {0, 1}, NUM_CLASSES);
    Dataset empty = new Dataset("empty", new Matrix(0, INPUT_SIZE), new int[0], NUM_CLASSES);

    try (Kernels kernels = new ReferenceKernels()) {
      Trainer trainer = new Trainer(BASE_CONFIG, kernels, new TrainingListener() { });
      assertThatThrownBy(() -> trainer.train(network, twoClasses, VALIDATION))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two has 2 classes but the network has 3 outputs");
      assertThatThrownBy(() -> trainer.train(network, TRAIN, wrongWidth))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wide has 9 input components but the network expects 8");
      assertThatThrownBy(() -> trainer.train(network, TRAIN, empty))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty has no examples");
    }
  }

  @Test
  void invalidConfigRejected() {
    assertThatThrownBy(() -> new TrainingConfig(0, 0, 10, 0, 5, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning rate").hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> new TrainingConfig(Double.NaN, 0, 10, 0, 5, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got NaN");
    assertThatThrownBy(() -> new TrainingConfig(0.1, 1, 10, 0, 5, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum").hasMessageContaining("got 1.0");
    assertThatThrownBy(() -> new TrainingConfig(0.1, 0, 0, 0, 5, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch size").hasMessageContaining("got 0");
    assertThatThrownBy(() -> new TrainingConfig(0.1, 0, 10, -1, 5, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L1").hasMessageContaining("got -1.0");
    assertThatThrownBy(() -> new TrainingConfig(0.1, 0, 10, 0, 0, 5, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs").hasMessageContaining("got 0");
    assertThatThrownBy(() -> new TrainingConfig(0.1, 0, 10, 0, 5, 0, SEED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience").hasMessageContaining("got 0");
  }

  /** Outcome of one training run that tests compare between runs. */
  private record Run(int[] parameterBits, List<Double> trainLosses, List<Double> validationNlls) {}

  private static Run runBlobs(List<Integer> hiddenSizes, long seed, int threads, TrainingConfig config) {
    Network network = newNetwork(hiddenSizes, seed);
    TrainingResult result;
    try (Kernels kernels = new VectorKernels(threads)) {
      result = new Trainer(config, kernels, new TrainingListener() { }).train(network, TRAIN, VALIDATION);
    }
    return new Run(parameterBits(network), result.epochs().stream().map(EpochRecord::trainLoss).toList(),
        result.epochs().stream().map(record -> record.validation().meanNll()).toList());
  }

  private static Network newNetwork(List<Integer> hiddenSizes, long seed) {
    Network network = new Network(new NetworkSpec(INPUT_SIZE, hiddenSizes, new Rectifier(), false, NUM_CLASSES,
        WeightInit.HE_NORMAL));
    network.initialize(new SeedSequence(seed).random("init"));
    return network;
  }

  /** Draws {@code size} examples, a third per class, around fixed centres with unit spread. */
  private static Dataset blobs(String name, int size, long seed) {
    SplittableRandom centreRandom = new SplittableRandom(80);
    double[][] centres = new double[NUM_CLASSES][INPUT_SIZE];
    for (double[] centre : centres) {
      for (int i = 0; i < INPUT_SIZE; i++) {
        centre[i] = 2 * centreRandom.nextGaussian();
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    Matrix features = new Matrix(size, INPUT_SIZE);
    int[] labels = new int[size];
    for (int r = 0; r < size; r++) {
      labels[r] = r % NUM_CLASSES;
      for (int i = 0; i < INPUT_SIZE; i++) {
        features.set(r, i, (float) (centres[labels[r]][i] + random.nextGaussian()));
      }
    }
    return new Dataset(name, features, labels, NUM_CLASSES);
  }

  /** Returns the raw bits of every weight and bias, layer by layer. */
  private static int[] parameterBits(Network network) {
    List<Float> values = new ArrayList<>();
    for (DenseLayer layer : network.layers()) {
      for (float value : layer.weights().data()) {
        values.add(value);
      }
      for (float value : layer.bias().data()) {
        values.add(value);
      }
    }
    int[] bits = new int[values.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(values.get(i));
    }
    return bits;
  }

  /** Records the parameters before training (epoch 0) and after each epoch, and which epochs improved. */
  private static final class ParameterHistory implements TrainingListener {
    private final Network network;
    private final Map<Integer, int[]> byEpoch = new HashMap<>();
    private final List<Integer> improved = new ArrayList<>();

    ParameterHistory(Network network) {
      this.network = network;
      byEpoch.put(0, parameterBits(network));
    }

    @Override
    public void epochFinished(EpochRecord record) {
      byEpoch.put(record.epoch(), parameterBits(network));
    }

    @Override
    public void bestModelImproved(int epoch, Network improvedNetwork) {
      improved.add(epoch);
      assertThat(parameterBits(improvedNetwork)).containsExactly(byEpoch.get(epoch));
    }

    int[] afterEpoch(int epoch) {
      return byEpoch.get(epoch);
    }

    List<Integer> improvedEpochs() {
      return improved;
    }
  }

  /**
   * Kernels and listener in one: delegates every product to the reference kernels and records
   * the example ids in each first-layer input, split into training minibatches (between
   * {@link #epochStarted} and the epoch's last {@link #batchFinished}) and validation batches.
   */
  private static final class BatchRecorder implements Kernels, TrainingListener {
    private final ReferenceKernels delegate = new ReferenceKernels();
    private final Matrix firstLayerWeights;
    private final Map<Integer, List<List<Integer>>> trainingBatches = new HashMap<>();
    private final Map<Integer, List<Integer>> validationIds = new HashMap<>();
    private int epoch;
    private int batchesInEpoch;
    private boolean training;

    BatchRecorder(Matrix firstLayerWeights) {
      this.firstLayerWeights = firstLayerWeights;
    }

    @Override
    public void epochStarted(int startedEpoch, int batches) {
      epoch = startedEpoch;
      batchesInEpoch = batches;
      training = true;
      trainingBatches.put(epoch, new ArrayList<>());
      validationIds.put(epoch, new ArrayList<>());
    }

    @Override
    public void batchFinished(int finishedEpoch, int batch, double meanLossSoFar) {
      if (batch == batchesInEpoch) {
        training = false;
      }
    }

    @Override
    public void multiplyAdd(CsrMatrix a, Matrix b, Matrix c) {
      delegate.multiplyAdd(a, b, c);
    }

    @Override
    public void addTransposeAProduct(float alpha, CsrMatrix a, Matrix b, Matrix c) {
      delegate.addTransposeAProduct(alpha, a, b, c);
    }

    @Override
    public double rectify(Matrix preActivations, Matrix activations, CsrMatrix nonZeros) {
      return delegate.rectify(preActivations, activations, nonZeros);
    }

    @Override
    public String name() {
      return "recording(" + delegate.name() + ")";
    }

    @Override
    public void multiplyAdd(Matrix a, Matrix b, Matrix c) {
      if (b == firstLayerWeights) {
        List<Integer> ids = new ArrayList<>();
        for (int r = 0; r < a.rows(); r++) {
          ids.add((int) a.get(r, 0));
        }
        if (training) {
          trainingBatches.get(epoch).add(ids);
        } else {
          validationIds.get(epoch).addAll(ids);
        }
      }
      delegate.multiplyAdd(a, b, c);
    }

    @Override
    public void multiplyTransposeB(Matrix a, Matrix b, Matrix c, Matrix mask) {
      delegate.multiplyTransposeB(a, b, c, mask);
    }

    @Override
    public void addTransposeAProduct(float alpha, Matrix a, Matrix b, Matrix c) {
      delegate.addTransposeAProduct(alpha, a, b, c);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
