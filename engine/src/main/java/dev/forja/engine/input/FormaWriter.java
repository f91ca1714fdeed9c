package dev.forja.engine.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResourceRef;

/**
 * A forma in its normalized wire shape: every default made explicit (a resource's stack and target,
 * a reference's {@code $stack}), keys in a fixed order, and secrets redacted. JSON, YAML and Pkl
 * sources of the same forma normalize to the same tree.
 */
public final class FormaWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FormaWriter() {}

  /** The normalized forma. */
  public static ObjectNode toJson(Forma forma) {
    ObjectNode root = MAPPER.valueToTree(forma);
    for (JsonNode r : root.withArray("/Resources")) {
      ObjectNode resource = (ObjectNode) r;
      resource.set(
          "Properties", normalize(resource.get("Properties"), resource.get("Stack").asText()));
    }
    return root;
  }

  private static JsonNode normalize(JsonNode node, String stack) {
    if (OpaqueValue.isOpaque(node)) {
      return OpaqueValue.redacted();
    }
    if (ResourceRef.isRef(node)) {
      return ResourceRef.from(node).orElseThrow().toJson(stack);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), normalize(e.getValue(), stack)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(normalize(e, stack)));
      return out;
    }
    return node;
  }
}
