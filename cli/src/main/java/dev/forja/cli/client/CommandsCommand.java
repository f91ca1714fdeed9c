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

/** {@code forja commands}: the most recent commands, newest first. */
@Command(
    name = "commands",
    description = {
      "List the most recent commands, newest first.",
      "-o json prints the body of GET /api/v1/commands."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Listed.",
      "2:Invalid input or usage, such as a query the agent rejects.",
      "3:The agent is unreachable."
    })
public final class CommandsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--query",
      paramLabel = "Q",
      description = "Only the commands matching Q, as the agent's API reads it.")
  private String query;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N commands (default: the agent's).")
  private Integer limit;

  @Mixin private AgentOptions agent;

  @Mixin private OutputFormatOption output;

  @Override
  public Integer call() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("query", query);
    params.put("limit", limit);
    JsonNode commands = agent.client().get("/commands" + AgentClient.query(params));
    output.print(
        spec.commandLine().getOut(), commands, out -> CommandTables.commands(out, commands));
    return ExitCode.SUCCESS.code();
  }
}
