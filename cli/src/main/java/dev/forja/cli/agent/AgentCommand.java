package dev.forja.cli.agent;

import dev.forja.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code forja agent}: the long-running engine that the client verbs talk to. */
@Command(
    name = "agent",
    description = "Starts, stops and checks the agent.",
    subcommands = {AgentStartCommand.class, AgentStopCommand.class, AgentStatusCommand.class})
public final class AgentCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.INVALID_INPUT.code();
  }
}
