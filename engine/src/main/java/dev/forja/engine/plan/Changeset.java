package dev.forja.engine.plan;

import dev.forja.engine.command.ResourceUpdate;
import java.util.List;

/**
 * What a plan gives: the updates, and the order they may run in.
 *
 * @param updates the updates, forma order first, then deletes and cascades by stack and label
 * @param graph the dependency graph over the updates
 */
public record Changeset(List<ResourceUpdate> updates, DependencyGraph graph) {
  public Changeset {
    updates = List.copyOf(updates);
  }

  /** Whether nothing needs to change. */
  public boolean isEmpty() {
    return updates.isEmpty();
  }
}
