package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user asked for. */
public enum CommandKind {
  APPLY,
  DESTROY;

  /** The lower-case name scripts and the API see. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
