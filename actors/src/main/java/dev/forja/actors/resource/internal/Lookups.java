package dev.forja.actors.resource.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.changeset.ResolveCache;
import dev.forja.engine.resolve.Resolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a ResourceUpdater asked the resolve cache for: those still awaited, those known, and
 * why any could not be had. Immutable; each answer makes a new one.
 *
 * @param pending KSUIDs not answered yet
 * @param values known values by KSUID (properties overlaid with read-only properties)
 * @param errors one line per KSUID whose values could not be had
 */
public record Lookups(Set<String> pending, Map<String, ObjectNode> values, List<String> errors) {
  public Lookups {
    pending = Set.copyOf(pending);
    values = Map.copyOf(values);
    errors = List.copyOf(errors);
  }

  /** Nothing answered yet for {@code producers}. */
  public static Lookups of(Set<String> producers) {
    return new Lookups(producers, Map.of(), List.of());
  }

  /** Whether every lookup was answered. */
  public boolean isDone() {
    return pending.isEmpty();
  }

  /** These lookups once {@code ksuid} was answered with {@code answer}, or failed. */
  public Lookups answered(String ksuid, ResolveCache.Values answer, Throwable failure) {
    Set<String> p = new LinkedHashSet<>(pending);
    p.remove(ksuid);
    Map<String, ObjectNode> v = new LinkedHashMap<>(values);
    List<String> e = new ArrayList<>(errors);
    if (failure != null) {
      e.add("looking up resource " + ksuid + " failed: " + failure.getMessage());
    } else if (answer.values() == null) {
      e.add("resource " + ksuid + ": " + answer.error());
    } else {
      v.put(ksuid, answer.values());
    }
    return new Lookups(p, v, e);
  }

  /**
   * Everything that keeps {@code resolution} from being used, one clause per lookup error and per
   * unresolved reference (which names the property and the reference), or null when it is usable.
   */
  public String problemsWith(Resolution resolution) {
    if (errors.isEmpty() && resolution.ok()) {
      return null;
    }
    List<String> all = new ArrayList<>(errors);
    all.addAll(resolution.problems());
    return "cannot resolve references: " + String.join("; ", all);
  }
}
