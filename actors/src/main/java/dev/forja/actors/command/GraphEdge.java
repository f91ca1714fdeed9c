package dev.forja.actors.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.engine.serialization.CborSerializable;

/**
 * A persisted edge of the dependency graph, by node id as {@code DependencyGraph} numbers nodes
 * (deterministic for a given list of updates): node {@code waiting} starts after node {@code on}.
 */
public record GraphEdge(@JsonProperty("Waiting") int waiting, @JsonProperty("On") int on)
    implements CborSerializable {}
