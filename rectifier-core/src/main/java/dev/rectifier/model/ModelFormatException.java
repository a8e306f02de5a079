package dev.rectifier.model;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a model file is truncated, malformed or does not match its configuration. */
public final class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code file}, with what is wrong and what to do. */
  public ModelFormatException(Path file, String problem, String hint) {
    super(file + ": " + problem + (hint.isEmpty() ? "" : "; " + hint));
  }
}
