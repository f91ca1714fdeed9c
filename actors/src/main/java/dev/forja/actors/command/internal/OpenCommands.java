package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.engine.serialization.CborSerializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids of commands that have not ended, in registration order: the command registry's state.
 * Immutable: an event copies the set, which holds only the commands running now (a handful), so the
 * copy is cheap and the state can never be changed behind Pekko's back.
 */
// Jackson sees only the "Open" list, not the set behind it (Pekko's mapper makes fields visible).
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class OpenCommands implements CborSerializable {
  private final Set<String> ids;

  /** The open commands {@code ids}, in this order. */
  @JsonCreator
  public OpenCommands(@JsonProperty("Open") List<String> ids) {
    this.ids = Collections.unmodifiableSet(new LinkedHashSet<>(ids));
  }

  private OpenCommands(Set<String> ids) {
    this.ids = Collections.unmodifiableSet(ids);
  }

  /** No command open. */
  public static OpenCommands none() {
    return new OpenCommands(List.of());
  }

  /** The ids, in registration order (the JSON form). */
  @JsonProperty("Open")
  public List<String> list() {
    return List.copyOf(ids);
  }

  /** The ids as an unmodifiable set, in registration order. */
  public Set<String> ids() {
    return ids;
  }

  /** Whether {@code commandId} is open. */
  public boolean contains(String commandId) {
    return ids.contains(commandId);
  }

  /** This set with {@code commandId} added at the end. */
  public OpenCommands with(String commandId) {
    Set<String> next = new LinkedHashSet<>(ids);
    next.add(commandId);
    return new OpenCommands(next);
  }

  /** This set without {@code commandId}. */
  public OpenCommands without(String commandId) {
    Set<String> next = new LinkedHashSet<>(ids);
    next.remove(commandId);
    return new OpenCommands(next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenCommands other && list().equals(other.list());
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  @Override
  public String toString() {
    return "OpenCommands" + ids;
  }
}
