package dev.forja.engine.metrics;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import java.util.Locale;

/**
 * What the engine reports about its own work, for a metrics backend to count. Every method is
 * called on an engine thread, inside an actor: implementations must be thread-safe, quick and must
 * not throw. Each has a no-op default, so a recorder overrides only what it needs; {@link #NONE}
 * records nothing.
 */
public interface EngineMetrics {

  /** Records nothing: the engine's default. */
  EngineMetrics NONE = new EngineMetrics() {};

  /** How one plugin request ended, as seen by the engine. */
  enum Outcome {
    /** The operation succeeded. */
    SUCCESS,
    /** The operation was accepted and is still running: the engine polls its status. */
    IN_PROGRESS,
    /** The plugin reported the operation failed. */
    FAILED,
    /** The plugin threw, failed its stage or answered nothing. */
    ERROR,
    /** No answer within the plugin call timeout. */
    TIMEOUT;

    /** The lower-case name a metrics label carries. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One plugin request ended, status polls included.
   *
   * @param namespace the plugin's namespace
   * @param type the resource type
   * @param op the request: create, read, update, delete, or status for a poll
   * @param latency from sending the request to its answer (the timeout when there was none)
   * @param outcome how it ended
   */
  default void pluginCall(
      String namespace, String type, PluginOperation op, Duration latency, Outcome outcome) {}

  /** A command event reached the journal {@code latency} after it was handed to it. */
  default void persisted(Duration latency) {}

  /** A resource updater started a node with operation {@code op}: one more update in flight. */
  default void updateStarted(Operation op) {}

  /**
   * A resource updater that {@link #updateStarted started} stopped: one fewer in flight.
   *
   * @param op the node's operation (a replace runs as a delete node, then a create node)
   * @param finalState the node's end (Success, Failed, Rejected or Canceled), or null when it
   *     stopped without one (the engine stopping; the node resumes at the next start)
   */
  default void updateEnded(Operation op, UpdateState finalState) {}

  /**
   * Command {@code commandId} is now in {@code state}: accepted (NotStarted), moved on, or found
   * not ended when its persister recovered. A final state is reported once, when the command ends;
   * a state may be repeated (a persister recovers again after a journal failure).
   */
  default void commandState(String commandId, CommandState state) {}
}
