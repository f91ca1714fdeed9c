package dev.forja.plugin.sim.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Every request the cloud has received, and the indexes that make mutations idempotent and
 * exclusive: by request token, by client token, by the resource being mutated, and the queue of
 * those still in progress in completion order. Not thread-safe: only called under the lock of the
 * {@link SimCloud} that holds it.
 */
final class Requests {
  private final RandomGenerator random;
  private final Faults faults;
  private final Map<String, Request> byToken = new HashMap<>();
  private final List<Request> order = new ArrayList<>();
  private final Map<String, Request> byClientToken = new HashMap<>();
  private final Map<String, Request> mutating = new HashMap<>();
  private final PriorityQueue<Request> pending =
      new PriorityQueue<>(
          Comparator.comparing((Request r) -> r.due).thenComparingLong((Request r) -> r.seq));
  private long seq;

  Requests(RandomGenerator random, Faults faults) {
    this.random = random;
    this.faults = faults;
  }

  /** A request in progress, due once a latency drawn from the settings has passed. */
  Request newRequest(
      String operation, String type, String identifier, String clientToken, Instant now) {
    Request r =
        new Request(
            Templates.uuid(random),
            operation,
            type,
            identifier,
            clientToken == null || clientToken.isEmpty() ? null : clientToken,
            ++seq);
    r.due = now.plus(faults.latency());
    r.status = "IN_PROGRESS";
    r.eventTime = now;
    return r;
  }

  /** Records a new request, or one a state file kept, in every index it belongs to. */
  void add(Request r) {
    byToken.put(r.token, r);
    order.add(r);
    if (r.clientToken != null) {
      byClientToken.put(r.clientToken, r);
    }
    if (r.status.equals("IN_PROGRESS")) {
      pending.add(r);
      if (!r.operation.equals("CREATE")) {
        mutating.put(flat(r.type, r.identifier), r);
      }
    }
  }

  /** The request with this token, or null. */
  Request get(String token) {
    return byToken.get(token);
  }

  /** The request {@code clientToken} started, if it is the same operation; null for a new token. */
  Request replay(String clientToken, String operation, String type, String identifier) {
    if (clientToken == null || clientToken.isEmpty()) {
      return null;
    }
    Request r = byClientToken.get(clientToken);
    if (r == null) {
      return null;
    }
    boolean same =
        r.operation.equals(operation)
            && r.type.equals(type)
            && (identifier == null || identifier.equals(r.identifier));
    if (!same) {
      throw new SimException(
          CloudControlErrors.CLIENT_TOKEN_CONFLICT,
          400,
          "Client token " + clientToken + " was used for another request: " + r.token);
    }
    return r;
  }

  /** Throws while an update or delete of the resource is in progress. */
  void refuseConcurrent(String type, String identifier) {
    Request busy = mutating.get(flat(type, identifier));
    if (busy != null) {
      throw new SimException(
          CloudControlErrors.CONCURRENT_OPERATION,
          400,
          "Another "
              + busy.operation
              + " ("
              + busy.token
              + ") is in progress on "
              + type
              + " "
              + identifier);
    }
  }

  /** Takes the next request in progress that is due by {@code now}, in completion order. */
  Request pollDue(Instant now) {
    return !pending.isEmpty() && !pending.peek().due.isAfter(now) ? pending.poll() : null;
  }

  /** Takes a request in progress off the queue without settling it. */
  void unqueue(Request r) {
    pending.remove(r);
  }

  /** A finished request no longer holds its resource. */
  void finished(Request r) {
    if (!r.operation.equals("CREATE")) {
      mutating.remove(flat(r.type, r.identifier), r);
    }
  }

  /** Every request, oldest first; live, so only read under the lock. */
  List<Request> inOrder() {
    return order;
  }

  long seq() {
    return seq;
  }

  void restoreSeq(long seq) {
    this.seq = seq;
  }

  void clear() {
    byToken.clear();
    order.clear();
    byClientToken.clear();
    mutating.clear();
    pending.clear();
  }

  /** A key for a resource in a plain map. */
  private static String flat(String type, String identifier) {
    return type + '\u0000' + identifier;
  }
}
