package dev.forja.engine.model;

import java.util.Objects;

/**
 * The user-facing identity of a resource: its stack and label.
 *
 * @param stack the stack label
 * @param label the resource label
 */
public record ResourceKey(String stack, String label) implements Comparable<ResourceKey> {
  public ResourceKey {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(label, "label");
  }

  @Override
  public int compareTo(ResourceKey o) {
    int c = stack.compareTo(o.stack);
    return c != 0 ? c : label.compareTo(o.label);
  }

  @Override
  public String toString() {
    return stack + "/" + label;
  }
}
