package dev.forja.engine.plan.generated;

import dev.forja.engine.plan.DependencyGraph;
import dev.forja.engine.plan.DependencyGraph.Node;
import dev.forja.engine.plan.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Drives a {@link Schedule} as an executor would: take what is ready (all of it, or up to a
 * parallelism limit), let the running nodes finish in a random order, report each success, and stop
 * when nothing runs. Checks on the way that the schedule never hands out a node twice or before
 * everything it waits for has succeeded, and at the end that every node ran and the schedule is
 * done.
 */
public final class ScheduleRun {
  private final DependencyGraph graph;
  private final int[] started;
  private final int[] finished;
  private final List<Node> completionOrder;

  private ScheduleRun(DependencyGraph graph, int[] started, int[] finished, List<Node> order) {
    this.graph = graph;
    this.started = started;
    this.finished = finished;
    this.completionOrder = order;
  }

  /**
   * Runs every node of {@code graph} to success. {@code random} picks the parallelism (one, a few,
   * or unbounded) and which running node finishes next.
   *
   * @throws AssertionError naming {@code context} when the schedule misbehaves
   */
  public static ScheduleRun execute(DependencyGraph graph, Random random, String context) {
    int n = graph.nodes().size();
    int[] started = new int[n];
    int[] finished = new int[n];
    Arrays.fill(started, -1);
    Arrays.fill(finished, -1);
    int[] parallelisms = {1, 4, Integer.MAX_VALUE};
    int parallelism = parallelisms[random.nextInt(parallelisms.length)];
    Schedule schedule = graph.schedule();
    List<Node> running = new ArrayList<>();
    List<Node> order = new ArrayList<>(n);
    int clock = 0;
    while (true) {
      List<Node> ready =
          parallelism == Integer.MAX_VALUE
              ? schedule.takeReady()
              : schedule.take(parallelism - running.size());
      for (Node node : ready) {
        if (started[node.id()] >= 0) {
          throw new AssertionError(context + ": node " + describe(graph, node) + " taken twice");
        }
        for (Node dep : graph.dependenciesOf(node)) {
          if (finished[dep.id()] < 0) {
            throw new AssertionError(
                context
                    + ": node "
                    + describe(graph, node)
                    + " was ready before "
                    + describe(graph, dep)
                    + ", which it waits for, succeeded");
          }
        }
        started[node.id()] = clock++;
        running.add(node);
      }
      if (running.isEmpty()) {
        break;
      }
      Node done = running.remove(random.nextInt(running.size()));
      finished[done.id()] = clock++;
      order.add(done);
      schedule.succeeded(done);
    }
    if (order.size() != n || !schedule.isDone()) {
      throw new AssertionError(
          context
              + ": the schedule stalled: "
              + order.size()
              + " of "
              + n
              + " nodes ran, isDone="
              + schedule.isDone()
              + ", open="
              + schedule.openCount());
    }
    return new ScheduleRun(graph, started, finished, List.copyOf(order));
  }

  /** The nodes in the order they succeeded. */
  public List<Node> completionOrder() {
    return completionOrder;
  }

  /** Whether {@code first} had succeeded before {@code then} started. */
  public boolean ranBefore(Node first, Node then) {
    return finished[first.id()] < started[then.id()];
  }

  /** A node as a message names it: stack/label (type, operation). */
  public String describe(Node node) {
    return describe(graph, node);
  }

  /** A node as a message names it: stack/label (type, operation). */
  public static String describe(DependencyGraph graph, Node node) {
    return graph.update(node).key()
        + " ("
        + graph.update(node).type()
        + ", "
        + node.operation()
        + ")";
  }
}
