package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a forma command. Final states never change.
 *
 * <pre>
 *  NotStarted ──► InProgress ──► Success
 *      │  │           │  └─────► Failed
 *      │  │           ▼
 *      │  └──────► Canceling ──► Canceled
 *      └──────────────────────────▲   (cancel before any update started)
 *      └──► Failed                    (nothing could start)
 * </pre>
 */
public enum CommandState {
  NOT_STARTED("NotStarted"),
  IN_PROGRESS("InProgress"),
  CANCELING("Canceling"),
  SUCCESS("Success"),
  FAILED("Failed"),
  CANCELED("Canceled");

  private final String wire;

  CommandState(String wire) {
    this.wire = wire;
  }

  /** The name scripts and the API see. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** Whether the command has ended; a final state never changes. */
  public boolean isFinal() {
    return this == SUCCESS || this == FAILED || this == CANCELED;
  }

  /** The states this one may move to. */
  public Set<CommandState> next() {
    return switch (this) {
      case NOT_STARTED -> EnumSet.of(IN_PROGRESS, CANCELING, CANCELED, FAILED);
      case IN_PROGRESS -> EnumSet.of(CANCELING, SUCCESS, FAILED);
      case CANCELING -> EnumSet.of(CANCELED);
      case SUCCESS, FAILED, CANCELED -> EnumSet.noneOf(CommandState.class);
    };
  }

  /** Whether moving to {@code to} is legal. */
  public boolean canMoveTo(CommandState to) {
    return next().contains(to);
  }

  /** The state named {@code wire}, as scripts and the API write it. */
  public static CommandState fromWire(String wire) {
    for (CommandState s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown command state: " + wire);
  }

  @Override
  public String toString() {
    return wire;
  }
}
