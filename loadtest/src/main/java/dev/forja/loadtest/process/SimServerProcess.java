package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code forja sim start} in a JVM of its own: the simulator server the AWS plugin talks Cloud
 * Control to, with the latency and throttling the scenario asks for. The scenario reads what the
 * simulated account holds and what it received through the server's {@code /_sim/} control API.
 */
public final class SimServerProcess implements AutoCloseable {
  private static final String LISTENING = "sim listening on ";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private final ForjaProcess process;
  private final URI endpoint;
  private final Http http = new Http();

  /**
   * A resource the account holds.
   *
   * @param typeName its type, such as {@code AWS::S3::Bucket}
   * @param identifier its primary identifier
   */
  public record Resource(String typeName, String identifier) {}

  /**
   * One Cloud Control call the server received, throttled ones included.
   *
   * @param op Create, Read, Update, Delete, List, Status, Cancel or ListRequests
   * @param typeName the type, when the call names one, else null
   * @param identifier the resource (a create's once assigned), else null
   * @param clientToken a mutation's idempotency token, else null
   * @param ts when the server received it
   */
  public record Call(
      String op, String typeName, String identifier, String clientToken, Instant ts) {}

  private SimServerProcess(ForjaProcess process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * Starts the server on a free port with each mutation in progress for {@code latencyMs} ({@code
   * MIN-MAX}, drawn uniformly) and {@code throttleRate} of calls answered ThrottlingException;
   * returns once its control API answers. Its output goes to {@code <dir>/sim.log}.
   */
  public static SimServerProcess start(Path dir, String latencyMs, double throttleRate) {
    ForjaProcess p =
        ForjaProcess.start(
            "sim",
            dir,
            List.of("-Xmx1g"),
            Map.of(),
            List.of(
                "sim",
                "start",
                "--port",
                "0",
                "--latency-ms",
                latencyMs,
                "--throttle-rate",
                Double.toString(throttleRate)));
    try {
      URI endpoint = URI.create(p.awaitLine(LISTENING, START_TIMEOUT).strip());
      SimServerProcess sim = new SimServerProcess(p, endpoint);
      sim.http.get(endpoint.resolve("/_sim/resources"), CALL_TIMEOUT).expect(200, "the sim");
      return sim;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The Cloud Control endpoint, such as {@code http://127.0.0.1:41234}: a target's Endpoint. */
  public URI endpoint() {
    return endpoint;
  }

  /** Every resource the account holds now. */
  public List<Resource> resources() {
    List<Resource> out = new ArrayList<>();
    for (JsonNode r : control("resources")) {
      out.add(new Resource(r.path("TypeName").asText(), r.path("Identifier").asText()));
    }
    return out;
  }

  /** Every Cloud Control call received so far (the most recent million), oldest first. */
  public List<Call> calls() {
    List<Call> out = new ArrayList<>();
    for (JsonNode c : control("oplog")) {
      JsonNode ts = c.get("Ts");
      out.add(
          new Call(
              c.path("Op").asText(),
              text(c.get("TypeName")),
              text(c.get("Identifier")),
              text(c.get("ClientToken")),
              ts == null || ts.isNull() ? null : Instant.parse(ts.asText())));
    }
    return out;
  }

  /** The op log as the server sends it, for a failed run's logs. */
  public String oplogText() {
    return http.get(endpoint.resolve("/_sim/oplog"), CALL_TIMEOUT)
        .expect(200, "GET /_sim/oplog")
        .body();
  }

  /**
   * Closes or opens the gate: while it is closed every mutation stays in progress, so no update can
   * end; what was already due completes before it closes.
   */
  public void gate(boolean open) {
    http.post(endpoint.resolve("/_sim/gate"), "{\"Open\": " + open + "}", CALL_TIMEOUT)
        .expect(204, "POST /_sim/gate");
  }

  /** Stops the server with SIGTERM, as a user would, killing it if it lingers. */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(10));
    process.close();
  }

  private JsonNode control(String call) {
    return http.get(endpoint.resolve("/_sim/" + call), CALL_TIMEOUT)
        .expect(200, "GET /_sim/" + call)
        .json();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
