package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command submitted to an agent and followed to its end: when it was submitted and accepted,
 * the periodic samples, and the final status with every update.
 *
 * @param kind apply or destroy
 * @param commandId the command
 * @param submitted the wall-clock instant just before {@code POST /commands}
 * @param accepted how long {@code POST /commands} took to answer 202
 * @param samples the samples taken while it ran
 * @param status its final {@code GET /commands/{id}}
 */
public record CommandRun(
    String kind,
    String commandId,
    Instant submitted,
    Duration accepted,
    List<CommandWatch.Sample> samples,
    JsonNode status) {
  /** How often a followed command is sampled: once a second, as the report's charts show it. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /** How long no update may end before a run is called stuck. */
  public static final Duration STALL = Duration.ofMinutes(5);

  public CommandRun {
    samples = List.copyOf(samples);
  }

  /**
   * Submits {@code kind} of {@code forma} to {@code agent} and follows it to its end, sampling each
   * {@link #PERIOD} with seconds counted from {@code originNanos}; throws when it has not ended by
   * {@code deadline} or stalls.
   */
  public static CommandRun run(
      AgentClient agent, String kind, ObjectNode forma, long originNanos, Instant deadline) {
    Instant submitted = Instant.now();
    long before = System.nanoTime();
    String id = agent.submit(kind, forma);
    Duration accepted = Duration.ofNanos(System.nanoTime() - before);
    List<CommandWatch.Sample> samples =
        new CommandWatch(agent, id, originNanos).follow(PERIOD, true, deadline, STALL, s -> false);
    return new CommandRun(kind, id, submitted, accepted, samples, agent.status(id));
  }

  /** The deadline of a command of {@code updates} updates: generous, only a guard against hangs. */
  public static Instant deadline(int updates) {
    return Instant.now().plus(Duration.ofMinutes(10)).plus(Duration.ofMillis(200L * updates));
  }

  /** The command's {@code State} in the final status. */
  public String state() {
    return status.path("State").asText();
  }

  /** When the agent says the command ended ({@code EndTs}). */
  public Instant endTs() {
    return Instant.parse(status.path("EndTs").asText());
  }

  /** From just before the submit to the agent's {@code EndTs}: the command as a user waits it. */
  public Duration endToEnd() {
    return Duration.between(submitted, endTs());
  }

  /** Updates per final state in the final status. */
  public Map<UpdateState, Integer> counts() {
    return CommandWatch.counts(status);
  }

  /** Every update of the final status. */
  public List<JsonNode> updates() {
    List<JsonNode> out = new ArrayList<>();
    status.path("ResourceUpdates").forEach(out::add);
    return out;
  }

  /** Extra attempts over all updates: {@code Attempts - 1} summed, each a retry by the engine. */
  public long retries() {
    long n = 0;
    for (JsonNode u : updates()) {
      n += Math.max(0, u.path("Attempts").asInt(1) - 1);
    }
    return n;
  }

  /**
   * What is wrong with the outcome, for {@code Report.fail}: the command must end Success with
   * exactly {@code expected} updates, every one Success. Empty when all is well.
   */
  public List<String> problems(int expected) {
    List<String> out = new ArrayList<>();
    if (!"Success".equals(state())) {
      out.add(kind + " " + commandId + " ended " + state() + ", expected Success");
    }
    List<JsonNode> updates = updates();
    if (updates.size() != expected) {
      out.add(kind + " has " + updates.size() + " updates, expected " + expected);
    }
    Map<String, Integer> notSuccess = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (JsonNode u : updates) {
      String state = u.path("State").asText();
      if (!state.equals("Success")) {
        notSuccess.merge(state, 1, Integer::sum);
        if (examples.size() < 5) {
          examples.add(
              u.path("Stack").asText()
                  + "/"
                  + u.path("Label").asText()
                  + " "
                  + state
                  + " "
                  + u.path("ErrorCode").asText()
                  + ": "
                  + u.path("Message").asText());
        }
      }
    }
    if (!notSuccess.isEmpty()) {
      out.add(kind + ": updates not Success " + notSuccess + ", such as " + examples);
    }
    return out;
  }
}
