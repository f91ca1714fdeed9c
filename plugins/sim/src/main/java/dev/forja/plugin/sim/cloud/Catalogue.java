package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.schema.FieldHint;
import dev.forja.plugin.catalog.AwsType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the simulated cloud needs of each catalogue type, computed once. Immutable after build. */
final class Catalogue {
  private final Map<String, TypeInfo> byName = new HashMap<>();

  Catalogue(List<AwsType> types) {
    for (AwsType t : types) {
      byName.put(t.name(), new TypeInfo(t));
    }
    for (AwsType t : types) {
      for (AwsType.Reference ref : t.references()) {
        TypeInfo target = byName.get(ref.targetType());
        if (target == null) {
          throw new IllegalStateException(
              t.name() + "." + ref.property() + " names unknown type " + ref.targetType());
        }
        target.indexed.add(ref.targetProperty());
        if (ref.holds()) {
          target.held.add(ref.targetProperty());
        }
      }
    }
  }

  /** The type named {@code name}, or null. */
  AwsType type(String name) {
    TypeInfo i = byName.get(name);
    return i == null ? null : i.type;
  }

  /** The type named {@code typeName}; Cloud Control's TypeNotFoundException when there is none. */
  AwsType require(String typeName) {
    AwsType t = typeName == null ? null : type(typeName);
    if (t == null) {
      throw new SimException(
          CloudControlErrors.TYPE_NOT_FOUND, 400, "The type " + typeName + " cannot be found");
    }
    return t;
  }

  /** What is known of the type named {@code name}, or null. */
  TypeInfo info(String name) {
    return byName.get(name);
  }

  /** One type's rules, by property. */
  static final class TypeInfo {
    final AwsType type;
    final Set<String> createOnly = new LinkedHashSet<>();
    final Set<String> writeOnly = new LinkedHashSet<>();

    /** Outputs a patch may not change. */
    final Set<String> readOnly = new LinkedHashSet<>();

    /** References by property; several for one property are alternatives. */
    final Map<String, List<AwsType.Reference>> referencesByProperty = new LinkedHashMap<>();

    /** References that keep what they name from being deleted. */
    final List<AwsType.Reference> holding = new ArrayList<>();

    /** Properties of this type that references name: indexed by value. */
    final Set<String> indexed = new LinkedHashSet<>();

    /** Properties of this type that holding references name: checked on delete. */
    final Set<String> held = new LinkedHashSet<>();

    TypeInfo(AwsType type) {
      this.type = type;
      for (Map.Entry<String, FieldHint> e : type.schema().fields().entrySet()) {
        if (e.getValue().createOnly()) {
          createOnly.add(e.getKey());
        }
        if (e.getValue().writeOnly()) {
          writeOnly.add(e.getKey());
        }
      }
      for (Map.Entry<String, String> e : type.outputs().entrySet()) {
        if (!Templates.fillsProperty(e.getKey(), e.getValue())) {
          readOnly.add(e.getKey());
        }
      }
      for (AwsType.Reference ref : type.references()) {
        referencesByProperty.computeIfAbsent(ref.property(), p -> new ArrayList<>()).add(ref);
        if (ref.holds()) {
          holding.add(ref);
        }
      }
    }

    /** {@code model} as Cloud Control answers it: without write-only properties. */
    ObjectNode readable(ObjectNode model) {
      boolean any = false;
      for (String f : writeOnly) {
        any |= model.has(f);
      }
      if (!any) {
        return model;
      }
      ObjectNode copy = model.deepCopy();
      copy.remove(writeOnly);
      return copy;
    }
  }
}
