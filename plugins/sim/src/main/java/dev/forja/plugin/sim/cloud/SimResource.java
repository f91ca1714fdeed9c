package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource the simulated cloud holds, as {@code GET /_sim/resources} shows it.
 *
 * @param typeName its type
 * @param identifier its identifier
 * @param properties its properties, outputs included
 */
public record SimResource(
    @JsonProperty("TypeName") String typeName,
    @JsonProperty("Identifier") String identifier,
    @JsonProperty("Properties") ObjectNode properties) {}
