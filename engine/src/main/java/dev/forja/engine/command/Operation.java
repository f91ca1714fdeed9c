package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a resource update does. A replace runs as a delete, then a create. */
public enum Operation {
  CREATE,
  UPDATE,
  REPLACE,
  DELETE,
  READ;

  /** The lower-case name scripts and the API see. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wire();
  }
}
