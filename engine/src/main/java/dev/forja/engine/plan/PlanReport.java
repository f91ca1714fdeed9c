package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.plan.DependencyGraph.Node;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A changeset as users read it, grouped in dependency levels: the JSON that {@code forja plan -o
 * json} prints and the agent's simulate answers with, and the table a terminal shows. Secrets are
 * redacted; KSUIDs appear only for resources that already exist, so that planning the same input
 * twice prints the same thing.
 */
public final class PlanReport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PlanReport() {}

  /** The changeset as JSON: {@code ChangesRequired}, {@code Counts} and {@code Levels}. */
  public static ObjectNode toJson(Changeset changeset) {
    ObjectNode root = NODES.objectNode();
    root.put("ChangesRequired", !changeset.isEmpty());
    ObjectNode counts = root.putObject("Counts");
    counts(changeset).forEach((op, n) -> counts.put(op.wire(), n));
    Map<String, String> created = new HashMap<>();
    for (ResourceUpdate u : changeset.updates()) {
      if (u.operation() == Operation.CREATE) {
        created.put(u.ksuid(), "new:" + u.key());
      }
    }
    ArrayNode levels = root.putArray("Levels");
    for (List<Node> level : changeset.graph().levels()) {
      ArrayNode steps = levels.addArray();
      for (Node n : level) {
        steps.add(step(changeset.graph().update(n), n, created));
      }
    }
    return root;
  }

  /**
   * What users see of a property tree: secrets redacted, and references to resources this plan
   * creates named {@code new:stack/label#/Property}, since their KSUIDs are minted afresh on every
   * plan.
   */
  private static JsonNode shown(JsonNode tree, Map<String, String> created) {
    if (tree == null || OpaqueValue.isOpaque(tree)) {
      return OpaqueValue.redactAll(tree);
    }
    if (ResolvedRef.isRef(tree)) {
      return ResolvedRef.from(tree)
          .filter(r -> created.containsKey(r.ksuid()))
          .<JsonNode>map(
              r ->
                  NODES
                      .objectNode()
                      .put(ResolvedRef.MARKER, created.get(r.ksuid()) + "#" + r.pointer()))
          .orElse(tree);
    }
    if (tree.isObject()) {
      ObjectNode out = NODES.objectNode();
      tree.properties().forEach(e -> out.set(e.getKey(), shown(e.getValue(), created)));
      return out;
    }
    if (tree.isArray()) {
      ArrayNode out = NODES.arrayNode();
      tree.forEach(e -> out.add(shown(e, created)));
      return out;
    }
    return tree;
  }

  private static ObjectNode step(ResourceUpdate u, Node n, Map<String, String> created) {
    ObjectNode s = NODES.objectNode();
    s.put("Step", n.operation().wire());
    s.put("Operation", u.operation().wire());
    s.put("Stack", u.stack());
    s.put("Label", u.label());
    s.put("Type", u.type());
    s.put("Target", u.target());
    if (u.prior() != null) {
      s.put("Ksuid", u.ksuid());
      if (u.prior().nativeId() != null) {
        s.put("NativeID", u.prior().nativeId());
      }
    }
    if (u.cascade()) {
      s.put("Cascade", true);
    }
    if (n.operation() == Operation.CREATE) {
      s.set("Properties", shown(u.desired(), created));
    }
    if (u.patch() != null && n.operation() != Operation.DELETE) {
      s.set("Patch", shown(u.patch(), created));
    }
    return s;
  }

  /** How many updates of each operation, every operation but read present. */
  public static Map<Operation, Integer> counts(Changeset changeset) {
    Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    for (Operation op :
        List.of(Operation.CREATE, Operation.UPDATE, Operation.REPLACE, Operation.DELETE)) {
      counts.put(op, 0);
    }
    changeset.updates().forEach(u -> counts.merge(u.operation(), 1, Integer::sum));
    return counts;
  }

  /** The changeset as a table, one line per step, under a heading per dependency level. */
  public static String toTable(Changeset changeset) {
    Map<Operation, Integer> c = counts(changeset);
    if (changeset.isEmpty()) {
      return "No changes: the inventory already matches the forma.\n";
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Plan: %d to create, %d to update, %d to replace, %d to delete.%n",
            c.get(Operation.CREATE),
            c.get(Operation.UPDATE),
            c.get(Operation.REPLACE),
            c.get(Operation.DELETE)));
    List<List<Node>> levels = changeset.graph().levels();
    int width = 0;
    for (ResourceUpdate u : changeset.updates()) {
      width = Math.max(width, u.key().toString().length());
    }
    for (int i = 0; i < levels.size(); i++) {
      b.append(String.format(Locale.ROOT, "%nLevel %d%n", i + 1));
      for (Node n : levels.get(i)) {
        ResourceUpdate u = changeset.graph().update(n);
        b.append(
            String.format(
                Locale.ROOT,
                "  %s %-16s %-" + width + "s  %s%s%n",
                symbol(u.operation(), n.operation()),
                label(u.operation(), n.operation()),
                u.key(),
                u.type(),
                detail(u, n)));
      }
    }
    return b.toString();
  }

  private static String symbol(Operation op, Operation step) {
    return switch (op) {
      case CREATE -> "+";
      case UPDATE -> "~";
      case DELETE -> "-";
      case REPLACE -> step == Operation.DELETE ? "-" : "+";
      case READ -> " ";
    };
  }

  private static String label(Operation op, Operation step) {
    return op == Operation.REPLACE ? "replace (" + step.wire() + ")" : op.wire();
  }

  private static String detail(ResourceUpdate u, Node n) {
    StringBuilder d = new StringBuilder();
    if (u.cascade()) {
      d.append("  [cascade]");
    }
    if (u.patch() != null && n.operation() != Operation.DELETE && !u.patch().isEmpty()) {
      d.append("  ");
      int shown = 0;
      for (JsonNode op : u.patch()) {
        if (shown++ == 3) {
          d.append(", …");
          break;
        }
        d.append(shown > 1 ? ", " : "")
            .append(op.get("op").asText())
            .append(' ')
            .append(op.get("path").asText());
      }
    }
    return d.toString();
  }
}
