package dev.rectifier.data.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The data sets known by name. Each call to {@link #entry} creates a fresh entry, configured from
 * the current environment.
 */
public final class DataCatalog {
  /** Environment variable that replaces the default data directory. */
  public static final String DATA_DIR_VARIABLE = "RECTIFIER_DATA_DIR";

  private static final Map<String, Supplier<CatalogEntry>> ENTRIES = new TreeMap<>(Map.of(
      Mnist.NAME, Mnist::entry,
      GeneratedBagOfWords.NAME, GeneratedBagOfWords::entry));

  private DataCatalog() {}

  /**
   * Returns the entry named {@code name}.
   *
   * @throws IllegalArgumentException if no data set has that name; the message lists the known names
   */
  public static CatalogEntry entry(String name) {
    Supplier<CatalogEntry> factory = ENTRIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown data set '" + name + "'; known data sets: " + String.join(", ", names()));
    }
    return factory.get();
  }

  /** Returns the known names in alphabetical order. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /**
   * Returns the directory that contains every data set's cache folder when the user names none:
   * {@value #DATA_DIR_VARIABLE} if set, else {@code ~/.rectifier/data}.
   */
  public static Path defaultDataDirectory() {
    return defaultDataDirectory(System.getenv(), System.getProperty("user.home"));
  }

  static Path defaultDataDirectory(Map<String, String> environment, String userHome) {
    String configured = environment.get(DATA_DIR_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(userHome, ".rectifier", "data");
  }
}
