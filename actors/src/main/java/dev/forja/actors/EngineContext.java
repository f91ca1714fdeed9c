package dev.forja.actors;

import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.CommandStore;
import dev.forja.engine.store.InventoryStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every actor of one engine shares: settings, plugins, stores, and the sources of time,
 * identity and randomness (injected so that tests can fix them).
 *
 * @param settings every timeout and limit
 * @param plugins the resource plugins, by namespace
 * @param inventory the inventory store
 * @param commands the command read model
 * @param clock the wall clock for timestamps (timers use the actor system's scheduler)
 * @param ksuids mints command ids and resource KSUIDs
 * @param random jitter for backoff
 * @param metrics where the engine reports its work ({@link EngineMetrics#NONE} to report nothing)
 */
public record EngineContext(
    EngineSettings settings,
    PluginRegistry plugins,
    InventoryStore inventory,
    CommandStore commands,
    Clock clock,
    Supplier<String> ksuids,
    RandomGenerator random,
    EngineMetrics metrics) {
  public EngineContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(plugins, "plugins");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ksuids, "ksuids");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Requests per second allowed on {@code targetLabel}: a configured override by label or
   * namespace, else the plugin's declared default, else the configured default.
   */
  public double requestsPerSecond(String targetLabel, String namespace) {
    return settings.requestsPerSecond(
        targetLabel,
        namespace,
        plugins.forNamespace(namespace).map(p -> p.defaultRateLimit()).orElse(0.0));
  }
}
