package dev.rectifier.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a network as a model directory of two files.
 *
 * <ul>
 *   <li>{@value #WEIGHTS_FILE}: safetensors with {@code layers.L.weight} (outputSize × inputSize,
 *       the layout of PyTorch's {@code nn.Linear}, so the file loads there unchanged) and
 *       {@code layers.L.bias} (outputSize) for L = 0 (first hidden layer) … output layer.
 *   <li>{@value #CONFIG_FILE}: JSON with the architecture and the run settings.
 * </ul>
 *
 * <p>Each file is written to a temporary name first and then renamed, so an interrupted save
 * leaves the previous model intact. Loading checks every tensor's presence, shape and values.
 */
public final class ModelFiles {
  public static final String WEIGHTS_FILE = "model.safetensors";
  public static final String CONFIG_FILE = "model.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFiles() {}

  /** A loaded model: the network and the run settings stored beside it. */
  public record LoadedModel(Network network, JsonNode settings) {}

  /**
   * Writes {@code network} and {@code settings} into {@code directory}, creating it if needed.
   *
   * @throws IllegalStateException if a parameter is NaN or infinite: such a model is never written
   */
  public static void save(Path directory, Network network, Map<String, ?> settings) throws IOException {
    Files.createDirectories(directory);
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    List<DenseLayer> layers = network.layers();
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer layer = layers.get(l);
      if (!layer.weights().isFinite() || !layer.bias().isFinite()) {
        throw new IllegalStateException("layer " + l + " has non-finite parameters; refusing to save the model");
      }
      tensors.put(weightName(l), new SafeTensors.Tensor(
          new long[] {layer.outputSize(), layer.inputSize()}, transpose(layer.weights()).data()));
      tensors.put(biasName(l), new SafeTensors.Tensor(new long[] {layer.outputSize()}, layer.bias().data()));
    }
    Path weightsTemp = directory.resolve(WEIGHTS_FILE + ".tmp");
    // An ordered map, so that the same model always gives the same bytes.
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "rectifier");
    metadata.put("architecture", network.spec().describe());
    SafeTensors.write(weightsTemp, tensors, metadata);
    Path configTemp = directory.resolve(CONFIG_FILE + ".tmp");
    JSON.writeValue(configTemp.toFile(), ModelConfig.toJson(JSON, network.spec(), settings));
    Files.move(weightsTemp, directory.resolve(WEIGHTS_FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(configTemp, directory.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads the model in {@code directory}, checking every tensor against {@value #CONFIG_FILE}. */
  public static LoadedModel load(Path directory) throws IOException {
    Path configFile = directory.resolve(CONFIG_FILE);
    Path weightsFile = directory.resolve(WEIGHTS_FILE);
    for (Path file : List.of(configFile, weightsFile)) {
      if (!Files.isRegularFile(file)) {
        throw new java.nio.file.NoSuchFileException(file.toString(), null,
            "model file not found; a model directory contains " + CONFIG_FILE + " and " + WEIGHTS_FILE);
      }
    }
    JsonNode config = ModelConfig.parse(JSON, configFile, Files.readString(configFile));
    Network network = new Network(ModelConfig.spec(configFile, config));
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weightsFile));
    List<DenseLayer> layers = network.layers();
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer layer = layers.get(l);
      float[] weights = take(weightsFile, tensors, weightName(l), l, layers.size(),
          new long[] {layer.outputSize(), layer.inputSize()});
      transposeInto(weights, layer.outputSize(), layer.inputSize(), layer.weights());
      float[] bias = take(weightsFile, tensors, biasName(l), l, layers.size(), new long[] {layer.outputSize()});
      System.arraycopy(bias, 0, layer.bias().data(), 0, bias.length);
    }
    if (!tensors.isEmpty()) {
      throw new ModelFormatException(weightsFile, "unexpected tensors " + tensors.keySet()
          + " for architecture " + network.spec().describe(), "the weights do not belong to " + CONFIG_FILE);
    }
    return new LoadedModel(network, config.path("settings"));
  }

  private static float[] take(Path file, Map<String, SafeTensors.Tensor> tensors, String name, int layer,
      int layerCount, long[] expectedShape) throws ModelFormatException {
    SafeTensors.Tensor tensor = tensors.remove(name);
    String layerName = "layer " + layer + (layer == layerCount - 1 ? " (output)" : " (hidden)");
    if (tensor == null) {
      throw new ModelFormatException(file, "tensor " + name + " of " + layerName + " is missing",
          "the weights do not match " + CONFIG_FILE);
    }
    if (!java.util.Arrays.equals(tensor.shape(), expectedShape)) {
      throw new ModelFormatException(file, layerName + " tensor " + name + " has shape "
          + SafeTensors.shapeText(tensor.shape()) + " but " + CONFIG_FILE + " expects "
          + SafeTensors.shapeText(expectedShape), "the weights belong to another architecture");
    }
    for (int i = 0; i < tensor.values().length; i++) {
      if (!Float.isFinite(tensor.values()[i])) {
        throw new ModelFormatException(file, layerName + " tensor " + name + " has non-finite value "
            + tensor.values()[i] + " at element " + i, "the model is corrupt; retrain it");
      }
    }
    return tensor.values();
  }

  static String weightName(int layer) {
    return "layers." + layer + ".weight";
  }

  static String biasName(int layer) {
    return "layers." + layer + ".bias";
  }

  private static Matrix transpose(Matrix source) {
    Matrix result = new Matrix(source.cols(), source.rows());
    transposeInto(source.data(), source.rows(), source.cols(), result);
    return result;
  }

  /** Writes the transpose of {@code rows × cols} values into {@code target} (cols × rows). */
  private static void transposeInto(float[] values, int rows, int cols, Matrix target) {
    float[] out = target.data();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = values[r * cols + c];
      }
    }
  }
}
