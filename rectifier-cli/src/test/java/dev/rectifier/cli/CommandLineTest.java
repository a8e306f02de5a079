package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private final CommandRunner command = new CommandRunner();
  private final StringWriter out = command.out;
  private final StringWriter err = command.err;

  private int run(String... args) {
    return command.run(args);
  }

  private String[] trainArgs(Path runDirectory, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", GeneratedCatalog.NAME,
        "--hidden", "16,16", "--epochs", "4", "--lr", "0.05", "--l1", "0.0001", "--threads", "2",
        "--out", runDirectory.toString(), "--no-progress"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void trainWritesCompleteRunDirectory() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(trainArgs(runDirectory));

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(runDirectory.resolve("config.json")).isRegularFile();
    assertThat(runDirectory.resolve("model/model.json")).isRegularFile();
    assertThat(runDirectory.resolve("model/model.safetensors")).isRegularFile();
    assertThat(Files.readAllLines(runDirectory.resolve("metrics.jsonl"))).hasSize(4);
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("completed");
    assertThat(summary.path("testError").asDouble()).isBetween(0.0, 0.2);
    assertThat(summary.path("hiddenSparsity").asDouble()).isBetween(0.0, 1.0);
    assertThat(summary.path("hiddenSparsityPerLayer")).hasSize(2);
    assertThat(summary.path("deadUnitsPerLayer")).hasSize(2);
    assertThat(summary.path("epochs").asInt()).isEqualTo(4);
    assertThat(summary.path("trainSeconds").asDouble()).isPositive();
    assertThat(summary.path("examplesPerSecond").asDouble()).isPositive();
    assertThat(summary.path("versions").path("java").asText()).isNotEmpty();
    assertThat(summary.path("dataFiles").has("generated")).isTrue();
    assertThat(out.toString()).contains("epoch 4/4", "Test error");
  }

  @Test
  void evaluateReproducesRunTestError() throws IOException {
    Path runDirectory = temp.resolve("run");
    assertThat(run(trainArgs(runDirectory))).as("stderr: %s", err).isZero();
    double trained = JSON.readTree(runDirectory.resolve("summary.json").toFile()).path("testError").asDouble();
    out.getBuffer().setLength(0);

    int exit = run("evaluate", "--model", runDirectory.toString(), "--dataset", GeneratedCatalog.NAME);

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("testError=" + trained);
  }

  @Test
  void sameSeedGivesSameSummary() throws IOException {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    assertThat(run(trainArgs(first, "--seed", "7"))).isZero();
    assertThat(run(trainArgs(second, "--seed", "7", "--threads", "1"))).isZero();

    JsonNode a = JSON.readTree(first.resolve("summary.json").toFile());
    JsonNode b = JSON.readTree(second.resolve("summary.json").toFile());

    assertThat(b.path("testError")).isEqualTo(a.path("testError"));
    assertThat(b.path("trainLossPerEpoch")).isEqualTo(a.path("trainLossPerEpoch"));
    assertThat(Files.readAllBytes(second.resolve("model/model.safetensors")))
        .isEqualTo(Files.readAllBytes(first.resolve("model/model.safetensors")));
  }

  @Test
  void divergingRunStopsWithoutNanModel() throws IOException {
    Path runDirectory = temp.resolve("run");

    int exit = run(trainArgs(runDirectory, "--lr", "3e38"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("non-finite loss", "at epoch 1, batch");
    JsonNode summary = JSON.readTree(runDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("diverged");
    assertThat(runDirectory.resolve("model/model.safetensors")).doesNotExist();
  }

  @Test
  void existingRunDirectoryIsKept() throws IOException {
    Path runDirectory = temp.resolve("run");
    Files.createDirectories(runDirectory);
    Files.writeString(runDirectory.resolve("summary.json"), "{}");

    int exit = run(trainArgs(runDirectory));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains(runDirectory.toString(), "already exists");
    assertThat(Files.readString(runDirectory.resolve("summary.json"))).isEqualTo("{}");
  }

  @Test
  void invalidSettingsNameTheValue() {
    assertThat(run(trainArgs(temp.resolve("a"), "--batch-size", "0"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("batch size must be at least 1, got 0");

    assertThat(run(trainArgs(temp.resolve("b"), "--unit", "relu6"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("unknown unit 'relu6'");

    assertThat(run(trainArgs(temp.resolve("c"), "--dataset", "cifar"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("unknown data set 'cifar'", GeneratedCatalog.NAME);
  }

  @Test
  void evaluateMissingModelSaysWhatIsExpected() {
    int exit = run("evaluate", "--model", temp.resolve("nothing").toString(), "--dataset", GeneratedCatalog.NAME);

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains(temp.resolve("nothing").toString(), "model directory not found");
  }

  @Test
  void evaluateRunWithoutModelExplainsWhy() throws IOException {
    Path emptyRun = Files.createDirectories(temp.resolve("run"));

    int exit = run("evaluate", "--model", emptyRun.toString(), "--dataset", GeneratedCatalog.NAME);

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("no model.json", "model/ folder");
  }

  @Test
  void failedSetupLeavesNoRunDirectory() {
    Path runDirectory = temp.resolve("run");

    assertThat(run(trainArgs(runDirectory, "--dataset", "cifar"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(run(trainArgs(runDirectory, "--kernels", "gpu"))).isEqualTo(ErrorHandler.USER_ERROR);

    assertThat(err.toString()).contains("--kernels: unknown kernel choice 'gpu'");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  void outThatIsFileRejected() throws IOException {
    Path file = Files.writeString(temp.resolve("notes.txt"), "keep me");

    int exit = run(trainArgs(file));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--out " + file + " is a file, not a directory");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void defaultRunDirectoriesNeverShared() throws IOException {
    Path runs = temp.resolve("runs");

    RunDirectory first = RunDirectory.createUnder(runs, "blobs");
    RunDirectory second = RunDirectory.createUnder(runs, "blobs");

    assertThat(second.path()).isNotEqualTo(first.path());
    assertThat(first.path()).isDirectory();
    assertThat(second.path()).isDirectory();
  }

  @Test
  void tooManyThreadsRejected() {
    int processors = Runtime.getRuntime().availableProcessors();

    int exit = run(trainArgs(temp.resolve("run"), "--threads", String.valueOf(processors + 1)));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("--threads must be between 1 and " + processors, "got " + (processors + 1));
  }

  @Test
  void networkTooLargeForHeapRejected() {
    int exit = run(trainArgs(temp.resolve("run"), "--hidden", "2000000000"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("12-2000000000-3", "parameters", "-Xmx");
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void invalidHiddenSizesNamed() {
    assertThat(run(trainArgs(temp.resolve("a"), "--hidden", "100,,50"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("invalid --hidden '100,,50': '' is not a layer size");

    assertThat(run(trainArgs(temp.resolve("b"), "--hidden", "0"))).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("invalid --hidden '0'");
  }

  @Test
  void optionSyntaxErrorIsShort() {
    int exit = run(trainArgs(temp.resolve("run"), "--epochs", "abc"));

    assertThat(exit).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("'abc' is not an int", "Run 'rectifier train --help'");
    assertThat(err.toString()).doesNotContain("Usage:");
  }
}
