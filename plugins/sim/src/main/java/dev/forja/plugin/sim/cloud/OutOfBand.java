package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsType;

/**
 * Changes to resources behind the engine's back, as a test makes a world the engine did not: no
 * request, no latency, no faults, and references are not checked. Not thread-safe: only called
 * under the lock of the {@link SimCloud} that holds it, after it has settled what is due.
 */
final class OutOfBand {
  private final ResourceStore store;
  private final Catalogue catalogue;
  private final Templates templates;
  private final Runnable changed;

  /** {@code changed} is told of every change to a resource, for the state file. */
  OutOfBand(ResourceStore store, Catalogue catalogue, Templates templates, Runnable changed) {
    this.store = store;
    this.catalogue = catalogue;
    this.templates = templates;
    this.changed = changed;
  }

  /** Creates a resource in {@code region}; returns the identifier AWS would assign. */
  String create(String typeName, ObjectNode properties, String region) {
    AwsType type = catalogue.require(typeName);
    Templates.Named named = templates.name(type, properties, region, SimCloud.ACCOUNT);
    if (named.missing() != null) {
      throw new SimException(
          CloudControlErrors.VALIDATION,
          400,
          "required property " + named.missing() + " of " + typeName + " is missing");
    }
    if (store.find(typeName, named.identifier()) != null) {
      throw new SimException(
          "AlreadyExistsException",
          400,
          typeName + " with identifier " + named.identifier() + " already exists");
    }
    ObjectNode model = properties.deepCopy();
    named.outputs().forEach(model::set);
    if (type.schema().identifier() != null && !model.has(type.schema().identifier())) {
      model.put(type.schema().identifier(), named.identifier());
    }
    store.put(new ResourceStore.Key(typeName, named.identifier()), model);
    changed.run();
    return named.identifier();
  }

  /** Merges top-level properties into a resource. */
  void update(String typeName, String identifier, ObjectNode properties) {
    catalogue.require(typeName);
    ResourceStore.Res res = store.find(typeName, identifier);
    if (res == null) {
      throw CloudControlErrors.notFound(typeName, identifier);
    }
    ObjectNode model = res.model().deepCopy();
    properties.properties().forEach(e -> model.set(e.getKey(), e.getValue().deepCopy()));
    store.put(res.key(), model);
    changed.run();
  }

  /** Deletes a resource, dependents or not. */
  void delete(String typeName, String identifier) {
    catalogue.require(typeName);
    if (store.find(typeName, identifier) == null) {
      throw CloudControlErrors.notFound(typeName, identifier);
    }
    if (store.remove(new ResourceStore.Key(typeName, identifier))) {
      changed.run();
    }
  }
}
