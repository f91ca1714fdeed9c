package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a delete does about managed resources outside it that depend on what it deletes. */
public enum OnDependents {
  /** Refuse, naming every such dependent. */
  ABORT,
  /** Delete them too, transitively. */
  CASCADE;

  /** The choice named {@code s}, case-insensitively. */
  public static OnDependents parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown on-dependents '" + s + "': expected abort or cascade", e);
    }
  }

  /** The lower-case name scripts and the API see. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
