package dev.rectifier.cli;

import dev.rectifier.model.ModelFiles;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Finds saved model directories and loads one as the starting point of a run ({@code --start-from}). */
final class StartingModel {
  /** Setting in {@code model.json} with the number of hidden layers whose pre-training had finished. */
  static final String PRETRAINED_LAYERS_SETTING = "pretrainedLayers";

  private StartingModel() {}

  /**
   * Returns {@code location} when it contains a model, else the first of its {@code folders} that
   * does, so that a run directory can stand for its model.
   *
   * @param option the option that named the directory, for messages
   * @throws NoSuchFileException when neither {@code location} nor any of those folders contains a model
   */
  static Path resolve(Path location, String option, List<String> folders) throws NoSuchFileException {
    if (!Files.isDirectory(location)) {
      throw new NoSuchFileException(location.toString(), null,
          option + ": model directory not found; give a run directory or its " + String.join("/ or ", folders)
              + "/ folder");
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
        + ModelFiles.CONFIG_FILE + ") nor a run directory with a " + String.join("/ or ", folders)
        + "/ folder; a run that stopped before its first epoch finished has no model");
  }

  /**
   * Copies the parameters of the model in {@code directory} (or its run's model/ or
   * pretrained/ folder) into {@code network}, whose architecture must be the same.
   *
   * @return the number of hidden layers whose pre-training had finished in that model, 0 for a
   *     model that records none
   * @throws IllegalArgumentException when the architectures differ
   */
  static int load(Path directory, Network network) throws IOException {
    Path modelDirectory = resolve(directory, "--start-from",
        List.of(RunDirectory.MODEL_DIRECTORY, RunDirectory.PRETRAINED_DIRECTORY));
    ModelFiles.LoadedModel loaded = ModelFiles.load(modelDirectory);
    NetworkSpec saved = loaded.network().spec();
    NetworkSpec expected = network.spec();
    if (!describe(saved).equals(describe(expected))) {
      throw new IllegalArgumentException("--start-from " + modelDirectory + " contains a " + describe(saved)
          + " network, but this run trains a " + describe(expected) + " network; give matching --hidden, --unit"
          + " and --half-negated options, or another model");
    }
    for (int l = 0; l < network.layers().size(); l++) {
      DenseLayer source = loaded.network().layers().get(l);
      DenseLayer target = network.layers().get(l);
      target.weights().copyFrom(source.weights());
      target.bias().copyFrom(source.bias());
    }
    int pretrained = loaded.settings().path(PRETRAINED_LAYERS_SETTING).asInt(0);
    return Math.max(0, Math.min(pretrained, network.hiddenLayerCount()));
  }

  private static String describe(NetworkSpec spec) {
    return spec.describe() + " " + spec.activation().spec() + (spec.halfNegated() ? " half-negated" : "") + " "
        + spec.outputLoss().spec();
  }
}
