package dev.forja.cli;

import java.util.Objects;

/**
 * A failure a verb reports to the user: {@code forja} prints the message on stderr, without a stack
 * trace, and exits with {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public CliException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public CliException(ExitCode exitCode, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  /** Input the verb cannot use, such as a forma that does not read: exit 2. */
  public static CliException invalidInput(String message) {
    return new CliException(ExitCode.INVALID_INPUT, message);
  }

  /** No agent answered: exit 3. */
  public static CliException agentUnreachable(String message, Throwable cause) {
    return new CliException(ExitCode.AGENT_UNREACHABLE, message, cause);
  }

  /** How {@code forja} exits because of this failure. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
