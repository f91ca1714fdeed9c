package dev.forja.engine.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.input.pkl.PklEvaluator;
import dev.forja.engine.input.pkl.PklInputException;
import dev.forja.engine.model.Description;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.schema.SchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a forma from JSON, YAML or Pkl into the model and validates it, collecting every problem
 * rather than stopping at the first. Each problem names its JSON pointer, and its line and column
 * when the source was JSON or YAML.
 */
public final class FormaReader {
  private static final Set<String> FORMA_FIELDS =
      Set.of("Description", "Properties", "Stacks", "Targets", "Resources", "Policies");
  private static final Set<String> STACK_FIELDS = Set.of("Label", "Description", "Policies");
  private static final Set<String> TARGET_FIELDS =
      Set.of("Label", "Namespace", "Config", "Discoverable", "Reaping");

  /** Fields formae's eval prints on resources that carry nothing a forma declares. */
  private static final Set<String> RESOURCE_FIELDS =
      Set.of(
          "Label",
          "Type",
          "Stack",
          "Target",
          "Properties",
          "Schema",
          "Managed",
          "Ksuid",
          "NativeID",
          "ReadOnlyProperties");

  private final SchemaRegistry types;
  private final ResourceLookup outside;

  private FormaReader(SchemaRegistry types, ResourceLookup outside) {
    this.types = types;
    this.outside = outside;
  }

  /** A reader that accepts any type and checks references against the forma alone. */
  public static FormaReader standalone() {
    return new FormaReader(SchemaRegistry.empty(), ResourceLookup.NONE);
  }

  /**
   * A reader that refuses types {@code types} does not declare (when it declares any), and accepts
   * references to resources {@code outside} the forma, such as the inventory's.
   */
  public static FormaReader of(SchemaRegistry types, ResourceLookup outside) {
    return new FormaReader(types, outside);
  }

  /** Reads and validates a forma file, its format chosen by its extension. */
  public ReadResult read(Path file) {
    String source = file.toString();
    InputFormat format;
    try {
      format = InputFormat.ofFile(file);
    } catch (IllegalArgumentException e) {
      return new ReadResult(null, List.of(new Problem(source, "", 0, 0, e.getMessage())));
    }
    if (format == InputFormat.PKL) {
      try {
        // Locations would point into generated JSON, not the user's Pkl: problems carry pointers.
        String json = PklEvaluator.evaluateToJson(file);
        return readTree(readText(json, InputFormat.JSON, source).root(), source);
      } catch (PklInputException e) {
        return new ReadResult(null, List.of(new Problem(source, "", 0, 0, e.getMessage())));
      }
    }
    try {
      return readString(Files.readString(file, StandardCharsets.UTF_8), format, source);
    } catch (IOException e) {
      return new ReadResult(
          null, List.of(new Problem(source, "", 0, 0, "cannot read the file: " + e)));
    }
  }

  /** Reads and validates a forma in JSON or YAML text. */
  public ReadResult readString(String text, InputFormat format, String source) {
    if (format == InputFormat.PKL) {
      throw new IllegalArgumentException("Pkl is read from a file: use read(Path)");
    }
    List<Problem> problems = new ArrayList<>();
    LocatedTree tree = LocatedTree.parse(text, format == InputFormat.YAML, source, problems);
    if (tree.root() == null) {
      return new ReadResult(null, problems);
    }
    return map(tree, problems);
  }

  /** Validates a forma already parsed, as the API receives it. */
  public ReadResult readTree(JsonNode root, String source) {
    return map(LocatedTree.of(root, source), new ArrayList<>());
  }

  private static LocatedTree readText(String text, InputFormat format, String source) {
    List<Problem> ignored = new ArrayList<>();
    return LocatedTree.parse(text, format == InputFormat.YAML, source, ignored);
  }

  private ReadResult map(LocatedTree tree, List<Problem> problems) {
    Mapping m = new Mapping(tree, problems);
    JsonNode root = tree.root();
    if (!root.isObject()) {
      problems.add(
          tree.problem("", "a forma must be an object with Stacks, Targets and Resources"));
      return new ReadResult(null, problems);
    }
    m.unknownFields(root, "", FORMA_FIELDS, "the forma");
    Description description = m.description(root.get("Description"));
    List<Stack> stacks = m.list(root, "", "Stacks", m::stack);
    List<Target> targets = m.list(root, "", "Targets", m::target);
    String onlyStack = stacks.size() == 1 ? stacks.get(0).label() : null;
    String onlyTarget = targets.size() == 1 ? targets.get(0).label() : null;
    List<Resource> resources =
        m.list(root, "", "Resources", (n, p) -> m.resource(n, p, onlyStack, onlyTarget));
    if (!problems.isEmpty()) {
      return new ReadResult(null, problems);
    }
    Forma forma = new Forma(description, stacks, targets, resources);
    new FormaValidator(forma, types, outside, tree::problem, problems).validate();
    return new ReadResult(forma, problems);
  }

  /** Maps JSON to records, adding a problem for each field of the wrong shape. */
  private static final class Mapping {
    private final LocatedTree tree;
    private final List<Problem> problems;

    Mapping(LocatedTree tree, List<Problem> problems) {
      this.tree = tree;
      this.problems = problems;
    }

    void unknownFields(JsonNode obj, String ptr, Set<String> known, String what) {
      for (Map.Entry<String, JsonNode> entry : obj.properties()) {
        String name = entry.getKey();
        if (!known.contains(name)) {
          problems.add(
              tree.problem(
                  ptr + "/" + name,
                  "unknown field '"
                      + name
                      + "' in "
                      + what
                      + " (known: "
                      + String.join(", ", known.stream().sorted().toList())
                      + ")"));
        }
      }
    }

    <T> List<T> list(JsonNode parent, String ptr, String field, BiMapper<T> element) {
      JsonNode n = parent.get(field);
      List<T> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray()) {
        problems.add(tree.problem(ptr + "/" + field, field + " must be a list"));
        return out;
      }
      for (int i = 0; i < n.size(); i++) {
        T t = element.map(n.get(i), ptr + "/" + field + "/" + i);
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }

    Description description(JsonNode n) {
      if (n == null || n.isNull()) {
        return Description.NONE;
      }
      if (n.isTextual()) {
        return new Description(n.asText(), false);
      }
      if (!n.isObject()) {
        problems.add(tree.problem("/Description", "Description must be text or {Text, Confirm}"));
        return Description.NONE;
      }
      unknownFields(n, "/Description", Set.of("Text", "Confirm"), "Description");
      return new Description(
          text(n, "/Description", "Text", false, null), bool(n, "/Description", "Confirm"));
    }

    Stack stack(JsonNode n, String ptr) {
      if (!object(n, ptr, "a stack")) {
        return null;
      }
      unknownFields(n, ptr, STACK_FIELDS, "a stack");
      String label = text(n, ptr, "Label", true, null);
      String description = text(n, ptr, "Description", false, null);
      return label == null ? null : new Stack(label, description);
    }

    Target target(JsonNode n, String ptr) {
      if (!object(n, ptr, "a target")) {
        return null;
      }
      unknownFields(n, ptr, TARGET_FIELDS, "a target");
      String label = text(n, ptr, "Label", true, null);
      String namespace = text(n, ptr, "Namespace", true, null);
      ObjectNode config = obj(n, ptr, "Config");
      boolean discoverable = bool(n, ptr, "Discoverable");
      return label == null || namespace == null
          ? null
          : new Target(label, namespace, config, discoverable);
    }

    Resource resource(JsonNode n, String ptr, String onlyStack, String onlyTarget) {
      if (!object(n, ptr, "a resource")) {
        return null;
      }
      unknownFields(n, ptr, RESOURCE_FIELDS, "a resource");
      String label = text(n, ptr, "Label", true, null);
      String type = text(n, ptr, "Type", true, null);
      String stack = text(n, ptr, "Stack", onlyStack == null, onlyStack);
      String target = text(n, ptr, "Target", onlyTarget == null, onlyTarget);
      ObjectNode properties = obj(n, ptr, "Properties");
      if (label == null || type == null || stack == null || target == null) {
        return null;
      }
      return new Resource(label, type, stack, target, properties);
    }

    private boolean object(JsonNode n, String ptr, String what) {
      if (n.isObject()) {
        return true;
      }
      problems.add(tree.problem(ptr, what + " must be an object"));
      return false;
    }

    private String text(JsonNode n, String ptr, String field, boolean required, String fallback) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          problems.add(tree.problem(ptr + "/" + field, field + " is required"));
        }
        return fallback;
      }
      if (!v.isTextual() || (required && v.asText().isBlank())) {
        problems.add(tree.problem(ptr + "/" + field, field + " must be non-empty text"));
        return null;
      }
      return v.asText();
    }

    private boolean bool(JsonNode n, String ptr, String field) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        return false;
      }
      if (!v.isBoolean()) {
        problems.add(tree.problem(ptr + "/" + field, field + " must be true or false"));
        return false;
      }
      return v.asBoolean();
    }

    private ObjectNode obj(JsonNode n, String ptr, String field) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        problems.add(tree.problem(ptr + "/" + field, field + " must be an object"));
        return null;
      }
      return (ObjectNode) v;
    }
  }

  @FunctionalInterface
  private interface BiMapper<T> {
    T map(JsonNode node, String pointer);
  }
}
