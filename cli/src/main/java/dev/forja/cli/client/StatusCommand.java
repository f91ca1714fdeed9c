package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import dev.forja.cli.client.render.CommandTables;
import dev.forja.engine.command.CommandState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forja status [ID]}: a command's state, counts and updates; the latest without an ID. */
@Command(
    name = "status",
    description = {
      "Show a command: its state, counts per update state and each update. Without ID, the most"
          + " recent command.",
      "-o json prints the body of GET /api/v1/commands/{id}."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The command succeeded or has not ended (with --watch: ended Success).",
      "1:The command ended Failed or Canceled, or the agent has no command yet.",
      "2:Invalid input or usage: no command with this ID.",
      "3:The agent is unreachable."
    })
public final class StatusCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The command's id (default: the most recent command).")
  private String id;

  @Option(
      names = "--watch",
      description = "Follow the command to its end with live progress, and exit by its result.")
  private boolean watch;

  @Mixin private AgentOptions agent;

  @Mixin private OutputFormatOption output;

  private Terminal terminal = Terminal.system();

  /** Replaces the terminal, for tests. */
  void terminal(Terminal t) {
    this.terminal = t;
  }

  @Override
  public Integer call() {
    AgentClient client = agent.client();
    String commandId = id != null ? id : Latest.command(client);
    if (watch) {
      return Submission.watch(spec, client, output, terminal, commandId);
    }
    JsonNode status = client.get("/commands/" + AgentClient.segment(commandId));
    output.print(spec.commandLine().getOut(), status, out -> CommandTables.status(out, status));
    CommandState state = CommandState.fromWire(status.path("State").asText());
    return state == CommandState.FAILED || state == CommandState.CANCELED
        ? ExitCode.FAILED.code()
        : ExitCode.SUCCESS.code();
  }
}
