package dev.forja.engine.plan;

import dev.forja.engine.plan.DependencyGraph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One run through a {@link DependencyGraph}: which nodes are ready, which finished. Each step costs
 * time in proportion to the nodes it touches, never the graph's size. Not thread-safe: one actor
 * owns it.
 */
public final class Schedule {
  private enum NodeState {
    WAITING,
    READY,
    STARTED,
    SUCCEEDED,
    FAILED,
    CANCELED
  }

  private final DependencyGraph graph;
  private final int[][] dependents;
  private final int[] waitingOn;
  private final NodeState[] states;
  private final ArrayDeque<Integer> ready = new ArrayDeque<>();
  private int open;

  Schedule(DependencyGraph graph, int[][] dependents, int[][] dependencies) {
    this.graph = graph;
    this.dependents = dependents;
    int n = dependents.length;
    this.waitingOn = new int[n];
    this.states = new NodeState[n];
    this.open = n;
    for (int i = 0; i < n; i++) {
      waitingOn[i] = dependencies[i].length;
      states[i] = NodeState.WAITING;
      if (waitingOn[i] == 0) {
        states[i] = NodeState.READY;
        ready.add(i);
      }
    }
  }

  /** The nodes that became ready since the last call, now counted as started. */
  public List<Node> takeReady() {
    return take(Integer.MAX_VALUE);
  }

  /** At most {@code max} of the ready nodes, in the order they became ready. */
  public List<Node> take(int max) {
    List<Node> out = new ArrayList<>(Math.min(max, ready.size()));
    while (out.size() < max && !ready.isEmpty()) {
      int id = ready.poll();
      states[id] = NodeState.STARTED;
      out.add(graph.nodes().get(id));
    }
    return out;
  }

  /** How many nodes are ready and not yet taken. */
  public int readyCount() {
    return ready.size();
  }

  /** {@code n} succeeded: the nodes waiting only for it become ready. */
  public void succeeded(Node n) {
    finish(n, NodeState.SUCCEEDED);
    for (int d : dependents[n.id()]) {
      if (--waitingOn[d] == 0 && states[d] == NodeState.WAITING) {
        states[d] = NodeState.READY;
        ready.add(d);
      }
    }
  }

  /**
   * {@code n} failed: every node that waits for it, directly or not, fails without starting.
   *
   * @return the nodes failed because of it, not counting {@code n}
   */
  public List<Node> failed(Node n) {
    finish(n, NodeState.FAILED);
    List<Node> out = new ArrayList<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    todo.add(n.id());
    while (!todo.isEmpty()) {
      for (int d : dependents[todo.poll()]) {
        if (states[d] == NodeState.WAITING) {
          states[d] = NodeState.FAILED;
          open--;
          out.add(graph.nodes().get(d));
          todo.add(d);
        }
      }
    }
    return out;
  }

  /**
   * Cancels every node not yet started: waiting ones and ready ones not taken.
   *
   * @return the nodes canceled
   */
  public List<Node> cancelNotStarted() {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      if (states[i] == NodeState.WAITING || states[i] == NodeState.READY) {
        states[i] = NodeState.CANCELED;
        open--;
        out.add(graph.nodes().get(i));
      }
    }
    ready.clear();
    return out;
  }

  /** Whether every node has ended. */
  public boolean isDone() {
    return open == 0;
  }

  /** How many nodes have not ended. */
  public int openCount() {
    return open;
  }

  private void finish(Node n, NodeState to) {
    if (states[n.id()] != NodeState.STARTED) {
      throw new IllegalStateException(
          "node " + n + " ended as " + to + " but was " + states[n.id()] + ", not started");
    }
    states[n.id()] = to;
    open--;
  }
}
