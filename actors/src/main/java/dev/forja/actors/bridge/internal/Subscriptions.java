package dev.forja.actors.bridge.internal;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.FormaCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who follows which command's progress, both ways round, so that the bridge watches each subscriber
 * once however many commands it follows and forgets it everywhere when it stops. Not thread-safe:
 * the bridge owns it.
 *
 * @param <S> the subscriber (an actor ref in the bridge)
 */
public final class Subscriptions<S> {
  private final Map<String, Set<S>> byCommand = new HashMap<>();
  private final Map<S, Set<String>> bySubscriber = new HashMap<>();

  /** Subscribes; true when {@code subscriber} had no subscription before (watch it now). */
  public boolean add(String commandId, S subscriber) {
    byCommand.computeIfAbsent(commandId, id -> new LinkedHashSet<>()).add(subscriber);
    Set<String> ids = bySubscriber.computeIfAbsent(subscriber, s -> new LinkedHashSet<>());
    boolean first = ids.isEmpty();
    ids.add(commandId);
    return first;
  }

  /** Unsubscribes; true when {@code subscriber} has no subscription left (stop watching it). */
  public boolean remove(String commandId, S subscriber) {
    Set<S> subs = byCommand.get(commandId);
    if (subs != null && subs.remove(subscriber) && subs.isEmpty()) {
      byCommand.remove(commandId);
    }
    Set<String> ids = bySubscriber.get(subscriber);
    if (ids == null) {
      return false;
    }
    ids.remove(commandId);
    if (ids.isEmpty()) {
      bySubscriber.remove(subscriber);
      return true;
    }
    return false;
  }

  /** The subscribers of {@code commandId}, in subscription order. */
  public List<S> of(String commandId) {
    return List.copyOf(byCommand.getOrDefault(commandId, Set.of()));
  }

  /**
   * Ends every subscription of {@code commandId}; returns the subscribers left with none (stop
   * watching them).
   */
  public List<S> end(String commandId) {
    List<S> idle = new ArrayList<>();
    for (S s : of(commandId)) {
      if (remove(commandId, s)) {
        idle.add(s);
      }
    }
    return idle;
  }

  /** Forgets {@code subscriber} everywhere, as when it stopped. */
  public void drop(S subscriber) {
    Set<String> ids = bySubscriber.remove(subscriber);
    if (ids == null) {
      return;
    }
    for (String id : ids) {
      Set<S> subs = byCommand.get(id);
      if (subs != null && subs.remove(subscriber) && subs.isEmpty()) {
        byCommand.remove(id);
      }
    }
  }

  /** Whether anyone follows anything (for tests and logs). */
  public boolean isEmpty() {
    return bySubscriber.isEmpty();
  }

  /** The final progress of an ended command, as its read model tells it. */
  public static CommandProgress finalProgressOf(FormaCommand command, Instant now) {
    return new CommandProgress(
        command.id(),
        command.state(),
        command.counts(),
        null,
        command.endTs() != null ? command.endTs() : now);
  }
}
