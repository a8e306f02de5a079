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
 * {@value #SUMMARY_FILE} (written at the end, also after an interruption or divergence).
 */
final class RunDirectory {
  static final String CONFIG_FILE = "config.json";
  static final String METRICS_FILE = "metrics.jsonl";
  static final String MODEL_DIRECTORY = "model";
  static final String SUMMARY_FILE = "summary.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /** Returns {@code runs/YYYYMMDD-HHMMSS-DATASET} under the working directory. */
  static Path defaultPath(String dataset) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", stamp + "-" + dataset);
  }

  /** Creates the directory; an existing non-empty one is rejected so no earlier run is overwritten. */
  static RunDirectory create(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (var entries = Files.list(path)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("run directory " + path + " already exists and is not empty;"
              + " choose another --out so that the earlier run is kept");
        }
      }
    }
    Files.createDirectories(path);
    return new RunDirectory(path);
  }

  Path path() {
    return path;
  }

  Path modelDirectory() {
    return path.resolve(MODEL_DIRECTORY);
  }

  void writeConfig(Map<String, Object> configuration) throws IOException {
    writeJson(CONFIG_FILE, configuration);
  }

  void writeSummary(Map<String, Object> summary) throws IOException {
    writeJson(SUMMARY_FILE, summary);
  }

  /** Appends one line to {@value #METRICS_FILE} and forces it to disk. */
  void appendMetrics(Map<String, Object> epochMetrics) throws IOException {
    Path file = path.resolve(METRICS_FILE);
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
