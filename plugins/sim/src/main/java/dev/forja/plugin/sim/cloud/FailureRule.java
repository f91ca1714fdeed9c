package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Fail the next {@code count} matching operations.
 *
 * @param op {@code Create}, {@code Read}, {@code Update}, {@code Delete} or {@code List}
 * @param typeName the type it applies to, null for any
 * @param name matches the identifier or any top-level string property exactly, null for any
 * @param errorCode a HandlerErrorCode (the operation ends FAILED with it), or {@code
 *     ThrottlingException} / {@code InternalFailure} (the API call itself fails)
 * @param count how many matching operations fail before the rule is spent
 */
public record FailureRule(
    @JsonProperty("Op") String op,
    @JsonProperty("TypeName") String typeName,
    @JsonProperty("Name") String name,
    @JsonProperty("ErrorCode") String errorCode,
    @JsonProperty("Count") int count) {}
