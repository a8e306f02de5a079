package dev.rectifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.Network;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.RescaledSoftplus;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.nn.Workspace;
import dev.rectifier.tensor.Matrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void savedModelGivesIdenticalLogits() throws IOException {
    Network original = randomNetwork(new NetworkSpec(6, List.of(5, 4), new Rectifier(), true, 3,
        WeightInit.HE_NORMAL), 71);

    ModelFiles.save(directory, original, Map.of("learningRate", 0.01, "seed", 5));
    ModelFiles.LoadedModel loaded = ModelFiles.load(directory);

    assertThat(loaded.network().spec()).isEqualTo(original.spec());
    assertThat(loaded.settings().path("learningRate").asDouble()).isEqualTo(0.01);
    assertThat(loaded.settings().path("seed").asInt()).isEqualTo(5);
    assertThat(logitBits(loaded.network(), 72)).containsExactly(logitBits(original, 72));
    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(ModelFiles.WEIGHTS_FILE, ModelFiles.CONFIG_FILE);
    }
  }

  @Test
  void rescaledSoftplusSpecSurvivesSave() throws IOException {
    Network original = randomNetwork(new NetworkSpec(3, List.of(4), new RescaledSoftplus(4), false, 2,
        WeightInit.GLOROT_UNIFORM), 73);

    ModelFiles.save(directory, original, Map.of());
    Network loaded = ModelFiles.load(directory).network();

    assertThat(loaded.spec()).isEqualTo(original.spec());
    assertThat(logitBits(loaded, 74)).containsExactly(logitBits(original, 74));
  }

  @Test
  void hiddenSizeMismatchNamesLayerAndShapes() throws IOException {
    saveDefaultModel();
    ObjectNode config = (ObjectNode) JSON.readTree(directory.resolve(ModelFiles.CONFIG_FILE).toFile());
    config.putArray("hiddenSizes").add(7).add(4);
    config.put("architecture", "6-7-4-3");
    JSON.writeValue(directory.resolve(ModelFiles.CONFIG_FILE).toFile(), config);

    // Weights are stored as outputSize × inputSize: layer 0 is [5, 6] but model.json now expects [7, 6].
    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("layer 0 (hidden)")
        .hasMessageContaining("[5, 6]")
        .hasMessageContaining("[7, 6]");
  }

  @Test
  void editedConfigRejectedWithField() throws IOException {
    saveDefaultModel();
    Path configFile = directory.resolve(ModelFiles.CONFIG_FILE);
    String original = Files.readString(configFile);
    record Edit(String field, java.util.function.Consumer<ObjectNode> change, String expected) {}
    List<Edit> edits = List.of(
        new Edit("halfNegated", config -> config.remove("halfNegated"), "missing field 'halfNegated'"),
        new Edit("weightInit", config -> config.remove("weightInit"), "missing field 'weightInit'"),
        new Edit("outputSize", config -> config.put("outputSize", 10.7), "field 'outputSize' must be an integer, got 10.7"),
        new Edit("hiddenSizes", config -> config.put("hiddenSizes", "abc"), "field 'hiddenSizes' must be an array of integers"),
        new Edit("halfNegated", config -> config.put("halfNegated", "yes"), "field 'halfNegated' must be true or false"),
        new Edit("architecture", config -> config.put("architecture", "6-9-3"),
            "field 'architecture' is 6-9-3 but the other fields describe 6-5-4-3"));

    for (Edit edit : edits) {
      ObjectNode config = (ObjectNode) JSON.readTree(original);
      edit.change().accept(config);
      JSON.writeValue(configFile.toFile(), config);

      assertThatThrownBy(() -> ModelFiles.load(directory))
          .as("edited %s", edit.field())
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining(configFile.toString())
          .hasMessageContaining(edit.expected());
    }
    assertThat(edits).hasSize(6);
  }

  @Test
  void invalidConfigJsonNamesLineAndColumn() throws IOException {
    saveDefaultModel();
    Path configFile = directory.resolve(ModelFiles.CONFIG_FILE);
    Files.writeString(configFile, "{\n  \"formatVersion\": 1,\n  \"unit\": \"rect");

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(configFile.toString())
        .hasMessageContaining("invalid JSON at line 3");

    Files.writeString(configFile, "[1, 2]");
    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void truncatedWeightsRejected() throws IOException {
    saveDefaultModel();
    Path weights = directory.resolve(ModelFiles.WEIGHTS_FILE);
    byte[] complete = Files.readAllBytes(weights);
    long headerLength = ByteBuffer.wrap(complete, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int dataStart = (int) (8 + headerLength);
    int[] lengths = {0, 4, 8, 20, dataStart - 1, dataStart, dataStart + 10, complete.length - 1};

    for (int length : lengths) {
      Files.write(weights, Arrays.copyOf(complete, length));

      assertThatThrownBy(() -> ModelFiles.load(directory))
          .as("weights cut to %d of %d bytes", length, complete.length)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void missingTensorRejected() throws IOException {
    saveDefaultModel();
    Path weights = directory.resolve(ModelFiles.WEIGHTS_FILE);
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weights));
    tensors.remove("layers.1.bias");
    SafeTensors.write(weights, tensors, Map.of());

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor layers.1.bias of layer 1 (hidden) is missing");
  }

  @Test
  void extraTensorRejected() throws IOException {
    saveDefaultModel();
    Path weights = directory.resolve(ModelFiles.WEIGHTS_FILE);
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weights));
    tensors.put("layers.3.bias", new SafeTensors.Tensor(new long[] {2}, new float[] {1f, 2f}));
    SafeTensors.write(weights, tensors, Map.of());

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unexpected tensors [layers.3.bias]");
  }

  @Test
  void nonFiniteWeightNotSaved() throws IOException {
    Network network = saveDefaultModel();
    byte[] savedWeights = Files.readAllBytes(directory.resolve(ModelFiles.WEIGHTS_FILE));
    network.layers().get(1).weights().set(2, 3, Float.NaN);

    assertThatThrownBy(() -> ModelFiles.save(directory, network, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layer 1 has non-finite parameters");
    // The model saved before stays as it was.
    assertThat(Files.readAllBytes(directory.resolve(ModelFiles.WEIGHTS_FILE))).isEqualTo(savedWeights);

    network.layers().get(1).weights().set(2, 3, 0f);
    network.layers().get(2).bias().set(0, 1, Float.POSITIVE_INFINITY);
    assertThatThrownBy(() -> ModelFiles.save(directory.resolve("other"), network, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layer 2 has non-finite parameters");
  }

  @Test
  void nonFiniteWeightRejectedOnLoad() throws IOException {
    saveDefaultModel();
    Path weights = directory.resolve(ModelFiles.WEIGHTS_FILE);
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weights));
    tensors.get("layers.0.weight").values()[7] = Float.NaN;
    SafeTensors.write(weights, tensors, Map.of());

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("layers.0.weight has non-finite value NaN at element 7");
  }

  @Test
  void headerLongerThanFileRejected() throws IOException {
    saveDefaultModel();
    Path weights = directory.resolve(ModelFiles.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    long tooLong = bytes.length;
    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(tooLong);
    Files.write(weights, bytes);

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("header length " + tooLong)
        .hasMessageContaining("file of " + bytes.length + " bytes");

    // All 64 bits set: the unsigned length 2⁶⁴ − 1 must not be read as −1.
    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
    Files.write(weights, bytes);
    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("header length 18446744073709551615");
  }

  @Test
  void halfPrecisionTensorRejected() throws IOException {
    Path file = directory.resolve("half.safetensors");
    String header = "{\"weight\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
    writeSafeTensors(file, header, new byte[] {0x00, 0x3C, 0x00, 0x40});

    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor weight has dtype 'F16'")
        .hasMessageContaining("F32");
  }

  @Test
  void handWrittenFloatTensorReads() throws IOException {
    Path file = directory.resolve("small.safetensors");
    String header = "{\"__metadata__\":{\"note\":\"hand written\"},"
        + "\"weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    writeSafeTensors(file, header, data.array());

    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(file);

    assertThat(tensors).containsOnlyKeys("weight");
    assertThat(tensors.get("weight").shape()).containsExactly(1, 2);
    assertThat(tensors.get("weight").values()).containsExactly(1.5f, -2f);
  }

  @Test
  void missingConfigRejected() throws IOException {
    saveDefaultModel();
    Files.delete(directory.resolve(ModelFiles.CONFIG_FILE));

    assertThatThrownBy(() -> ModelFiles.load(directory))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(ModelFiles.CONFIG_FILE);
  }

  private Network saveDefaultModel() throws IOException {
    Network network = randomNetwork(new NetworkSpec(6, List.of(5, 4), new Rectifier(), false, 3,
        WeightInit.GLOROT_UNIFORM), 75);
    ModelFiles.save(directory, network, Map.of());
    return network;
  }

  /** Writes the 8-byte little-endian header length, the header and the data section. */
  private static void writeSafeTensors(Path file, String header, byte[] data) throws IOException {
    byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes = ByteBuffer.allocate(8 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(headerBytes.length).put(headerBytes).put(data);
    Files.write(file, bytes.array());
  }

  /** Draws every weight and bias, including those that {@link Network#initialize} sets to 0. */
  private static Network randomNetwork(NetworkSpec spec, long seed) {
    Network network = new Network(spec);
    SplittableRandom random = new SplittableRandom(seed);
    for (DenseLayer layer : network.layers()) {
      fillGaussian(layer.weights(), random);
      fillGaussian(layer.bias(), random);
    }
    return network;
  }

  private static void fillGaussian(Matrix matrix, SplittableRandom random) {
    for (int i = 0; i < matrix.data().length; i++) {
      matrix.data()[i] = (float) random.nextGaussian();
    }
  }

  /** Returns the raw bits of the logits for 16 random inputs drawn from {@code seed}. */
  private static int[] logitBits(Network network, long seed) {
    int batchSize = 16;
    SplittableRandom random = new SplittableRandom(seed);
    Matrix input = new Matrix(batchSize, network.spec().inputSize());
    fillGaussian(input, random);
    Workspace workspace = network.workspace(batchSize);
    try (Kernels kernels = new ReferenceKernels()) {
      network.forward(kernels, input, workspace);
    }
    float[] logits = workspace.outputs().data();
    int[] bits = new int[logits.length];
    for (int i = 0; i < logits.length; i++) {
      bits[i] = Float.floatToIntBits(logits[i]);
    }
    return bits;
  }
}
