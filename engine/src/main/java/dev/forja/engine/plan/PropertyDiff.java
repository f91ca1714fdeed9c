package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.PropertyPointer;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.UpdateMethod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The RFC 6902 patch from stored to desired properties, and the equality it rests on: references
 * are equal when they name the same property of the same resource (their values are resolved at run
 * time), opaque values when they hold the same secret (a clear value matches a stored digest),
 * numbers by value, and Set-method lists regardless of order.
 */
public final class PropertyDiff {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PropertyDiff() {}

  /**
   * The patch from {@code from} to {@code to}, compared exactly, except that a property the cloud
   * defaults (HasProviderDefault) is not removed when {@code to} leaves it out.
   */
  public static ArrayNode diff(ObjectNode from, ObjectNode to, ResourceTypeSchema schema) {
    ArrayNode ops = NODES.arrayNode();
    for (Map.Entry<String, JsonNode> entry : from.properties()) {
      String k = entry.getKey();
      if (!to.has(k) && !schema.hint(k).hasProviderDefault()) {
        ops.add(op("remove", "/" + PropertyPointer.escape(k), null));
      }
    }
    for (Map.Entry<String, JsonNode> e : to.properties()) {
      String path = "/" + PropertyPointer.escape(e.getKey());
      JsonNode old = from.get(e.getKey());
      if (old == null) {
        ops.add(op("add", path, e.getValue()));
      } else {
        diffValue(old, e.getValue(), path, schema.hint(e.getKey()), ops);
      }
    }
    return ops;
  }

  private static void diffValue(
      JsonNode a, JsonNode b, String path, FieldHint hint, ArrayNode ops) {
    if (equivalent(a, b, hint)) {
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!b.has(k)) {
          ops.add(op("remove", path + "/" + PropertyPointer.escape(k), null));
        }
      }
      for (Map.Entry<String, JsonNode> e : b.properties()) {
        String child = path + "/" + PropertyPointer.escape(e.getKey());
        JsonNode old = a.get(e.getKey());
        if (old == null) {
          ops.add(op("add", child, e.getValue()));
        } else {
          diffValue(old, e.getValue(), child, FieldHint.DEFAULT, ops);
        }
      }
      return;
    }
    ops.add(op("replace", path, b));
  }

  private static ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode o = NODES.objectNode();
    o.put("op", op);
    o.put("path", path);
    if (value != null) {
      o.set("value", value);
    }
    return o;
  }

  static boolean isPlainObject(JsonNode n) {
    return n.isObject() && !ResolvedRef.isRef(n) && !OpaqueValue.isOpaque(n);
  }

  /** Whether two property values mean the same thing. */
  public static boolean equivalent(JsonNode a, JsonNode b) {
    return equivalent(a, b, FieldHint.DEFAULT);
  }

  static boolean equivalent(JsonNode a, JsonNode b, FieldHint hint) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (ResolvedRef.isRef(a) || ResolvedRef.isRef(b)) {
      return ResolvedRef.isRef(a)
          && ResolvedRef.isRef(b)
          && a.get(ResolvedRef.MARKER).equals(b.get(ResolvedRef.MARKER));
    }
    if (OpaqueValue.isOpaque(a) || OpaqueValue.isOpaque(b)) {
      return OpaqueValue.isOpaque(a)
          && OpaqueValue.isOpaque(b)
          && OpaqueValue.from(a).orElseThrow().sameSecret(OpaqueValue.from(b).orElseThrow());
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!equivalent(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      if (hint.updateMethod() == UpdateMethod.SET
          || hint.updateMethod() == UpdateMethod.ENTITY_SET) {
        return sameElements(a, b);
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equivalent(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean sameElements(JsonNode a, JsonNode b) {
    List<JsonNode> left = new ArrayList<>();
    a.forEach(left::add);
    for (JsonNode e : b) {
      int i = indexOf(left, e);
      if (i < 0) {
        return false;
      }
      left.remove(i);
    }
    return left.isEmpty();
  }

  static int indexOf(List<JsonNode> list, JsonNode e) {
    for (int i = 0; i < list.size(); i++) {
      if (equivalent(list.get(i), e)) {
        return i;
      }
    }
    return -1;
  }
}
