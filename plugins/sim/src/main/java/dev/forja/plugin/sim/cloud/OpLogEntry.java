package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One operation the cloud received, as {@code GET /_sim/oplog} shows it.
 *
 * @param op {@code Create}, {@code Read}, {@code Update}, {@code Delete}, {@code List} or {@code
 *     Status}
 * @param typeName its type
 * @param identifier the resource's identifier (a create's, once assigned)
 * @param clientToken the client token of a mutation, else null
 * @param ts when it arrived
 */
public record OpLogEntry(
    @JsonProperty("Op") String op,
    @JsonProperty("TypeName") String typeName,
    @JsonProperty("Identifier") String identifier,
    @JsonProperty("ClientToken") String clientToken,
    @JsonProperty("Ts") Instant ts) {}
