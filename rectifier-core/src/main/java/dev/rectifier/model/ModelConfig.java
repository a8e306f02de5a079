package dev.rectifier.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rectifier.nn.Activation;
import dev.rectifier.nn.NetworkSpec;
import dev.rectifier.nn.OutputLoss;
import dev.rectifier.nn.WeightInit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON configuration of a model directory: format version, architecture and run settings.
 * Reading is strict: every architecture field must be present with the right type, and the
 * {@code architecture} summary must agree with the fields, so an edited file cannot silently load
 * as another network.
 */
final class ModelConfig {
  static final int FORMAT_VERSION = 1;
  private static final String HINT = "fix the field or save the model again";

  private ModelConfig() {}

  /** Returns the configuration of {@code spec} with {@code settings} under {@code "settings"}. */
  static ObjectNode toJson(ObjectMapper json, NetworkSpec spec, Map<String, ?> settings) {
    ObjectNode root = json.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("architecture", spec.describe());
    root.put("inputSize", spec.inputSize());
    var hidden = root.putArray("hiddenSizes");
    spec.hiddenSizes().forEach(hidden::add);
    root.put("unit", spec.activation().spec());
    root.put("halfNegated", spec.halfNegated());
    root.put("outputSize", spec.outputSize());
    root.put("outputLoss", spec.outputLoss().spec());
    root.put("weightInit", spec.weightInit().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    root.set("settings", json.valueToTree(settings));
    return root;
  }

  /** Parses the text of {@code file} into a JSON object, naming line and column on a syntax error. */
  static JsonNode parse(ObjectMapper json, Path file, String text) throws ModelFormatException {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new ModelFormatException(file, "invalid JSON" + where + ": " + e.getOriginalMessage(), HINT);
    }
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(file, "expected a JSON object with the model's architecture", HINT);
    }
    return root;
  }

  /** Reads the architecture from a parsed configuration. */
  static NetworkSpec spec(Path file, JsonNode root) throws ModelFormatException {
    int version = integer(file, root, "formatVersion");
    if (version != FORMAT_VERSION) {
      throw new ModelFormatException(file, "formatVersion is " + version + ", expected " + FORMAT_VERSION,
          "the model was written by another Rectifier version");
    }
    NetworkSpec spec;
    try {
      spec = new NetworkSpec(integer(file, root, "inputSize"), integers(file, root, "hiddenSizes"),
          Activation.parse(text(file, root, "unit")), bool(file, root, "halfNegated"),
          integer(file, root, "outputSize"),
          WeightInit.valueOf(text(file, root, "weightInit").toUpperCase(Locale.ROOT).replace('-', '_')),
          OutputLoss.parse(text(file, root, "outputLoss")));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file, "invalid architecture: " + e.getMessage(), HINT);
    }
    String architecture = text(file, root, "architecture");
    if (!architecture.equals(spec.describe())) {
      throw new ModelFormatException(file, "field 'architecture' is " + architecture + " but the other fields describe "
          + spec.describe(), HINT);
    }
    return spec;
  }

  private static JsonNode field(Path file, JsonNode root, String name) throws ModelFormatException {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      throw new ModelFormatException(file, "missing field '" + name + "'", HINT);
    }
    return node;
  }

  private static int integer(Path file, JsonNode root, String name) throws ModelFormatException {
    JsonNode node = field(file, root, name);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new ModelFormatException(file, "field '" + name + "' must be an integer, got " + node, HINT);
    }
    return node.intValue();
  }

  private static List<Integer> integers(Path file, JsonNode root, String name) throws ModelFormatException {
    JsonNode node = field(file, root, name);
    List<Integer> values = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!element.isIntegralNumber() || !element.canConvertToInt()) {
          break;
        }
        values.add(element.intValue());
      }
    }
    if (!node.isArray() || values.size() != node.size()) {
      throw new ModelFormatException(file, "field '" + name + "' must be an array of integers, got " + node, HINT);
    }
    return values;
  }

  private static String text(Path file, JsonNode root, String name) throws ModelFormatException {
    JsonNode node = field(file, root, name);
    if (!node.isTextual()) {
      throw new ModelFormatException(file, "field '" + name + "' must be a string, got " + node, HINT);
    }
    return node.textValue();
  }

  private static boolean bool(Path file, JsonNode root, String name) throws ModelFormatException {
    JsonNode node = field(file, root, name);
    if (!node.isBoolean()) {
      throw new ModelFormatException(file, "field '" + name + "' must be true or false, got " + node, HINT);
    }
    return node.booleanValue();
  }
}
