package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A named group of resources that a reconcile owns as a whole.
 *
 * @param label the stack's unique name
 * @param description free text, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Stack(
    @JsonProperty("Label") String label, @JsonProperty("Description") String description) {
  public Stack {
    Objects.requireNonNull(label, "label");
  }
}
