package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What makes the cloud misbehave: the latency and fault rates in force, and the failure rules. Not
 * thread-safe: only called under the lock of the {@link SimCloud} that holds it.
 */
final class Faults {
  private final RandomGenerator random;
  private final List<Rule> rules = new ArrayList<>();
  private SimSettings settings;

  Faults(RandomGenerator random, SimSettings settings) {
    this.random = random;
    this.settings = settings;
  }

  SimSettings settings() {
    return settings;
  }

  /** Takes settings already {@link #normalize normalized}. */
  void configure(SimSettings settings) {
    this.settings = settings;
  }

  void addRule(FailureRule rule) {
    rules.add(new Rule(rule, Math.max(1, rule.count())));
  }

  void clearRules() {
    rules.clear();
  }

  /** No rules, and ideal settings. */
  void reset() {
    rules.clear();
    settings = SimSettings.IDEAL;
  }

  /** A latency drawn uniformly from the settings. */
  Duration latency() {
    long min = settings.latencyMin().toNanos();
    long max = settings.latencyMax().toNanos();
    return Duration.ofNanos(max > min ? random.nextLong(min, max + 1) : min);
  }

  /** Throws a throttling or internal error as often as the settings say. */
  void faults() {
    SimSettings s = settings;
    if (s.throttleRate() > 0 && random.nextDouble() < s.throttleRate()) {
      throw new SimException(CloudControlErrors.THROTTLING_EXCEPTION, 400, "Rate exceeded");
    }
    if (s.errorRate() > 0 && random.nextDouble() < s.errorRate()) {
      throw new SimException(
          CloudControlErrors.INTERNAL_FAILURE, 500, "An internal error occurred (simulated)");
    }
  }

  /** Marks {@code r} to fail with a matching rule's HandlerErrorCode, or throws an API error. */
  void failByRule(Request r, String op, String type, String identifier, ObjectNode model) {
    Rule rule = matchRule(op, type, identifier, model);
    if (rule == null) {
      return;
    }
    String code = rule.spec.errorCode();
    if (CloudControlErrors.isApiLevel(code)) {
      throw CloudControlErrors.exceptionFor(code, "Simulated " + code + " for " + op);
    }
    r.failCode = code;
    r.failMessage = "Simulated " + code + " for " + op + " of " + type;
  }

  /** Throws what a matching rule says a synchronous call (Read, List) fails with. */
  void syncRule(String op, String type, String identifier, ObjectNode model) {
    Rule rule = matchRule(op, type, identifier, model);
    if (rule != null) {
      String code = rule.spec.errorCode();
      throw CloudControlErrors.exceptionFor(code, "Simulated " + code + " for " + op);
    }
  }

  private Rule matchRule(String op, String type, String identifier, ObjectNode model) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      FailureRule s = r.spec;
      if (!s.op().equalsIgnoreCase(op)
          || (s.typeName() != null && !s.typeName().equals(type))
          || (s.name() != null && !names(s.name(), identifier, model))) {
        continue;
      }
      if (--r.remaining <= 0) {
        it.remove();
      }
      return r;
    }
    return null;
  }

  private static boolean names(String name, String identifier, ObjectNode model) {
    if (name.equals(identifier)) {
      return true;
    }
    if (model != null) {
      for (Map.Entry<String, JsonNode> e : model.properties()) {
        if (e.getValue().isTextual() && e.getValue().asText().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The settings with latencies filled in; rejects what makes no sense. */
  static SimSettings normalize(SimSettings s) {
    Duration min = s.latencyMin() == null ? Duration.ZERO : s.latencyMin();
    Duration max = s.latencyMax() == null ? min : s.latencyMax();
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency must satisfy 0 <= min <= max: " + s);
    }
    if (s.throttleRate() < 0 || s.throttleRate() > 1 || s.errorRate() < 0 || s.errorRate() > 1) {
      throw new IllegalArgumentException("rates lie between 0 and 1: " + s);
    }
    return new SimSettings(min, max, s.throttleRate(), s.errorRate());
  }

  /** A failure rule and how many more operations it fails. */
  private static final class Rule {
    final FailureRule spec;
    int remaining;

    Rule(FailureRule spec, int remaining) {
      this.spec = spec;
      this.remaining = remaining;
    }
  }
}
