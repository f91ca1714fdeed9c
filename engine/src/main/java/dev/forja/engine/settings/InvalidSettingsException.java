package dev.forja.engine.settings;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The engine settings break the timeout chain or a limit; lists every violation, not just the
 * first, so one restart is enough to see everything that needs fixing.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * One broken rule.
   *
   * @param keys the HOCON keys involved, the offending one first
   * @param message what is wrong, naming those keys and their values
   */
  public record Violation(List<String> keys, String message) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies {@code keys}. */
    public Violation {
      keys = List.copyOf(keys);
      Objects.requireNonNull(message, "message");
    }
  }

  private final List<Violation> violations;

  /** Reports {@code violations}, which must not be empty. */
  public InvalidSettingsException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  /** Every violation found, in the order the checks ran. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an InvalidSettingsException needs a violation");
    }
    return violations.stream()
        .map(v -> "\n  - " + v.message())
        .collect(
            Collectors.joining(
                "",
                "invalid forja.engine settings ("
                    + violations.size()
                    + (violations.size() == 1 ? " violation):" : " violations):"),
                ""));
  }
}
