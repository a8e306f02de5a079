package dev.rectifier.cli;

import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.metrics.Evaluator;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.train.NonFiniteLossException;
import dev.rectifier.train.SeedSequence;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingConfig;
import dev.rectifier.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rectifier train}: trains a network and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a deep feed-forward network with minibatch SGD, an L1 activation penalty and"
        + " early stopping, then reports the best-validation model's test error and sparsity.",
        "Writes a run directory with config.json, metrics.jsonl, model/ and summary.json."})
final class TrainCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @ParentCommand
  RectifierCommand parent;

  @Mixin
  DataOptions data = new DataOptions();

  @Option(names = "--hidden", split = ",", defaultValue = "1000,1000,1000", paramLabel = "SIZES",
      description = "Units per hidden layer, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> hiddenSizes;

  @Option(names = "--unit", defaultValue = "rectifier", paramLabel = "UNIT",
      description = "Hidden unit: rectifier, softplus, rescaled-softplus:ALPHA, tanh, sigmoid or linear"
          + " (default: ${DEFAULT-VALUE}).")
  String unit;

  @Option(names = "--half-negated", description = "Multiply the second half of each hidden layer's outputs by -1.")
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
      description = "Maximum number of epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--patience", defaultValue = "10", paramLabel = "N",
      description = "Stop after N epochs without a better validation error (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
      description = "Seed of the run, split per component (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  ComputeOptions compute = new ComputeOptions();

  @Option(names = "--out", paramLabel = "DIR",
      description = "Run directory to create (default: a new folder under runs/).")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw the per-epoch progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    int threadCount = compute.threadCount();
    TrainingConfig config = new TrainingConfig(learningRate, momentum, batchSize, l1Coefficient, epochs,
        patience, seed);
    Activation activation = Activation.parse(unit);
    WeightInit init = parseWeightInit(weightInit);
    RunDirectory run = RunDirectory.create(out != null ? out : RunDirectory.defaultPath(data.dataset));

    PreparedData prepared = data.prepare(parent);
    NetworkSpec networkSpec = new NetworkSpec(prepared.train().inputSize(), hiddenSizes, activation, halfNegated,
        prepared.train().numClasses(), init);
    Network network = new Network(networkSpec);
    network.initialize(new SeedSequence(seed).random("init"));

    var out = spec.commandLine().getOut();
    try (Kernels kernels = compute.createKernels();
        TrainingProgress progress = new TrainingProgress(out, run, network, config, !noProgress);
        InterruptGuard interrupt = InterruptGuard.install()) {
      RunRecord record = new RunRecord(data.dataset, prepared, networkSpec, config, kernels.name(), threadCount);
      run.writeConfig(record.configuration());
      progress.setSettings(record.modelSettings());
      progress.setInterruptGuard(interrupt);
      out.printf(Locale.ROOT, "Training %s (%s units) on %s: %d train, %d validation, %d test examples%n",
          networkSpec.describe(), activation.spec(), data.dataset, prepared.train().size(),
          prepared.validation().size(), prepared.test().size());
      out.printf(Locale.ROOT, "Run directory: %s%n", run.path());
      out.flush();
      TrainingResult result;
      try {
        result = new Trainer(config, kernels, progress).train(network, prepared.train(), prepared.validation());
      } catch (NonFiniteLossException diverged) {
        run.writeSummary(record.divergedSummary(diverged, progress.epochsFinished()));
        interrupt.finished();
        throw new IllegalStateException(diverged.getMessage() + ". The best model so far, if any, is in "
            + run.modelDirectory(), diverged);
      }
      Evaluation test = new Evaluator(kernels).evaluate(network, prepared.test());
      progress.saveModel(network);
      run.writeSummary(record.summary(result, test));
      printResult(out, result, test, run);
      interrupt.finished();
    }
    return 0;
  }

  private static void printResult(java.io.PrintWriter out, TrainingResult result, Evaluation test, RunDirectory run) {
    out.printf(Locale.ROOT, "Stopped: %s after %d epochs; best validation epoch %d%n",
        result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.epochs().size(),
        result.bestEpoch());
    out.printf(Locale.ROOT, "Test error %.2f%% (%d examples), test NLL %.4f, hidden sparsity %.1f%% %s,"
            + " dead units %s%n",
        100 * test.errorRate(), test.examples(), test.meanNll(), 100 * test.meanSparsity(),
        TrainingProgress.percentages(test.sparsityPerLayer()), test.deadUnitsPerLayer());
    out.printf(Locale.ROOT, "Trained in %.1f s (%.0f examples/s). Summary: %s%n", result.trainSeconds(),
        result.examplesPerSecond(), run.path().resolve(RunDirectory.SUMMARY_FILE));
    out.flush();
  }

  private static WeightInit parseWeightInit(String text) {
    try {
      return WeightInit.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --weight-init '" + text + "': expected glorot-uniform or he-normal", e);
    }
  }
}
