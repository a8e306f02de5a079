package dev.rectifier.cli;

import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.dataset.Dataset;
import dev.rectifier.dataset.LabelledSubset;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.metrics.Evaluator;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.train.EpochRecord;
import dev.rectifier.train.NonFiniteLossException;
import dev.rectifier.train.SeedSequence;
import dev.rectifier.train.StopReason;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingConfig;
import dev.rectifier.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rectifier train}: trains a network and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a deep feed-forward network with minibatch SGD, an L1 activation penalty and"
        + " early stopping, then reports the best-validation model's test error and sparsity.",
        "With --pretrain-epochs, first pre-trains each hidden layer as a denoising autoencoder on the training"
            + " inputs and then fine-tunes every layer with a new softmax output layer; with --labelled,"
            + " fine-tunes on a labelled subset only.",
        "Writes a run directory with config.json, metrics.jsonl, model/ and summary.json, and with"
            + " pre-training pretrain.jsonl and pretrained/."})
final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Spec
  CommandSpec spec;

  @ParentCommand
  RectifierCommand parent;

  @Mixin
  DataOptions data = new DataOptions();

  @Option(names = "--hidden", defaultValue = "1000,1000,1000", paramLabel = "SIZES",
      description = "Units per hidden layer, comma-separated, from the input upwards (default: ${DEFAULT-VALUE}).")
  String hiddenSizes;

  @Option(names = "--unit", defaultValue = "rectifier", paramLabel = "UNIT",
      description = "Hidden unit: rectifier, softplus, rescaled-softplus:ALPHA, tanh, sigmoid or linear"
          + " (default: ${DEFAULT-VALUE}).")
  String unit;

  @Option(names = "--half-negated",
      description = "Multiply the second half of each hidden layer's outputs by -1 (default: off).")
  boolean halfNegated;

  @Option(names = "--weight-init", defaultValue = "glorot-uniform", paramLabel = "INIT",
      description = "Hidden weight initialisation: glorot-uniform or he-normal (default: ${DEFAULT-VALUE}).")
  String weightInit;

  @Option(names = {"--learning-rate", "--lr"}, defaultValue = "0.05", paramLabel = "RATE",
      description = "Constant SGD learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--momentum", defaultValue = "0", paramLabel = "MU",
      description = "SGD momentum in [0, 1); 0 switches it off (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--batch-size", defaultValue = "10", paramLabel = "N",
      description = "Examples per minibatch (default: ${DEFAULT-VALUE}, as in the paper).")
  int batchSize;

  @Option(names = "--l1", defaultValue = "0.0001", paramLabel = "LAMBDA",
      description = "L1 activation penalty: LAMBDA times the sum of |h| over hidden units, averaged over"
          + " the minibatch's examples (default: ${DEFAULT-VALUE}).")
  double l1Coefficient;

  @Option(names = "--epochs", defaultValue = "25", paramLabel = "N",
      description = "Maximum number of epochs of supervised training; 0 with --pretrain-epochs pre-trains only"
          + " (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--patience", defaultValue = "10", paramLabel = "N",
      description = "Stop after N epochs without a better validation error (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
      description = "Seed of the run; weight initialisation and shuffling each draw their own stream"
          + " from it (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  PretrainOptions pretrain = new PretrainOptions();

  @Mixin
  ComputeOptions compute = new ComputeOptions();

  @Option(names = "--out", paramLabel = "DIR",
      description = "Run directory to create (default: a new folder under runs/ in the current directory).")
  Path out;

  @Option(names = "--start-from", paramLabel = "DIR",
      description = "Start from the parameters of a saved model directory, such as a run's pretrained/ or"
          + " model/ folder, instead of new random ones; its architecture must match. With --pretrain-epochs,"
          + " pre-training continues above the layers whose pre-training had finished when it was saved.")
  Path startFrom;

  @Option(names = "--no-progress", description = "Do not draw the per-epoch progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    int threadCount = compute.threadCount();
    compute.kernelChoice();
    boolean pretrainOnly = epochs == 0 && pretrain.enabled();
    TrainingConfig config = new TrainingConfig(learningRate, momentum, batchSize, l1Coefficient,
        pretrainOnly ? 1 : epochs, patience, seed);
    Activation activation = Activation.parse(unit);
    WeightInit init = parseWeightInit(weightInit);
    List<Integer> hidden = parseHiddenSizes(hiddenSizes);
    pretrain.validate(spec.commandLine().getParseResult());
    PretrainingConfig pretrainConfig = pretrain.enabled()
        ? pretrain.config(activation, hidden.size(), init, batchSize, l1Coefficient, seed) : null;
    if (pretrainConfig != null && hidden.isEmpty()) {
      throw new IllegalArgumentException("--pretrain-epochs needs at least one hidden layer; give --hidden sizes");
    }
    if (out != null) {
      RunDirectory.checkUsable(out);
    }

    PreparedData prepared = data.prepare(parent);
    NetworkSpec networkSpec = new NetworkSpec(prepared.train().inputSize(), hidden, activation, halfNegated,
        prepared.train().numClasses(), init);
    MemoryBudget.requireRoomForTraining(networkSpec, config);
    if (pretrainConfig != null) {
      MemoryBudget.requireRoomForPretraining(networkSpec, prepared.train().size() + prepared.validation().size());
    }
    LabelledSubset subset = pretrain.labelledSubset(prepared.train(), new SeedSequence(seed).random("labelled"));
    Dataset fineTuningSet = subset == null ? prepared.train() : subset.labelledData(prepared.train());
    if (batchSize > fineTuningSet.size() && !pretrainOnly) {
      LOG.warn("--batch-size {} is larger than the {} training {}, so each epoch takes one step of {}", batchSize,
          fineTuningSet.size(), fineTuningSet.size() == 1 ? "example" : "examples",
          PretrainingStage.count(fineTuningSet.size(), "example"));
    }
    Network network = MemoryBudget.allocate(networkSpec);
    network.initialize(new SeedSequence(seed).random("init"));
    StartingModel start = startFrom == null ? null : StartingModel.load(startFrom, network, pretrainConfig != null);
    RunDirectory run = out != null ? RunDirectory.create(out) : RunDirectory.createUnder(Path.of("runs"), data.dataset);

    var output = spec.commandLine().getOut();
    try (Kernels kernels = compute.createKernels();
        TrainingProgress progress = new TrainingProgress(output, run, network, config, !noProgress);
        InterruptGuard interrupt = InterruptGuard.install()) {
      RunRecord record = new RunRecord(data.dataset, data.resolvedDataDirectory(), prepared, networkSpec, config,
          kernels.name(), threadCount);
      record.setPretraining(pretrainConfig, subset == null ? null : subset.classCounts(prepared.train()));
      record.setStart(start);
      run.writeConfig(record.configuration());
      progress.setSettings(record.modelSettings());
      progress.setInterruptGuard(interrupt);
      printStart(output, networkSpec, prepared, fineTuningSet, run);
      printStartingModel(output, start, subset, network);
      try {
        if (pretrainConfig != null && !new PretrainingStage(output, run, record, pretrainConfig, !noProgress)
            .run(network, start, prepared, kernels, interrupt)) {
          return 0;
        }
        if (pretrainOnly) {
          run.writeSummary(record.pretrainingOnlySummary());
          output.printf(Locale.ROOT, "Pre-training only (--epochs 0): the pre-trained layers are in %s; fine-tune them"
              + " with --start-from %s%n", run.pretrainedDirectory(), run.pretrainedDirectory());
          output.flush();
          return 0;
        }
        TrainingResult result = new Trainer(config, kernels, progress)
            .train(network, fineTuningSet, prepared.validation());
        finish(output, run, record, result, progress, kernels, network, prepared, config);
      } catch (NonFiniteLossException diverged) {
        Evaluation test = progress.records().isEmpty()
            ? null : new Evaluator(kernels).evaluate(network, prepared.test());
        run.writeSummary(record.divergedSummary(diverged, progress.records(), test));
        String option = diverged.duringPretraining() ? "--pretrain-lr" : "--lr";
        throw new IllegalStateException(diverged.getMessage() + " (" + option + "). "
            + keptModel(run, progress, test, record), diverged);
      } finally {
        interrupt.finished();
      }
    }
    return 0;
  }

  /**
   * Prints which model the run starts from, and warns when a labelled-subset run starts from a
   * model that was fine-tuned on labels. Such a run does not measure learning from the subset.
   */
  private static void printStartingModel(PrintWriter output, StartingModel start, LabelledSubset subset,
      Network network) {
    if (start == null) {
      return;
    }
    output.printf(Locale.ROOT, "Starting from the parameters of %s (%s)%n", start.directory(), start.fineTuned()
        ? "a fine-tuned model" : start.pretrainedLayers() + " of " + network.hiddenLayerCount()
            + " hidden layers pre-trained");
    output.flush();
    if (subset != null && start.fineTuned()) {
      LOG.warn("--start-from {} is a model fine-tuned on labels, so fine-tuning it on the {} examples of --labelled"
          + " does not measure learning from {} labels; start from a pretrained/ folder instead", start.directory(),
          subset.size(), subset.size());
    }
  }

  private void printStart(PrintWriter output, NetworkSpec networkSpec, PreparedData prepared, Dataset fineTuningSet,
      RunDirectory run) {
    String labelled = fineTuningSet.size() == prepared.train().size() ? ""
        : String.format(Locale.ROOT, " (%d labelled)", fineTuningSet.size());
    output.printf(Locale.ROOT, "Training %s (%s units%s) on %s: %d train%s, %d validation, %d test examples%n",
        networkSpec.describe(), networkSpec.activation().spec(), networkSpec.halfNegated() ? ", half negated" : "",
        data.dataset, prepared.train().size(), labelled, prepared.validation().size(), prepared.test().size());
    output.printf(Locale.ROOT, "Run directory: %s%n", run.path());
    output.flush();
  }

  /** Evaluates the best model on the test set, saves it and writes the summary. */
  private static void finish(PrintWriter output, RunDirectory run, RunRecord record, TrainingResult result,
      TrainingProgress progress, Kernels kernels, Network network, PreparedData prepared, TrainingConfig config)
      throws IOException {
    if (result.epochs().isEmpty()) {
      run.writeSummary(record.summary(result, null));
      String saved = record.pretrainedLayerCount() > 0
          ? "no fine-tuned model was saved; the pre-trained layers are in " + run.pretrainedDirectory()
          : "no model was saved";
      output.printf(Locale.ROOT, "Stopped before the first epoch finished, after %.1f s of training; %s. Summary: %s%n",
          result.trainSeconds(), saved, run.path().resolve(RunDirectory.SUMMARY_FILE));
      output.flush();
      return;
    }
    Evaluation test = new Evaluator(kernels).evaluate(network, prepared.test());
    progress.saveModel(network);
    run.writeSummary(record.summary(result, test));
    printResult(output, result, test, run, config);
  }

  private static String keptModel(RunDirectory run, TrainingProgress progress, Evaluation test, RunRecord record) {
    if (test == null) {
      return record.pretrainedLayerCount() > 0
          ? "No fine-tuning epoch finished; " + PretrainingStage.finishedLayers(record.pretrainedLayerCount())
              + " in " + run.pretrainedDirectory()
          : "No epoch finished, so no model was saved";
    }
    EpochRecord best = progress.bestRecord();
    return String.format(Locale.ROOT, "The best model, from epoch %d (validation error %.2f%%, test error %.2f%%),"
        + " is in %s", best.epoch(), 100 * best.validation().errorRate(), 100 * test.errorRate(), run.modelDirectory());
  }

  private static void printResult(PrintWriter output, TrainingResult result, Evaluation test, RunDirectory run,
      TrainingConfig config) {
    output.printf(Locale.ROOT, "Stopped after %d epoch%s: %s; best validation epoch %d%n", result.epochs().size(),
        result.epochs().size() == 1 ? "" : "s", stopText(result.stopReason(), config), result.bestEpoch());
    output.printf(Locale.ROOT, "Test error %.2f%% (%d examples), test NLL %.4g, hidden sparsity %.1f%% %s,"
            + " dead units %s%n",
        100 * test.errorRate(), test.examples(), test.meanNll(), 100 * test.meanSparsity(),
        TrainingProgress.percentages(test.sparsityPerLayer()), test.deadUnitsPerLayer());
    output.printf(Locale.ROOT, "Trained in %.1f s (%.0f examples/s). Summary: %s%n", result.trainSeconds(),
        result.examplesPerSecond(), run.path().resolve(RunDirectory.SUMMARY_FILE));
    output.flush();
  }

  private static String stopText(StopReason reason, TrainingConfig config) {
    return switch (reason) {
      case MAX_EPOCHS -> "reached --epochs " + config.maxEpochs();
      case PATIENCE -> "no better validation error in the last " + config.patience() + " epochs (--patience)";
      case INTERRUPTED -> "interrupted";
    };
  }

  /** Parses {@code --hidden}: positive layer sizes separated by commas, or an empty value for none. */
  static List<Integer> parseHiddenSizes(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    List<Integer> sizes = new java.util.ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        int size = Integer.parseInt(part.strip());
        if (size >= 1) {
          sizes.add(size);
          continue;
        }
      } catch (NumberFormatException e) {
        // Reported below with the whole value.
      }
      throw new IllegalArgumentException("invalid --hidden '" + text + "': '" + part + "' is not a layer size;"
          + " give positive integers separated by commas, for example 1000,1000,1000");
    }
    return sizes;
  }

  private static WeightInit parseWeightInit(String text) {
    try {
      return WeightInit.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --weight-init '" + text + "': expected glorot-uniform or he-normal", e);
    }
  }
}
