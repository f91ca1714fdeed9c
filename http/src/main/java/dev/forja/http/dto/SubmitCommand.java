package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/commands}. Absent fields take their defaults.
 *
 * @param command {@code apply} or {@code destroy} (required)
 * @param mode {@code reconcile} (default) or {@code patch}; an apply's
 * @param simulate plan only, store and run nothing (default false)
 * @param onDependents {@code abort} (default) or {@code cascade}; a destroy's
 * @param forma the forma, as JSON (an apply's, or a destroy's unless {@code query} is given)
 * @param query a destroy's inventory query instead of a forma, such as {@code stack:net}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Command", "Mode", "Simulate", "OnDependents", "Forma", "Query"})
public record SubmitCommand(
    @JsonProperty("Command") String command,
    @JsonProperty("Mode") String mode,
    @JsonProperty("Simulate") Boolean simulate,
    @JsonProperty("OnDependents") String onDependents,
    @JsonProperty("Forma") JsonNode forma,
    @JsonProperty("Query") String query) {

  /** An apply of {@code forma} in {@code mode}. */
  public static SubmitCommand apply(JsonNode forma, String mode, boolean simulate) {
    return new SubmitCommand("apply", mode, simulate, null, forma, null);
  }

  /** A destroy of what {@code forma} declares. */
  public static SubmitCommand destroy(JsonNode forma, String onDependents, boolean simulate) {
    return new SubmitCommand("destroy", null, simulate, onDependents, forma, null);
  }

  /** A destroy of the managed resources matching {@code query}. */
  public static SubmitCommand destroyMatching(String query, String onDependents, boolean simulate) {
    return new SubmitCommand("destroy", null, simulate, onDependents, null, query);
  }
}
