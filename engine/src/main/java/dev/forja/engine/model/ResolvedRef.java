package dev.forja.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A planned reference: {@code {"$ref": "forja://<KSUID>#/<property>", "$value": v}}. The value is
 * absent until the referenced resource's property is known.
 *
 * @param ksuid the referenced resource's KSUID
 * @param pointer the referenced property as a JSON pointer
 * @param value the resolved value, or null while unknown
 */
public record ResolvedRef(String ksuid, String pointer, JsonNode value) {
  public static final String MARKER = "$ref";
  public static final String SCHEME = "forja://";

  /** Whether {@code node} is a {@code $ref} envelope. */
  public static boolean isRef(JsonNode node) {
    return node != null && node.isObject() && node.has(MARKER);
  }

  /**
   * Reads a {@code $ref} envelope; empty when {@code node} is not one or its URI is not Forja's.
   */
  public static Optional<ResolvedRef> from(JsonNode node) {
    if (!isRef(node)) {
      return Optional.empty();
    }
    String uri = node.get(MARKER).asText();
    if (!uri.startsWith(SCHEME)) {
      return Optional.empty();
    }
    int hash = uri.indexOf('#', SCHEME.length());
    if (hash < 0) {
      return Optional.empty();
    }
    JsonNode v = node.get("$value");
    return Optional.of(
        new ResolvedRef(uri.substring(SCHEME.length(), hash), uri.substring(hash + 1), v));
  }

  /** The URI that names the referenced property. */
  public String uri() {
    return SCHEME + ksuid + "#" + pointer;
  }

  /** The same reference with its value known. */
  public ResolvedRef withValue(JsonNode v) {
    return new ResolvedRef(ksuid, pointer, v);
  }

  /** The envelope as JSON; {@code $value} only when known. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put(MARKER, uri());
    if (value != null) {
      n.set("$value", value);
    }
    return n;
  }
}
