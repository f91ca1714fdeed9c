package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cloud's resources by type and identifier, with the indexes that keep every check cheap: which
 * resources hold a value that references name (is a referenced resource there? O(1)), and which
 * resources name it through a holding reference (may it be deleted? O(its dependents)). Not
 * thread-safe: {@link SimCloud} guards it with its lock.
 */
final class ResourceStore {
  /** Values that name AWS-managed resources, which no account holds: never checked. */
  private static final List<String> AWS_MANAGED_PREFIXES =
      List.of("arn:aws:iam::aws:", "alias/aws/");

  private final Catalogue catalogue;
  private final TreeMap<String, TreeMap<String, Res>> byType = new TreeMap<>();

  /** (type, property, value) to the identifiers of that type holding that value. */
  private final Map<String, Set<String>> holders = new HashMap<>();

  /** (type, property, value) to the resources whose holding references name it. */
  private final Map<String, Set<Key>> dependents = new HashMap<>();

  ResourceStore(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** A resource's type and identifier. */
  record Key(String type, String id) {}

  /** A resource; its model is replaced, never changed, so readers may use it outside the lock. */
  record Res(Key key, ObjectNode model) {}

  /** The resource, or null. */
  Res find(String type, String identifier) {
    TreeMap<String, Res> m = byType.get(type);
    return m == null || identifier == null ? null : m.get(identifier);
  }

  /** Stores {@code model} as the resource's state, re-indexing it. */
  void put(Key key, ObjectNode model) {
    TreeMap<String, Res> m = byType.computeIfAbsent(key.type(), t -> new TreeMap<>());
    Res old = m.get(key.id());
    if (old != null) {
      unindex(old);
    }
    Res res = new Res(key, model);
    m.put(key.id(), res);
    index(res);
  }

  /** Forgets the resource; whether there was one. */
  boolean remove(Key key) {
    TreeMap<String, Res> m = byType.get(key.type());
    Res old = m == null ? null : m.remove(key.id());
    if (old != null) {
      unindex(old);
    }
    return old != null;
  }

  /** One page of a type's resources, and whether more follow. */
  record Page(List<Res> items, boolean more) {}

  /** Up to {@code size} resources of {@code type} after identifier {@code after} (null: first). */
  Page page(String type, String after, int size) {
    NavigableMap<String, Res> all = byType.getOrDefault(type, new TreeMap<>());
    NavigableMap<String, Res> rest = after == null ? all : all.tailMap(after, false);
    List<Res> page = new ArrayList<>(Math.min(size, 1024));
    Iterator<Res> it = rest.values().iterator();
    while (page.size() < size && it.hasNext()) {
      page.add(it.next());
    }
    return new Page(page, it.hasNext());
  }

  /** Every resource, by type then identifier. */
  List<Res> all() {
    List<Res> out = new ArrayList<>();
    byType.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  int size() {
    int n = 0;
    for (TreeMap<String, Res> m : byType.values()) {
      n += m.size();
    }
    return n;
  }

  void clear() {
    byType.clear();
    holders.clear();
    dependents.clear();
  }

  /**
   * Why {@code model} may not be stored: a reference naming no resource. On update, {@code prior}
   * is the current model, and only changed properties are checked: a value left dangling by a
   * delete AWS allowed does not block other changes.
   */
  String danglingReference(String type, ObjectNode model, ObjectNode prior) {
    for (Map.Entry<String, List<AwsType.Reference>> e :
        catalogue.info(type).referencesByProperty.entrySet()) {
      String property = e.getKey();
      JsonNode value = model.get(property);
      if (value == null || (prior != null && value.equals(prior.get(property)))) {
        continue;
      }
      for (String v : texts(value)) {
        if (!isAwsManaged(v) && !namesAny(e.getValue(), v)) {
          return "Property "
              + property
              + " names "
              + e.getValue().get(0).targetType()
              + " '"
              + v
              + "', which does not exist";
        }
      }
    }
    return null;
  }

  private boolean namesAny(List<AwsType.Reference> alternatives, String value) {
    for (AwsType.Reference ref : alternatives) {
      if (holders.containsKey(slot(ref.targetType(), ref.targetProperty(), value))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAwsManaged(String v) {
    for (String p : AWS_MANAGED_PREFIXES) {
      if (v.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why {@code res} may not be deleted now, or null: its type's AWS error, then who holds it. O(its
   * dependents).
   */
  String deleteConflict(Res res) {
    Catalogue.TypeInfo info = catalogue.info(res.key().type());
    Set<Key> found = new LinkedHashSet<>();
    for (String p : info.held) {
      for (String v : texts(res.model().get(p))) {
        Set<String> same = holders.get(slot(res.key().type(), p, v));
        if (same != null && same.size() > 1) {
          // Another resource of this type answers to the same value; the dependents may mean it.
          continue;
        }
        Set<Key> deps = dependents.get(slot(res.key().type(), p, v));
        if (deps != null) {
          for (Key d : deps) {
            if (!d.equals(res.key())) {
              found.add(d);
            }
          }
        }
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Key d : found) {
      if (names.size() == 5) {
        names.add("and " + (found.size() - 5) + " more");
        break;
      }
      names.add(d.type() + " " + d.id());
    }
    String error = info.type.deleteConflict() != null ? info.type.deleteConflict() : "Conflict";
    return error
        + ": "
        + res.key().type()
        + " "
        + res.key().id()
        + " has dependents and cannot be deleted: "
        + String.join(", ", names);
  }

  private void index(Res res) {
    Catalogue.TypeInfo info = catalogue.info(res.key().type());
    for (String p : info.indexed) {
      for (String v : texts(res.model().get(p))) {
        holders
            .computeIfAbsent(slot(res.key().type(), p, v), k -> new HashSet<>())
            .add(res.key().id());
      }
    }
    for (AwsType.Reference ref : info.holding) {
      for (String v : texts(res.model().get(ref.property()))) {
        dependents
            .computeIfAbsent(slot(ref.targetType(), ref.targetProperty(), v), k -> new HashSet<>())
            .add(res.key());
      }
    }
  }

  private void unindex(Res res) {
    Catalogue.TypeInfo info = catalogue.info(res.key().type());
    for (String p : info.indexed) {
      for (String v : texts(res.model().get(p))) {
        removeFrom(holders, slot(res.key().type(), p, v), res.key().id());
      }
    }
    for (AwsType.Reference ref : info.holding) {
      for (String v : texts(res.model().get(ref.property()))) {
        removeFrom(dependents, slot(ref.targetType(), ref.targetProperty(), v), res.key());
      }
    }
  }

  private static <T> void removeFrom(Map<String, Set<T>> index, String slot, T value) {
    Set<T> s = index.get(slot);
    if (s != null && s.remove(value) && s.isEmpty()) {
      index.remove(slot);
    }
  }

  private static String slot(String type, String property, String value) {
    return type + '\u0000' + property + '\u0000' + value;
  }

  /** The text values a property holds: itself, or the elements of a list. */
  static List<String> texts(JsonNode n) {
    if (n == null) {
      return List.of();
    }
    if (n.isTextual()) {
      return List.of(n.asText());
    }
    if (n.isArray()) {
      List<String> out = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        if (e.isTextual()) {
          out.add(e.asText());
        }
      }
      return out;
    }
    return List.of();
  }
}
