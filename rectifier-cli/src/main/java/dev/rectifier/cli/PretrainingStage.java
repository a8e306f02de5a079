package dev.rectifier.cli;

import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.nn.Network;
import dev.rectifier.pretrain.GreedyPretrainer;
import dev.rectifier.pretrain.PretrainedLayer;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.PretrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pre-training part of {@code rectifier train}: runs it, reports it and records it. */
final class PretrainingStage {
  private static final Logger LOG = LoggerFactory.getLogger(PretrainingStage.class);

  private final PrintWriter output;
  private final RunDirectory run;
  private final RunRecord record;
  private final PretrainingConfig config;
  private final boolean showProgress;

  PretrainingStage(PrintWriter output, RunDirectory run, RunRecord record, PretrainingConfig config,
      boolean showProgress) {
    this.output = output;
    this.run = run;
    this.record = record;
    this.config = config;
    this.showProgress = showProgress;
  }

  /**
   * Pre-trains the hidden layers above those of {@code start} and copies them into
   * {@code network}. Returns {@code false} when an interruption stopped pre-training, after
   * writing the summary.
   *
   * @param start the model the run started from, or {@code null}
   */
  boolean run(Network network, StartingModel start, PreparedData prepared, Kernels kernels, InterruptGuard interrupt)
      throws IOException {
    int layers = network.hiddenLayerCount();
    List<PretrainedLayer> finished = start == null ? List.of() : start.pretrainedLayers(network);
    if (finished.size() == layers) {
      output.printf(Locale.ROOT, "The %s of %s %s pre-trained already; fine-tuning with a new softmax output layer%n",
          count(layers, "hidden layer"), start.directory(), layers == 1 ? "was" : "were");
      network.layers().getLast().weights().fill(0f);
      network.layers().getLast().bias().fill(0f);
      output.flush();
      return true;
    }
    if (!finished.isEmpty()) {
      warnAboutChangedSettings(start);
      output.printf(Locale.ROOT, "Continuing pre-training above %s, from %s%n",
          finished.size() == 1 ? "the first pre-trained layer" : "the first " + finished.size() + " pre-trained layers",
          start.directory());
    }
    int remaining = layers - finished.size();
    output.printf(Locale.ROOT, "Pre-training %s: reconstruction %s, %s decoder, %s masking noise %s, %s per layer,"
            + " learning rate %s, on %,d training inputs without labels%n",
        remaining == 1 ? "1 hidden layer as a denoising autoencoder"
            : remaining + " hidden layers as denoising autoencoders",
        config.strategy().spec(), config.tied() ? "tied" : "untied", RunRecord.specName(config.noiseKind()),
        config.noiseLevel(), count(config.epochs(), "epoch"), config.learningRate(), prepared.train().size());
    warnAboutNoise(prepared.train().inputSize());
    if (config.batchSize() > prepared.train().size()) {
      LOG.warn("--pretrain-batch-size {} is larger than the {} training examples, so each epoch takes one step of"
          + " {} examples", config.batchSize(), prepared.train().size(), prepared.train().size());
    }
    output.flush();
    try (PretrainingProgress progress = new PretrainingProgress(output, run, network, config, showProgress)) {
      progress.setSettings(record.modelSettings(), record.pretrainingSettings());
      progress.setInterruptGuard(interrupt);
      record.setPretrainingProgress(progress);
      if (!finished.isEmpty()) {
        // The new run directory contains the finished layers from the start, so a second interruption keeps them too.
        progress.saveLayers(finished);
      }
      PretrainingResult result = new GreedyPretrainer(config, kernels, progress)
          .resume(network.spec(), finished, prepared.train().features(), prepared.validation().features());
      record.setPretrainingResult(result);
      if (result.interrupted()) {
        run.writeSummary(record.pretrainingInterruptedSummary());
        printInterrupted(progress.finishedLayers(), layers);
        return false;
      }
      result.copyInto(network);
      output.printf(Locale.ROOT, "Pre-training finished in %.1f s; fine-tuning every layer with a new softmax output"
          + " layer%n", result.seconds());
      output.flush();
      return true;
    }
  }

  private void printInterrupted(int saved, int layers) {
    if (saved == 0) {
      output.printf(Locale.ROOT, "Interrupted while pre-training hidden layer 1; no layer had finished, so nothing"
          + " was saved. Summary: %s%n", run.path().resolve(RunDirectory.SUMMARY_FILE));
    } else {
      output.printf(Locale.ROOT, "Interrupted while pre-training hidden layer %d of %d; the finished %s in %s. To"
              + " continue, run the same command with a new --out and --start-from %s%n", saved + 1, layers,
          saved == 1 ? "layer is" : saved + " layers are", run.pretrainedDirectory(), run.pretrainedDirectory());
    }
    output.flush();
  }

  /** Warns about masking noise that masks every input, or none. */
  private void warnAboutNoise(int inputs) {
    if (config.noiseLevel() == 1) {
      LOG.warn("--noise 1 sets every autoencoder input to 0, so the codes carry nothing about the input; the usual"
          + " level is 0.1 to 0.5");
    } else if (config.noiseLevel() > 0 && config.noiseKind() == dev.rectifier.pretrain.MaskingNoise.Kind.EXACT_FRACTION
        && Math.round(config.noiseLevel() * inputs) == 0) {
      LOG.warn("--noise {} with --noise-kind exact-fraction masks round({} x {}) = 0 of the first layer's inputs,"
          + " so its autoencoder trains without noise", config.noiseLevel(), config.noiseLevel(), inputs);
    }
  }

  /** Warns when the run continues a pre-training that used other settings than its own. */
  private void warnAboutChangedSettings(StartingModel start) {
    List<String> differences = start.differingSettings(record.pretrainingSettings());
    if (!differences.isEmpty()) {
      LOG.warn("{} was pre-trained with other settings than this run ({}); its layers stay as they are, the layers"
          + " above them follow this run's settings, and the result differs from one uninterrupted run",
          start.directory(), String.join(", ", differences));
    }
  }

  /** Returns {@code "the first pre-trained layer is"} or {@code "the first N pre-trained layers are"}. */
  static String finishedLayers(int count) {
    return count == 1 ? "the first pre-trained layer is" : "the first " + count + " pre-trained layers are";
  }

  /** Returns {@code "1 epoch"}, {@code "2 epochs"} and so on. */
  static String count(int number, String noun) {
    return number + " " + noun + (number == 1 ? "" : "s");
  }
}
