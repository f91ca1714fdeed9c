package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/stats}.
 *
 * @param resources inventory counts
 * @param stacks how many stacks hold resources
 * @param targets how many targets the inventory holds
 * @param plugins each plugin and the types it serves
 * @param store where commands and the inventory live: sqlite, postgres or memory
 * @param startedAt when the engine started (ISO-8601)
 * @param uptimeSeconds how long it has run
 */
@JsonPropertyOrder({
  "Resources",
  "Stacks",
  "Targets",
  "Plugins",
  "Store",
  "StartedAt",
  "UptimeSeconds"
})
public record Stats(
    @JsonProperty("Resources") ResourceCounts resources,
    @JsonProperty("Stacks") int stacks,
    @JsonProperty("Targets") int targets,
    @JsonProperty("Plugins") List<PluginInfo> plugins,
    @JsonProperty("Store") String store,
    @JsonProperty("StartedAt") String startedAt,
    @JsonProperty("UptimeSeconds") long uptimeSeconds) {

  /**
   * Inventory counts.
   *
   * @param total every resource
   * @param managed those a forma declares
   * @param unmanaged those discovery found
   */
  @JsonPropertyOrder({"Total", "Managed", "Unmanaged"})
  public record ResourceCounts(
      @JsonProperty("Total") int total,
      @JsonProperty("Managed") int managed,
      @JsonProperty("Unmanaged") int unmanaged) {}

  /**
   * A plugin.
   *
   * @param namespace the target namespace it serves
   * @param types the resource types it owns, sorted
   */
  @JsonPropertyOrder({"Namespace", "Types"})
  public record PluginInfo(
      @JsonProperty("Namespace") String namespace, @JsonProperty("Types") List<String> types) {}
}
