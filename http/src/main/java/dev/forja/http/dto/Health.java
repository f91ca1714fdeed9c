package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The 200 answer of {@code GET /api/v1/health}.
 *
 * @param status {@code UP}
 * @param store where commands and the inventory live: sqlite, postgres or memory
 * @param uptimeSeconds how long the engine has run
 */
@JsonPropertyOrder({"Status", "Store", "UptimeSeconds"})
public record Health(
    @JsonProperty("Status") String status,
    @JsonProperty("Store") String store,
    @JsonProperty("UptimeSeconds") long uptimeSeconds) {}
