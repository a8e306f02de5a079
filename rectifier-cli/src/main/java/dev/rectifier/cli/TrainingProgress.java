package dev.rectifier.cli;

import dev.rectifier.model.ModelFiles;
import dev.rectifier.nn.Network;
import dev.rectifier.train.EpochRecord;
import dev.rectifier.train.TrainingConfig;
import dev.rectifier.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a training run: draws a progress bar per epoch on standard error (examples/s, running
 * loss, ETA), prints one summary line per epoch on standard output, appends the epoch to
 * {@code metrics.jsonl} and saves the model whenever the validation error improves.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
  /** Set by the launcher when standard error is a terminal; without one no bar is drawn. */
  static final String TERMINAL_PROPERTY = "rectifier.terminal";
  /** Share of exact zeros in a hidden layer above which a warning is logged. */
  static final double NEAR_SILENT_SPARSITY = 0.99;

  private final PrintWriter out;
  private final RunDirectory run;
  private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

  private final Network network;
  private final TrainingConfig config;
  private final boolean showBar;
  private Map<String, Object> settings = Map.of();
  private InterruptGuard interrupt;
  private final List<EpochRecord> records = new ArrayList<>();
  private final Set<String> warnings = new HashSet<>();
  private ProgressBar bar;

  TrainingProgress(PrintWriter out, RunDirectory run, Network network, TrainingConfig config, boolean progress) {
    this.out = out;
    this.run = run;
    this.network = network;
    this.config = config;
    this.showBar = progress && Boolean.getBoolean(TERMINAL_PROPERTY);
  }

  void setSettings(Map<String, Object> settings) {
    this.settings = settings;
  }

  void setInterruptGuard(InterruptGuard interrupt) {
    this.interrupt = interrupt;
  }

  /** Returns the finished epochs' records, oldest first. */
  List<EpochRecord> records() {
    return List.copyOf(records);
  }

  /** Returns the record of the best-validation epoch so far, or {@code null} before the first. */
  EpochRecord bestRecord() {
    return best(records);
  }

  /** Returns the last record marked as improved, which is the best-validation epoch. */
  static EpochRecord best(List<EpochRecord> epochs) {
    EpochRecord best = null;
    for (EpochRecord record : epochs) {
      if (record.improved()) {
        best = record;
      }
    }
    return best;
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    if (!showBar) {
      return;
    }
    bar = exampleBar(String.format(Locale.ROOT, "epoch %d/%d", epoch, config.maxEpochs()),
        (long) batches * config.batchSize());
  }

  /** Creates a progress bar on standard error that counts {@code examples} and shows their rate. */
  static ProgressBar exampleBar(String taskName, long examples) {
    return new ProgressBarBuilder()
        .setTaskName(taskName)
        .setInitialMax(examples)
        .setUnit(" ex", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .clearDisplayOnFinish()
        .build();
  }

  @Override
  public void batchFinished(int epoch, int batch, double meanLossSoFar) {
    advance(bar, batch, config.batchSize(), String.format(Locale.ROOT, " loss %.4f", meanLossSoFar));
  }

  /** Moves {@code bar}, if any, to the end of batch {@code batch}, refreshing its message every 50 batches. */
  static void advance(ProgressBar bar, int batch, int batchSize, String message) {
    if (bar != null) {
      bar.stepTo((long) batch * batchSize);
      if (batch % 50 == 0) {
        bar.setExtraMessage(message);
      }
    }
  }

  @Override
  public void epochFinished(EpochRecord record) {
    closeBar();
    records.add(record);
    out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4g  validation error %.2f%%  sparsity %.1f%% %s"
            + "  %.1f s (%.0f ex/s)  elapsed %.0f s%s%n",
        record.epoch(), config.maxEpochs(), record.trainLoss(), 100 * record.validation().errorRate(),
        100 * record.validation().meanSparsity(), percentages(record.validation().sparsityPerLayer()),
        record.epochSeconds(), record.examplesPerSecond(), record.elapsedSeconds(),
        record.improved() ? "  best" : "");
    out.flush();
    warnAboutDeadLayers(record);
    try {
      run.appendMetrics(metrics(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + run.path().resolve(RunDirectory.METRICS_FILE), e);
    }
  }

  /**
   * Warns once per layer when a hidden layer has stopped carrying information: every unit dead,
   * or more than {@value #NEAR_SILENT_SPARSITY} of its activations exactly 0.
   */
  private void warnAboutDeadLayers(EpochRecord record) {
    List<Integer> dead = record.validation().deadUnitsPerLayer();
    List<Double> sparsity = record.validation().sparsityPerLayer();
    for (int l = 0; l < dead.size(); l++) {
      int units = network.layers().get(l).outputSize();
      if (dead.get(l) == units && warnings.add("dead " + l)) {
        LOG.warn("After epoch {} every unit of hidden layer {} ({} units) is 0 on all validation examples,"
            + " so the layers above it cannot learn; the learning rate ({}) or the L1 coefficient ({})"
            + " is probably too large", record.epoch(), l + 1, units, config.learningRate(),
            config.l1Coefficient());
      } else if (sparsity.get(l) > NEAR_SILENT_SPARSITY && warnings.add("sparse " + l)) {
        LOG.warn("After epoch {} hidden layer {} is {}% exact zeros on the validation set, which usually costs"
            + " accuracy; consider a smaller --l1 than {}", record.epoch(), l + 1,
            String.format(Locale.ROOT, "%.2f", 100 * sparsity.get(l)), config.l1Coefficient());
      }
    }
  }

  private static Map<String, Object> metrics(EpochRecord record) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("epoch", record.epoch());
    line.put("trainLoss", record.trainLoss());
    line.put("validationError", record.validation().errorRate());
    line.put("validationNll", record.validation().meanNll());
    line.put("hiddenSparsity", record.validation().meanSparsity());
    line.put("hiddenSparsityPerLayer", record.validation().sparsityPerLayer());
    line.put("deadUnitsPerLayer", record.validation().deadUnitsPerLayer());
    line.put("improved", record.improved());
    line.put("epochSeconds", record.epochSeconds());
    line.put("elapsedSeconds", record.elapsedSeconds());
    line.put("examplesPerSecond", record.examplesPerSecond());
    return line;
  }

  @Override
  public void bestModelImproved(int epoch, Network network) {
    saveModel(network);
  }

  /** Saves {@code network} into the run's model directory. */
  void saveModel(Network network) {
    try {
      ModelFiles.save(run.modelDirectory(), network, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + run.modelDirectory(), e);
    }
  }

  @Override
  public boolean stopRequested() {
    return interrupt != null && interrupt.stopRequested();
  }

  static String percentages(List<Double> fractions) {
    return RunRecord.percentages(fractions).toString();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    closeBar();
  }
}
