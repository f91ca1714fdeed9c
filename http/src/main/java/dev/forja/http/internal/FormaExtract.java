package dev.forja.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Target;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Inventory resources written back as a forma: their stacks, the targets they run on, and each
 * resource with its stored desired state. A stored reference ({@code $ref} to a KSUID) becomes a
 * {@code $res} reference again when its producer is in the extract or is any other managed resource
 * (the agent accepts references into the inventory); a reference to anything else keeps only its
 * last known value. Opaque values stay redacted: fill them in before applying.
 */
public final class FormaExtract {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, InventoryResource> byKsuid = new HashMap<>();

  private FormaExtract(Collection<InventoryResource> inventory) {
    inventory.forEach(r -> byKsuid.put(r.ksuid(), r));
  }

  /**
   * The forma of {@code matched}.
   *
   * @param matched the resources to extract, in order
   * @param inventory every resource, to name the producers of references
   * @param targets every stored target
   * @param query the query that chose them, for the description
   */
  public static ObjectNode of(
      List<InventoryResource> matched,
      Collection<InventoryResource> inventory,
      List<Target> targets,
      String query) {
    FormaExtract x = new FormaExtract(inventory);
    matched.forEach(r -> x.byKsuid.put(r.ksuid(), r));
    ObjectNode forma = NODES.objectNode();
    forma.put(
        "Description",
        "Extracted from the inventory"
            + (query == null || query.isBlank() ? "" : " (query: " + query.strip() + ")"));
    ArrayNode stacks = forma.putArray("Stacks");
    new TreeSet<>(matched.stream().map(InventoryResource::stack).toList())
        .forEach(s -> stacks.addObject().put("Label", s));
    TreeSet<String> used = new TreeSet<>(matched.stream().map(InventoryResource::target).toList());
    ArrayNode ts = forma.putArray("Targets");
    for (Target t : targets) {
      if (used.contains(t.label())) {
        ObjectNode n = ts.addObject();
        n.put("Label", t.label());
        n.put("Namespace", t.namespace());
        n.set("Config", OpaqueValue.redactAll(t.config()));
        n.put("Discoverable", t.discoverable());
      }
    }
    ArrayNode resources = forma.putArray("Resources");
    for (InventoryResource r : matched) {
      ObjectNode n = resources.addObject();
      n.put("Label", r.label());
      n.put("Type", r.type());
      n.put("Stack", r.stack());
      n.put("Target", r.target());
      n.set("Properties", x.written(r.properties()));
    }
    return forma;
  }

  private JsonNode written(JsonNode tree) {
    if (tree == null || OpaqueValue.isOpaque(tree)) {
      return OpaqueValue.redactAll(tree);
    }
    if (ResolvedRef.isRef(tree)) {
      return ResolvedRef.from(tree).map(this::reference).orElse(tree);
    }
    if (tree.isObject()) {
      ObjectNode out = NODES.objectNode();
      tree.properties().forEach(e -> out.set(e.getKey(), written(e.getValue())));
      return out;
    }
    if (tree.isArray()) {
      ArrayNode out = NODES.arrayNode();
      tree.forEach(e -> out.add(written(e)));
      return out;
    }
    return tree;
  }

  private JsonNode reference(ResolvedRef ref) {
    InventoryResource producer = byKsuid.get(ref.ksuid());
    if (producer == null || !producer.managed()) {
      return ref.value() == null ? NullNode.getInstance() : ref.value();
    }
    return new ResourceRef(producer.label(), producer.type(), producer.stack(), property(ref))
        .toJson(producer.stack());
  }

  /**
   * {@code /Arn} as {@code Arn}; a deeper pointer stays a pointer, which {@code $property} takes.
   */
  private static String property(ResolvedRef ref) {
    String p = ref.pointer();
    boolean plain = p.lastIndexOf('/') == 0 && p.indexOf('~') < 0;
    return plain ? p.substring(1) : p;
  }
}
