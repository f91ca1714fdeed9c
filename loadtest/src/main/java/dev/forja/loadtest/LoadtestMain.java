package dev.forja.loadtest;

import dev.forja.actors.CommonPool;
import dev.forja.loadtest.generate.GenerateCommand;
import dev.forja.loadtest.scenario.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code forja loadtest}: {@code generate} writes an enterprise-shaped forma, {@code run} runs a
 * load scenario and writes its reports. The {@code forja} script sends {@code forja loadtest ...}
 * here. Exit codes: 0 the runs passed, 1 a run failed, 2 bad arguments.
 */
@Command(
    name = "forja loadtest",
    mixinStandardHelpOptions = true,
    description = "Generate load-test formas and run load scenarios with reports.",
    subcommands = {GenerateCommand.class, RunCommand.class})
public final class LoadtestMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The exit codes of {@code forja loadtest}. */
  public enum Exit {
    /** Every run passed. */
    PASSED(0),
    /** A run failed (its report says why), or a report could not be written. */
    FAILED(1),
    /** Bad arguments: nothing ran. */
    USAGE(2);

    /** The process exit code. */
    public final int code;

    Exit(int code) {
      this.code = code;
    }
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    CommonPool.requestParallelism(); // before anything uses the common pool
    System.setProperty("java.awt.headless", "true"); // reports draw charts; there is no display
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, for tests: exit code 2 on bad arguments (picocli's parse errors and the
   * {@link CommandLine.ParameterException}s that commands throw from {@code call}), 1 on any other
   * exception.
   */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new LoadtestMain());
    // Picocli asks this mapper for parse errors too, so it must keep them apart.
    cmd.setExitCodeExceptionMapper(
        t -> t instanceof CommandLine.ParameterException ? Exit.USAGE.code : Exit.FAILED.code);
    return cmd;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: generate or run");
  }
}
