package dev.forja.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A reference to another resource's property, as the user writes it: the {@code $res} envelope.
 *
 * <p>{@code property} is a property name ({@code VpcId}) or a JSON pointer ({@code
 * /Endpoint/Address}); see {@link #pointer()}.
 *
 * @param label the referenced resource's label
 * @param type the referenced resource's type, may be null when the user leaves it out
 * @param stack the referenced resource's stack; null means the referring resource's stack
 * @param property the referenced property, required (lesson L12) but nullable here so that the
 *     reader can report its absence
 */
public record ResourceRef(String label, String type, String stack, String property) {
  public static final String MARKER = "$res";

  /** Whether {@code node} is a {@code $res} envelope. */
  public static boolean isRef(JsonNode node) {
    return node != null && node.isObject() && node.has(MARKER);
  }

  /** Reads a {@code $res} envelope; empty when {@code node} is not one. */
  public static Optional<ResourceRef> from(JsonNode node) {
    if (!isRef(node)) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourceRef(
            text(node, "$label"),
            text(node, "$type"),
            text(node, "$stack"),
            text(node, "$property")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The stack this reference names, defaulting to the referring resource's. */
  public String stackOr(String referringStack) {
    return stack == null || stack.isEmpty() ? referringStack : stack;
  }

  /** The referenced property as a JSON pointer. */
  public String pointer() {
    return PropertyPointer.of(property);
  }

  /** The envelope as JSON, with the given default stack made explicit. */
  public ObjectNode toJson(String referringStack) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put(MARKER, true);
    n.put("$label", label);
    if (type != null) {
      n.put("$type", type);
    }
    n.put("$stack", stackOr(referringStack));
    if (property != null) {
      n.put("$property", property);
    }
    return n;
  }
}
