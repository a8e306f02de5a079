package dev.rectifier.cli;

import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.pretrain.PretrainEpochRecord;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.PretrainingResult;
import dev.rectifier.train.EpochRecord;
import dev.rectifier.train.NonFiniteLossException;
import dev.rectifier.train.TrainingConfig;
import dev.rectifier.train.TrainingResult;
import dev.rectifier.train.StopReason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the JSON content of a run's {@code config.json} and {@code summary.json} from the
 * resolved settings, so that every run records what it did, with which data and which versions.
 */
final class RunRecord {
  /** MNIST results of the rectifier network without pre-training, from Glorot et al. (2011), Table 1. */
  private static final double PAPER_MNIST_TEST_ERROR = 0.0143;
  private static final double PAPER_MNIST_SPARSITY = 0.834;
  /** MNIST test error of the pre-trained rectifier network, from the same table. */
  private static final double PAPER_MNIST_PRETRAINED_TEST_ERROR = 0.0120;

  private final String dataset;
  private final Path dataDirectory;
  private final PreparedData data;
  private final NetworkSpec network;
  private final TrainingConfig config;
  private final String kernels;
  private final int threads;
  private final Instant started = Instant.now();
  private PretrainingConfig pretraining;
  private int[] labelledPerClass;
  private PretrainingProgress pretrainingProgress;
  private PretrainingResult pretrainingResult;
  private StartingModel start;

  RunRecord(String dataset, Path dataDirectory, PreparedData data, NetworkSpec network, TrainingConfig config,
      String kernels, int threads) {
    this.dataset = dataset;
    this.dataDirectory = dataDirectory;
    this.data = data;
    this.network = network;
    this.config = config;
    this.kernels = kernels;
    this.threads = threads;
  }

  /**
   * Records the pre-training settings ({@code null} without pre-training) and the labelled
   * examples per class of a semi-supervised run ({@code null} when every example is labelled).
   */
  void setPretraining(PretrainingConfig config, int[] labelledPerClass) {
    this.pretraining = config;
    this.labelledPerClass = labelledPerClass == null ? null : labelledPerClass.clone();
  }

  /** Records the model a run started from ({@code null} for new random parameters). */
  void setStart(StartingModel start) {
    this.start = start;
  }

  /** Sets the source of the pre-training curves, which may be read before pre-training ends. */
  void setPretrainingProgress(PretrainingProgress progress) {
    this.pretrainingProgress = progress;
  }

  void setPretrainingResult(PretrainingResult result) {
    this.pretrainingResult = result;
  }

  /** Returns the number of pre-trained layers saved so far. */
  int pretrainedLayerCount() {
    return pretrainingProgress == null ? 0 : pretrainingProgress.finishedLayers();
  }

  /** Returns the resolved configuration, written before training starts. */
  Map<String, Object> configuration() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", dataset);
    root.put("dataDirectory", dataDirectory.toAbsolutePath().toString());
    root.put("dataSource", data.source());
    root.put("dataFiles", data.sha256ByFile());
    root.put("split", ordered("train", data.train().size(), "validation", data.validation().size(),
        "test", data.test().size()));
    root.put("network", networkSettings());
    root.put("training", modelSettings());
    if (pretraining != null) {
      root.put("pretraining", pretrainingSettings());
    }
    if (labelledPerClass != null) {
      root.put("labelled", labelledSettings());
    }
    if (start != null) {
      root.put("startFrom", ordered("model", start.directory().toAbsolutePath().toString(),
          "pretrainedLayers", start.pretrainedLayers()));
    }
    root.put("choices", ordered(
        "l1Normalisation", "lambda * sum over hidden layers and units of |h|, averaged over the minibatch",
        "weightInit", weightInitSpec() + " hidden layers, zero biases,"
            + " zero output layer",
        "earlyStopping", "validate every epoch, keep the best-validation model, stop after patience epochs"
            + " without improvement",
        "halfNegation", "when on, units n/2..n-1 of each hidden layer output -f(z)"));
    root.put("versions", versions());
    root.put("startedAt", started.toString());
    return root;
  }

  /** Returns the pre-training settings, also stored beside the pre-trained layers. */
  Map<String, Object> pretrainingSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("reconstruction", pretraining.strategy().spec());
    settings.put("paperStrategy", pretraining.strategy().paperNumber() > 0 ? pretraining.strategy().paperNumber() : null);
    settings.put("reconstructionUnits", pretraining.strategy().reconstruction().spec());
    settings.put("cost", specName(pretraining.strategy().cost()));
    settings.put("inputScaling", specName(pretraining.strategy().scalingRule()));
    settings.put("tied", pretraining.tied());
    settings.put("noiseKind", specName(pretraining.noiseKind()));
    settings.put("noiseLevel", pretraining.noiseLevel());
    settings.put("epochsPerLayer", pretraining.epochs());
    settings.put("learningRate", pretraining.learningRate());
    settings.put("batchSize", pretraining.batchSize());
    settings.put("l1Coefficient", pretraining.l1Coefficient());
    settings.put("seed", pretraining.seed());
    settings.put("choices", ordered(
        "codes", "each autoencoder is trained on the clean, unsigned codes of the layers below",
        "halfNegation", "pre-training ignores the signs; they are folded into the next layer's weights",
        "inputScaling", "fitted once on the layer's whole training input and folded into the layer's weights",
        "quadraticCost", "0.5 * squared distance per example, averaged over the minibatch"));
    return settings;
  }

  private Map<String, Object> labelledSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("examples", java.util.Arrays.stream(labelledPerClass).sum());
    settings.put("perClass", java.util.Arrays.stream(labelledPerClass).boxed().toList());
    settings.put("selection", "stratified by class, drawn with the run seed's 'labelled' stream"
        + (pretraining != null ? "; pre-training uses every training input without labels" : ""));
    return settings;
  }

  private Map<String, Object> networkSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("architecture", network.describe());
    settings.put("hiddenSizes", network.hiddenSizes());
    settings.put("unit", network.activation().spec());
    settings.put("halfNegated", network.halfNegated());
    settings.put("weightInit", weightInitSpec());
    return settings;
  }

  /** Returns the training settings stored beside the model's weights. */
  Map<String, Object> modelSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("dataset", dataset);
    settings.put("learningRate", config.learningRate());
    settings.put("momentum", config.momentum());
    settings.put("batchSize", config.batchSize());
    settings.put("l1Coefficient", config.l1Coefficient());
    settings.put("maxEpochs", config.maxEpochs());
    settings.put("patience", config.patience());
    settings.put("seed", config.seed());
    settings.put("threads", threads);
    settings.put("kernels", kernels);
    if (labelledPerClass != null) {
      settings.put("labelledExamples", java.util.Arrays.stream(labelledPerClass).sum());
    }
    return settings;
  }

  private Map<String, Object> versions() {
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("rectifier", RectifierCommand.rectifierVersion());
    versions.put("java", Runtime.version().toString());
    versions.put("javaVendor", System.getProperty("java.vendor"));
    versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    versions.put("kernels", kernels);
    return versions;
  }

  /**
   * Returns the summary of a run that trained to the end or was interrupted; {@code test} is
   * {@code null} when no epoch finished, so no model exists to test.
   */
  Map<String, Object> summary(TrainingResult result, Evaluation test) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", result.stopReason() == StopReason.INTERRUPTED ? "interrupted" : "completed");
    root.put("dataset", dataset);
    root.put("architecture", network.describe());
    putTest(root, test);
    putEpochs(root, result.epochs());
    root.put("stopReason", result.stopReason().name().toLowerCase(Locale.ROOT));
    root.put("trainSeconds", result.trainSeconds());
    root.put("examplesPerSecond", result.examplesPerSecond());
    addCommon(root);
    return root;
  }

  /** Returns the summary of a run interrupted during pre-training, before any fine-tuning. */
  Map<String, Object> pretrainingInterruptedSummary() {
    int saved = pretrainedLayerCount();
    return pretrainingSummary("interrupted", saved > 0
        ? "interrupted while pre-training hidden layer " + (saved + 1) + "; " + PretrainingStage.finishedLayers(saved)
            + " saved in " + RunDirectory.PRETRAINED_DIRECTORY + "/, no fine-tuned model exists"
        : "interrupted while pre-training the first layer; nothing was saved");
  }

  /** Returns the summary of a run that only pre-trained ({@code --epochs 0}). */
  Map<String, Object> pretrainingOnlySummary() {
    return pretrainingSummary("completed", "pre-training only (--epochs 0): the pre-trained layers are in "
        + RunDirectory.PRETRAINED_DIRECTORY + "/, no fine-tuned model exists");
  }

  private Map<String, Object> pretrainingSummary(String status, String note) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", status);
    root.put("dataset", dataset);
    root.put("architecture", network.describe());
    root.put("testError", null);
    root.put("note", note);
    root.put("epochs", 0);
    addCommon(root);
    return root;
  }

  /**
   * Returns the summary of a run stopped by a non-finite loss or parameter; {@code test} is the
   * best model's evaluation, or {@code null} when no epoch finished.
   */
  Map<String, Object> divergedSummary(NonFiniteLossException error, List<EpochRecord> epochs, Evaluation test) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", "diverged");
    root.put("error", error.getMessage());
    root.put("dataset", dataset);
    root.put("architecture", network.describe());
    putTest(root, test);
    putEpochs(root, epochs);
    addCommon(root);
    return root;
  }

  private void putTest(Map<String, Object> root, Evaluation test) {
    if (test == null) {
      root.put("testError", null);
      int saved = pretrainedLayerCount();
      root.put("note", saved > 0
          ? "no fine-tuning epoch finished, so no fine-tuned model was saved or tested; "
              + PretrainingStage.finishedLayers(saved) + " in " + RunDirectory.PRETRAINED_DIRECTORY + "/"
          : "no epoch finished, so no model was saved or tested");
      return;
    }
    root.put("testError", test.errorRate());
    root.put("testNll", test.meanNll());
    root.put("hiddenSparsity", test.meanSparsity());
    root.put("hiddenSparsityPerLayer", test.sparsityPerLayer());
    root.put("deadUnitsPerLayer", test.deadUnitsPerLayer());
    root.put("sparsityMeasuredOn", "test set, best-validation model, exact zeros");
  }

  private static void putEpochs(Map<String, Object> root, List<EpochRecord> epochs) {
    EpochRecord best = TrainingProgress.best(epochs);
    root.put("bestEpoch", best == null ? 0 : best.epoch());
    if (best != null) {
      root.put("validationError", best.validation().errorRate());
    }
    root.put("epochs", epochs.size());
    root.put("trainLossPerEpoch", epochs.stream().map(EpochRecord::trainLoss).toList());
    root.put("validationErrorPerEpoch", epochs.stream().map(e -> e.validation().errorRate()).toList());
  }

  private String weightInitSpec() {
    return network.weightInit().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private void addCommon(Map<String, Object> root) {
    if (pretrainingProgress != null) {
      putPretraining(root);
    }
    if (labelledPerClass != null) {
      root.put("labelledExamples", java.util.Arrays.stream(labelledPerClass).sum());
    }
    root.put("versions", versions());
    root.put("dataFiles", data.sha256ByFile());
    root.put("finishedAt", Instant.now().toString());
    if (dataset.equals("mnist") && network.activation().hasExactZeros() && labelledPerClass == null) {
      boolean pretrained = pretraining != null;
      root.put("paper", ordered(
          "testError", pretrained ? PAPER_MNIST_PRETRAINED_TEST_ERROR : PAPER_MNIST_TEST_ERROR,
          "hiddenSparsity", PAPER_MNIST_SPARSITY,
          "source", "Glorot, Bordes and Bengio (AISTATS 2011), Table 1, rectifier "
              + (pretrained ? "with" : "without") + " pre-training; sparsity is the paper's average over the"
              + " rectifier networks"));
    }
  }

  /** Adds the pre-training curves, per layer and epoch, and the fitted input scalings. */
  private void putPretraining(Map<String, Object> root) {
    List<List<Double>> training = new java.util.ArrayList<>();
    List<List<Double>> validation = new java.util.ArrayList<>();
    List<List<Double>> sparsity = new java.util.ArrayList<>();
    for (List<PretrainEpochRecord> ofLayer : PretrainingProgress.byLayer(pretrainingProgress.records())) {
      training.add(ofLayer.stream().map(PretrainEpochRecord::reconstructionError).toList());
      validation.add(ofLayer.stream().map(r -> PretrainingProgress.finiteOrNull(r.validationReconstructionError()))
          .toList());
      sparsity.add(ofLayer.stream().map(r -> PretrainingProgress.finiteOrNull(r.codeSparsity())).toList());
    }
    root.put("pretrainedLayers", pretrainingProgress.finishedLayers());
    root.put("pretrainReconstructionError", training);
    root.put("pretrainValidationReconstructionError", validation);
    root.put("pretrainCodeSparsity", sparsity);
    if (pretrainingResult != null) {
      root.put("pretrainSeconds", pretrainingResult.seconds());
      root.put("pretrainInputScaling", PretrainingProgress.scalings(pretrainingResult.layers()));
    }
  }

  /**
   * Returns a map of the given keys and values in that order. Written maps keep their order, so
   * that the same run always writes the same JSON; {@link Map#of} has no fixed order.
   */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Returns an enum constant as the options write it, for example {@code exact-fraction}. */
  static String specName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static List<String> percentages(List<Double> fractions) {
    return fractions.stream().map(f -> String.format(Locale.ROOT, "%.1f%%", 100 * f)).toList();
  }
}
