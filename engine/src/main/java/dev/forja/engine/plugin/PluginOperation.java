package dev.forja.engine.plugin;

/** The plugin call a {@link ProgressResult} answers. */
public enum PluginOperation {
  CREATE,
  READ,
  UPDATE,
  DELETE,
  STATUS,
  LIST
}
