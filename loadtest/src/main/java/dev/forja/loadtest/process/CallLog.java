package dev.forja.loadtest.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Cloud Control calls the sim server received ({@code GET /_sim/oplog}), and what they show:
 * the calls per operation, client tokens sent more than once, resources created twice. The engine's
 * client tokens read {@code <command>-<ksuid>-<operation>-<attempt>}: one token per attempt at one
 * resource, so a token seen twice is the same attempt sent again (an idempotent replay).
 */
public final class CallLog {
  private final List<SimServerProcess.Call> calls;

  /** The log of {@code calls}, in the order received. */
  public CallLog(List<SimServerProcess.Call> calls) {
    this.calls = List.copyOf(calls);
  }

  /** Every call. */
  public List<SimServerProcess.Call> calls() {
    return calls;
  }

  /** The calls received at or after {@code from} and before {@code to} (null: no end). */
  public CallLog between(Instant from, Instant to) {
    List<SimServerProcess.Call> out = new ArrayList<>();
    for (SimServerProcess.Call c : calls) {
      if (c.ts() != null && !c.ts().isBefore(from) && (to == null || c.ts().isBefore(to))) {
        out.add(c);
      }
    }
    return new CallLog(out);
  }

  /** The first call, if any. */
  public Optional<SimServerProcess.Call> first() {
    return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(0));
  }

  /** How many calls of each operation (Create, Delete, Status, ...), by name. */
  public Map<String, Long> byOp() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach(c -> out.merge(c.op(), 1L, Long::sum));
    return out;
  }

  /** How many distinct create tokens were sent more than once. */
  public long repeatedCreateTokens() {
    Map<String, Integer> seen = new HashMap<>();
    for (SimServerProcess.Call c : calls) {
      if (c.op().equals("Create") && c.clientToken() != null) {
        seen.merge(c.clientToken(), 1, Integer::sum);
      }
    }
    return seen.values().stream().filter(n -> n > 1).count();
  }

  /**
   * Resources created more than once: for each KSUID whose creates were given more than one
   * identifier, a description naming them. Empty when every resource was created once.
   */
  public List<String> duplicateCreates() {
    Map<String, Set<String>> ids = new TreeMap<>();
    for (SimServerProcess.Call c : calls) {
      String ksuid = ksuid(c);
      if (c.op().equals("Create") && ksuid != null && c.identifier() != null) {
        ids.computeIfAbsent(ksuid, k -> new TreeSet<>()).add(c.typeName() + " " + c.identifier());
      }
    }
    List<String> out = new ArrayList<>();
    ids.forEach(
        (ksuid, made) -> {
          if (made.size() > 1) {
            out.add("resource " + ksuid + " was created " + made.size() + " times: " + made);
          }
        });
    return out;
  }

  /** The KSUIDs of every resource a mutation (Create, Update, Delete) named. */
  public Set<String> mutatedKsuids() {
    Set<String> out = new TreeSet<>();
    for (SimServerProcess.Call c : calls) {
      String ksuid = ksuid(c);
      if (ksuid != null && Set.of("Create", "Update", "Delete").contains(c.op())) {
        out.add(ksuid);
      }
    }
    return out;
  }

  /** The resource KSUID of a mutation's client token, or null for a call without one. */
  static String ksuid(SimServerProcess.Call c) {
    if (c.clientToken() == null) {
      return null;
    }
    String[] parts = c.clientToken().split("-", -1);
    return parts.length == 4 ? parts[1] : null;
  }
}
