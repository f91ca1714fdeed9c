package dev.forja.plugin.sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the fields of a JSON request body, naming the field in every complaint. */
final class Fields {
  private final ObjectNode body;

  private Fields(ObjectNode body) {
    this.body = body;
  }

  /** The fields of {@code body}, which must be a JSON object. */
  static Fields of(JsonNode body, String what) {
    if (!(body instanceof ObjectNode object)) {
      throw new InvalidField(what, "expected a JSON object but was " + kind(body));
    }
    return new Fields(object);
  }

  /** Refuses fields outside {@code known}, so a misspelt setting is an error, not a no-op. */
  Fields only(Set<String> known) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidField(
          unknown.get(0), "unknown field " + unknown + "; expected some of " + known);
    }
    return this;
  }

  boolean has(String name) {
    JsonNode value = body.get(name);
    return value != null && !value.isNull();
  }

  String text(String name) {
    String value = optionalText(name);
    if (value == null) {
      throw new InvalidField(name, "required");
    }
    return value;
  }

  String optionalText(String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidField(name, "expected a string but was " + kind(value));
    }
    return value.asText();
  }

  boolean bool(String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidField(name, "required (true or false)");
    }
    if (!value.isBoolean()) {
      throw new InvalidField(name, "expected true or false but was " + kind(value));
    }
    return value.asBoolean();
  }

  /** An integer in {@code [min, max]}, or {@code otherwise} when absent. */
  int integer(String name, int min, int max, int otherwise) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidField(name, "expected an integer but was " + kind(value));
    }
    int n = value.asInt();
    if (n < min || n > max) {
      throw new InvalidField(name, "must be between " + min + " and " + max + " but was " + n);
    }
    return n;
  }

  /** A number in {@code [min, max]}, or {@code otherwise} when absent. */
  double number(String name, double min, double max, double otherwise) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isNumber()) {
      throw new InvalidField(name, "expected a number but was " + kind(value));
    }
    double n = value.asDouble();
    if (!(n >= min && n <= max)) {
      throw new InvalidField(name, "must be between " + min + " and " + max + " but was " + n);
    }
    return n;
  }

  /** A nested object, or null when absent. */
  ObjectNode optionalObject(String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw new InvalidField(name, "expected a JSON object but was " + kind(value));
    }
    return object;
  }

  /** A list of strings, empty when absent. */
  List<String> texts(String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InvalidField(name, "expected a list of strings but was " + kind(value));
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new InvalidField(name, "expected a list of strings but it holds " + kind(item));
      }
      texts.add(item.asText());
    }
    return texts;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "the number " + node;
      case BOOLEAN -> node.toString();
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
