package dev.rectifier.cli;

import dev.rectifier.data.catalog.CatalogEntry;
import dev.rectifier.data.catalog.DataCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code rectifier} command, which only groups the subcommands. */
@Command(name = "rectifier",
    mixinStandardHelpOptions = true,
    versionProvider = RectifierCommand.Version.class,
    description = "Deep sparse rectifier networks: train and evaluate on the data sets of Glorot,"
        + " Bordes and Bengio (AISTATS 2011).",
    subcommands = {TrainCommand.class, EvaluateCommand.class})
public final class RectifierCommand implements Runnable {
  private final Function<String, CatalogEntry> catalog;

  /** Creates the command with the built-in data-set catalog. */
  public RectifierCommand() {
    this(DataCatalog::entry);
  }

  /** Creates the command with another catalog, such as one of small generated sets in tests. */
  public RectifierCommand(Function<String, CatalogEntry> catalog) {
    this.catalog = catalog;
  }

  /** Returns the catalog entry named {@code name}. */
  CatalogEntry catalogEntry(String name) {
    return catalog.apply(name);
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
        "missing subcommand: use 'rectifier train' or 'rectifier evaluate' (see --help)");
  }

  /** Prints Rectifier's and the JVM's versions. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rectifier " + rectifierVersion(),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }

  /** Returns the project version that Maven wrote into the build, or {@code "unknown"}. */
  static String rectifierVersion() {
    try (InputStream in = RectifierCommand.class.getResourceAsStream("/rectifier-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
