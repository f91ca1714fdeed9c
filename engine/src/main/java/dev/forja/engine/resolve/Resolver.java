package dev.forja.engine.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.PropertyPointer;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.plan.PropertyRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves the {@code $ref} envelopes of planned properties against the known property values of
 * the resources they name, just before a plugin call.
 *
 * <p>A reference {@code forja://K#/P} takes the value at pointer {@code P} of {@code
 * valuesByKsuid.get(K)}: the producer's properties overlaid with its read-only properties. Where
 * that value is itself a reference (the producer's property was a reference too), its {@code
 * $value} is taken; where it is an opaque envelope, the plugin gets the clear value and the store
 * keeps the envelope. Inputs are never mutated; every tree returned is a fresh copy.
 */
public final class Resolver {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String VALUE = "$value";
  private static final String ROOT = "Properties";

  private Resolver() {}

  /** The KSUIDs every {@code $ref} in {@code desired} names, in document order, each once. */
  public static Set<String> producers(ObjectNode desired) {
    return PropertyRefs.ksuidsIn(desired);
  }

  /**
   * Resolves every reference and opaque value in {@code desired}; see {@link Resolution}.
   *
   * @param desired planned properties, with {@code $ref} and opaque envelopes
   * @param valuesByKsuid for each producer, its properties overlaid with its read-only properties
   */
  public static Resolution resolve(ObjectNode desired, Map<String, ObjectNode> valuesByKsuid) {
    Objects.requireNonNull(desired, "desired");
    Walk walk = new Walk(valuesByKsuid);
    Resolved r = walk.node(desired, ROOT);
    return new Resolution((ObjectNode) r.plugin(), (ObjectNode) r.store(), walk.problems);
  }

  /**
   * A copy of {@code properties} with every {@code $ref} envelope replaced by its recorded {@code
   * $value} (an envelope with no value stays as it is); opaque envelopes are kept. Comparing the
   * stored row and a resolved desired state in this form shows a reference whose producer changed
   * value, which comparing envelopes (equal when they name the same property) cannot.
   */
  public static ObjectNode inlineRefValues(ObjectNode properties) {
    Objects.requireNonNull(properties, "properties");
    return (ObjectNode) inline(properties);
  }

  private static JsonNode inline(JsonNode node) {
    if (ResolvedRef.isRef(node)) {
      JsonNode v = node.get(VALUE);
      return v == null ? node.deepCopy() : inline(v);
    }
    if (OpaqueValue.isOpaque(node)) {
      return node.deepCopy();
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), inline(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(e -> out.add(inline(e)));
      return out;
    }
    return node.deepCopy();
  }

  /**
   * The RFC 6902 {@code patch} as the plugin receives it: each operation's {@code value} resolved
   * like {@link Resolution#forPlugin()}. A patch's references are those of the desired properties
   * it leads to, so a caller that resolved those first without problems gets none here.
   *
   * @throws IllegalArgumentException listing every reference or secret that could not be resolved
   */
  public static ArrayNode resolvePatch(ArrayNode patch, Map<String, ObjectNode> valuesByKsuid) {
    Objects.requireNonNull(patch, "patch");
    Walk walk = new Walk(valuesByKsuid);
    ArrayNode out = NODES.arrayNode();
    for (JsonNode op : patch) {
      ObjectNode copy = op.deepCopy();
      JsonNode value = op.get("value");
      if (value != null) {
        copy.set("value", walk.node(value, ROOT + op.path("path").asText()).plugin());
      }
      out.add(copy);
    }
    if (!walk.problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot resolve the patch: " + String.join("; ", walk.problems));
    }
    return out;
  }

  /** One node in both shapes. */
  private record Resolved(JsonNode plugin, JsonNode store) {}

  /** One resolution run, collecting its problems. */
  private static final class Walk {
    private final Map<String, ObjectNode> valuesByKsuid;
    private final List<String> problems = new ArrayList<>();

    Walk(Map<String, ObjectNode> valuesByKsuid) {
      this.valuesByKsuid = Objects.requireNonNull(valuesByKsuid, "valuesByKsuid");
    }

    /** {@code node} of desired, found at {@code path}. */
    Resolved node(JsonNode node, String path) {
      if (OpaqueValue.isOpaque(node)) {
        return new Resolved(clear(node, path), node.deepCopy());
      }
      if (ResolvedRef.isRef(node)) {
        return ref(node, path);
      }
      if (node.isObject()) {
        ObjectNode plugin = NODES.objectNode();
        ObjectNode store = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          Resolved r = node(e.getValue(), path + "/" + PropertyPointer.escape(e.getKey()));
          plugin.set(e.getKey(), r.plugin());
          store.set(e.getKey(), r.store());
        }
        return new Resolved(plugin, store);
      }
      if (node.isArray()) {
        ArrayNode plugin = NODES.arrayNode();
        ArrayNode store = NODES.arrayNode();
        for (int i = 0; i < node.size(); i++) {
          Resolved r = node(node.get(i), path + "/" + i);
          plugin.add(r.plugin());
          store.add(r.store());
        }
        return new Resolved(plugin, store);
      }
      return new Resolved(node.deepCopy(), node.deepCopy());
    }

    private Resolved ref(JsonNode envelope, String path) {
      String uri = envelope.get(ResolvedRef.MARKER).asText();
      ResolvedRef ref = ResolvedRef.from(envelope).orElse(null);
      if (ref == null) {
        problems.add(path + " holds " + uri + ", which is not a forja:// reference");
        return unresolved(envelope);
      }
      String prefix = path + " references " + uri + ", but ";
      ObjectNode values = valuesByKsuid.get(ref.ksuid());
      if (values == null) {
        problems.add(prefix + "no values of resource " + ref.ksuid() + " are known");
        return unresolved(envelope);
      }
      JsonNode found = PropertyPointer.at(values, ref.pointer());
      if (found == null) {
        problems.add(prefix + "resource " + ref.ksuid() + " has no property " + ref.pointer());
        return unresolved(envelope);
      }
      if (ResolvedRef.isRef(found)) {
        JsonNode inner = found.get(VALUE);
        if (inner == null) {
          problems.add(
              prefix
                  + "that property is itself a reference, to "
                  + found.get(ResolvedRef.MARKER).asText()
                  + ", whose value is not known");
          return unresolved(envelope);
        }
        found = inner;
      }
      ObjectNode store = envelope.deepCopy();
      store.set(VALUE, found.deepCopy());
      return new Resolved(plain(found, prefix), store);
    }

    /** A value taken from a producer, as the plugin receives it: no envelopes left. */
    private JsonNode plain(JsonNode value, String prefix) {
      if (OpaqueValue.isOpaque(value)) {
        JsonNode v = value.get(VALUE);
        if (v == null) {
          problems.add(prefix + "its value is a secret whose clear value is no longer known");
          return NODES.nullNode();
        }
        return v.deepCopy();
      }
      if (ResolvedRef.isRef(value)) {
        JsonNode v = value.get(VALUE);
        if (v == null) {
          problems.add(
              prefix
                  + "its value holds a reference, to "
                  + value.get(ResolvedRef.MARKER).asText()
                  + ", whose value is not known");
          return NODES.nullNode();
        }
        return plain(v, prefix);
      }
      if (value.isObject()) {
        ObjectNode out = NODES.objectNode();
        value.properties().forEach(e -> out.set(e.getKey(), plain(e.getValue(), prefix)));
        return out;
      }
      if (value.isArray()) {
        ArrayNode out = NODES.arrayNode();
        value.forEach(e -> out.add(plain(e, prefix)));
        return out;
      }
      return value.deepCopy();
    }

    /** The clear value of an opaque envelope of desired. */
    private JsonNode clear(JsonNode envelope, String path) {
      JsonNode v = envelope.get(VALUE);
      if (v == null) {
        // Stores keep only a digest once a command ends; the plugin cannot be sent that.
        problems.add(path + " holds a secret whose clear value is no longer known");
        return NODES.nullNode();
      }
      return v.deepCopy();
    }

    private static Resolved unresolved(JsonNode envelope) {
      return new Resolved(NODES.nullNode(), envelope.deepCopy());
    }
  }
}
