package dev.rectifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The folder a training run writes: {@value #CONFIG_FILE} (resolved settings, written first),
 * {@value #METRICS_FILE} (one JSON object per epoch, flushed as each epoch ends),
 * {@value #MODEL_DIRECTORY}/ (the best-validation model, saved whenever it improves) and
 * {@value #SUMMARY_FILE} (written at the end, also after an interruption or divergence). A run
 * with pre-training also writes {@value #PRETRAIN_METRICS_FILE} (one JSON object per layer and
 * epoch) and {@value #PRETRAINED_DIRECTORY}/ (the network after each finished layer, before
 * fine-tuning).
 */
final class RunDirectory {
  static final String CONFIG_FILE = "config.json";
  static final String METRICS_FILE = "metrics.jsonl";
  static final String MODEL_DIRECTORY = "model";
  static final String SUMMARY_FILE = "summary.json";
  static final String PRETRAIN_METRICS_FILE = "pretrain.jsonl";
  static final String PRETRAINED_DIRECTORY = "pretrained";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /**
   * Checks, before any work starts, that {@code path} can become a run directory: it is not
   * empty text, not a file, and not a directory with files in it, so no earlier run is
   * overwritten.
   */
  static void checkUsable(Path path) throws IOException {
    if (path.toString().isBlank()) {
      throw new IllegalArgumentException("--out must name a folder, got an empty value");
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException("--out " + path + " is a file, not a directory; choose a new folder");
    }
    if (Files.isDirectory(path)) {
      try (var entries = Files.list(path)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("run directory " + path + " already exists and is not empty;"
              + " choose another --out so that the earlier run is kept");
        }
      }
    }
  }

  /** Creates the run directory {@code path} given with --out, which {@link #checkUsable} accepts. */
  static RunDirectory create(Path path) throws IOException {
    checkUsable(path);
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new IOException("cannot create run directory " + path + " (--out): " + reason(e)
          + "; choose a folder you can write to", e);
    }
    return new RunDirectory(path);
  }

  /**
   * Creates a new directory {@code runs/YYYYMMDD-HHMMSS-DATASET} under the working directory,
   * adding {@code -2}, {@code -3} … when runs started in the same second, so that concurrent
   * runs never share a directory.
   */
  static RunDirectory createUnder(Path parent, String dataset) throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    try {
      Files.createDirectories(parent);
      for (int attempt = 1; ; attempt++) {
        Path candidate = parent.resolve(stamp + "-" + dataset + (attempt == 1 ? "" : "-" + attempt));
        try {
          return new RunDirectory(Files.createDirectory(candidate));
        } catch (java.nio.file.FileAlreadyExistsException taken) {
          // Another run took this name in the same second; try the next suffix.
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot create a run directory under " + parent.toAbsolutePath() + ": " + reason(e)
          + "; run from a folder you can write to, or choose one with --out", e);
    }
  }

  /** Returns the reason of a file-system failure without repeating its path. */
  static String reason(IOException error) {
    if (error instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    if (error instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (error instanceof java.nio.file.NoSuchFileException) {
      return "a parent folder does not exist and cannot be created";
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  Path path() {
    return path;
  }

  Path modelDirectory() {
    return path.resolve(MODEL_DIRECTORY);
  }

  Path pretrainedDirectory() {
    return path.resolve(PRETRAINED_DIRECTORY);
  }

  void writeConfig(Map<String, Object> configuration) throws IOException {
    writeJson(CONFIG_FILE, configuration);
  }

  void writeSummary(Map<String, Object> summary) throws IOException {
    writeJson(SUMMARY_FILE, summary);
  }

  /** Appends one line to {@value #METRICS_FILE}. */
  void appendMetrics(Map<String, Object> epochMetrics) throws IOException {
    appendLine(METRICS_FILE, epochMetrics);
  }

  /** Appends one line to {@value #PRETRAIN_METRICS_FILE}. */
  void appendPretrainMetrics(Map<String, Object> epochMetrics) throws IOException {
    appendLine(PRETRAIN_METRICS_FILE, epochMetrics);
  }

  private void appendLine(String name, Map<String, Object> epochMetrics) throws IOException {
    Path file = path.resolve(name);
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      writer.write(JSON_LINE.writeValueAsString(epochMetrics));
      writer.newLine();
    }
  }

  /** Writes through a temporary file and a rename, so a reader never sees half a file. */
  private void writeJson(String name, Map<String, Object> content) throws IOException {
    Path temp = path.resolve(name + ".tmp");
    JSON.writeValue(temp.toFile(), content);
    Files.move(temp, path.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
