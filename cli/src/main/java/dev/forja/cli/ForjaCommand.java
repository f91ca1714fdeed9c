package dev.forja.cli;

import dev.forja.cli.agent.AgentCommand;
import dev.forja.cli.client.ApplyCommand;
import dev.forja.cli.client.CancelCommand;
import dev.forja.cli.client.CommandsCommand;
import dev.forja.cli.client.DestroyCommand;
import dev.forja.cli.client.ExtractCommand;
import dev.forja.cli.client.InventoryCommand;
import dev.forja.cli.client.StatusCommand;
import dev.forja.cli.demo.DemoCommand;
import dev.forja.cli.forma.EvalCommand;
import dev.forja.cli.plan.PlanCommand;
import dev.forja.cli.sim.SimCommand;
import dev.forja.cli.version.ForjaVersion;
import dev.forja.cli.version.VersionCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code forja} command. Every verb is registered here, in {@code subcommands}, and
 * nowhere else: a new verb is one class in its noun's package plus one entry in that list. Verbs
 * inherit {@code -h} and {@code -V} from here and need a {@code description} of their own.
 */
@Command(
    name = "forja",
    // INHERIT gives every verb -h/--help and -V/--version without repeating them.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = ForjaVersion.Provider.class,
    description =
        "Diffs a forma against the inventory, plans a dependency-ordered changeset and executes it"
            + " through plugins.",
    subcommands = {
      VersionCommand.class,
      EvalCommand.class,
      PlanCommand.class,
      SimCommand.class,
      AgentCommand.class,
      ApplyCommand.class,
      DestroyCommand.class,
      StatusCommand.class,
      CommandsCommand.class,
      CancelCommand.class,
      InventoryCommand.class,
      ExtractCommand.class,
      DemoCommand.class,
      HelpCommand.class
    })
public final class ForjaCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  /** Without a verb there is nothing to do but show which verbs exist. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.SUCCESS.code();
  }
}
