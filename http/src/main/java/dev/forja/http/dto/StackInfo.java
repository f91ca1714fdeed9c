package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One stack of {@code GET /api/v1/stacks}.
 *
 * @param label the stack's label
 * @param resources how many inventory resources it holds
 * @param managed how many of them are managed
 */
@JsonPropertyOrder({"Label", "Resources", "Managed"})
public record StackInfo(
    @JsonProperty("Label") String label,
    @JsonProperty("Resources") int resources,
    @JsonProperty("Managed") int managed) {}
