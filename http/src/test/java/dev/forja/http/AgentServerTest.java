package dev.forja.http;

import static dev.forja.http.TestAgent.parse;
import static dev.forja.http.TestAgent.queues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server as clients reach it over TCP: binding, the token, size limits and plain errors. */
@ExtendWith(LogCapturingExtension.class)
class AgentServerTest {
  private static final String TOKEN = "t0k3n-for-tests";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final TestAgent agent = new TestAgent();

  @AfterEach
  void close() {
    agent.close();
  }

  private AgentServer start(AgentSettings settings) {
    return AgentServer.start(agent.engine, settings.withPort(0), agent.metrics);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder get(AgentServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
  }

  private static HttpRequest.Builder post(AgentServer server, String path, String json) {
    return HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  @Test
  void bindsLoopbackOnAnEphemeralPortAndAnswersHealth() throws Exception {
    try (AgentServer server = start(AgentSettings.defaults())) {
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();

      HttpResponse<String> r = send(get(server, "/api/v1/health"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(parse(r.body()).get("Status").asText()).isEqualTo("UP");
      assertThat(parse(r.body()).get("Store").asText()).isEqualTo("memory");
    }
  }

  @Test
  void refusesToServeAnyOtherAddressWithoutAToken() {
    AgentSettings open = AgentSettings.defaults().withHost("0.0.0.0");

    assertThatThrownBy(() -> start(open))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("forja.agent.token");
  }

  @Test
  void withATokenEveryRouteButHealthNeedsTheBearer() throws Exception {
    AgentSettings guarded = AgentSettings.defaults().withHost("0.0.0.0").withToken(TOKEN);
    try (AgentServer server = start(guarded)) {
      assertThat(send(get(server, "/api/v1/health")).statusCode()).isEqualTo(200);

      HttpResponse<String> none = send(get(server, "/api/v1/stats"));
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      HttpResponse<String> wrong =
          send(get(server, "/api/v1/stats").header("Authorization", "Bearer nope"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> unknown = send(get(server, "/api/v1/nothing-here"));
      assertThat(unknown.statusCode()).isEqualTo(401);
      HttpResponse<String> submit = send(post(server, "/api/v1/commands", queues("x", "patch")));
      assertThat(submit.statusCode()).isEqualTo(401);

      HttpResponse<String> ok =
          send(get(server, "/api/v1/stats").header("Authorization", "Bearer " + TOKEN));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(send(post(server, "/api/v1/health", "{}")).statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    try (AgentServer server = start(AgentSettings.defaults().withMaxBodyBytes(1_024))) {
      String big =
          "{\"Command\": \"apply\", \"Forma\": {\"Description\": \"" + "x".repeat(4_000) + "\"}}";

      HttpResponse<String> r = send(post(server, "/api/v1/commands", big));

      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(parse(r.body()).get("detail").asText()).contains("1024");
    }
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405AsProblems() throws Exception {
    try (AgentServer server = start(AgentSettings.defaults())) {
      HttpResponse<String> unknown = send(get(server, "/api/v1/nothing-here"));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(parse(unknown.body()).get("detail").asText()).contains("/api/v1/nothing-here");

      HttpResponse<String> outside = send(get(server, "/"));
      assertThat(outside.statusCode()).isEqualTo(404);

      HttpResponse<String> method =
          send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/stacks")).DELETE());
      assertThat(method.statusCode()).isEqualTo(405);
      assertThat(method.headers().firstValue("Allow")).hasValue("GET");
      assertThat(parse(method.body()).get("status").asInt()).isEqualTo(405);
    }
  }

  @Test
  void metricsServePrometheusTextWithTheRequestsTimed() throws Exception {
    try (AgentServer server = start(AgentSettings.defaults())) {
      send(get(server, "/api/v1/stacks"));

      HttpResponse<String> r = send(get(server, "/api/v1/metrics"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(r.body()).contains("forja_http_server_requests_seconds");
      assertThat(r.body()).contains("route=\"/api/v1/stacks\"");
    }
  }
}
