package dev.rectifier.cli;

import picocli.CommandLine;

/** Entry point of the {@code rectifier} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Builds the command line with Rectifier's error handling, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    return commandLine(new RectifierCommand());
  }

  /** Builds the command line around {@code command}. */
  public static CommandLine commandLine(RectifierCommand command) {
    CommandLine commandLine = new CommandLine(command);
    ErrorHandler errors = new ErrorHandler();
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors);
    // A later option overrides an earlier one, so scripts can append settings to a base command.
    commandLine.setOverwrittenOptionsAllowed(true);
    return commandLine;
  }
}
