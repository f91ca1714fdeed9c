package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state a patch-mode apply aims for: the stored properties with the forma's merged in, field by
 * field, each collection by its UpdateMethod. Nothing the forma leaves out is removed. Merging the
 * same forma twice gives the same state, so a repeated patch plans nothing.
 */
final class PatchMerge {
  private PatchMerge() {}

  static ObjectNode merge(ObjectNode stored, ObjectNode desired, ResourceTypeSchema schema) {
    ObjectNode out = stored.deepCopy();
    for (Map.Entry<String, JsonNode> e : desired.properties()) {
      out.set(e.getKey(), value(stored.get(e.getKey()), e.getValue(), schema.hint(e.getKey())));
    }
    return out;
  }

  private static JsonNode value(JsonNode stored, JsonNode desired, FieldHint hint) {
    if (stored == null) {
      return desired;
    }
    if (PropertyDiff.isPlainObject(stored) && PropertyDiff.isPlainObject(desired)) {
      ObjectNode out = stored.deepCopy();
      for (Map.Entry<String, JsonNode> e : desired.properties()) {
        out.set(e.getKey(), value(stored.get(e.getKey()), e.getValue(), FieldHint.DEFAULT));
      }
      return out;
    }
    if (!stored.isArray() || !desired.isArray()) {
      return desired;
    }
    ArrayNode s = (ArrayNode) stored;
    ArrayNode d = (ArrayNode) desired;
    return switch (hint.updateMethod()) {
      case ATOMIC -> desired;
      case SET -> union(s, d);
      case ENTITY_SET -> byKey(s, d, hint.indexField());
      case ARRAY -> overlay(s, d);
    };
  }

  private static ArrayNode union(ArrayNode stored, ArrayNode desired) {
    ArrayNode out = stored.deepCopy();
    List<JsonNode> have = new ArrayList<>();
    stored.forEach(have::add);
    for (JsonNode e : desired) {
      if (PropertyDiff.indexOf(have, e) < 0) {
        out.add(e);
        have.add(e);
      }
    }
    return out;
  }

  private static ArrayNode byKey(ArrayNode stored, ArrayNode desired, String key) {
    ArrayNode out = stored.deepCopy();
    for (JsonNode e : desired) {
      JsonNode k = e.get(key);
      int at = -1;
      for (int i = 0; k != null && i < out.size(); i++) {
        if (PropertyDiff.equivalent(out.get(i).get(key), k)) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        out.add(e);
      } else {
        out.set(at, value(out.get(at), e, FieldHint.DEFAULT));
      }
    }
    return out;
  }

  private static ArrayNode overlay(ArrayNode stored, ArrayNode desired) {
    ArrayNode out = stored.deepCopy();
    for (int i = 0; i < desired.size(); i++) {
      if (i < out.size()) {
        out.set(i, value(out.get(i), desired.get(i), FieldHint.DEFAULT));
      } else {
        out.add(desired.get(i));
      }
    }
    return out;
  }
}
