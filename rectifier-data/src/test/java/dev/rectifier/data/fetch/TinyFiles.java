package dev.rectifier.data.fetch;

import dev.rectifier.data.idx.IdxFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny data set in the four-file MNIST layout: 6 training and 3 test images of 2 × 2 pixels,
 * labels in [0, 3). Pixel i of each images file is i mod 256, so training image k contains
 * 4k … 4k + 3.
 */
public final class TinyFiles {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private TinyFiles() {}

  /** File contents by name, in the order train images, train labels, test images, test labels. */
  public static Map<String, byte[]> contents() {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    contents.put(TRAIN_IMAGES, IdxFixtures.images(6, 2, 2));
    contents.put(TRAIN_LABELS, IdxFixtures.labels(0, 1, 2, 0, 1, 2));
    contents.put(TEST_IMAGES, IdxFixtures.images(3, 2, 2));
    contents.put(TEST_LABELS, IdxFixtures.labels(2, 1, 0));
    return contents;
  }

  public static byte[] content(String name) {
    return contents().get(name);
  }

  public static ExpectedFile expected(String name) {
    byte[] content = content(name);
    return new ExpectedFile(name, content.length, IdxFixtures.sha256(content));
  }

  public static List<ExpectedFile> expectedFiles() {
    List<ExpectedFile> files = new ArrayList<>();
    contents().keySet().forEach(name -> files.add(expected(name)));
    return files;
  }

  /** Writes all four files into {@code directory}. */
  public static void writeAll(Path directory) throws IOException {
    for (Map.Entry<String, byte[]> file : contents().entrySet()) {
      IdxFixtures.write(directory, file.getKey(), file.getValue());
    }
  }

  /** A source that serves fixed contents by file name and records which files were requested. */
  public static final class MapSource implements FileSource {
    private final String description;
    private final Map<String, byte[]> contents;
    public final List<List<String>> requests = new ArrayList<>();

    public MapSource(String description, Map<String, byte[]> contents) {
      this.description = description;
      this.contents = contents;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException {
      requests.add(files.stream().map(ExpectedFile::name).toList());
      for (ExpectedFile file : files) {
        byte[] content = contents.get(file.name());
        if (content != null) {
          try (InputStream in = new ByteArrayInputStream(content)) {
            sink.store(file, in);
          }
        }
      }
    }
  }

  /** A source that always throws the given failure. */
  public static final class FailingSource implements FileSource {
    private final String description;
    private final IOException failure;

    public FailingSource(String description, IOException failure) {
      this.description = description;
      this.failure = failure;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException {
      throw failure;
    }
  }

  /** A source that fails the test if it is used. */
  public static final class UnusedSource implements FileSource {
    @Override
    public String description() {
      return "source that must not be used";
    }

    @Override
    public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) {
      throw new AssertionError("no file should be fetched, but " + files + " were requested");
    }
  }
}
