package dev.forja.engine.plugin;

/** Where a plugin operation stands. */
public enum OperationStatus {
  /** Accepted; poll {@link ResourcePlugin#status} with the request token. */
  IN_PROGRESS,
  SUCCESS,
  FAILED
}
