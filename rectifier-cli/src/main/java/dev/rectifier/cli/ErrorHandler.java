package dev.rectifier.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.ParseResult;

/**
 * Turns the expected failures (bad files, bad settings, missing data) into one-line errors with
 * exit code 2 and no stack trace: I/O errors, and argument or state errors that carry a message.
 * Any other exception is a bug, so it keeps its stack trace. Option syntax errors get one line and
 * a pointer to {@code --help} instead of the whole usage text.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult)
      throws Exception {
    Throwable cause = exception instanceof UncheckedIOException unchecked ? unchecked.getCause() : exception;
    boolean userError = cause instanceof IOException
        || ((cause instanceof IllegalArgumentException || cause instanceof IllegalStateException)
            && cause.getMessage() != null);
    if (userError) {
      commandLine.getErr().println("error: " + describe(cause));
      commandLine.getErr().flush();
      return USER_ERROR;
    }
    throw exception;
  }

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    commandLine.getErr().println("error: " + exception.getMessage());
    UnmatchedArgumentException.printSuggestions(exception, commandLine.getErr());
    commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
    commandLine.getErr().flush();
    return USER_ERROR;
  }

  private static String describe(Throwable error) {
    if (error instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": " + (missing.getReason() == null ? "file not found" : missing.getReason());
    }
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }
}
