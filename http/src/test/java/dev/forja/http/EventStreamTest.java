package dev.forja.http;

import static dev.forja.http.TestAgent.parse;
import static dev.forja.http.TestAgent.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/v1/commands/{id}/events} over TCP: Server-Sent Events until the command ends. */
@ExtendWith(LogCapturingExtension.class)
class EventStreamTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestAgent agent = new TestAgent();
  private final AgentServer server =
      AgentServer.start(agent.engine, AgentSettings.defaults().withPort(0), agent.metrics);

  @AfterEach
  void close() {
    server.close();
    agent.close();
  }

  private CompletableFuture<HttpResponse<String>> events(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/commands/" + id + "/events"))
            .timeout(Duration.ofMinutes(2))
            .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The data of every {@code progress} event of an SSE body, in order. */
  private static List<JsonNode> progress(String body) {
    List<JsonNode> out = new ArrayList<>();
    for (String block : body.split("\n\n", -1)) {
      String event = null;
      String data = null;
      for (String line : block.split("\n", -1)) {
        if (line.startsWith("event:")) {
          event = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          data = line.substring("data:".length()).strip();
        }
      }
      if ("progress".equals(event)) {
        assertThat(data).as(block).isNotNull();
        out.add(parse(data));
      }
    }
    assertThat(out).as(body).isNotEmpty();
    return out;
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void streamsEveryProgressUntilTheFinalOneThenEnds() throws Exception {
    agent.cloud.gate(false);
    String id;
    HttpResponse<Stream<String>> r;
    StringBuilder body = new StringBuilder();
    try {
      id = agent.accepted(queues("sse", "patch"));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/commands/" + id + "/events"))
              .build();
      r = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = r.body().iterator();
      // The first event shows the command as it is; by then the stream has subscribed to the
      // rest, so opening the gate after it loses nothing.
      String line;
      do {
        line = lines.next();
        body.append(line).append('\n');
      } while (!line.startsWith("data:"));
      agent.cloud.gate(true);
      lines.forEachRemaining(l -> body.append(l).append('\n'));
    } finally {
      agent.cloud.gate(true);
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<JsonNode> events = progress(body.toString());
    assertThat(events.size()).isGreaterThan(2);
    assertThat(events.get(0).get("Final").asBoolean()).isFalse();
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("Final").asBoolean()).isTrue();
    assertThat(last.get("State").asText()).isEqualTo("Success");
    assertThat(last.at("/Counts/Success").asInt()).isEqualTo(2);
    assertThat(events.subList(0, events.size() - 1))
        .allSatisfy(e -> assertThat(e.get("Final").asBoolean()).isFalse());
    assertThat(events).allSatisfy(e -> assertThat(e.get("CommandId").asText()).isEqualTo(id));
    assertThat(events)
        .anySatisfy(e -> assertThat(e.at("/Update/Label").asText()).isIn("dlq", "jobs"));
  }

  @Test
  void anEndedCommandStreamsItsFinalStateOnly() throws Exception {
    String id = agent.accepted(queues("done", "patch"));
    agent.awaitEnd(id);

    HttpResponse<String> r = events(id).get(1, TimeUnit.MINUTES);

    List<JsonNode> events = progress(r.body());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("Final").asBoolean()).isTrue();
    assertThat(events.get(0).get("Update").isNull()).isTrue();
  }

  @Test
  void anUnknownCommandIs404() throws Exception {
    HttpResponse<String> r = events("nosuchcommand").get(1, TimeUnit.MINUTES);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
