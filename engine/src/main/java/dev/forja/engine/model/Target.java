package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * Where resources live: a plugin namespace (which plugin serves it) and that plugin's config.
 *
 * <p>The config tree is owned by this record and must not be mutated after construction.
 *
 * @param label the target's unique name
 * @param namespace the plugin namespace, upper-cased ({@code AWS}, {@code SIM})
 * @param config plugin-specific settings such as {@code Region}
 * @param discoverable whether discovery may list unmanaged resources on it
 */
public record Target(
    @JsonProperty("Label") String label,
    @JsonProperty("Namespace") String namespace,
    @JsonProperty("Config") ObjectNode config,
    @JsonProperty("Discoverable") boolean discoverable) {
  public Target {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(namespace, "namespace");
    namespace = namespace.toUpperCase(Locale.ROOT);
    config = config == null ? JsonNodeFactory.instance.objectNode() : config;
  }
}
