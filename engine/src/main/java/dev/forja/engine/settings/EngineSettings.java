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

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import dev.forja.engine.settings.InvalidSettingsException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Every timeout, interval and limit of the engine, read once from {@code forja.engine} (lesson L3).
 *
 * <p>They form one chain, innermost first; each configured wait must exceed what it waits on plus
 * {@link #timeoutMargin}, and values after an {@code =} are computed, so they cannot break it:
 *
 * <pre>{@code
 * plugin request timeout  <  plugin call timeout
 *   <  attempt worst case  = call + status max-wait + check interval + call
 *   <  updater watchdog    = (retries + 1) * attempt + sum of backoff upper bounds + margin
 *   <  resolve timeout
 * persister ask(n)  <  executor ask(n)  <  bridge ask(n),   each = base + n * per-resource
 * }</pre>
 *
 * <p>The canonical constructor (and so {@link #create}, the builder and every {@code with…} method)
 * refuses a configuration that breaks the chain or a limit, reporting every violation at once in an
 * {@link InvalidSettingsException}.
 *
 * @param pluginRequestTimeout one HTTP request of the provider SDK
 * @param pluginCallTimeout one plugin call (create, read, update, delete, status) by the
 *     PluginOperator
 * @param statusCheckInterval how often an asynchronous operation is polled
 * @param maxStatusWait how long one asynchronous operation may be polled before the attempt fails
 * @param maxRetries retries after the first attempt
 * @param backoffBase delay before the first retry; it doubles for each later one
 * @param backoffMax cap on the delay between retries
 * @param backoffJitter fraction in [0, 1] by which a delay may randomly shrink or grow
 * @param timeoutMargin slack every wait keeps over the wait inside it
 * @param resolveTimeout how long resolving a reference may take
 * @param persisterAskTimeoutBase persister ask timeout for an empty command
 * @param persisterAskTimeoutPerResource what each resource of the command adds to it
 * @param executorAskTimeoutBase executor ask timeout for an empty command
 * @param executorAskTimeoutPerResource what each resource of the command adds to it
 * @param bridgeAskTimeoutBase API-to-bridge ask timeout for an empty command or a query
 * @param bridgeAskTimeoutPerResource what each resource of the command adds to it
 * @param defaultRequestsPerSecond plugin requests per second per target, unless overridden
 * @param requestsPerSecondOverrides requests per second by target label or plugin namespace
 * @param maxInFlightUpdates resource updates a command runs at once
 * @param persisterSnapshotEvery events between two snapshots of a command
 */
public record EngineSettings(
    Duration pluginRequestTimeout,
    Duration pluginCallTimeout,
    Duration statusCheckInterval,
    Duration maxStatusWait,
    int maxRetries,
    Duration backoffBase,
    Duration backoffMax,
    double backoffJitter,
    Duration timeoutMargin,
    Duration resolveTimeout,
    Duration persisterAskTimeoutBase,
    Duration persisterAskTimeoutPerResource,
    Duration executorAskTimeoutBase,
    Duration executorAskTimeoutPerResource,
    Duration bridgeAskTimeoutBase,
    Duration bridgeAskTimeoutPerResource,
    int defaultRequestsPerSecond,
    Map<String, Integer> requestsPerSecondOverrides,
    int maxInFlightUpdates,
    int persisterSnapshotEvery) {

  /** Validates the whole chain; throws {@link InvalidSettingsException} listing every problem. */
  // Not a compact constructor: the checks need the derived values, which are methods of this.
  public EngineSettings(
      Duration pluginRequestTimeout,
      Duration pluginCallTimeout,
      Duration statusCheckInterval,
      Duration maxStatusWait,
      int maxRetries,
      Duration backoffBase,
      Duration backoffMax,
      double backoffJitter,
      Duration timeoutMargin,
      Duration resolveTimeout,
      Duration persisterAskTimeoutBase,
      Duration persisterAskTimeoutPerResource,
      Duration executorAskTimeoutBase,
      Duration executorAskTimeoutPerResource,
      Duration bridgeAskTimeoutBase,
      Duration bridgeAskTimeoutPerResource,
      int defaultRequestsPerSecond,
      Map<String, Integer> requestsPerSecondOverrides,
      int maxInFlightUpdates,
      int persisterSnapshotEvery) {
    this.pluginRequestTimeout = pluginRequestTimeout;
    this.pluginCallTimeout = pluginCallTimeout;
    this.statusCheckInterval = statusCheckInterval;
    this.maxStatusWait = maxStatusWait;
    this.maxRetries = maxRetries;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
    this.backoffJitter = backoffJitter;
    this.timeoutMargin = timeoutMargin;
    this.resolveTimeout = resolveTimeout;
    this.persisterAskTimeoutBase = persisterAskTimeoutBase;
    this.persisterAskTimeoutPerResource = persisterAskTimeoutPerResource;
    this.executorAskTimeoutBase = executorAskTimeoutBase;
    this.executorAskTimeoutPerResource = executorAskTimeoutPerResource;
    this.bridgeAskTimeoutBase = bridgeAskTimeoutBase;
    this.bridgeAskTimeoutPerResource = bridgeAskTimeoutPerResource;
    this.defaultRequestsPerSecond = defaultRequestsPerSecond;
    this.maxInFlightUpdates = maxInFlightUpdates;
    this.persisterSnapshotEvery = persisterSnapshotEvery;
    // LinkedHashMap, not Map.copyOf: a null entry must become a named violation, not an NPE.
    this.requestsPerSecondOverrides =
        requestsPerSecondOverrides == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(requestsPerSecondOverrides));
    List<Violation> violations = SettingsValidator.check(this);
    if (!violations.isEmpty()) {
      throw new InvalidSettingsException(violations);
    }
  }

  /** Reads {@code forja.engine.*} from {@code config}, which must include the reference.conf. */
  public static EngineSettings create(Config config) {
    Reader r = new Reader(config);
    Builder b =
        new Builder()
            .pluginRequestTimeout(r.duration(PLUGIN_REQUEST_TIMEOUT))
            .pluginCallTimeout(r.duration(PLUGIN_CALL_TIMEOUT))
            .statusCheckInterval(r.duration(STATUS_CHECK_INTERVAL))
            .maxStatusWait(r.duration(STATUS_MAX_WAIT))
            .maxRetries(r.integer(MAX_RETRIES))
            .backoffBase(r.duration(BACKOFF_BASE))
            .backoffMax(r.duration(BACKOFF_MAX))
            .backoffJitter(r.fraction(BACKOFF_JITTER))
            .timeoutMargin(r.duration(TIMEOUT_MARGIN))
            .resolveTimeout(r.duration(RESOLVE_TIMEOUT))
            .persisterAskTimeoutBase(r.duration(PERSISTER_ASK_BASE))
            .persisterAskTimeoutPerResource(r.duration(PERSISTER_ASK_PER_RESOURCE))
            .executorAskTimeoutBase(r.duration(EXECUTOR_ASK_BASE))
            .executorAskTimeoutPerResource(r.duration(EXECUTOR_ASK_PER_RESOURCE))
            .bridgeAskTimeoutBase(r.duration(BRIDGE_ASK_BASE))
            .bridgeAskTimeoutPerResource(r.duration(BRIDGE_ASK_PER_RESOURCE))
            .defaultRequestsPerSecond(r.integer(DEFAULT_RPS))
            .requestsPerSecondOverrides(r.integerMap(RPS_OVERRIDES))
            .maxInFlightUpdates(r.integer(EXECUTOR_MAX_IN_FLIGHT))
            .persisterSnapshotEvery(r.integer(PERSISTER_SNAPSHOT_EVERY));
    // A value of the wrong type leaves nothing to check the chain with, so those are reported
    // on their own; everything readable is then checked in one pass by the constructor.
    if (!r.violations.isEmpty()) {
      throw new InvalidSettingsException(r.violations);
    }
    return b.build();
  }

  /** The settings of {@code ConfigFactory.load()}: reference.conf plus any application.conf. */
  public static EngineSettings defaults() {
    return create(ConfigFactory.load());
  }

  // ---- derived values ----

  /**
   * One attempt at an operation, worst case: the mutating call, the whole status wait, one interval
   * of timer slack, and a last status call that may start just before the wait runs out. Always
   * longer than {@link #pluginCallTimeout}, since every term is positive.
   */
  public Duration attemptWorstCase() {
    return pluginCallTimeout.plus(maxStatusWait).plus(statusCheckInterval).plus(pluginCallTimeout);
  }

  /** Delay before retry {@code attempt} (from 1): {@code min(base * 2^(attempt-1), max)}. */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("retry attempts count from 1, got " + attempt);
    }
    int doublings = attempt - 1;
    if (doublings >= Long.SIZE - 2) {
      return backoffMax;
    }
    long factor = 1L << doublings;
    // Compare before multiplying, so a large attempt caps instead of overflowing.
    if (backoffBase.compareTo(backoffMax.dividedBy(factor)) > 0) {
      return backoffMax;
    }
    return backoffBase.multipliedBy(factor);
  }

  /** Shortest delay {@link #backoffWithJitter} may draw for {@code attempt}. */
  public Duration backoffLowerBound(int attempt) {
    return scale(backoff(attempt), 1.0 - backoffJitter);
  }

  /** Longest delay {@link #backoffWithJitter} may draw for {@code attempt}. */
  public Duration backoffUpperBound(int attempt) {
    return scale(backoff(attempt), 1.0 + backoffJitter);
  }

  /**
   * {@link #backoff} spread uniformly over [backoff * (1 - jitter), backoff * (1 + jitter)], so
   * updaters throttled together do not retry in lockstep.
   */
  public Duration backoffWithJitter(int attempt, RandomGenerator rnd) {
    Duration nominal = backoff(attempt);
    if (backoffJitter == 0.0) {
      return nominal;
    }
    // Same scale() as the bounds and rounding is monotone, so the draw stays within them.
    return scale(nominal, 1.0 + backoffJitter * rnd.nextDouble(-1.0, 1.0));
  }

  /** Sum of {@link #backoff} over all {@link #maxRetries} retries, without jitter. */
  public Duration backoffSum() {
    return sumOverRetries(this::backoff);
  }

  /** Sum of {@link #backoffUpperBound} over all retries: the most backoff can ever add. */
  public Duration backoffUpperBoundSum() {
    return sumOverRetries(this::backoffUpperBound);
  }

  /**
   * Longest a ResourceUpdater can legitimately wait for its operation: every attempt at its worst,
   * every backoff at its longest, plus the margin. Derived, so it always outlasts what it waits on.
   */
  public Duration updaterWatchdog() {
    return attemptWorstCase()
        .multipliedBy(maxRetries + 1L)
        .plus(backoffUpperBoundSum())
        .plus(timeoutMargin);
  }

  /** Persister ask timeout for a command of {@code resourceCount} resources. */
  public Duration persisterAskTimeout(int resourceCount) {
    return scaled(persisterAskTimeoutBase, persisterAskTimeoutPerResource, resourceCount);
  }

  /** Executor ask timeout for a command of {@code resourceCount} resources. */
  public Duration executorAskTimeout(int resourceCount) {
    return scaled(executorAskTimeoutBase, executorAskTimeoutPerResource, resourceCount);
  }

  /** API-to-bridge ask timeout for a command of {@code resourceCount} resources (0 for queries). */
  public Duration bridgeAskTimeout(int resourceCount) {
    return scaled(bridgeAskTimeoutBase, bridgeAskTimeoutPerResource, resourceCount);
  }

  private static Duration scaled(Duration base, Duration perResource, int resourceCount) {
    if (resourceCount < 0) {
      throw new IllegalArgumentException("resourceCount must be >= 0, got " + resourceCount);
    }
    return base.plus(perResource.multipliedBy(resourceCount));
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.round(d.toNanos() * factor));
  }

  /**
   * Sums {@code delay} over retries 1..maxRetries. Once the backoff reaches its cap every later
   * retry has the same delay, so the tail is one multiplication: a huge retry count stays cheap.
   */
  private Duration sumOverRetries(IntFunction<Duration> delay) {
    Duration sum = Duration.ZERO;
    int attempt = 1;
    while (attempt <= maxRetries && backoff(attempt).compareTo(backoffMax) < 0) {
      sum = sum.plus(delay.apply(attempt));
      attempt++;
    }
    if (attempt <= maxRetries) {
      sum = sum.plus(delay.apply(attempt).multipliedBy((long) maxRetries - attempt + 1));
    }
    return sum;
  }

  /**
   * Requests per second for a target: its label's override, else its namespace's, else the default.
   * Both match case-insensitively, as plugin namespaces do.
   */
  public int requestsPerSecond(String targetLabel, String namespace) {
    Integer byLabel = override(targetLabel);
    if (byLabel != null) {
      return byLabel;
    }
    Integer byNamespace = override(namespace);
    return byNamespace != null ? byNamespace : defaultRequestsPerSecond;
  }

  /**
   * Requests per second for a target served by a plugin that declares {@code pluginDefault} (0 or
   * less: none): a configured override by label, else by namespace, else the plugin's own default,
   * else {@link #defaultRequestsPerSecond}. A plugin knows its API's quota (the AWS plugin, Cloud
   * Control's; the simulator, none worth limiting), so it wins over the generic default.
   */
  public double requestsPerSecond(String targetLabel, String namespace, double pluginDefault) {
    Integer byLabel = override(targetLabel);
    if (byLabel != null) {
      return byLabel;
    }
    Integer byNamespace = override(namespace);
    if (byNamespace != null) {
      return byNamespace;
    }
    return pluginDefault > 0 ? pluginDefault : defaultRequestsPerSecond;
  }

  private Integer override(String name) {
    if (name == null) {
      return null;
    }
    for (Map.Entry<String, Integer> e : requestsPerSecondOverrides.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A builder holding these values, for changing several that must move together. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes several values at once, e.g. to shrink the whole chain for a test; {@link #build}
   * validates only the result, so intermediate states may break the chain.
   */
  public static final class Builder {
    private Duration pluginRequestTimeout;
    private Duration pluginCallTimeout;
    private Duration statusCheckInterval;
    private Duration maxStatusWait;
    private int maxRetries;
    private Duration backoffBase;
    private Duration backoffMax;
    private double backoffJitter;
    private Duration timeoutMargin;
    private Duration resolveTimeout;
    private Duration persisterAskTimeoutBase;
    private Duration persisterAskTimeoutPerResource;
    private Duration executorAskTimeoutBase;
    private Duration executorAskTimeoutPerResource;
    private Duration bridgeAskTimeoutBase;
    private Duration bridgeAskTimeoutPerResource;
    private int defaultRequestsPerSecond;
    private Map<String, Integer> requestsPerSecondOverrides;
    private int maxInFlightUpdates;
    private int persisterSnapshotEvery;

    private Builder() {}

    private Builder(EngineSettings s) {
      pluginRequestTimeout = s.pluginRequestTimeout;
      pluginCallTimeout = s.pluginCallTimeout;
      statusCheckInterval = s.statusCheckInterval;
      maxStatusWait = s.maxStatusWait;
      maxRetries = s.maxRetries;
      backoffBase = s.backoffBase;
      backoffMax = s.backoffMax;
      backoffJitter = s.backoffJitter;
      timeoutMargin = s.timeoutMargin;
      resolveTimeout = s.resolveTimeout;
      persisterAskTimeoutBase = s.persisterAskTimeoutBase;
      persisterAskTimeoutPerResource = s.persisterAskTimeoutPerResource;
      executorAskTimeoutBase = s.executorAskTimeoutBase;
      executorAskTimeoutPerResource = s.executorAskTimeoutPerResource;
      bridgeAskTimeoutBase = s.bridgeAskTimeoutBase;
      bridgeAskTimeoutPerResource = s.bridgeAskTimeoutPerResource;
      defaultRequestsPerSecond = s.defaultRequestsPerSecond;
      requestsPerSecondOverrides = s.requestsPerSecondOverrides;
      maxInFlightUpdates = s.maxInFlightUpdates;
      persisterSnapshotEvery = s.persisterSnapshotEvery;
    }

    /** See {@link EngineSettings#pluginRequestTimeout}. */
    public Builder pluginRequestTimeout(Duration value) {
      pluginRequestTimeout = value;
      return this;
    }

    /** See {@link EngineSettings#pluginCallTimeout}. */
    public Builder pluginCallTimeout(Duration value) {
      pluginCallTimeout = value;
      return this;
    }

    /** See {@link EngineSettings#statusCheckInterval}. */
    public Builder statusCheckInterval(Duration value) {
      statusCheckInterval = value;
      return this;
    }

    /** See {@link EngineSettings#maxStatusWait}. */
    public Builder maxStatusWait(Duration value) {
      maxStatusWait = value;
      return this;
    }

    /** See {@link EngineSettings#maxRetries}. */
    public Builder maxRetries(int value) {
      maxRetries = value;
      return this;
    }

    /** See {@link EngineSettings#backoffBase}. */
    public Builder backoffBase(Duration value) {
      backoffBase = value;
      return this;
    }

    /** See {@link EngineSettings#backoffMax}. */
    public Builder backoffMax(Duration value) {
      backoffMax = value;
      return this;
    }

    /** See {@link EngineSettings#backoffJitter}. */
    public Builder backoffJitter(double value) {
      backoffJitter = value;
      return this;
    }

    /** See {@link EngineSettings#timeoutMargin}. */
    public Builder timeoutMargin(Duration value) {
      timeoutMargin = value;
      return this;
    }

    /** See {@link EngineSettings#resolveTimeout}. */
    public Builder resolveTimeout(Duration value) {
      resolveTimeout = value;
      return this;
    }

    /** See {@link EngineSettings#persisterAskTimeoutBase}. */
    public Builder persisterAskTimeoutBase(Duration value) {
      persisterAskTimeoutBase = value;
      return this;
    }

    /** See {@link EngineSettings#persisterAskTimeoutPerResource}. */
    public Builder persisterAskTimeoutPerResource(Duration value) {
      persisterAskTimeoutPerResource = value;
      return this;
    }

    /** See {@link EngineSettings#executorAskTimeoutBase}. */
    public Builder executorAskTimeoutBase(Duration value) {
      executorAskTimeoutBase = value;
      return this;
    }

    /** See {@link EngineSettings#executorAskTimeoutPerResource}. */
    public Builder executorAskTimeoutPerResource(Duration value) {
      executorAskTimeoutPerResource = value;
      return this;
    }

    /** See {@link EngineSettings#bridgeAskTimeoutBase}. */
    public Builder bridgeAskTimeoutBase(Duration value) {
      bridgeAskTimeoutBase = value;
      return this;
    }

    /** See {@link EngineSettings#bridgeAskTimeoutPerResource}. */
    public Builder bridgeAskTimeoutPerResource(Duration value) {
      bridgeAskTimeoutPerResource = value;
      return this;
    }

    /** See {@link EngineSettings#defaultRequestsPerSecond}. */
    public Builder defaultRequestsPerSecond(int value) {
      defaultRequestsPerSecond = value;
      return this;
    }

    /** See {@link EngineSettings#requestsPerSecondOverrides}. */
    public Builder requestsPerSecondOverrides(Map<String, Integer> value) {
      requestsPerSecondOverrides = value;
      return this;
    }

    /** See {@link EngineSettings#maxInFlightUpdates}. */
    public Builder maxInFlightUpdates(int value) {
      maxInFlightUpdates = value;
      return this;
    }

    /** See {@link EngineSettings#persisterSnapshotEvery}. */
    public Builder persisterSnapshotEvery(int value) {
      persisterSnapshotEvery = value;
      return this;
    }

    /** The settings; throws {@link InvalidSettingsException} listing every violation. */
    public EngineSettings build() {
      return new EngineSettings(
          pluginRequestTimeout,
          pluginCallTimeout,
          statusCheckInterval,
          maxStatusWait,
          maxRetries,
          backoffBase,
          backoffMax,
          backoffJitter,
          timeoutMargin,
          resolveTimeout,
          persisterAskTimeoutBase,
          persisterAskTimeoutPerResource,
          executorAskTimeoutBase,
          executorAskTimeoutPerResource,
          bridgeAskTimeoutBase,
          bridgeAskTimeoutPerResource,
          defaultRequestsPerSecond,
          requestsPerSecondOverrides,
          maxInFlightUpdates,
          persisterSnapshotEvery);
    }
  }

  /** Reads typed values, collecting what cannot be read instead of stopping at the first. */
  private static final class Reader {
    private final Config config;
    private final List<Violation> violations = new ArrayList<>();

    Reader(Config config) {
      this.config = config;
    }

    Duration duration(String key) {
      try {
        return config.getDuration(key);
      } catch (ConfigException e) {
        return fail(key, e, null);
      }
    }

    int integer(String key) {
      try {
        return config.getInt(key);
      } catch (ConfigException e) {
        return fail(key, e, 0);
      }
    }

    double fraction(String key) {
      try {
        return config.getDouble(key);
      } catch (ConfigException e) {
        return fail(key, e, 0.0);
      }
    }

    Map<String, Integer> integerMap(String key) {
      Map<String, Integer> result = new LinkedHashMap<>();
      ConfigObject object;
      try {
        object = config.getObject(key);
      } catch (ConfigException e) {
        return fail(key, e, result);
      }
      Config entries = object.toConfig();
      for (String name : object.keySet()) {
        // Quoted so labels with dots ("prod.eu-west-1") stay one key, not a nested path.
        String path = ConfigUtil.joinPath(name);
        try {
          result.put(name, entries.getInt(path));
        } catch (ConfigException e) {
          fail(key + "." + path, e, null);
        }
      }
      return result;
    }

    private <T> T fail(String key, ConfigException e, T placeholder) {
      violations.add(
          new Violation(List.of(key), key + " cannot be read: " + e.getMessage().strip()));
      return placeholder;
    }
  }
}
