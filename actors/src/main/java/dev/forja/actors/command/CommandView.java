package dev.forja.actors.command;

import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.model.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command as its persister holds it, copied for the executor that (re)starts it.
 *
 * @param command the command with every update's current state
 * @param edges the dependency graph's edges
 * @param targets the targets its updates run on
 * @param inFlight calls started and not finished, by node
 * @param doneNodes nodes that finished (a replace's DELETE node finishes before its update does)
 */
public record CommandView(
    FormaCommand command,
    List<GraphEdge> edges,
    List<Target> targets,
    Map<NodeKey, InFlight> inFlight,
    Set<NodeKey> doneNodes) {}
