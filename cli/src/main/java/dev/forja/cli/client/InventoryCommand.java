package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import dev.forja.cli.client.render.CommandTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code forja inventory}: the resources the agent knows, secrets redacted. */
@Command(
    name = "inventory",
    description = {
      "List the inventory: the resources the agent manages or has discovered, secrets redacted.",
      "-o json prints the body of GET /api/v1/resources."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Listed.",
      "2:Invalid input or usage, such as a query the agent rejects.",
      "3:The agent is unreachable."
    })
public final class InventoryCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--query",
      paramLabel = "Q",
      description =
          "Only the resources matching Q, such as 'managed:true stack:net type:AWS::EC2::*'"
              + " (terms managed: stack: target: type: label:, * wildcards).")
  private String query;

  @Mixin private AgentOptions agent;

  @Mixin private OutputFormatOption output;

  @Override
  public Integer call() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("query", query);
    JsonNode resources = agent.client().get("/resources" + AgentClient.query(params));
    output.print(
        spec.commandLine().getOut(), resources, out -> CommandTables.inventory(out, resources));
    return ExitCode.SUCCESS.code();
  }
}
