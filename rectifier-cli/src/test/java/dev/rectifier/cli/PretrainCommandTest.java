package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.WeightInit;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private final CommandRunner command = new CommandRunner();
  private final StringWriter out = command.out;
  private final StringWriter err = command.err;

  private int run(String... args) {
    return command.run(args);
  }

  private String[] pretrainArgs(Path runDirectory, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", GeneratedCatalog.NAME,
        "--hidden", "16,8", "--epochs", "3", "--lr", "0.05", "--pretrain-epochs", "3", "--pretrain-lr", "0.01",
        "--threads", "1", "--out", runDirectory.toString(), "--no-progress"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void pretrainingWritesCurvesAndLayers() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(Files.readAllLines(runDirectory.resolve("pretrain.jsonl"))).hasSize(6);
    assertThat(runDirectory.resolve("pretrained/model.safetensors")).isRegularFile();
    assertThat(runDirectory.resolve("model/model.safetensors")).isRegularFile();
    byte[] plot = Files.readAllBytes(runDirectory.resolve("pretrain-curves.png"));
    assertThat(java.util.Arrays.copyOf(plot, 4)).containsExactly(0x89, 'P', 'N', 'G');
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("completed");
    assertThat(summary.path("pretrainedLayers").asInt()).isEqualTo(2);
    JsonNode curves = summary.path("pretrainReconstructionError");
    assertThat(curves).hasSize(2);
    for (int layer = 0; layer < 2; layer++) {
      JsonNode curve = curves.get(layer);
      assertThat(curve).as("layer %d", layer + 1).hasSize(3);
      assertThat(curve.get(2).asDouble()).as("layer %d last epoch", layer + 1).isLessThan(curve.get(0).asDouble());
    }
    assertThat(summary.path("pretrainValidationReconstructionError")).hasSize(2);
    assertThat(summary.path("pretrainInputScaling")).hasSize(2);
    JsonNode config = JSON.readTree(runDirectory.resolve("config.json").toFile());
    assertThat(config.path("pretraining").path("reconstruction").asText()).isEqualTo("softplus");
    assertThat(config.path("pretraining").path("paperStrategy").asInt()).isEqualTo(1);
    assertThat(config.path("pretraining").path("tied").asBoolean()).isTrue();
    assertThat(out.toString()).contains("pretrain layer 1/2 epoch 1/3", "pretrain layer 2/2 done",
        "fine-tuning every layer", "epoch 3/3");
  }

  @Test
  void scaledSigmoidRecordsScaling() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory, "--reconstruction", "2", "--untied"));

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    JsonNode scalings = summary.path("pretrainInputScaling");
    assertThat(scalings).hasSize(2);
    assertThat(scalings.get(0).path("scale").asDouble()).isGreaterThan(1.0);
    assertThat(scalings.get(1).path("offset").asDouble()).isZero();
    JsonNode config = JSON.readTree(runDirectory.resolve("config.json").toFile());
    assertThat(config.path("pretraining").path("cost").asText()).isEqualTo("cross-entropy");
    assertThat(config.path("pretraining").path("tied").asBoolean()).isFalse();
  }

  @Test
  void labelledSubsetIsStratified() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory, "--labelled", "30"));

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("labelledExamples").asInt()).isEqualTo(30);
    JsonNode config = JSON.readTree(runDirectory.resolve("config.json").toFile());
    assertThat(config.path("labelled").path("perClass").toString()).isEqualTo("[10,10,10]");
    assertThat(out.toString()).contains("300 train (30 labelled)");
  }

  @Test
  void labelledFractionWithoutPretraining() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run("train", "--dataset", GeneratedCatalog.NAME, "--hidden", "16", "--epochs", "2",
        "--labelled", "0.1", "--threads", "1", "--out", runDirectory.toString(), "--no-progress");

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("labelledExamples").asInt()).isEqualTo(30);
    assertThat(summary.has("pretrainReconstructionError")).isFalse();
    assertThat(runDirectory.resolve("pretrain.jsonl")).doesNotExist();
  }

  @Test
  void invalidPretrainingSettingsNamed() {
    assertThat(run(pretrainArgs(temp.resolve("a"), "--noise", "1.5"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--noise 1.5 is outside [0, 1]");

    assertThat(run(pretrainArgs(temp.resolve("b"), "--reconstruction", "7"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("unknown reconstruction '7'");

    assertThat(run(pretrainArgs(temp.resolve("c"), "--noise-kind", "gaussian"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("unknown --noise-kind 'gaussian'");

    assertThat(run(pretrainArgs(temp.resolve("d"), "--labelled", "0"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("labelled count 0 is outside [1, 300]");

    assertThat(run(pretrainArgs(temp.resolve("e"), "--labelled", "2.5"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("labelled fraction 2.5 is outside (0, 1]");

    assertThat(run(pretrainArgs(temp.resolve("f"), "--unit", "tanh", "--reconstruction", "1")))
        .isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("cannot reconstruct the negative outputs of tanh units");

    assertThat(run(pretrainArgs(temp.resolve("g"), "--pretrain-epochs", "-1"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--pretrain-epochs must be 0 (off) or more, got -1");

    assertThat(run(pretrainArgs(temp.resolve("h"), "--pretrain-lr", "0"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--pretrain-lr must be finite and > 0, got 0.0");

    assertThat(run(pretrainArgs(temp.resolve("i"), "--pretrain-l1", "-1"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--pretrain-l1 must be finite and >= 0, got -1.0");

    assertThat(run(pretrainArgs(temp.resolve("j"), "--pretrain-batch-size", "0"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--pretrain-batch-size must be at least 1, got 0");

    assertThat(run(pretrainArgs(temp.resolve("k"), "--pretrain-epochs", "0", "--noise", "2")))
        .isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--noise 2.0 is outside [0, 1]");

    for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")) {
      assertThat(temp.resolve(name)).as("run directory %s", name).doesNotExist();
    }
  }

  @Test
  void divergingPretrainingKeepsNoNanModel() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory, "--pretrain-lr", "1e30"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("pre-training hidden layer 1", "smaller pre-training learning rate");
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("diverged");
    assertThat(runDirectory.resolve("model")).doesNotExist();
    assertThat(runDirectory.resolve("pretrained")).doesNotExist();
  }

  @Test
  void tanhNetworkUsesMinMaxReconstruction() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory, "--unit", "tanh", "--half-negated"));

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode config = JSON.readTree(runDirectory.resolve("config.json").toFile());
    assertThat(config.path("pretraining").path("reconstruction").asText()).isEqualTo("min-max-sigmoid");
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("pretrainInputScaling").get(1).path("offset").asDouble()).isLessThan(0.0);
  }

  @Test
  void startFromResumesAboveFinishedLayers() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    List<String> firstCurves = Files.readAllLines(first.resolve("pretrain.jsonl"));
    // Pretend that the first run was interrupted after its first layer.
    Path model = first.resolve("pretrained/model.json");
    JsonNode config = JSON.readTree(model.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("settings")).put("pretrainedLayers", 1);
    JSON.writeValue(model.toFile(), config);
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.resolve("pretrained").toString()));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("Continuing pre-training above the first pre-trained layer, from",
        "Starting from the parameters of " + first.resolve("pretrained") + " (1 of 2 hidden layers pre-trained)");

    List<String> secondCurves = Files.readAllLines(second.resolve("pretrain.jsonl"));
    assertThat(secondCurves).hasSize(3);
    for (int epoch = 0; epoch < 3; epoch++) {
      JsonNode resumed = JSON.readTree(secondCurves.get(epoch));
      JsonNode original = JSON.readTree(firstCurves.get(3 + epoch));
      assertThat(resumed.path("layer").asInt()).isEqualTo(2);
      assertThat(resumed.path("reconstructionError").asDouble()).as("epoch %d", epoch + 1)
          .isEqualTo(original.path("reconstructionError").asDouble());
    }
    JsonNode secondConfig = JSON.readTree(second.resolve("config.json").toFile());
    assertThat(secondConfig.path("startFrom").path("pretrainedLayers").asInt()).isEqualTo(1);
  }

  @Test
  void startFromFinishedPretrainingSkipsIt() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.resolve("pretrained").toString()));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("The 2 hidden layers of " + first.resolve("pretrained")
        + " were pre-trained already");
    assertThat(second.resolve("pretrain.jsonl")).doesNotExist();
  }

  @Test
  void startFromOtherArchitectureRejected() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.toString(), "--hidden", "16,16"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("contains a 12-16-8-3 rectifier", "12-16-16-3 rectifier", "--hidden");
  }

  @Test
  void startFromMissingDirectoryNamed() {
    Path missing = temp.resolve("missing");

    int exit = run(pretrainArgs(temp.resolve("run"), "--start-from", missing.toString()));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains(missing.toString(), "--start-from: model directory not found");
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void pretrainingTooLargeForHeapRejected() {
    NetworkSpec spec = new NetworkSpec(12, List.of(16), new Rectifier(), false, 3, WeightInit.GLOROT_UNIFORM);

    assertThatThrownBy(() -> MemoryBudget.requireRoomForPretraining(spec, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pre-training 12-16-3 on 2,147,483,647 examples")
        .hasMessageContaining("-Xmx");
  }

  @Test
  void startFromFineTunedModelRejectedForPretraining() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.resolve("model").toString()));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("contains a model without pre-trained layers",
        "to continue pre-training, give " + first.resolve("pretrained"));
    assertThat(second).doesNotExist();
  }

  @Test
  void startFromRunPrefersPretrainedLayers() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.toString()));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("The 2 hidden layers of " + first.resolve("pretrained"));
  }

  @Test
  void resumeKeepsRecordedScaling() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first, "--reconstruction", "2"))).as("stderr: %s", err).isZero();
    JsonNode firstSummary = JSON.readTree(first.resolve("summary.json").toFile());
    Path model = first.resolve("pretrained/model.json");
    JsonNode config = JSON.readTree(model.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("settings")).put("pretrainedLayers", 1);
    JSON.writeValue(model.toFile(), config);
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--reconstruction", "2", "--start-from", first.resolve("pretrained").toString()));

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode scalings = JSON.readTree(second.resolve("summary.json").toFile()).path("pretrainInputScaling");
    assertThat(scalings.get(0).path("scale").asDouble())
        .isEqualTo(firstSummary.path("pretrainInputScaling").get(0).path("scale").asDouble());
    assertThat(scalings.get(0).path("scale").asDouble()).isGreaterThan(1.0);
  }

  @Test
  void evaluatePretrainedUsesRecordedDataset() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();

    int exit = run("evaluate", "--model", first.resolve("pretrained").toString(), "--threads", "1");

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("output layer of " + first.resolve("pretrained") + " is all zeros",
        "on blobs test set");
  }

  @Test
  void resumedRunSavesStartingLayersFirst() throws IOException {
    Path first = temp.resolve("first");
    assertThat(run(pretrainArgs(first))).as("stderr: %s", err).isZero();
    Path model = first.resolve("pretrained/model.json");
    JsonNode config = JSON.readTree(model.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("settings")).put("pretrainedLayers", 1);
    JSON.writeValue(model.toFile(), config);
    Path second = temp.resolve("second");

    int exit = run(pretrainArgs(second, "--start-from", first.resolve("pretrained").toString(),
        "--pretrain-lr", "1e30"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("pre-training hidden layer 2", "(--pretrain-lr)",
        "the first pre-trained layer is in " + second.resolve("pretrained"));
    JsonNode saved = JSON.readTree(second.resolve("pretrained/model.json").toFile());
    assertThat(saved.path("settings").path("pretrainedLayers").asInt()).isEqualTo(1);
    JsonNode summary = JSON.readTree(second.resolve("summary.json").toFile());
    assertThat(summary.path("note").asText()).contains("the first pre-trained layer is in pretrained/");
  }

  @Test
  void pretrainOnlyWithZeroEpochs() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(pretrainArgs(runDirectory, "--epochs", "0"));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("Pre-training only (--epochs 0)");
    assertThat(runDirectory.resolve("pretrained/model.json")).isRegularFile();
    assertThat(runDirectory.resolve("model")).doesNotExist();
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("completed");
    assertThat(summary.path("pretrainReconstructionError")).hasSize(2);
  }
}
