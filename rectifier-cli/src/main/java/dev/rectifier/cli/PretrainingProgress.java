package dev.rectifier.cli;

import dev.rectifier.model.ModelFiles;
import dev.rectifier.nn.Network;
import dev.rectifier.pretrain.PretrainEpochRecord;
import dev.rectifier.pretrain.PretrainedLayer;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.PretrainingListener;
import dev.rectifier.pretrain.PretrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Follows pre-training: a progress bar per layer and epoch on standard error when it is a
 * terminal, one line per epoch on standard output, one JSON line per epoch in
 * {@value RunDirectory#PRETRAIN_METRICS_FILE}, and the network with every finished layer saved
 * to {@value RunDirectory#PRETRAINED_DIRECTORY}/ as each layer ends.
 */
final class PretrainingProgress implements PretrainingListener, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PretrainingProgress.class);
  private final PrintWriter out;
  private final RunDirectory run;
  private final Network network;
  private final PretrainingConfig config;
  private final boolean showBar;
  private final int layers;
  private Map<String, Object> settings = Map.of();
  private Map<String, Object> pretrainingSettings = Map.of();
  private InterruptGuard interrupt;
  private final List<PretrainEpochRecord> records = new ArrayList<>();
  private ProgressBar bar;
  private int barBatchSize;
  private int finishedLayers;
  private final java.util.Set<Integer> silentLayers = new java.util.HashSet<>();

  PretrainingProgress(PrintWriter out, RunDirectory run, Network network, PretrainingConfig config, boolean progress) {
    this.out = out;
    this.run = run;
    this.network = network;
    this.config = config;
    this.showBar = progress && Boolean.getBoolean(TrainingProgress.TERMINAL_PROPERTY);
    this.layers = network.hiddenLayerCount();
  }

  /** Sets the settings stored beside the saved layers: the run's, and its pre-training's. */
  void setSettings(Map<String, Object> settings, Map<String, Object> pretrainingSettings) {
    this.settings = settings;
    this.pretrainingSettings = pretrainingSettings;
  }

  void setInterruptGuard(InterruptGuard interrupt) {
    this.interrupt = interrupt;
  }

  /** Returns the number of layers whose pre-training finished and was saved. */
  int finishedLayers() {
    return finishedLayers;
  }

  /** Returns every finished epoch of every layer, in order. */
  List<PretrainEpochRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void epochStarted(int layer, int epoch, int batches) {
    if (!showBar) {
      return;
    }
    barBatchSize = config.batchSize();
    bar = TrainingProgress.exampleBar(String.format(Locale.ROOT, "pretrain layer %d/%d epoch %d/%d", layer, layers,
        epoch, config.epochs()), (long) batches * barBatchSize);
  }

  @Override
  public void batchFinished(int layer, int epoch, int batch, double meanCostSoFar) {
    TrainingProgress.advance(bar, batch, barBatchSize, String.format(Locale.ROOT, " reconstruction %.4g",
        meanCostSoFar));
  }

  @Override
  public void epochFinished(PretrainEpochRecord record) {
    closeBar();
    records.add(record);
    String validation = Double.isNaN(record.validationReconstructionError()) ? ""
        : String.format(Locale.ROOT, "  validation %.5g  code sparsity %.1f%%", record.validationReconstructionError(),
            100 * record.codeSparsity());
    out.printf(Locale.ROOT, "pretrain layer %d/%d epoch %d/%d  reconstruction error %.5g%s  %.1f s (%.0f ex/s)%n",
        record.layer(), layers, record.epoch(), config.epochs(), record.reconstructionError(), validation,
        record.epochSeconds(), record.examplesPerSecond());
    out.flush();
    try {
      run.appendPretrainMetrics(metrics(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + run.path().resolve(RunDirectory.PRETRAIN_METRICS_FILE), e);
    }
    CurvePlots.writePretrainingCurves(run.path(), records);
    warnAboutSilentCode(record);
  }

  /**
   * Warns once per layer when its code on the validation inputs is at least 99% exact zeros. The
   * layers above then get almost no signal, and fine-tuning rarely revives dead units.
   */
  private void warnAboutSilentCode(PretrainEpochRecord record) {
    if (record.codeSparsity() >= TrainingProgress.NEAR_SILENT_SPARSITY && silentLayers.add(record.layer())) {
      LOG.warn("After pre-training epoch {}, hidden layer {}'s code is {}% exact zeros on the validation inputs, so"
          + " the layers above it get almost no signal; try a smaller --pretrain-lr ({}) or --pretrain-l1 ({}), or"
          + " another --reconstruction", record.epoch(), record.layer(),
          String.format(Locale.ROOT, "%.1f", 100 * record.codeSparsity()), config.learningRate(),
          config.l1Coefficient());
    }
  }

  private static Map<String, Object> metrics(PretrainEpochRecord record) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("layer", record.layer());
    line.put("epoch", record.epoch());
    line.put("reconstructionError", record.reconstructionError());
    line.put("validationReconstructionError", finiteOrNull(record.validationReconstructionError()));
    line.put("codeSparsity", finiteOrNull(record.codeSparsity()));
    line.put("epochSeconds", record.epochSeconds());
    line.put("examplesPerSecond", record.examplesPerSecond());
    return line;
  }

  /**
   * Returns {@code records} grouped by layer: element k−1 lists layer k's epochs in order, empty
   * for a layer without records, up to the highest layer recorded.
   */
  static List<List<PretrainEpochRecord>> byLayer(List<PretrainEpochRecord> records) {
    int layers = records.stream().mapToInt(PretrainEpochRecord::layer).max().orElse(0);
    List<List<PretrainEpochRecord>> grouped = new ArrayList<>();
    for (int layer = 1; layer <= layers; layer++) {
      int current = layer;
      grouped.add(records.stream().filter(r -> r.layer() == current).toList());
    }
    return grouped;
  }

  static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** Saves the finished layers as each one ends, so that no finished layer is lost. */
  @Override
  public void layerFinished(int layer, List<PretrainedLayer> finished) {
    saveLayers(finished);
    List<PretrainEpochRecord> epochs = finished.get(layer - 1).epochs();
    out.printf(Locale.ROOT, "pretrain layer %d/%d done: reconstruction error %s%s; saved to %s%n", layer, layers,
        change(epochs, PretrainEpochRecord::reconstructionError),
        Double.isNaN(epochs.getLast().validationReconstructionError()) ? ""
            : ", validation " + change(epochs, PretrainEpochRecord::validationReconstructionError),
        run.pretrainedDirectory());
    out.flush();
  }

  /**
   * Copies the finished layers into the network and saves it to the run's pretrained/ folder,
   * with the settings, the number of finished layers and their input scalings.
   */
  void saveLayers(List<PretrainedLayer> finished) {
    PretrainingResult.copyInto(finished, network);
    try {
      Map<String, Object> saved = new LinkedHashMap<>(settings);
      saved.put(StartingModel.PRETRAINED_LAYERS_SETTING, finished.size());
      saved.put(StartingModel.SCALINGS_SETTING, scalings(finished));
      saved.put(StartingModel.PRETRAINING_SETTING, pretrainingSettings);
      ModelFiles.save(run.pretrainedDirectory(), network, saved);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the pre-trained layers to " + run.pretrainedDirectory(), e);
    }
    finishedLayers = finished.size();
  }

  /** Returns {@code "A -> B (epoch means)"} over the epochs, or the one value of a single epoch. */
  private static String change(List<PretrainEpochRecord> epochs,
      java.util.function.ToDoubleFunction<PretrainEpochRecord> metric) {
    double first = metric.applyAsDouble(epochs.getFirst());
    if (epochs.size() == 1) {
      return String.format(Locale.ROOT, "%.5g (one epoch)", first);
    }
    return String.format(Locale.ROOT, "%.5g -> %.5g (epoch 1 -> %d)", first,
        metric.applyAsDouble(epochs.getLast()), epochs.size());
  }

  /** Returns each finished layer's input scaling as {@code offset} and {@code scale}. */
  static List<Map<String, Object>> scalings(List<PretrainedLayer> finished) {
    return finished.stream()
        .map(layer -> RunRecord.ordered("offset", layer.scaling().offset(), "scale", layer.scaling().scale()))
        .toList();
  }

  @Override
  public boolean stopRequested() {
    return interrupt != null && interrupt.stopRequested();
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
