package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.engine.command.CommandState;
import java.util.Map;
import java.util.Optional;

/** Finding the command a verb means when the user names none. */
final class Latest {
  /** How many recent commands {@link #running} looks through. */
  static final int RECENT = 50;

  private Latest() {}

  /** The id of the most recent command; exit 1 when the agent has none. */
  static String command(AgentClient agent) {
    return first(agent.get("/commands" + AgentClient.query(Map.of("limit", 1))), false)
        .orElseThrow(() -> new CliException(ExitCode.FAILED, "the agent has no command yet"));
  }

  /** The id of the most recent command that has not ended; exit 1 when none runs. */
  static String running(AgentClient agent) {
    return first(agent.get("/commands" + AgentClient.query(Map.of("limit", RECENT))), true)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCode.FAILED,
                    "no command is running (among the " + RECENT + " most recent): name one"));
  }

  private static Optional<String> first(JsonNode commands, boolean running) {
    for (JsonNode c : commands) {
      if (!running || !CommandState.fromWire(c.path("State").asText()).isFinal()) {
        return Optional.of(c.path("CommandId").asText());
      }
    }
    return Optional.empty();
  }
}
