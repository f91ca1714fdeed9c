package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a user declares: stacks, targets and resources. Immutable; built by {@code FormaReader}.
 *
 * @param description what the forma says about itself
 * @param stacks the stacks a reconcile owns
 * @param targets where resources live
 * @param resources the declared resources
 */
public record Forma(
    @JsonProperty("Description") Description description,
    @JsonProperty("Stacks") List<Stack> stacks,
    @JsonProperty("Targets") List<Target> targets,
    @JsonProperty("Resources") List<Resource> resources) {
  public Forma {
    description = description == null ? Description.NONE : description;
    stacks = List.copyOf(stacks);
    targets = List.copyOf(targets);
    resources = List.copyOf(resources);
  }
}
