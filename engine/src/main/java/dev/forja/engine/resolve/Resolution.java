package dev.forja.engine.resolve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Desired properties with their references resolved, in the two shapes the engine needs.
 *
 * @param forPlugin what the plugin receives: every {@code $ref} replaced by its plain value and
 *     every opaque envelope by its clear value
 * @param forStore what the inventory stores: the desired properties with each {@code $ref}'s {@code
 *     $value} filled in and opaque envelopes kept, so a later plan still sees the references
 * @param problems one line per reference or secret that could not be resolved, naming its property
 *     path; when not empty, neither tree is fit to use
 */
public record Resolution(ObjectNode forPlugin, ObjectNode forStore, List<String> problems) {
  public Resolution {
    problems = List.copyOf(problems);
  }

  /** Whether everything resolved. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
