package dev.forja.cli.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code forja sim start} in its own JVM, as scripts run it, with a state file and latency; the
 * test reads what the simulated account holds through its {@code /_sim/} control API.
 */
final class SimProcess implements AutoCloseable {
  private static final String LISTENING = "sim listening on ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChildJvm jvm;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A resource the account holds.
   *
   * @param typeName its type
   * @param identifier its primary identifier
   */
  record Resource(String typeName, String identifier) {}

  /**
   * One Cloud Control operation the account received.
   *
   * @param op Create, Read, Update, Delete, List, Status, Cancel or ListRequests
   * @param typeName the type, when the operation names one
   * @param identifier the resource, once known
   * @param clientToken the idempotency token, for a mutation
   */
  record Operation(String op, String typeName, String identifier, String clientToken) {}

  private SimProcess(ChildJvm jvm, URI endpoint) {
    this.jvm = jvm;
    this.endpoint = endpoint;
  }

  /** Starts the server on a free port, keeping its account in {@code state}. */
  static SimProcess start(Path dir, Path state, String latencyMs, Duration timeout) {
    ChildJvm jvm =
        ChildJvm.start(
            "sim",
            dir,
            List.of("-Xmx256m", "-XX:+UseSerialGC"),
            "dev.forja.cli.ForjaMain",
            List.of(
                "sim",
                "start",
                "--port",
                "0",
                "--state",
                state.toString(),
                "--latency-ms",
                latencyMs));
    try {
      String line =
          jvm.next(timeout)
              .orElseThrow(() -> new AssertionError("sim exited at start:\n" + jvm.stderrTail()));
      if (!line.startsWith(LISTENING)) {
        throw new AssertionError("unexpected first line of the sim: " + line);
      }
      return new SimProcess(jvm, URI.create(line.substring(LISTENING.length()).strip()));
    } catch (RuntimeException | AssertionError e) {
      jvm.close();
      throw e;
    }
  }

  /** The Cloud Control endpoint, such as {@code http://127.0.0.1:41234}. */
  URI endpoint() {
    return endpoint;
  }

  /** Every resource the account holds. */
  List<Resource> resources() {
    List<Resource> out = new ArrayList<>();
    for (JsonNode r : get("/_sim/resources")) {
      out.add(new Resource(r.path("TypeName").asText(), r.path("Identifier").asText()));
    }
    return out;
  }

  /** Every operation the account received, in order. */
  List<Operation> oplog() {
    List<Operation> out = new ArrayList<>();
    for (JsonNode o : get("/_sim/oplog")) {
      out.add(
          new Operation(
              o.path("Op").asText(),
              text(o.get("TypeName")),
              text(o.get("Identifier")),
              text(o.get("ClientToken"))));
    }
    return out;
  }

  /** Stops the server with SIGTERM, as a user would. */
  @Override
  public void close() {
    jvm.terminate(Duration.ofSeconds(30));
    jvm.close();
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed; sim stderr:\n" + jvm.stderrTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
