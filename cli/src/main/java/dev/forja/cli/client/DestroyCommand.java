package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.CliException;
import dev.forja.cli.OutputFormatOption;
import dev.forja.engine.command.OnDependents;
import dev.forja.http.dto.SubmitCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forja destroy FILE} or {@code forja destroy --query Q}: deletes the resources a forma
 * declares, or the managed resources a query matches, through the agent.
 */
@Command(
    name = "destroy",
    description = {
      "Destroy, through the agent, the resources a forma declares that the inventory holds, or"
          + " with --query the managed resources that match.",
      "Without --yes, shows the plan and asks for confirmation (refused when there is no"
          + " terminal). With --yes and without --watch, prints {\"CommandId\", \"ChangesRequired\"}"
          + " once the agent has accepted the command."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Accepted (or nothing to delete); with --watch, the command ended Success.",
      "1:With --watch, the command ended Failed or Canceled; or the agent refused it (409:"
          + " dependents outside it, with --on-dependents abort, or a command in flight), or the"
          + " confirmation was declined.",
      "2:Invalid input or usage: a forma or query the agent rejects (every error listed), or no"
          + " terminal to confirm on and no --yes.",
      "3:The agent is unreachable."
    })
public final class DestroyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The forma (.json, .yaml, .pkl) whose resources to delete.")
  private Path file;

  @Option(
      names = "--query",
      paramLabel = "Q",
      description =
          "Delete the managed resources matching Q instead of a forma's, such as 'stack:net'"
              + " (terms managed: stack: target: type: label:, * wildcards).")
  private String query;

  @Option(
      names = "--on-dependents",
      paramLabel = "WHAT",
      defaultValue = "abort",
      converter = Choices.Dependents.class,
      description =
          "What to do about managed resources outside the destroy that depend on what it deletes:"
              + " abort (refuse, naming them) or cascade (delete them too) (default:"
              + " ${DEFAULT-VALUE}).")
  private OnDependents onDependents;

  @Option(
      names = "--simulate",
      description = "Only plan: print what the command would delete; nothing runs.")
  private boolean simulate;

  @Option(
      names = "--watch",
      description =
          "Follow the command to its end with live progress, and exit by its result. With -o json"
              + " or yaml, progress goes to stderr and stdout gets the final status.")
  private boolean watch;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  private boolean yes;

  @Mixin private AgentOptions agent;

  @Mixin private OutputFormatOption output;

  private Terminal terminal = Terminal.system();

  /** Replaces the terminal, for tests. */
  void terminal(Terminal t) {
    this.terminal = t;
  }

  @Override
  public Integer call() {
    if ((file == null) == (query == null)) {
      throw CliException.invalidInput(
          "name what to destroy: a forma FILE or --query Q, not "
              + (file == null ? "neither" : "both"));
    }
    String deps = onDependents.wire();
    JsonNode forma = file == null ? null : FormaFile.read(file);
    Submission.Request request =
        sim ->
            forma != null
                ? SubmitCommand.destroy(forma, deps, sim)
                : SubmitCommand.destroyMatching(query, deps, sim);
    Submission submission = new Submission(spec, agent.client(), output, terminal, "destroy");
    return simulate ? submission.simulate(request) : submission.submit(request, yes, watch);
  }
}
