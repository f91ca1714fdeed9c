package dev.forja.engine.input;

import java.nio.file.Path;
import java.util.Locale;

/** The languages a forma can be written in. */
public enum InputFormat {
  JSON,
  YAML,
  PKL;

  /** The format a file's extension names; an unknown extension is an error that lists the known. */
  public static InputFormat ofFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".pkl")) {
      return PKL;
    }
    throw new IllegalArgumentException(
        file + ": unknown forma file type: expected .json, .yaml, .yml or .pkl");
  }
}
