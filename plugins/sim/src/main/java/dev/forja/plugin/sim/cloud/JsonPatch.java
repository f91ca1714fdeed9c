package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch over Jackson trees: add, remove, replace, move, copy and test. */
final class JsonPatch {
  private JsonPatch() {}

  /** Thrown for a malformed patch or one that does not apply to the document. */
  static final class PatchException extends Exception {
    private static final long serialVersionUID = 1L;

    PatchException(String message) {
      super(message);
    }
  }

  /** Checks that {@code patch} is an array of well-formed operations. */
  static void validate(JsonNode patch) throws PatchException {
    if (patch == null || !patch.isArray()) {
      throw new PatchException("a patch document is a JSON array of operations");
    }
    for (JsonNode op : patch) {
      String name = op.path("op").asText("");
      if (!op.path("path").isTextual()) {
        throw new PatchException("patch operation without a path: " + op);
      }
      pointer(op.get("path").asText());
      switch (name) {
        case "add", "replace", "test" -> {
          if (!op.has("value")) {
            throw new PatchException(name + " without a value: " + op);
          }
        }
        case "move", "copy" -> {
          if (!op.path("from").isTextual()) {
            throw new PatchException(name + " without from: " + op);
          }
          pointer(op.get("from").asText());
        }
        case "remove" -> {}
        default -> throw new PatchException("unknown patch operation: " + op);
      }
    }
  }

  /** {@code document} with {@code patch} applied; {@code document} itself is left unchanged. */
  static ObjectNode apply(ObjectNode document, JsonNode patch) throws PatchException {
    validate(patch);
    ObjectNode doc = document.deepCopy();
    for (JsonNode op : patch) {
      List<String> path = pointer(op.get("path").asText());
      switch (op.get("op").asText()) {
        case "add" -> add(doc, path, op.get("value").deepCopy());
        case "remove" -> remove(doc, path);
        case "replace" -> {
          remove(doc, path);
          add(doc, path, op.get("value").deepCopy());
        }
        case "move" -> {
          List<String> from = pointer(op.get("from").asText());
          JsonNode v = get(doc, from);
          remove(doc, from);
          add(doc, path, v);
        }
        case "copy" -> add(doc, path, get(doc, pointer(op.get("from").asText())).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(op.get("value"))) {
            throw new PatchException("test failed at " + op.get("path").asText());
          }
        }
        default -> throw new PatchException("unknown patch operation: " + op);
      }
    }
    return doc;
  }

  /** The reference tokens of an RFC 6901 pointer. */
  static List<String> pointer(String p) throws PatchException {
    if (p.isEmpty()) {
      throw new PatchException("a patch may not replace the whole document");
    }
    if (p.charAt(0) != '/') {
      throw new PatchException("a JSON pointer starts with '/': " + p);
    }
    List<String> tokens = new ArrayList<>();
    for (String t : p.substring(1).split("/", -1)) {
      tokens.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode get(JsonNode doc, List<String> path) throws PatchException {
    JsonNode n = doc;
    for (String t : path) {
      n = child(n, t);
      if (n == null) {
        throw new PatchException("no value at /" + String.join("/", path));
      }
    }
    return n;
  }

  private static JsonNode child(JsonNode n, String token) {
    if (n.isObject()) {
      return n.get(token);
    }
    if (n.isArray()) {
      int i = index(token, n.size() - 1);
      return i < 0 ? null : n.get(i);
    }
    return null;
  }

  private static ContainerNode<?> parent(JsonNode doc, List<String> path) throws PatchException {
    JsonNode p = get(doc, path.subList(0, path.size() - 1));
    if (!p.isContainerNode()) {
      throw new PatchException("not an object or array: /" + String.join("/", path));
    }
    return (ContainerNode<?>) p;
  }

  private static void add(JsonNode doc, List<String> path, JsonNode value) throws PatchException {
    ContainerNode<?> p = parent(doc, path);
    String last = path.get(path.size() - 1);
    if (p instanceof ObjectNode o) {
      o.set(last, value);
      return;
    }
    ArrayNode a = (ArrayNode) p;
    if (last.equals("-")) {
      a.add(value);
      return;
    }
    int i = index(last, a.size());
    if (i < 0) {
      throw new PatchException("array index out of range: /" + String.join("/", path));
    }
    a.insert(i, value);
  }

  private static void remove(JsonNode doc, List<String> path) throws PatchException {
    ContainerNode<?> p = parent(doc, path);
    String last = path.get(path.size() - 1);
    if (p instanceof ObjectNode o) {
      if (o.remove(last) == null) {
        throw new PatchException("no value at /" + String.join("/", path));
      }
      return;
    }
    ArrayNode a = (ArrayNode) p;
    int i = index(last, a.size() - 1);
    if (i < 0) {
      throw new PatchException("array index out of range: /" + String.join("/", path));
    }
    a.remove(i);
  }

  /** The array index a token names, at most {@code max}, or -1. */
  private static int index(String token, int max) {
    if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return -1;
      }
    }
    int i = Integer.parseInt(token);
    return i <= max ? i : -1;
  }
}
