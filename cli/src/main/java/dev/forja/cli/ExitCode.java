package dev.forja.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of {@code forja}: the one list scripts rely on (INTERFACES.md, "CLI output for
 * scripts"). Verbs return {@link #code()} from {@code call()} or throw a {@link CliException}.
 */
public enum ExitCode {
  /** The verb did what was asked. */
  SUCCESS(0, "Success."),
  /** The command ended Failed or Canceled, or the verb failed for another reason. */
  FAILED(1, "The command ended Failed or Canceled."),
  /** Bad usage (unknown verb or option) or invalid input (a forma that does not read). */
  INVALID_INPUT(2, "Invalid input or usage."),
  /** No agent answered at the address from --agent, FORJA_AGENT_URL or the default. */
  AGENT_UNREACHABLE(3, "The agent is unreachable.");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** One line for the usage help's exit-code list. */
  public String description() {
    return description;
  }

  /**
   * The exit code for an exception that escaped a verb: a {@link CliException} carries its own;
   * anything else is an unexpected failure.
   */
  public static ExitCode of(Throwable thrown) {
    return thrown instanceof CliException e ? e.exitCode() : FAILED;
  }

  /** The codes and their descriptions, in order, as picocli's usage help wants them. */
  static Map<String, String> usageList() {
    Map<String, String> list = new LinkedHashMap<>();
    Arrays.stream(values()).forEach(c -> list.put(Integer.toString(c.code), c.description));
    return list;
  }
}
