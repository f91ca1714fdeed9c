package dev.forja.engine.settings;

import static dev.forja.engine.settings.SettingsKeys.BACKOFF_BASE;
import static dev.forja.engine.settings.SettingsKeys.BACKOFF_JITTER;
import static dev.forja.engine.settings.SettingsKeys.BACKOFF_MAX;
import static dev.forja.engine.settings.SettingsKeys.BRIDGE_ASK_BASE;
import static dev.forja.engine.settings.SettingsKeys.BRIDGE_ASK_PER_RESOURCE;
import static dev.forja.engine.settings.SettingsKeys.DEFAULT_RPS;
import static dev.forja.engine.settings.SettingsKeys.EXECUTOR_ASK_BASE;
import static dev.forja.engine.settings.SettingsKeys.EXECUTOR_ASK_PER_RESOURCE;
import static dev.forja.engine.settings.SettingsKeys.EXECUTOR_MAX_IN_FLIGHT;
import static dev.forja.engine.settings.SettingsKeys.MAX_RETRIES;
import static dev.forja.engine.settings.SettingsKeys.PERSISTER_ASK_BASE;
import static dev.forja.engine.settings.SettingsKeys.PERSISTER_ASK_PER_RESOURCE;
import static dev.forja.engine.settings.SettingsKeys.PERSISTER_SNAPSHOT_EVERY;
import static dev.forja.engine.settings.SettingsKeys.PLUGIN_CALL_TIMEOUT;
import static dev.forja.engine.settings.SettingsKeys.PLUGIN_REQUEST_TIMEOUT;
import static dev.forja.engine.settings.SettingsKeys.RESOLVE_TIMEOUT;
import static dev.forja.engine.settings.SettingsKeys.RPS_OVERRIDES;
import static dev.forja.engine.settings.SettingsKeys.STATUS_CHECK_INTERVAL;
import static dev.forja.engine.settings.SettingsKeys.STATUS_MAX_WAIT;
import static dev.forja.engine.settings.SettingsKeys.TIMEOUT_MARGIN;

import com.typesafe.config.ConfigUtil;
import dev.forja.engine.settings.InvalidSettingsException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks an {@link EngineSettings} and returns every violation. Values that are individually
 * invalid are left out of the chain checks that use them, so one bad value yields one message while
 * unrelated chain violations are still all reported.
 */
final class SettingsValidator {
  private final EngineSettings s;
  private final List<Violation> violations = new ArrayList<>();
  private final Set<String> unusable = new HashSet<>();

  private SettingsValidator(EngineSettings s) {
    this.s = s;
  }

  static List<Violation> check(EngineSettings s) {
    SettingsValidator v = new SettingsValidator(s);
    v.checkEachValue();
    v.checkChain();
    return List.copyOf(v.violations);
  }

  private void checkEachValue() {
    positive(PLUGIN_REQUEST_TIMEOUT, s.pluginRequestTimeout());
    positive(PLUGIN_CALL_TIMEOUT, s.pluginCallTimeout());
    positive(STATUS_CHECK_INTERVAL, s.statusCheckInterval());
    positive(STATUS_MAX_WAIT, s.maxStatusWait());
    atLeast(MAX_RETRIES, s.maxRetries(), 0);
    positive(BACKOFF_BASE, s.backoffBase());
    positive(BACKOFF_MAX, s.backoffMax());
    double jitter = s.backoffJitter();
    // Written so NaN fails too: every comparison with NaN is false.
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      reject(BACKOFF_JITTER, BACKOFF_JITTER + " (" + jitter + ") must be between 0 and 1");
    }
    positive(TIMEOUT_MARGIN, s.timeoutMargin());
    positive(RESOLVE_TIMEOUT, s.resolveTimeout());
    positive(PERSISTER_ASK_BASE, s.persisterAskTimeoutBase());
    notNegative(PERSISTER_ASK_PER_RESOURCE, s.persisterAskTimeoutPerResource());
    positive(EXECUTOR_ASK_BASE, s.executorAskTimeoutBase());
    notNegative(EXECUTOR_ASK_PER_RESOURCE, s.executorAskTimeoutPerResource());
    positive(BRIDGE_ASK_BASE, s.bridgeAskTimeoutBase());
    notNegative(BRIDGE_ASK_PER_RESOURCE, s.bridgeAskTimeoutPerResource());
    atLeast(DEFAULT_RPS, s.defaultRequestsPerSecond(), 1);
    checkOverrides(s.requestsPerSecondOverrides());
    atLeast(EXECUTOR_MAX_IN_FLIGHT, s.maxInFlightUpdates(), 1);
    atLeast(PERSISTER_SNAPSHOT_EVERY, s.persisterSnapshotEvery(), 1);
  }

  private void checkOverrides(Map<String, Integer> overrides) {
    if (overrides == null) {
      reject(RPS_OVERRIDES, RPS_OVERRIDES + " is missing");
      return;
    }
    // Lookups ignore case, so two keys differing only in case would make the limit ambiguous.
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, Integer> e : overrides.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isBlank()) {
        reject(RPS_OVERRIDES, RPS_OVERRIDES + " has a blank target label or namespace");
        continue;
      }
      String key = RPS_OVERRIDES + "." + ConfigUtil.joinPath(name);
      Integer limit = e.getValue();
      if (limit == null || limit < 1) {
        reject(key, key + " (" + limit + ") must be at least 1");
      }
      String other = seen.putIfAbsent(name.toUpperCase(Locale.ROOT), name);
      if (other != null) {
        reject(key, key + " and " + other + " differ only in case; lookups ignore case");
      }
    }
  }

  private void checkChain() {
    exceedsPlusMargin(
        PLUGIN_CALL_TIMEOUT,
        s.pluginCallTimeout(),
        PLUGIN_REQUEST_TIMEOUT,
        s.pluginRequestTimeout());
    // The watchdog and attempt worst case are derived and exceed the call timeout by
    // construction; what can still go wrong is a wait too short to poll even once.
    if (usable(STATUS_MAX_WAIT, STATUS_CHECK_INTERVAL)
        && s.maxStatusWait().compareTo(s.statusCheckInterval()) < 0) {
      violation(
          List.of(STATUS_MAX_WAIT, STATUS_CHECK_INTERVAL),
          String.format(
              "%s (%s) must be at least %s (%s), or an asynchronous operation is never polled",
              STATUS_MAX_WAIT,
              hocon(s.maxStatusWait()),
              STATUS_CHECK_INTERVAL,
              hocon(s.statusCheckInterval())));
    }
    if (usable(BACKOFF_BASE, BACKOFF_MAX) && s.backoffMax().compareTo(s.backoffBase()) < 0) {
      violation(
          List.of(BACKOFF_MAX, BACKOFF_BASE),
          String.format(
              "%s (%s) must be at least %s (%s)",
              BACKOFF_MAX, hocon(s.backoffMax()), BACKOFF_BASE, hocon(s.backoffBase())));
    }
    checkResolveTimeout();
    if (usable(PERSISTER_ASK_BASE, TIMEOUT_MARGIN)
        && s.persisterAskTimeoutBase().compareTo(s.timeoutMargin()) <= 0) {
      violation(
          List.of(PERSISTER_ASK_BASE, TIMEOUT_MARGIN),
          String.format(
              "%s (%s) must exceed %s (%s)",
              PERSISTER_ASK_BASE,
              hocon(s.persisterAskTimeoutBase()),
              TIMEOUT_MARGIN,
              hocon(s.timeoutMargin())));
    }
    // The executor replies after the persister has, and the bridge after the executor; with
    // base above inner base + margin and per-resource no smaller, that holds at every size.
    exceedsPlusMargin(
        EXECUTOR_ASK_BASE,
        s.executorAskTimeoutBase(),
        PERSISTER_ASK_BASE,
        s.persisterAskTimeoutBase());
    atLeastAsLarge(
        EXECUTOR_ASK_PER_RESOURCE,
        s.executorAskTimeoutPerResource(),
        PERSISTER_ASK_PER_RESOURCE,
        s.persisterAskTimeoutPerResource());
    exceedsPlusMargin(
        BRIDGE_ASK_BASE, s.bridgeAskTimeoutBase(), EXECUTOR_ASK_BASE, s.executorAskTimeoutBase());
    atLeastAsLarge(
        BRIDGE_ASK_PER_RESOURCE,
        s.bridgeAskTimeoutPerResource(),
        EXECUTOR_ASK_PER_RESOURCE,
        s.executorAskTimeoutPerResource());
  }

  /** Resolution may wait on an update of the resource it reads, retries and all. */
  private void checkResolveTimeout() {
    List<String> watchdogKeys =
        List.of(
            PLUGIN_CALL_TIMEOUT,
            STATUS_MAX_WAIT,
            STATUS_CHECK_INTERVAL,
            MAX_RETRIES,
            BACKOFF_BASE,
            BACKOFF_MAX,
            BACKOFF_JITTER,
            TIMEOUT_MARGIN);
    if (!usable(RESOLVE_TIMEOUT) || !usable(watchdogKeys.toArray(String[]::new))) {
      return;
    }
    List<String> keys = new ArrayList<>();
    keys.add(RESOLVE_TIMEOUT);
    keys.addAll(watchdogKeys);
    String derivedFrom = "derived from " + String.join(", ", watchdogKeys);
    Duration watchdog;
    try {
      watchdog = s.updaterWatchdog();
    } catch (ArithmeticException e) {
      violation(keys, "the updater watchdog (" + derivedFrom + ") is too long to represent");
      return;
    }
    if (s.resolveTimeout().compareTo(watchdog.plus(s.timeoutMargin())) <= 0) {
      violation(
          keys,
          String.format(
              "%s (%s) must exceed the updater watchdog (%s, %s) + %s (%s)",
              RESOLVE_TIMEOUT,
              hocon(s.resolveTimeout()),
              hocon(watchdog),
              derivedFrom,
              TIMEOUT_MARGIN,
              hocon(s.timeoutMargin())));
    }
  }

  private void exceedsPlusMargin(String outerKey, Duration outer, String innerKey, Duration inner) {
    if (!usable(outerKey, innerKey, TIMEOUT_MARGIN)) {
      return;
    }
    if (outer.compareTo(inner.plus(s.timeoutMargin())) <= 0) {
      violation(
          List.of(outerKey, innerKey, TIMEOUT_MARGIN),
          String.format(
              "%s (%s) must exceed %s (%s) + %s (%s)",
              outerKey,
              hocon(outer),
              innerKey,
              hocon(inner),
              TIMEOUT_MARGIN,
              hocon(s.timeoutMargin())));
    }
  }

  private void atLeastAsLarge(String outerKey, Duration outer, String innerKey, Duration inner) {
    if (usable(outerKey, innerKey) && outer.compareTo(inner) < 0) {
      violation(
          List.of(outerKey, innerKey),
          String.format(
              "%s (%s) must be at least %s (%s), or large commands invert the chain",
              outerKey, hocon(outer), innerKey, hocon(inner)));
    }
  }

  private void positive(String key, Duration d) {
    if (d == null) {
      reject(key, key + " is missing");
    } else if (d.isNegative() || d.isZero()) {
      reject(key, key + " (" + hocon(d) + ") must be positive");
    }
  }

  private void notNegative(String key, Duration d) {
    if (d == null) {
      reject(key, key + " is missing");
    } else if (d.isNegative()) {
      reject(key, key + " (" + hocon(d) + ") must not be negative");
    }
  }

  private void atLeast(String key, int value, int min) {
    if (value < min) {
      reject(key, key + " (" + value + ") must be at least " + min);
    }
  }

  /** A value wrong on its own: reported, and kept out of the chain checks. */
  private void reject(String key, String message) {
    unusable.add(key);
    violation(List.of(key), message);
  }

  private void violation(List<String> keys, String message) {
    violations.add(new Violation(keys, message));
  }

  private boolean usable(String... keys) {
    for (String key : keys) {
      if (unusable.contains(key)) {
        return false;
      }
    }
    return true;
  }

  /** Formats like HOCON durations ({@code 300ms}, {@code 1m30s}) so messages match the config. */
  static String hocon(Duration d) {
    if (d.isNegative()) {
      return "-" + hocon(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    int nanos = d.toNanosPart();
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    if (d.toHours() > 0) {
      out.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || nanos > 0) {
      out.append(d.toSecondsPart());
      if (nanos > 0) {
        out.append('.').append(String.format("%09d", nanos).replaceAll("0+$", ""));
      }
      out.append('s');
    }
    return out.toString();
  }
}
