package dev.rectifier.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTP server on 127.0.0.1 with a free port, serving fixed bodies by path. Unknown paths get 404.
 * A body registered with {@link #serveTruncated} is announced in full but cut off halfway.
 */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, byte[]> truncatedBodies = new ConcurrentHashMap<>();
  final List<String> requestedPaths = new CopyOnWriteArrayList<>();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Returns the URI of folder {@code path}, for example {@code http://127.0.0.1:12345/mnist/}. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void serve(String path, byte[] body) {
    bodies.put(path, body);
  }

  void remove(String path) {
    bodies.remove(path);
  }

  void serveTruncated(String path, byte[] body) {
    truncatedBodies.put(path, body);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requestedPaths.add(path);
    try (exchange) {
      byte[] body = bodies.get(path);
      byte[] truncated = truncatedBodies.get(path);
      if (body != null) {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else if (truncated != null) {
        exchange.sendResponseHeaders(200, truncated.length);
        OutputStream out = exchange.getResponseBody();
        out.write(truncated, 0, truncated.length / 2);
        out.flush();
        // Stopping the server closes the connection before the announced length, like a dropped
        // download.
        exchange.getHttpContext().getServer().stop(0);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
