package dev.forja.cli;

import dev.forja.actors.CommonPool;
import picocli.CommandLine;

/** The {@code forja} executable: builds the command line, runs it and exits with its code. */
public final class ForjaMain {
  private ForjaMain() {}

  public static void main(String[] args) {
    CommonPool.requestParallelism(); // before anything uses the common pool
    System.exit(commandLine().execute(args));
  }

  /**
   * The {@code forja} command line with Forja's error handling and exit codes ({@link ExitCode}).
   * Tests call {@code execute} on it after {@code setOut} and {@code setErr}.
   */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new ForjaCommand());
    // The handlers own every non-zero exit: usage errors exit 2, failures by ExitCode.of(thrown).
    // Help, --version and verbs that return normally keep picocli's 0 or the verb's own code.
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    cmd.setExecutionExceptionHandler(new FailureHandler());
    cmd.setExitCodeExceptionMapper(t -> ExitCode.of(t).code());
    cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
    cmd.getCommandSpec().usageMessage().exitCodeList(ExitCode.usageList());
    return cmd;
  }
}
