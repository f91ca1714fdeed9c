package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.ExitCode;
import dev.forja.cli.client.progress.ProgressRenderer;
import dev.forja.cli.client.progress.ProgressSnapshot;
import dev.forja.cli.client.progress.ProgressTracker;
import dev.forja.cli.client.progress.UpdateView;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Follows a command until it ends, drawing its progress: from the agent's event stream ({@code GET
 * /commands/{id}/events}), or, when that cannot be had, by polling {@code GET /commands/{id}}.
 * Either way, once the command has ended its final status fills in any update whose end the stream
 * did not carry (it may have ended before the stream opened), so that plain output lists every one.
 */
final class CommandWatch {
  /** How often the fallback polls. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final AgentClient agent;
  private final String commandId;
  private final ProgressRenderer renderer;
  private final ProgressTracker tracker;
  private boolean seeded;

  CommandWatch(AgentClient agent, String commandId, ProgressRenderer renderer) {
    this.agent = agent;
    this.commandId = commandId;
    this.renderer = renderer;
    this.tracker = new ProgressTracker(commandId);
  }

  /** The exit code a watched command ends with: 0 for Success, 1 for Failed or Canceled. */
  static ExitCode exitCode(JsonNode status) {
    return CommandState.fromWire(status.path("State").asText()) == CommandState.SUCCESS
        ? ExitCode.SUCCESS
        : ExitCode.FAILED;
  }

  /** Draws the command's progress until it ends; returns its final status (the API's body). */
  JsonNode run() {
    boolean ended;
    try {
      ended = agent.events(events(), this::onEvent);
    } catch (IOException e) {
      ended = false;
    }
    JsonNode status = ended ? status() : poll();
    return finish(status);
  }

  private String events() {
    return "/commands/" + AgentClient.segment(commandId) + "/events";
  }

  private JsonNode status() {
    return agent.get("/commands/" + AgentClient.segment(commandId));
  }

  /**
   * Draws one event; the final one stops the stream, to be drawn with the final status. The first
   * is drawn from the command's status, read once the stream is open: what happened before it
   * opened (updates in flight, failures) is in the status and in no event.
   */
  private boolean onEvent(JsonNode event) {
    CommandState state = CommandState.fromWire(event.path("State").asText());
    if (event.path("Final").asBoolean(false) || state.isFinal()) {
      return false;
    }
    JsonNode update = event.get("Update");
    UpdateView changed = update == null || !update.isObject() ? null : UpdateView.fromJson(update);
    Map<UpdateState, Integer> counts = counts(event.path("Counts"));
    if (!seeded) {
      seeded = true;
      JsonNode status = status();
      state = nonFinal(CommandState.fromWire(status.path("State").asText()));
      counts = counts(status.path("Counts"));
      seed(status, state, counts);
    }
    renderer.render(tracker.record(state, counts, changed));
    return true;
  }

  /**
   * Records the updates that have started: those that have ended are drawn one by one (a plain line
   * each), the rest with the next snapshot.
   */
  private void seed(JsonNode status, CommandState state, Map<UpdateState, Integer> counts) {
    for (JsonNode u : status.path("ResourceUpdates")) {
      UpdateView view = UpdateView.fromJson(u);
      if (view.state() != UpdateState.NOT_STARTED
          && tracker.seen(view.ksuid()).orElse(null) != view.state()) {
        ProgressSnapshot s = tracker.record(state, counts, view);
        if (view.state().isFinal()) {
          renderer.render(s);
        }
      }
    }
  }

  /** Polls until the command has ended, drawing each update that changed since the last poll. */
  private JsonNode poll() {
    while (true) {
      JsonNode status = status();
      CommandState state = CommandState.fromWire(status.path("State").asText());
      if (state.isFinal()) {
        return status;
      }
      catchUp(status, state);
      renderer.render(tracker.record(state, counts(status.path("Counts")), null));
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
    }
  }

  private JsonNode finish(JsonNode status) {
    CommandState state = CommandState.fromWire(status.path("State").asText());
    catchUp(status, state);
    Duration ran = ran(status);
    if (ran != null) {
      tracker.ran(ran);
    }
    renderer.render(tracker.record(state, counts(status.path("Counts")), null));
    return status;
  }

  /**
   * Records every update of {@code status} in a state the tracker has not seen it in: those whose
   * change the stream did not carry. They are drawn with the status' counts, so that the bar never
   * goes back.
   */
  private void catchUp(JsonNode status, CommandState state) {
    Map<UpdateState, Integer> counts = counts(status.path("Counts"));
    CommandState drawn = nonFinal(state);
    for (JsonNode u : status.path("ResourceUpdates")) {
      UpdateView view = UpdateView.fromJson(u);
      if (tracker.seen(view.ksuid()).orElse(null) != view.state()) {
        renderer.render(tracker.record(drawn, counts, view));
      }
    }
  }

  /**
   * The state to draw updates in before the final snapshot, since a final one ends the display: the
   * last state seen (Canceling stays Canceling), or InProgress.
   */
  private CommandState nonFinal(CommandState state) {
    if (!state.isFinal()) {
      return state;
    }
    CommandState last = tracker.snapshot().state();
    return last.isFinal() || last == CommandState.NOT_STARTED ? CommandState.IN_PROGRESS : last;
  }

  private static Duration ran(JsonNode status) {
    try {
      Instant start = Instant.parse(status.path("StartTs").asText());
      Instant end = Instant.parse(status.path("EndTs").asText());
      return Duration.between(start, end);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The counts of an API body; a state it leaves out counts 0. */
  static Map<UpdateState, Integer> counts(JsonNode counts) {
    Map<UpdateState, Integer> c = new EnumMap<>(UpdateState.class);
    for (Map.Entry<String, JsonNode> e : counts.properties()) {
      try {
        c.put(UpdateState.fromWire(e.getKey()), e.getValue().asInt());
      } catch (IllegalArgumentException unknown) {
        // A state a newer agent added: not ours to draw.
      }
    }
    return c;
  }
}
