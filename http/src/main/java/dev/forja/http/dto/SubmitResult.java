package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The 202 answer to {@code POST /api/v1/commands}.
 *
 * @param commandId the new command's KSUID; null when simulating or when nothing changes
 * @param changesRequired whether the plan changes anything
 * @param changeset the plan ({@code ChangesRequired}, {@code Counts}, {@code Levels}, as {@code
 *     forja plan -o json} prints it); {@code []} when nothing changes and nothing was simulated
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"CommandId", "ChangesRequired", "Changeset"})
public record SubmitResult(
    @JsonProperty("CommandId") String commandId,
    @JsonProperty("ChangesRequired") boolean changesRequired,
    @JsonProperty("Changeset") JsonNode changeset) {

  /** The answer when the inventory already matches: no command was recorded. */
  public static SubmitResult noChanges() {
    return new SubmitResult(null, false, JsonNodeFactory.instance.arrayNode());
  }
}
