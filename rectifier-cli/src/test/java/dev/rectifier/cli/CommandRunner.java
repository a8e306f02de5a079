package dev.rectifier.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code rectifier} command on the generated catalog and keeps what it printed. */
final class CommandRunner {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs the command with {@code args} and returns its exit code. */
  int run(String... args) {
    CommandLine commandLine = Main.commandLine(new RectifierCommand(GeneratedCatalog::entry));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
