package dev.forja.engine.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.forja.engine.model.PropertyPointer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers where each value stood in its source, so that a problem found while
 * mapping it can name a line and column as well as a JSON pointer. Built from Jackson's streaming
 * parser, which knows token locations for JSON and YAML alike.
 */
final class LocatedTree {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String source;
  private final JsonNode root;
  private final Map<String, JsonLocation> locations;

  private LocatedTree(String source, JsonNode root, Map<String, JsonLocation> locations) {
    this.source = source;
    this.root = root;
    this.locations = locations;
  }

  /** Parses {@code text}; syntax errors and duplicate keys go to {@code problems}. */
  static LocatedTree parse(String text, boolean yaml, String source, List<Problem> problems) {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser p = yaml ? YAML.createParser(text) : JSON.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(new Problem(source, "", 0, 0, "the forma is empty"));
        return new LocatedTree(source, null, locations);
      }
      JsonNode root = value(p, "", locations, source, problems);
      if (p.nextToken() != null) {
        JsonLocation l = p.currentTokenLocation();
        problems.add(
            new Problem(
                source,
                "",
                l.getLineNr(),
                l.getColumnNr(),
                "unexpected content after the forma's end"));
      }
      return new LocatedTree(source, root, locations);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      problems.add(
          new Problem(
              source,
              "",
              l == null ? 0 : l.getLineNr(),
              l == null ? 0 : l.getColumnNr(),
              "syntax error: " + e.getOriginalMessage()));
      return new LocatedTree(source, null, locations);
    } catch (IOException e) {
      problems.add(new Problem(source, "", 0, 0, "cannot read: " + e.getMessage()));
      return new LocatedTree(source, null, locations);
    }
  }

  /** A tree with no locations, for input that arrives already parsed. */
  static LocatedTree of(JsonNode root, String source) {
    return new LocatedTree(source, root, Map.of());
  }

  private static JsonNode value(
      JsonParser p,
      String ptr,
      Map<String, JsonLocation> locs,
      String source,
      List<Problem> problems)
      throws IOException {
    locs.put(ptr, p.currentTokenLocation());
    switch (p.currentToken()) {
      case START_OBJECT:
        {
          ObjectNode o = NODES.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String child = ptr + "/" + PropertyPointer.escape(name);
            JsonLocation keyAt = p.currentTokenLocation();
            p.nextToken();
            JsonNode v = value(p, child, locs, source, problems);
            if (o.has(name)) {
              problems.add(
                  new Problem(
                      source,
                      child,
                      keyAt.getLineNr(),
                      keyAt.getColumnNr(),
                      "duplicate key '" + name + "'"));
            }
            o.set(name, v);
          }
          return o;
        }
      case START_ARRAY:
        {
          ArrayNode a = NODES.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(value(p, ptr + "/" + i++, locs, source, problems));
          }
          return a;
        }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return intNode(p);
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "unexpected token " + p.currentToken());
    }
  }

  /** Integers as the narrowest node that holds them, so JSON, YAML and Pkl read alike. */
  private static JsonNode intNode(JsonParser p) throws IOException {
    return switch (p.getNumberType()) {
      case INT -> NODES.numberNode(p.getIntValue());
      case LONG -> NODES.numberNode(p.getLongValue());
      default -> NODES.numberNode(p.getBigIntegerValue());
    };
  }

  JsonNode root() {
    return root;
  }

  /** A problem at {@code pointer}, located at it or at its nearest located ancestor. */
  Problem problem(String pointer, String message) {
    String ptr = pointer;
    while (true) {
      JsonLocation l = locations.get(ptr);
      if (l != null) {
        return new Problem(source, pointer, l.getLineNr(), l.getColumnNr(), message);
      }
      if (ptr.isEmpty()) {
        return new Problem(source, pointer, 0, 0, message);
      }
      ptr = ptr.substring(0, ptr.lastIndexOf('/'));
    }
  }
}
