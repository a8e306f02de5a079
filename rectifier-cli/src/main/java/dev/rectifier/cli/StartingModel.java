package dev.rectifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rectifier.model.ModelFiles;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.pretrain.InputScaling;
import dev.rectifier.pretrain.PretrainedLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved model that a run starts from ({@code --start-from}), after its parameters were copied
 * into the run's network.
 *
 * @param directory the model directory that was loaded
 * @param pretrainedLayers hidden layers whose pre-training had finished when it was saved, 0 when
 *     the model records none
 * @param scalings the input scalings of those layers, as their pre-training fitted them
 * @param pretraining the pre-training settings stored with the model, or a missing node
 * @param fineTuned whether the model records no pre-trained layers, as a fine-tuned model/ folder
 */
record StartingModel(Path directory, int pretrainedLayers, List<InputScaling> scalings, JsonNode pretraining,
    boolean fineTuned) {
  /** Setting in {@code model.json} with the number of hidden layers whose pre-training had finished. */
  static final String PRETRAINED_LAYERS_SETTING = "pretrainedLayers";
  /** Setting in {@code model.json} with those layers' input scalings, as {@code offset} and {@code scale}. */
  static final String SCALINGS_SETTING = "pretrainInputScaling";
  /** Setting in {@code model.json} with the pre-training settings of the run that saved it. */
  static final String PRETRAINING_SETTING = "pretraining";

  /**
   * Returns {@code location} when it contains a model, else the first of its {@code folders} that
   * does, so that a run directory can stand for its model.
   *
   * @param option the option that named the directory, for messages
   * @throws NoSuchFileException when neither {@code location} nor any of those folders contains a model
   */
  static Path resolve(Path location, String option, List<String> folders) throws NoSuchFileException {
    String folderList = String.join("/ folder or its ", folders) + "/ folder";
    String expected = "; give a run directory or its " + folderList;
    if (Files.isRegularFile(location)) {
      throw new NoSuchFileException(location.toString(), null, option + ": this is a file, not a model directory"
          + expected);
    }
    if (!Files.isDirectory(location)) {
      throw new NoSuchFileException(location.toString(), null, option + ": model directory not found" + expected);
    }
    if (Files.isRegularFile(location.resolve(ModelFiles.CONFIG_FILE))) {
      return location;
    }
    for (String folder : folders) {
      if (Files.isRegularFile(location.resolve(folder).resolve(ModelFiles.CONFIG_FILE))) {
        return location.resolve(folder);
      }
    }
    throw new NoSuchFileException(location.toString(), null, option + ": neither a model directory (no "
        + ModelFiles.CONFIG_FILE + ") nor a run directory with a " + String.join("/ folder or a ", folders)
        + "/ folder; a run stopped before its first epoch or its first pre-trained layer finished has no model");
  }

  /**
   * Copies the parameters of the model at {@code location} into {@code network}, whose
   * architecture must be the same. A run directory stands for its pretrained/ folder when
   * {@code pretraining} is on, else for its model/ folder, and for the other one when that is
   * missing.
   *
   * @param pretraining whether the run continues pre-training, which needs a model that records
   *     its pre-trained layers
   * @throws IllegalArgumentException when the architectures differ, or when pre-training would
   *     continue from a model without pre-trained layers
   */
  static StartingModel load(Path location, Network network, boolean pretraining) throws IOException {
    List<String> folders = pretraining
        ? List.of(RunDirectory.PRETRAINED_DIRECTORY, RunDirectory.MODEL_DIRECTORY)
        : List.of(RunDirectory.MODEL_DIRECTORY, RunDirectory.PRETRAINED_DIRECTORY);
    Path modelDirectory = resolve(location, "--start-from", folders);

    ModelFiles.LoadedModel loaded = ModelFiles.load(modelDirectory);
    NetworkSpec saved = loaded.network().spec();
    NetworkSpec expected = network.spec();
    if (!describe(saved).equals(describe(expected))) {
      throw new IllegalArgumentException("--start-from " + modelDirectory + " contains a " + describe(saved)
          + " network, but this run trains a " + describe(expected) + " network; give matching --hidden, --unit"
          + " and --half-negated options, or another model");
    }

    JsonNode settings = loaded.settings();
    if (pretraining && !settings.has(PRETRAINED_LAYERS_SETTING)) {
      Path runPretrained = modelDirectory.resolveSibling(RunDirectory.PRETRAINED_DIRECTORY);
      String advice = Files.isRegularFile(runPretrained.resolve(ModelFiles.CONFIG_FILE))
          ? "to continue pre-training, give " + runPretrained
          : "its run has no pre-trained layers, so leave out --start-from to pre-train from the start";
      throw new IllegalArgumentException("--start-from " + modelDirectory + " contains a model without pre-trained"
          + " layers, such as a fine-tuned model/ folder; " + advice + ", or leave out --pretrain-epochs to"
          + " fine-tune this model");
    }
    for (int l = 0; l < network.layers().size(); l++) {
      DenseLayer source = loaded.network().layers().get(l);
      DenseLayer target = network.layers().get(l);
      target.weights().copyFrom(source.weights());
      target.bias().copyFrom(source.bias());
    }

    int pretrained = Math.max(0, Math.min(settings.path(PRETRAINED_LAYERS_SETTING).asInt(0),
        network.hiddenLayerCount()));
    List<InputScaling> scalings = new ArrayList<>();
    JsonNode stored = settings.path(SCALINGS_SETTING);
    for (int l = 0; l < pretrained; l++) {
      JsonNode scaling = stored.path(l);
      scalings.add(scaling.isObject()
          ? new InputScaling(scaling.path("offset").asDouble(0), scaling.path("scale").asDouble(1))
          : InputScaling.IDENTITY);
    }
    return new StartingModel(modelDirectory, pretrained, List.copyOf(scalings), settings.path(PRETRAINING_SETTING),
        !settings.has(PRETRAINED_LAYERS_SETTING));
  }

  /** Returns the pre-trained layers of {@code network}, which contains this model's parameters. */
  List<PretrainedLayer> pretrainedLayers(Network network) {
    List<PretrainedLayer> layers = new ArrayList<>();
    for (int l = 0; l < pretrainedLayers; l++) {
      layers.add(PretrainedLayer.of(network.layers().get(l), scalings.get(l)));
    }
    return layers;
  }

  /** The stored pre-training settings that an option sets, with that option. */
  private static final java.util.Map<String, Object> OPTION_OF_SETTING = RunRecord.ordered(
      "reconstruction", "--reconstruction", "tied", "tied decoder (--untied)", "noiseKind", "--noise-kind",
      "noiseLevel", "--noise", "epochsPerLayer", "--pretrain-epochs", "learningRate", "--pretrain-lr",
      "batchSize", "--pretrain-batch-size", "l1Coefficient", "--pretrain-l1", "seed", "--seed");

  /**
   * Returns the pre-training options whose values differ between the saved model and
   * {@code current}, as {@code option saved -> current}; empty when the model stores none.
   */
  List<String> differingSettings(java.util.Map<String, Object> current) {
    List<String> differences = new ArrayList<>();
    if (!pretraining.isObject()) {
      return differences;
    }
    for (var setting : OPTION_OF_SETTING.entrySet()) {
      JsonNode saved = pretraining.get(setting.getKey());
      Object now = current.get(setting.getKey());
      if (saved != null && saved.isValueNode() && now != null && !saved.asText().equals(String.valueOf(now))) {
        differences.add(setting.getValue() + " " + saved.asText() + " -> " + now);
      }
    }
    return differences;
  }

  private static String describe(NetworkSpec spec) {
    return spec.describe() + " " + spec.activation().spec() + (spec.halfNegated() ? " half-negated" : "") + " "
        + spec.outputLoss().spec();
  }
}
