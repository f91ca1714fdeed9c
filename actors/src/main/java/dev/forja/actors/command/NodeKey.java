package dev.forja.actors.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.engine.command.Operation;
import dev.forja.engine.serialization.CborSerializable;

/**
 * One node of a command's dependency graph: an update's KSUID and the operation the node runs (a
 * replace runs as a DELETE node, then a CREATE node).
 *
 * @param ksuid the update's resource KSUID
 * @param operation CREATE, UPDATE, DELETE or READ, never REPLACE
 */
public record NodeKey(
    @JsonProperty("Ksuid") String ksuid, @JsonProperty("Operation") Operation operation)
    implements CborSerializable {}
