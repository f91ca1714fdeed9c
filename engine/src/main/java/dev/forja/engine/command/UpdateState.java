package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one resource update. Final states (Success, Failed, Rejected, Canceled) never
 * change: a late or repeated completion is ignored (lesson L1).
 *
 * <pre>
 *  NotStarted ──► Pending ──► InProgress ──► Success
 *    │  │            │  │         ├────────► Failed
 *    │  │            │  │         └────────► Rejected   (pre-read found the resource changed)
 *    │  │            │  └─► Failed                      (could not start: unresolvable reference)
 *    │  └─► Failed   └────► Canceled                    (dependency failed / cancel)
 *    └────► Canceled
 * </pre>
 *
 * NotStarted: planned, a dependency has not finished. Pending: ready, queued for a rate-limit token
 * or an in-flight slot; no plugin call sent. InProgress: a plugin call was sent, so it ends with
 * its real result, never Canceled.
 */
public enum UpdateState {
  NOT_STARTED("NotStarted"),
  PENDING("Pending"),
  IN_PROGRESS("InProgress"),
  SUCCESS("Success"),
  FAILED("Failed"),
  REJECTED("Rejected"),
  CANCELED("Canceled");

  private final String wire;

  UpdateState(String wire) {
    this.wire = wire;
  }

  /** The name scripts and the API see. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** Whether the update has ended; a final state never changes. */
  public boolean isFinal() {
    return this == SUCCESS || this == FAILED || this == REJECTED || this == CANCELED;
  }

  /** The states this one may move to. */
  public Set<UpdateState> next() {
    return switch (this) {
      case NOT_STARTED -> EnumSet.of(PENDING, FAILED, CANCELED);
      case PENDING -> EnumSet.of(IN_PROGRESS, FAILED, CANCELED);
      case IN_PROGRESS -> EnumSet.of(SUCCESS, FAILED, REJECTED);
      case SUCCESS, FAILED, REJECTED, CANCELED -> EnumSet.noneOf(UpdateState.class);
    };
  }

  /** Whether moving to {@code to} is legal. */
  public boolean canMoveTo(UpdateState to) {
    return next().contains(to);
  }

  /** The state named {@code wire}, as scripts and the API write it. */
  public static UpdateState fromWire(String wire) {
    for (UpdateState s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown update state: " + wire);
  }

  @Override
  public String toString() {
    return wire;
  }
}
