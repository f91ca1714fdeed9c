package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * The agent's HTTP API as the scenarios use it (the agent's {@code openapi.yaml}): health, submit
 * an apply or destroy, a command's status, and the Prometheus metrics.
 */
public final class AgentClient {
  // A 10,000-resource forma is planned before the 202: the agent's own ask allows 80 s for it.
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final Http http = new Http();

  /** A client of the agent at {@code url}, such as {@code http://127.0.0.1:49700}. */
  public AgentClient(URI url) {
    this.base = URI.create(url.toString().replaceAll("/+$", "") + "/api/v1/");
  }

  /** The agent's base address. */
  public URI url() {
    return base.resolve("/");
  }

  /** Whether {@code GET /health} answers 200 now; false when it answers otherwise or not at all. */
  public boolean healthy() {
    try {
      return http.get(base.resolve("health"), HEALTH_TIMEOUT).status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /**
   * Submits {@code kind} ({@code apply} or {@code destroy}) of {@code forma}; returns the new
   * command's id. Throws unless the agent answers 202 with a command id.
   */
  public String submit(String kind, ObjectNode forma) {
    ObjectNode body = Http.JSON.createObjectNode().put("Command", kind);
    body.set("Forma", forma);
    JsonNode answer =
        http.post(base.resolve("commands"), body.toString(), SUBMIT_TIMEOUT)
            .expect(202, "POST /api/v1/commands (" + kind + ")")
            .json();
    JsonNode id = answer.get("CommandId");
    if (id == null || id.isNull() || id.asText().isBlank()) {
      throw new IllegalStateException(
          "the " + kind + " was accepted with no command (nothing to change?): " + answer);
    }
    return id.asText();
  }

  /** {@code GET /commands/{id}}: the command with every update (INTERFACES.md, "Status JSON"). */
  public JsonNode status(String commandId) {
    return http.get(base.resolve("commands/" + commandId), CALL_TIMEOUT)
        .expect(200, "GET /api/v1/commands/" + commandId)
        .json();
  }

  /** {@code GET /metrics}, parsed. */
  public Metrics metrics() {
    return Metrics.parse(
        http.get(base.resolve("metrics"), CALL_TIMEOUT).expect(200, "GET /api/v1/metrics").body());
  }
}
