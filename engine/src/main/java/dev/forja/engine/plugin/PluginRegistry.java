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
    List<ResourceTypeSchema> all = new ArrayList<>();
    byNamespace.values().forEach(p -> all.addAll(p.resourceTypes()));
    this.schemas = SchemaRegistry.of(all);
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
