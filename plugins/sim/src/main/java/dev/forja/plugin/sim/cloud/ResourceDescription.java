package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A resource as GetResource and ListResources describe it.
 *
 * @param identifier its identifier
 * @param properties its properties, read-only outputs included, as JSON text
 */
public record ResourceDescription(
    @JsonProperty("Identifier") String identifier, @JsonProperty("Properties") String properties) {}
