package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forja cancel [ID]}: cancels a command; the latest running one without an ID. */
@Command(
    name = "cancel",
    description = {
      "Cancel a command: it is Canceling at once; updates not yet sent to a plugin end Canceled,"
          + " those in flight end with their real result, then the command is Canceled. Without"
          + " ID, the most recent command still running.",
      "-o json prints the body of POST /api/v1/commands/{id}/cancel."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The command is Canceling.",
      "1:The command had already ended (409), or none is running.",
      "2:Invalid input or usage: no command with this ID.",
      "3:The agent is unreachable."
    })
public final class CancelCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The command's id (default: the most recent command still running).")
  private String id;

  @Mixin private AgentOptions agent;

  @Mixin private OutputFormatOption output;

  @Override
  public Integer call() {
    AgentClient client = agent.client();
    String commandId = id != null ? id : Latest.running(client);
    JsonNode reply =
        client.post(
            "/commands/" + AgentClient.segment(commandId) + "/cancel",
            JsonNodeFactory.instance.objectNode());
    output.print(
        spec.commandLine().getOut(),
        reply,
        out ->
            out.println(
                "Command "
                    + commandId
                    + " is "
                    + reply.path("State").asText("Canceling")
                    + ": updates not yet started are canceled; those in flight finish first."));
    return ExitCode.SUCCESS.code();
  }
}
