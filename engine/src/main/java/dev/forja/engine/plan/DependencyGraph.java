package dev.forja.engine.plan;

import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order a changeset's updates may run in: one node per plugin mutation (a replace is two: its
 * delete, then its create), and an edge wherever one must wait for another. Immutable; a {@link
 * Schedule} tracks one run through it.
 */
public final class DependencyGraph {

  /**
   * One plugin mutation of one update.
   *
   * @param id the node's index in the graph
   * @param update the index of its update in the changeset
   * @param operation create, update or delete
   */
  public record Node(int id, int update, Operation operation) {}

  private final List<ResourceUpdate> updates;
  private final List<Node> nodes;
  private final int[][] dependents;
  private final int[][] dependencies;
  private final int[][] nodesOfUpdate;

  private DependencyGraph(
      List<ResourceUpdate> updates,
      List<Node> nodes,
      int[][] dependents,
      int[][] dependencies,
      int[][] nodesOfUpdate) {
    this.updates = updates;
    this.nodes = nodes;
    this.dependents = dependents;
    this.dependencies = dependencies;
    this.nodesOfUpdate = nodesOfUpdate;
  }

  /** A builder for the graph of {@code updates}. */
  public static Builder builder(List<ResourceUpdate> updates) {
    return new Builder(updates);
  }

  /** Every node, by id. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The update a node belongs to. */
  public ResourceUpdate update(Node n) {
    return updates.get(n.update());
  }

  /** The nodes that wait for {@code n}. */
  public List<Node> dependentsOf(Node n) {
    return Arrays.stream(dependents[n.id()]).mapToObj(nodes::get).toList();
  }

  /** The nodes {@code n} waits for. */
  public List<Node> dependenciesOf(Node n) {
    return Arrays.stream(dependencies[n.id()]).mapToObj(nodes::get).toList();
  }

  /** The nodes of one update: one, or two for a replace (delete first). */
  public List<Node> nodesOf(int update) {
    return Arrays.stream(nodesOfUpdate[update]).mapToObj(nodes::get).toList();
  }

  /**
   * The nodes in dependency levels: level 0 waits for nothing, level k for nodes of levels below k
   * only. Within a level, sorted by stack, label and operation.
   */
  public List<List<Node>> levels() {
    int[] level = new int[nodes.size()];
    int[] waiting = new int[nodes.size()];
    List<Integer> frontier = new ArrayList<>();
    for (Node n : nodes) {
      waiting[n.id()] = dependencies[n.id()].length;
      if (waiting[n.id()] == 0) {
        frontier.add(n.id());
      }
    }
    List<List<Node>> levels = new ArrayList<>();
    Comparator<Node> order =
        Comparator.comparing((Node n) -> update(n).key()).thenComparing(Node::operation);
    while (!frontier.isEmpty()) {
      levels.add(frontier.stream().map(nodes::get).sorted(order).toList());
      List<Integer> next = new ArrayList<>();
      for (int id : frontier) {
        for (int d : dependents[id]) {
          level[d] = Math.max(level[d], level[id] + 1);
          if (--waiting[d] == 0) {
            next.add(d);
          }
        }
      }
      frontier = next;
    }
    return levels;
  }

  /** A fresh run through the graph: every node waiting, those with no dependency ready. */
  public Schedule schedule() {
    return new Schedule(this, dependents, dependencies);
  }

  /** Collects nodes and edges, then checks the result is acyclic. */
  public static final class Builder {
    private final List<ResourceUpdate> updates;
    private final List<Node> nodes = new ArrayList<>();
    private final int[][] nodesOfUpdate;
    private final List<int[]> edges = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();

    private Builder(List<ResourceUpdate> updates) {
      this.updates = List.copyOf(updates);
      this.nodesOfUpdate = new int[updates.size()][];
      for (int i = 0; i < updates.size(); i++) {
        Operation op = updates.get(i).operation();
        if (op == Operation.REPLACE) {
          int del = add(i, Operation.DELETE);
          int create = add(i, Operation.CREATE);
          nodesOfUpdate[i] = new int[] {del, create};
          waitsFor(create, del);
        } else {
          nodesOfUpdate[i] = new int[] {add(i, op)};
        }
      }
    }

    private int add(int update, Operation op) {
      Node n = new Node(nodes.size(), update, op);
      nodes.add(n);
      return n.id();
    }

    /** The node of {@code update} that creates or updates it, or -1 for a pure delete. */
    public int applyNode(int update) {
      int[] ns = nodesOfUpdate[update];
      int last = ns[ns.length - 1];
      return nodes.get(last).operation() == Operation.DELETE ? -1 : last;
    }

    /** The node of {@code update} that deletes it, or -1 when it deletes nothing. */
    public int deleteNode(int update) {
      int first = nodesOfUpdate[update][0];
      return nodes.get(first).operation() == Operation.DELETE ? first : -1;
    }

    /** Node {@code waiting} may start only once node {@code on} has succeeded. */
    public Builder waitsFor(int waiting, int on) {
      if (waiting < 0 || on < 0 || waiting == on) {
        return this;
      }
      if (seen.add(((long) waiting << 32) | on)) {
        edges.add(new int[] {on, waiting});
      }
      return this;
    }

    /** The graph; a cycle is an error naming every resource on it. */
    public DependencyGraph build() {
      int n = nodes.size();
      int[] outDegree = new int[n];
      int[] inDegree = new int[n];
      for (int[] e : edges) {
        outDegree[e[0]]++;
        inDegree[e[1]]++;
      }
      int[][] dependents = new int[n][];
      int[][] dependencies = new int[n][];
      for (int i = 0; i < n; i++) {
        dependents[i] = new int[outDegree[i]];
        dependencies[i] = new int[inDegree[i]];
      }
      int[] o = new int[n];
      int[] in = new int[n];
      for (int[] e : edges) {
        dependents[e[0]][o[e[0]]++] = e[1];
        dependencies[e[1]][in[e[1]]++] = e[0];
      }
      DependencyGraph g =
          new DependencyGraph(updates, List.copyOf(nodes), dependents, dependencies, nodesOfUpdate);
      checkAcyclic(g);
      return g;
    }

    private static void checkAcyclic(DependencyGraph g) {
      int n = g.nodes.size();
      int[] waiting = new int[n];
      int[] queue = new int[n];
      int head = 0;
      int tail = 0;
      for (int i = 0; i < n; i++) {
        waiting[i] = g.dependencies[i].length;
        if (waiting[i] == 0) {
          queue[tail++] = i;
        }
      }
      while (head < tail) {
        for (int d : g.dependents[queue[head++]]) {
          if (--waiting[d] == 0) {
            queue[tail++] = d;
          }
        }
      }
      if (tail == n) {
        return;
      }
      List<Node> cycle = findCycle(g, waiting);
      String path =
          cycle.stream().map(x -> describe(g, x)).collect(Collectors.joining(" waits for "));
      throw new PlanException(
          PlanException.Reason.CYCLE,
          List.of("dependency cycle: " + path),
          cycle.stream().map(x -> g.update(x).key()).distinct().toList());
    }

    /** A cycle among the nodes Kahn's algorithm left waiting, first node repeated at the end. */
    private static List<Node> findCycle(DependencyGraph g, int[] waiting) {
      int start = 0;
      while (waiting[start] == 0) {
        start++;
      }
      int[] seenAt = new int[waiting.length];
      Arrays.fill(seenAt, -1);
      List<Integer> walk = new ArrayList<>();
      int cur = start;
      while (seenAt[cur] < 0) {
        seenAt[cur] = walk.size();
        walk.add(cur);
        int next = -1;
        for (int d : g.dependencies[cur]) {
          if (waiting[d] > 0) {
            next = d;
            break;
          }
        }
        cur = next;
      }
      List<Node> cycle = new ArrayList<>();
      for (int i = seenAt[cur]; i < walk.size(); i++) {
        cycle.add(g.nodes.get(walk.get(i)));
      }
      cycle.add(g.nodes.get(cur));
      return cycle;
    }

    private static String describe(DependencyGraph g, Node x) {
      ResourceUpdate u = g.update(x);
      return u.key() + " (" + u.type() + ", " + x.operation() + ")";
    }
  }
}
