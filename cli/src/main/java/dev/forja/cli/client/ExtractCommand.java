package dev.forja.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forja.cli.ExitCode;
import dev.forja.cli.client.render.FormaText;
import dev.forja.cli.client.render.FormaText.Format;
import dev.forja.cli.client.render.PklForma;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code forja extract}: the matching inventory written as a forma, to edit and apply. */
@Command(
    name = "extract",
    description = {
      "Write the matching inventory as a forma (JSON, YAML or a Pkl module), to keep, edit and"
          + " apply. Secrets come out redacted.",
      "-o json prints the body of GET /api/v1/resources/extract."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Written.",
      "2:Invalid input or usage, such as a query the agent rejects.",
      "3:The agent is unreachable."
    })
public final class ExtractCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec private CommandSpec spec;

  @Option(
      names = "--query",
      paramLabel = "Q",
      description =
          "Only the resources matching Q, such as 'stack:net' (terms managed: stack: target:"
              + " type: label:, * wildcards).")
  private String query;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "Output format: json, yaml or pkl (default: ${DEFAULT-VALUE}).")
  private Format format = Format.json;

  @Mixin private AgentOptions agent;

  @Override
  public Integer call() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("query", query);
    JsonNode forma = agent.client().get("/resources/extract" + AgentClient.query(params));
    PrintWriter out = spec.commandLine().getOut();
    try {
      switch (format) {
        case json -> out.println(JSON.writeValueAsString(forma));
        case yaml -> out.print(FormaText.yaml(forma));
        case pkl -> out.print(PklForma.render(forma));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the forma", e);
    }
    out.flush();
    return ExitCode.SUCCESS.code();
  }
}
