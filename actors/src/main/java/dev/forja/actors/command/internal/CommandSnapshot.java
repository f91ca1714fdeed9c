package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.actors.command.GraphEdge;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.model.Target;
import dev.forja.engine.serialization.CborSerializable;
import java.util.List;

/**
 * An immutable copy of a command's {@link CommandData}, as snapshots store it.
 *
 * @param command the command with every update's state
 * @param edges the dependency graph's edges
 * @param targets the targets its updates run on
 * @param inFlight calls started and not finished
 * @param doneNodes nodes that finished with Success
 * @param cancelRequested whether a cancel was requested
 */
public record CommandSnapshot(
    @JsonProperty("Command") FormaCommand command,
    @JsonProperty("Edges") List<GraphEdge> edges,
    @JsonProperty("Targets") List<Target> targets,
    @JsonProperty("InFlight") List<InFlight> inFlight,
    @JsonProperty("DoneNodes") List<NodeKey> doneNodes,
    @JsonProperty("CancelRequested") boolean cancelRequested)
    implements CborSerializable {
  public CommandSnapshot {
    edges = List.copyOf(edges);
    targets = List.copyOf(targets);
    inFlight = List.copyOf(inFlight);
    doneNodes = List.copyOf(doneNodes);
  }

  /**
   * This snapshot with every opaque value reduced to a salted digest: what an ended command keeps,
   * since it never calls a plugin again.
   */
  public CommandSnapshot digested() {
    return new CommandSnapshot(
        Redaction.digested(command),
        edges,
        targets.stream().map(Redaction::digested).toList(),
        inFlight,
        doneNodes,
        cancelRequested);
  }
}
