package dev.forja.engine.plugin;

import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The plugins Forja runs with, by namespace, and the types they own. Immutable. */
public final class PluginRegistry {
  private final Map<String, ResourcePlugin> byNamespace;
  private final SchemaRegistry schemas;

  private PluginRegistry(Map<String, ResourcePlugin> byNamespace) {
    this.byNamespace = byNamespace;
    this.schemas = SchemaRegistry.of(mergedSchemas(byNamespace));
  }

  /**
   * Every type's schema, once. Two plugins may serve the same type (the simulator mirrors AWS's
   * types) only with the same schema: which plugin's hints the planner follows must not depend on
   * which was loaded first.
   */
  private static List<ResourceTypeSchema> mergedSchemas(Map<String, ResourcePlugin> byNamespace) {
    Map<String, ResourceTypeSchema> byType = new TreeMap<>();
    Map<String, String> owner = new TreeMap<>();
    for (Map.Entry<String, ResourcePlugin> e : byNamespace.entrySet()) {
      for (ResourceTypeSchema s : e.getValue().resourceTypes()) {
        ResourceTypeSchema prev = byType.putIfAbsent(s.type(), s);
        if (prev == null) {
          owner.put(s.type(), e.getKey());
        } else if (!prev.equals(s)) {
          throw new IllegalStateException(
              "plugins "
                  + owner.get(s.type())
                  + " and "
                  + e.getKey()
                  + " declare different schemas for "
                  + s.type());
        }
      }
    }
    return new ArrayList<>(byType.values());
  }

  /** Every plugin {@link ServiceLoader} finds through {@code loader}. */
  public static PluginRegistry load(ClassLoader loader) {
    List<ResourcePlugin> found = new ArrayList<>();
    ServiceLoader.load(ResourcePlugin.class, loader).forEach(found::add);
    return of(found);
  }

  /**
   * The given plugins. Two plugins for one namespace, or two owning one type, are an error: which
   * one runs must never depend on class-path order.
   */
  public static PluginRegistry of(Collection<? extends ResourcePlugin> plugins) {
    Map<String, ResourcePlugin> m = new TreeMap<>();
    for (ResourcePlugin p : plugins) {
      String ns = p.namespace().toUpperCase(Locale.ROOT);
      ResourcePlugin prev = m.putIfAbsent(ns, p);
      if (prev != null) {
        throw new IllegalStateException(
            "two plugins serve namespace "
                + ns
                + ": "
                + prev.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    return new PluginRegistry(Map.copyOf(m));
  }

  /** The plugin serving {@code namespace}, if any. */
  public Optional<ResourcePlugin> forNamespace(String namespace) {
    return Optional.ofNullable(byNamespace.get(namespace.toUpperCase(Locale.ROOT)));
  }

  /** The namespaces served, sorted. */
  public List<String> namespaces() {
    return byNamespace.keySet().stream().sorted().toList();
  }

  /** The schemas of every type every plugin owns. */
  public SchemaRegistry schemas() {
    return schemas;
  }
}
