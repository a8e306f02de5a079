package dev.rectifier.data.fetch;

import dev.rectifier.data.Gzip;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP(S) server that serves each file gzip-compressed as {@code <baseUri><name>.gz}, as the
 * official MNIST distribution does. A response that is not gzip-compressed is used as it is.
 *
 * <p>NOTE: {@code timeout} bounds connecting and the wait for the response headers; a server
 * that stalls in the middle of the body is not timed out.
 */
public final class HttpGzipSource implements FileSource {
  private static final Logger log = LoggerFactory.getLogger(HttpGzipSource.class);

  private final String description;
  private final URI baseUri;
  private final Duration timeout;

  /**
   * Creates a source.
   *
   * @param description name for logs and errors, for example {@code "official distribution"}
   * @param baseUri http or https URI of the folder; a missing final slash is added
   * @param timeout limit for connecting and for receiving the response headers of each file
   * @throws IllegalArgumentException if {@code baseUri} is not an absolute http or https URI
   */
  public HttpGzipSource(String description, URI baseUri, Duration timeout) {
    String scheme = baseUri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "base URL must start with http:// or https://, got '" + baseUri + "'");
    }
    this.description = description;
    this.baseUri = baseUri.toString().endsWith("/") ? baseUri : URI.create(baseUri + "/");
    this.timeout = timeout;
  }

  /** Returns the folder URI that file names are resolved against, ending in a slash. */
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void fetch(Path directory, List<ExpectedFile> files, FileSink sink) throws IOException {
    FileFailures failures = new FileFailures();
    try (HttpClient client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build()) {
      for (ExpectedFile file : files) {
        URI uri = baseUri.resolve(file.name() + ".gz");
        try {
          download(client, uri, file, sink);
        } catch (InterruptedIOException e) {
          throw e;
        } catch (ConnectException | HttpTimeoutException e) {
          // The server is unreachable or not responding, so the other files would fail the same way.
          failures.add(new IOException("GET " + uri + " failed: " + FileFailures.describe(e), e));
          break;
        } catch (IOException e) {
          failures.add(new IOException("GET " + uri + " failed: " + FileFailures.describe(e), e));
        }
      }
    }
    failures.throwIfAny();
  }

  private void download(HttpClient client, URI uri, ExpectedFile file, FileSink sink)
      throws IOException {
    log.info("Downloading {}", uri);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<InputStream> response = send(client, request);
    long contentLength = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (CountingBody body = new CountingBody(response.body(), contentLength);
        BufferedInputStream buffered = new BufferedInputStream(body, Gzip.BUFFER_BYTES)) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP status " + response.statusCode());
      }
      try (InputStream content = Gzip.decompressIfGzip(buffered)) {
        sink.store(file, content);
      }
      log.info("Downloaded {}: {} bytes", uri, body.received);
    }
  }

  /** Response body that counts the bytes received and reports the count when reading fails. */
  private static final class CountingBody extends FilterInputStream {
    private final long contentLength;
    private long received;

    CountingBody(InputStream body, long contentLength) {
      super(body);
      this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        int count = super.read(buffer, offset, length);
        received += Math.max(count, 0);
        return count;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        String expected = contentLength >= 0 ? " of " + contentLength : "";
        throw new IOException("the download stopped after " + received + expected + " bytes ("
            + FileFailures.describe(e) + ")", e);
      }
    }
  }

  private static HttpResponse<InputStream> send(HttpClient client, HttpRequest request)
      throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + request.uri());
    }
  }
}
