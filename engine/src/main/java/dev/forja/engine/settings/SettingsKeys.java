package dev.forja.engine.settings;

/** The HOCON paths {@link EngineSettings} reads; violations name them so operators can grep. */
final class SettingsKeys {
  static final String PREFIX = "forja.engine.";
  static final String TIMEOUT_MARGIN = PREFIX + "timeout-margin";
  static final String PLUGIN_REQUEST_TIMEOUT = PREFIX + "plugin.request-timeout";
  static final String PLUGIN_CALL_TIMEOUT = PREFIX + "plugin.call-timeout";
  static final String STATUS_CHECK_INTERVAL = PREFIX + "status.check-interval";
  static final String STATUS_MAX_WAIT = PREFIX + "status.max-wait";
  static final String MAX_RETRIES = PREFIX + "retry.max-retries";
  static final String BACKOFF_BASE = PREFIX + "retry.backoff.base";
  static final String BACKOFF_MAX = PREFIX + "retry.backoff.max";
  static final String BACKOFF_JITTER = PREFIX + "retry.backoff.jitter";
  static final String RESOLVE_TIMEOUT = PREFIX + "resolve-timeout";
  static final String PERSISTER_ASK_BASE = PREFIX + "persister.ask-timeout-base";
  static final String PERSISTER_ASK_PER_RESOURCE = PREFIX + "persister.ask-timeout-per-resource";
  static final String PERSISTER_SNAPSHOT_EVERY = PREFIX + "persister.snapshot-every";
  static final String EXECUTOR_ASK_BASE = PREFIX + "executor.ask-timeout-base";
  static final String EXECUTOR_ASK_PER_RESOURCE = PREFIX + "executor.ask-timeout-per-resource";
  static final String EXECUTOR_MAX_IN_FLIGHT = PREFIX + "executor.max-in-flight-updates";
  static final String BRIDGE_ASK_BASE = PREFIX + "bridge.ask-timeout-base";
  static final String BRIDGE_ASK_PER_RESOURCE = PREFIX + "bridge.ask-timeout-per-resource";
  static final String DEFAULT_RPS = PREFIX + "rate-limit.default-requests-per-second";
  static final String RPS_OVERRIDES = PREFIX + "rate-limit.overrides";

  private SettingsKeys() {}
}
