package dev.forja.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormat;
import dev.forja.cli.OutputFormatOption;
import dev.forja.cli.client.progress.ProgressRenderer;
import dev.forja.cli.client.render.PlanTable;
import dev.forja.http.dto.SubmitCommand;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code apply} and {@code destroy} share once their request body is built: simulate and print
 * the plan; or ask for confirmation (having shown the plan), submit, and either print {@code
 * {"CommandId", "ChangesRequired"}} or watch the command to its end (INTERFACES.md, "CLI output for
 * scripts").
 */
final class Submission {
  /** The verb's {@code POST /commands} body, simulating or not. */
  interface Request {
    /** The body, its {@code Simulate} as given. */
    SubmitCommand body(boolean simulate);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CommandSpec spec;
  private final AgentClient agent;
  private final OutputFormatOption output;
  private final Terminal terminal;
  private final String verb;

  /**
   * @param verb {@code apply} or {@code destroy}, as the confirmation and messages name it
   */
  Submission(
      CommandSpec spec,
      AgentClient agent,
      OutputFormatOption output,
      Terminal terminal,
      String verb) {
    this.spec = spec;
    this.agent = agent;
    this.output = output;
    this.terminal = terminal;
    this.verb = verb;
  }

  /** {@code --simulate}: the plan, as the agent's reply or as a table; nothing runs. */
  int simulate(Request request) {
    JsonNode plan = agent.post("/commands", request.body(true));
    output.print(out(), plan, o -> o.print(PlanTable.render(plan)));
    return ExitCode.SUCCESS.code();
  }

  /**
   * Submits {@code request}: first, without {@code yes}, shows the plan and asks; then prints the
   * accepted command or, with {@code watch}, follows it and exits by how it ended.
   */
  int submit(Request request, boolean yes, boolean watch) {
    if (!yes && !confirmed(request)) {
      return ExitCode.FAILED.code();
    }
    JsonNode reply = agent.post("/commands", request.body(false));
    JsonNode id = reply.path("CommandId");
    if (watch && id.isTextual()) {
      return watch(id.asText());
    }
    ObjectNode accepted = JSON.createObjectNode();
    accepted.set("CommandId", id.isMissingNode() ? JSON.nullNode() : id);
    accepted.put("ChangesRequired", reply.path("ChangesRequired").asBoolean(id.isTextual()));
    if (watch && output.format() == OutputFormat.TABLE) {
      out().println(PlanTable.NO_CHANGES);
      out().flush();
    } else {
      // The contract prints this JSON for scripts whatever -o says, but YAML when asked for.
      output.print(out(), accepted, o -> o.println(pretty(accepted)));
    }
    return ExitCode.SUCCESS.code();
  }

  /**
   * Shows the plan and asks. Without a terminal there is nobody to ask: refused before anything is
   * sent, with exit 2.
   */
  private boolean confirmed(Request request) {
    if (!terminal.interactive()) {
      throw CliException.invalidInput(
          "refusing to "
              + verb
              + " without confirmation: there is no terminal to ask on. Pass --yes to "
              + verb
              + " without asking (see the plan first with --simulate).");
    }
    JsonNode plan = agent.post("/commands", request.body(true));
    PrintWriter out = out();
    out.print(PlanTable.render(plan));
    out.flush();
    if (!PlanTable.hasChanges(plan)) {
      // The real submit answers "no changes" too, without recording a command.
      return true;
    }
    String answer =
        terminal.ask(
            String.format(
                Locale.ROOT, "%nDo you want to %s these changes? Only 'yes' goes on: ", verb));
    if (answer != null && answer.strip().equalsIgnoreCase("yes")) {
      return true;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(verb + " canceled: nothing was changed.");
    err.flush();
    return false;
  }

  private int watch(String commandId) {
    return watch(spec, agent, output, terminal, commandId);
  }

  /**
   * Follows {@code commandId} to its end. With {@code -o table} the progress is the output; with
   * {@code -o json} or {@code yaml} it goes to stderr and stdout gets the final status alone.
   */
  static int watch(
      CommandSpec spec,
      AgentClient agent,
      OutputFormatOption output,
      Terminal terminal,
      String commandId) {
    boolean table = output.format() == OutputFormat.TABLE;
    PrintWriter target = table ? spec.commandLine().getOut() : spec.commandLine().getErr();
    ProgressRenderer renderer =
        terminal.interactive()
            ? ProgressRenderer.live(target, terminal.columns())
            : ProgressRenderer.plain(target);
    JsonNode status = new CommandWatch(agent, commandId, renderer).run();
    if (!table) {
      output.print(spec.commandLine().getOut(), status, o -> {});
    }
    return CommandWatch.exitCode(status).code();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  static String pretty(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the output as JSON", e);
    }
  }
}
