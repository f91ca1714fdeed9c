package dev.forja.cli.sim;

import dev.forja.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code forja sim}: the cloud simulator's verbs; alone, it lists them. */
@Command(
    name = "sim",
    description =
        "The cloud simulator: a simulated AWS account that speaks the Cloud Control API, for tests,"
            + " demos and load tests.",
    subcommands = {SimStartCommand.class})
public final class SimCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.SUCCESS.code();
  }
}
