package dev.forja.loadtest.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forma being generated: its stacks and resources, filled one unit (a network, a service) at a
 * time until it holds exactly {@code count} resources. A unit lists producers before their
 * consumers, so the unit the count cuts short keeps only resources whose references all resolve.
 * Each unit goes whole into one stack of its kind and target, a new one once the current is full.
 */
final class Draft {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int count;
  private final String prefix;
  private final int maxStackSize;
  private final ArrayNode stacks = NODES.arrayNode();
  private final ArrayNode resources = NODES.arrayNode();
  private final Map<String, OpenStack> open = new LinkedHashMap<>();

  Draft(int count, String prefix, int maxStackSize) {
    this.count = count;
    this.prefix = prefix;
    this.maxStackSize = maxStackSize;
  }

  /** Whether the forma holds {@code count} resources. */
  boolean full() {
    return resources.size() >= count;
  }

  ArrayNode stacks() {
    return stacks;
  }

  ArrayNode resources() {
    return resources;
  }

  /** A new unit of {@code kind} ({@code net}, {@code app}) on {@code target}. */
  Unit unit(String kind, Target target) {
    return new Unit(kind, target);
  }

  /** One target: its label and region. */
  record Target(String label, String region, String shortName) {}

  /** A resource of the forma; its stack is known once its unit is placed. */
  static final class Res {
    final String label;
    final String type;
    String stack;

    Res(String label, String type) {
      this.label = label;
      this.type = type;
    }
  }

  /** The stack units of one kind and target currently fill. */
  private static final class OpenStack {
    String label;
    int size;
  }

  /** Resources that go together into one stack. */
  final class Unit {
    private final String kind;
    private final Target target;
    private final List<ObjectNode> nodes = new ArrayList<>();
    private final List<Res> added = new ArrayList<>();
    private final List<ObjectNode> pendingRefs = new ArrayList<>();
    private final List<Res> pendingTargets = new ArrayList<>();

    private Unit(String kind, Target target) {
      this.kind = kind;
      this.target = target;
    }

    /**
     * Adds a resource unless the forma is full; returns it either way (nothing that is added later
     * can then name it, as the forma stays full).
     */
    Res add(String label, String type, ObjectNode properties) {
      Res res = new Res(label, type);
      if (resources.size() + nodes.size() < count) {
        ObjectNode r = NODES.objectNode();
        r.put("Label", label);
        r.put("Type", type);
        r.put("Stack", "");
        r.put("Target", target.label());
        r.set("Properties", properties);
        nodes.add(r);
        added.add(res);
      }
      return res;
    }

    /** A reference to {@code property} of {@code res}, in this unit or an earlier one. */
    ObjectNode ref(Res res, String property) {
      ObjectNode r = NODES.objectNode();
      r.put("$res", true);
      r.put("$label", res.label);
      r.put("$type", res.type);
      r.put("$stack", res.stack == null ? "" : res.stack);
      r.put("$property", property);
      if (res.stack == null) {
        pendingRefs.add(r);
        pendingTargets.add(res);
      }
      return r;
    }

    /** Places the unit's resources into a stack and adds them to the forma. */
    void close() {
      if (nodes.isEmpty()) {
        return;
      }
      String key = kind + "|" + target.label();
      OpenStack s = open.computeIfAbsent(key, k -> new OpenStack());
      if (s.label == null || s.size + nodes.size() > maxStackSize) {
        s.label =
            String.format(
                Locale.ROOT, "%s-%s-%s-%02d", prefix, target.shortName(), kind, stacks.size());
        s.size = 0;
        stacks.add(
            obj(
                "Label",
                s.label,
                "Description",
                ("net".equals(kind) ? "network of " : "services of ") + target.region()));
      }
      s.size += nodes.size();
      for (Res r : added) {
        r.stack = s.label;
      }
      for (ObjectNode n : nodes) {
        n.put("Stack", s.label);
        resources.add(n);
      }
      for (int i = 0; i < pendingRefs.size(); i++) {
        pendingRefs.get(i).put("$stack", pendingTargets.get(i).stack);
      }
    }
  }

  // ---- JSON helpers ----

  /** An object of alternating names and values (text, number, boolean or JSON). */
  static ObjectNode obj(Object... kv) {
    ObjectNode n = NODES.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      String k = (String) kv[i];
      Object v = kv[i + 1];
      if (v instanceof JsonNode j) {
        n.set(k, j);
      } else if (v instanceof String t) {
        n.put(k, t);
      } else if (v instanceof Integer x) {
        n.put(k, x);
      } else if (v instanceof Boolean b) {
        n.put(k, b);
      } else {
        throw new IllegalArgumentException("unsupported value " + v);
      }
    }
    return n;
  }

  /** An array of the values (text or JSON). */
  static ArrayNode arr(Object... values) {
    ArrayNode a = NODES.arrayNode();
    for (Object v : values) {
      if (v instanceof JsonNode j) {
        a.add(j);
      } else {
        a.add((String) v);
      }
    }
    return a;
  }

  /** Tags naming the resource and its owner. */
  static ArrayNode tags(String name, String team) {
    return arr(obj("Key", "Name", "Value", name), obj("Key", "team", "Value", team));
  }

  /** An IAM policy document of one statement. */
  static ObjectNode policy(JsonNode actions, JsonNode resource) {
    return obj(
        "Version",
        "2012-10-17",
        "Statement",
        arr(obj("Effect", "Allow", "Action", actions, "Resource", resource)));
  }

  /** A trust policy letting {@code service} assume the role. */
  static ObjectNode trust(String service) {
    return obj(
        "Version",
        "2012-10-17",
        "Statement",
        arr(
            obj(
                "Effect",
                "Allow",
                "Principal",
                obj("Service", service),
                "Action",
                "sts:AssumeRole")));
  }
}
