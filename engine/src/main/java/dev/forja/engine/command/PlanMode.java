package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the planner turns a forma into a changeset. */
public enum PlanMode {
  /** The forma's stacks become exactly the forma: what they hold and it omits is deleted. */
  RECONCILE,
  /** Only the resources named are created or updated, merged field by field; nothing is deleted. */
  PATCH,
  /** The resources the forma declares are deleted, dependents first. */
  DESTROY;

  /** The lower-case name scripts and the API see. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code s}, case-insensitively. */
  public static PlanMode parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown mode '" + s + "': expected reconcile, patch or destroy", e);
    }
  }
}
