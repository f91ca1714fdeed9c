package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.forja.engine.command.CommandState;

/**
 * The 202 answer to {@code POST /api/v1/commands/{id}/cancel}.
 *
 * @param commandId the command
 * @param state Canceling, or Canceled when nothing was in flight
 */
@JsonPropertyOrder({"CommandId", "State"})
public record CancelResult(
    @JsonProperty("CommandId") String commandId, @JsonProperty("State") CommandState state) {}
