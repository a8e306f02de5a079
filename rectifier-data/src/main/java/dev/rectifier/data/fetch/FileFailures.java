package dev.rectifier.data.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Per-file failures of one source, collected so that one bad file does not stop the others. */
final class FileFailures {
  private final List<IOException> failures = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();

  /** Adds a failure whose message names the file. */
  void add(IOException failure) {
    failures.add(failure);
    messages.add(describe(failure));
  }

  /**
   * Returns the exception's message. When it has none, as {@code HttpClient}'s
   * {@code ConnectException} often does, returns its class name and the first message found
   * among its causes.
   */
  static String describe(IOException failure) {
    String message = failure.getMessage();
    if (message != null && !message.isBlank()) {
      return message;
    }
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return failure.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** Throws one exception listing every failure, if there were any. */
  void throwIfAny() throws IOException {
    if (failures.isEmpty()) {
      return;
    }
    IOException combined = new IOException(String.join("; ", messages));
    failures.forEach(combined::addSuppressed);
    throw combined;
  }
}
