package dev.forja.engine.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.PropertyPointer;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.schema.SchemaRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The checks a forma must pass before anything plans it: every name it uses is declared, every
 * reference names an existing resource and a property (lesson L12), no stack is empty, no resource
 * is declared twice, and every type is known when the plugins' types are.
 */
final class FormaValidator {
  private final Forma forma;
  private final SchemaRegistry types;
  private final ResourceLookup outside;
  private final BiFunction<String, String, Problem> at;
  private final List<Problem> problems;

  FormaValidator(
      Forma forma,
      SchemaRegistry types,
      ResourceLookup outside,
      BiFunction<String, String, Problem> at,
      List<Problem> problems) {
    this.forma = forma;
    this.types = types;
    this.outside = outside;
    this.at = at;
    this.problems = problems;
  }

  void validate() {
    Map<String, Integer> stacks =
        labels(forma.stacks().stream().map(Stack::label).toList(), "Stacks");
    Map<String, Integer> targets =
        labels(forma.targets().stream().map(Target::label).toList(), "Targets");
    Map<ResourceKey, Integer> declared = new HashMap<>();
    Set<String> used = new HashSet<>();
    List<Resource> resources = forma.resources();
    for (int i = 0; i < resources.size(); i++) {
      Resource r = resources.get(i);
      String ptr = "/Resources/" + i;
      if (!stacks.containsKey(r.stack())) {
        problems.add(
            at.apply(
                ptr + "/Stack",
                "resource '"
                    + r.label()
                    + "' names stack '"
                    + r.stack()
                    + "', which is not"
                    + " declared in Stacks"
                    + declaredList(stacks.keySet())));
      }
      if (!targets.containsKey(r.target())) {
        problems.add(
            at.apply(
                ptr + "/Target",
                "resource '"
                    + r.label()
                    + "' names target '"
                    + r.target()
                    + "', which is not"
                    + " declared in Targets"
                    + declaredList(targets.keySet())));
      }
      Integer first = declared.putIfAbsent(r.key(), i);
      if (first != null) {
        problems.add(
            at.apply(
                ptr + "/Label",
                "duplicate resource " + r.key() + ": already declared at /Resources/" + first));
      }
      if (types.isClosed() && types.find(r.type()).isEmpty()) {
        problems.add(at.apply(ptr + "/Type", unknownType(r.type())));
      }
      used.add(r.stack());
    }
    for (int i = 0; i < resources.size(); i++) {
      Resource r = resources.get(i);
      references(r, r.properties(), "/Resources/" + i + "/Properties", declared);
    }
    for (int i = 0; i < forma.stacks().size(); i++) {
      String label = forma.stacks().get(i).label();
      if (!used.contains(label)) {
        problems.add(
            at.apply(
                "/Stacks/" + i,
                "stack '"
                    + label
                    + "' has no resources: declare some, or remove the stack"
                    + " (to delete what a stack holds, destroy it)"));
      }
    }
    problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : 0);
  }

  /** A hint naming the stacks that do declare the label, for a reference that missed its stack. */
  private String elsewhere(ResourceKey key) {
    List<String> stacks =
        forma.resources().stream()
            .filter(r -> r.label().equals(key.label()))
            .map(r -> r.stack())
            .distinct()
            .toList();
    return stacks.isEmpty()
        ? ""
        : " ('"
            + key.label()
            + "' is declared in stack "
            + String.join(", ", stacks)
            + "; set $stack)";
  }

  private Map<String, Integer> labels(List<String> labels, String field) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      Integer first = seen.putIfAbsent(labels.get(i), i);
      if (first != null) {
        problems.add(
            at.apply(
                "/" + field + "/" + i + "/Label",
                "duplicate label '"
                    + labels.get(i)
                    + "': already declared at /"
                    + field
                    + "/"
                    + first));
      }
    }
    return seen;
  }

  private static String declaredList(Set<String> labels) {
    return labels.isEmpty() ? " (none is)" : " (declared: " + String.join(", ", labels) + ")";
  }

  private String unknownType(String type) {
    String hint =
        types.types().stream()
            .filter(t -> t.toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT)))
            .findFirst()
            .map(t -> "; did you mean '" + t + "'?")
            .orElse("");
    return "unknown resource type '" + type + "': no plugin declares it" + hint;
  }

  private void references(
      Resource owner, JsonNode node, String ptr, Map<ResourceKey, Integer> declared) {
    if (OpaqueValue.isOpaque(node)) {
      return;
    }
    if (ResourceRef.isRef(node)) {
      reference(owner, ResourceRef.from(node).orElseThrow(), ptr, declared);
      return;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        references(owner, e.getValue(), ptr + "/" + PropertyPointer.escape(e.getKey()), declared);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        references(owner, node.get(i), ptr + "/" + i, declared);
      }
    }
  }

  private void reference(
      Resource owner, ResourceRef ref, String ptr, Map<ResourceKey, Integer> declared) {
    String from = "resource " + owner.key();
    if (ref.label() == null || ref.label().isBlank()) {
      problems.add(at.apply(ptr + "/$label", from + " has a reference without $label"));
      return;
    }
    ResourceKey key = new ResourceKey(ref.stackOr(owner.stack()), ref.label());
    if (ref.property() == null || ref.property().isBlank()) {
      problems.add(
          at.apply(
              ptr,
              from
                  + " references "
                  + key
                  + " without naming a property ($property): say which"
                  + " of its properties to use, such as its identifier"));
    }
    if (key.equals(owner.key())) {
      problems.add(at.apply(ptr, from + " references itself"));
      return;
    }
    Integer index = declared.get(key);
    String actualType =
        index != null ? forma.resources().get(index).type() : outside.typeOf(key).orElse(null);
    if (actualType == null) {
      problems.add(
          at.apply(
              ptr,
              from
                  + " references "
                  + key
                  + ", which is not declared in the forma"
                  + (outside == ResourceLookup.NONE ? "" : " nor held in the inventory")
                  + elsewhere(key)));
    } else if (ref.type() != null && !ref.type().equals(actualType)) {
      problems.add(
          at.apply(
              ptr + "/$type",
              from + " references " + key + " as " + ref.type() + ", but it is a " + actualType));
    }
  }
}
