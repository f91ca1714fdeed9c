package dev.forja.engine.plan.generated;

import dev.forja.engine.plan.DependencyGraph;
import dev.forja.engine.plan.DependencyGraph.Node;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;

/**
 * Which nodes of a graph wait, directly or not, for which: the transitive closure of its edges, so
 * that an ordering is checked for every execution, not only the one a test happened to run.
 */
public final class Reachability {
  private final BitSet[] ancestors;

  private Reachability(BitSet[] ancestors) {
    this.ancestors = ancestors;
  }

  /** The closure of {@code graph}; throws when the graph has a cycle. */
  public static Reachability of(DependencyGraph graph) {
    List<Node> nodes = graph.nodes();
    int n = nodes.size();
    BitSet[] ancestors = new BitSet[n];
    int[] waiting = new int[n];
    ArrayDeque<Node> ready = new ArrayDeque<>();
    for (Node node : nodes) {
      ancestors[node.id()] = new BitSet(n);
      waiting[node.id()] = graph.dependenciesOf(node).size();
      if (waiting[node.id()] == 0) {
        ready.add(node);
      }
    }
    int visited = 0;
    while (!ready.isEmpty()) {
      Node node = ready.poll();
      visited++;
      for (Node dep : graph.dependenciesOf(node)) {
        ancestors[node.id()].set(dep.id());
        ancestors[node.id()].or(ancestors[dep.id()]);
      }
      for (Node next : graph.dependentsOf(node)) {
        if (--waiting[next.id()] == 0) {
          ready.add(next);
        }
      }
    }
    if (visited != n) {
      throw new AssertionError("the graph has a cycle: " + (n - visited) + " nodes never ready");
    }
    return new Reachability(ancestors);
  }

  /** Whether {@code later} waits, directly or through others, for {@code earlier}. */
  public boolean waitsFor(Node later, Node earlier) {
    return ancestors[later.id()].get(earlier.id());
  }
}
