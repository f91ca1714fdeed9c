package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.OutputFormatOption;
import dev.forja.engine.command.PlanMode;
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
 * {@code forja apply FILE}: submits a forma to the agent. Without {@code --yes} it shows the plan
 * and asks first; with {@code --watch} it follows the command to its end.
 */
@Command(
    name = "apply",
    description = {
      "Apply a forma through the agent: reconcile makes its stacks exactly the forma (deleting what"
          + " they hold and it omits); patch only creates and updates what it names.",
      "Without --yes, shows the plan and asks for confirmation (refused when there is no"
          + " terminal). With --yes and without --watch, prints {\"CommandId\", \"ChangesRequired\"}"
          + " once the agent has accepted the command."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Accepted (or nothing to change); with --watch, the command ended Success.",
      "1:With --watch, the command ended Failed or Canceled; or the agent refused it (409: a"
          + " command in flight holds its resources), or the confirmation was declined.",
      "2:Invalid input or usage: a forma that does not read or validate (every error listed),"
          + " or no terminal to confirm on and no --yes.",
      "3:The agent is unreachable."
    })
public final class ApplyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The forma (.json, .yaml, .pkl).")
  private Path file;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "reconcile",
      converter = Choices.ApplyMode.class,
      description = "reconcile or patch (default: ${DEFAULT-VALUE}).")
  private PlanMode mode;

  @Option(
      names = "--simulate",
      description = "Only plan: print what the command would do; nothing runs.")
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
    JsonNode forma = FormaFile.read(file);
    Submission.Request request = sim -> SubmitCommand.apply(forma, mode.wire(), sim);
    Submission submission = new Submission(spec, agent.client(), output, terminal, "apply");
    return simulate ? submission.simulate(request) : submission.submit(request, yes, watch);
  }
}
