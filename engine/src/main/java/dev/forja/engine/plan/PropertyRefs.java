package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResolvedRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Finding {@code $ref} envelopes and plain values in property trees. */
public final class PropertyRefs {
  private PropertyRefs() {}

  /**
   * The KSUIDs every {@code $ref} in {@code tree} names, in document order, each once. References
   * inside a reference's {@code $value} or inside an opaque value are not followed.
   */
  public static Set<String> ksuidsIn(JsonNode tree) {
    Set<String> out = new LinkedHashSet<>();
    forEachRef(tree, (top, ref) -> out.add(ref.ksuid()));
    return out;
  }

  /**
   * Calls {@code each} with the top-level property and the reference, for every {@code $ref} in an
   * object of properties.
   */
  static void forEachRef(JsonNode properties, BiConsumer<String, ResolvedRef> each) {
    if (properties == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : properties.properties()) {
      walk(e.getValue(), ref -> each.accept(e.getKey(), ref));
    }
  }

  private static void walk(JsonNode node, java.util.function.Consumer<ResolvedRef> each) {
    if (node == null || OpaqueValue.isOpaque(node)) {
      return;
    }
    if (ResolvedRef.isRef(node)) {
      ResolvedRef.from(node).ifPresent(each);
      return;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        walk(child, each);
      }
    }
  }

  /**
   * The plain texts that name something in the given values: a text, a reference's known value, or
   * the texts of a list of those.
   */
  static List<String> texts(JsonNode... values) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : values) {
      collectTexts(v, out);
    }
    return out;
  }

  private static void collectTexts(JsonNode v, List<String> out) {
    if (v == null) {
      return;
    }
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (ResolvedRef.isRef(v)) {
      collectTexts(v.get("$value"), out);
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        collectTexts(e, out);
      }
    }
  }
}
