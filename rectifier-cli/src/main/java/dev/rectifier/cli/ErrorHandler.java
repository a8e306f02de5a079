package dev.rectifier.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the expected failures (bad files, bad settings, missing data) into one-line errors with
 * exit code 2 and no stack trace. Any other exception is a bug, so it keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult)
      throws Exception {
    Throwable cause = exception instanceof UncheckedIOException unchecked ? unchecked.getCause() : exception;
    if (cause instanceof IOException || cause instanceof IllegalArgumentException
        || cause instanceof IllegalStateException) {
      commandLine.getErr().println("error: " + describe(cause));
      commandLine.getErr().flush();
      return USER_ERROR;
    }
    throw exception;
  }

  private static String describe(Throwable error) {
    if (error instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": " + (missing.getReason() == null ? "file not found" : missing.getReason());
    }
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }
}
