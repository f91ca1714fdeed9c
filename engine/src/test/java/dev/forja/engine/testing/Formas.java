package dev.forja.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.forja.engine.model.Description;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds formas for tests: stacks are declared as resources name them, on one target. */
public final class Formas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Set<String> stacks = new LinkedHashSet<>();
  private final List<Resource> resources = new ArrayList<>();

  private Formas() {}

  /** An empty builder. */
  public static Formas forma() {
    return new Formas();
  }

  /** Declares a resource in {@code stack} on target {@code aws}. */
  public Formas resource(String stack, String label, String type, ObjectNode properties) {
    stacks.add(stack);
    resources.add(new Resource(label, type, stack, "aws", properties));
    return this;
  }

  /** Declares a resource in stack {@code net}. */
  public Formas resource(String label, String type, ObjectNode properties) {
    return resource("net", label, type, properties);
  }

  /** The forma. */
  public Forma build() {
    return new Forma(
        Description.NONE,
        stacks.stream().map(s -> new Stack(s, null)).toList(),
        List.of(new Target("aws", "AWS", null, false)),
        resources);
  }

  /** Properties from alternating names and values (texts, or JSON nodes such as references). */
  public static ObjectNode props(Object... kv) {
    ObjectNode o = NODES.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      o.set((String) kv[i], v instanceof JsonNode n ? n : TextNode.valueOf(String.valueOf(v)));
    }
    return o;
  }

  /** A reference to {@code label}'s {@code property} in the referring resource's stack. */
  public static ObjectNode ref(String label, String property) {
    return new ResourceRef(label, null, null, property).toJson("net");
  }

  /** A reference to a resource of another stack. */
  public static ObjectNode ref(String stack, String label, String property) {
    return new ResourceRef(label, null, stack, property).toJson(stack);
  }
}
