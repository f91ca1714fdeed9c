package dev.forja.http.metrics;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics.Outcome;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Prometheus text the agent serves, as a scraper reads it. */
@ExtendWith(LogCapturingExtension.class)
class AgentMetricsTest {
  private final AgentMetrics metrics = new AgentMetrics();

  /** The value of the one sample named {@code series} (name and labels, exactly as written). */
  private double sample(String series) {
    List<String> lines = metrics.scrape().lines().filter(l -> l.startsWith(series + " ")).toList();
    assertThat(lines).as("samples of %s", series).hasSize(1);
    return Double.parseDouble(lines.get(0).substring(series.length() + 1).trim());
  }

  @Test
  void pluginCallsAreAHistogramByNamespaceOperationAndOutcome() {
    metrics.pluginCall(
        "SIM", "AWS::S3::Bucket", PluginOperation.CREATE, Duration.ofMillis(30), Outcome.SUCCESS);
    metrics.pluginCall(
        "SIM", "AWS::SQS::Queue", PluginOperation.CREATE, Duration.ofMillis(40), Outcome.SUCCESS);
    metrics.pluginCall(
        "SIM", "AWS::S3::Bucket", PluginOperation.STATUS, Duration.ofSeconds(3), Outcome.TIMEOUT);

    String created = "namespace=\"SIM\",operation=\"create\",outcome=\"success\"";
    assertThat(sample("forja_plugin_call_seconds_bucket{" + created + ",le=\"0.025\"}")).isZero();
    assertThat(sample("forja_plugin_call_seconds_bucket{" + created + ",le=\"0.05\"}"))
        .isEqualTo(2);
    assertThat(sample("forja_plugin_call_seconds_bucket{" + created + ",le=\"+Inf\"}"))
        .isEqualTo(2);
    assertThat(sample("forja_plugin_call_seconds_count{" + created + "}")).isEqualTo(2);
    assertThat(sample("forja_plugin_call_seconds_sum{" + created + "}"))
        .isCloseTo(0.07, offset(1e-9));
    String polled = "namespace=\"SIM\",operation=\"status\",outcome=\"timeout\"";
    assertThat(sample("forja_plugin_call_seconds_bucket{" + polled + ",le=\"2.5\"}")).isZero();
    assertThat(sample("forja_plugin_call_seconds_bucket{" + polled + ",le=\"5.0\"}")).isEqualTo(1);
    assertThat(metrics.scrape()).doesNotContain("AWS::S3::Bucket");
  }

  @Test
  void persistLatencyIsAHistogram() {
    metrics.persisted(Duration.ofMillis(3));
    metrics.persisted(Duration.ofMillis(40));

    assertThat(sample("forja_persist_seconds_bucket{le=\"0.005\"}")).isEqualTo(1);
    assertThat(sample("forja_persist_seconds_bucket{le=\"0.05\"}")).isEqualTo(2);
    assertThat(sample("forja_persist_seconds_count")).isEqualTo(2);
  }

  @Test
  void updatesCountByOperationAndFinalStateWhileInFlightFollowsStartsAndStops() {
    metrics.updateStarted(Operation.CREATE);
    metrics.updateStarted(Operation.CREATE);
    metrics.updateStarted(Operation.DELETE);
    metrics.updateStarted(Operation.UPDATE);
    metrics.updateEnded(Operation.CREATE, UpdateState.SUCCESS);
    metrics.updateEnded(Operation.CREATE, UpdateState.FAILED);
    metrics.updateEnded(Operation.UPDATE, null);

    assertThat(sample("forja_updates_total{operation=\"create\",state=\"Success\"}")).isEqualTo(1);
    assertThat(sample("forja_updates_total{operation=\"create\",state=\"Failed\"}")).isEqualTo(1);
    assertThat(metrics.scrape()).doesNotContain("operation=\"update\"");
    assertThat(sample("forja_updates_in_flight")).isEqualTo(1);
  }

  @Test
  void commandsByStateCountLiveCommandsNowAndEndedOnesSinceStart() {
    metrics.commandState("a", CommandState.NOT_STARTED);
    metrics.commandState("a", CommandState.IN_PROGRESS);
    metrics.commandState("b", CommandState.NOT_STARTED);
    metrics.commandState("c", CommandState.IN_PROGRESS);
    metrics.commandState("c", CommandState.IN_PROGRESS); // recovered again: still one
    metrics.commandState("d", CommandState.CANCELING);
    metrics.commandState("d", CommandState.CANCELED);
    metrics.commandState("e", CommandState.IN_PROGRESS);
    metrics.commandState("e", CommandState.SUCCESS);

    assertThat(sample("forja_commands{state=\"NotStarted\"}")).isEqualTo(1);
    assertThat(sample("forja_commands{state=\"InProgress\"}")).isEqualTo(2);
    assertThat(sample("forja_commands{state=\"Canceling\"}")).isZero();
    assertThat(sample("forja_commands{state=\"Success\"}")).isEqualTo(1);
    assertThat(sample("forja_commands{state=\"Canceled\"}")).isEqualTo(1);
    assertThat(sample("forja_commands{state=\"Failed\"}")).isZero();
  }

  @Test
  void httpRequestsAreAHistogramByMethodRouteAndStatus() {
    metrics.httpRequest("GET", "/api/v1/commands/{id}", 200, Duration.ofMillis(7));

    String labels = "method=\"GET\",route=\"/api/v1/commands/{id}\",status=\"200\"";
    assertThat(sample("forja_http_server_requests_seconds_bucket{" + labels + ",le=\"0.005\"}"))
        .isZero();
    assertThat(sample("forja_http_server_requests_seconds_bucket{" + labels + ",le=\"0.01\"}"))
        .isEqualTo(1);
    assertThat(metrics.scrape()).contains("# TYPE forja_http_server_requests_seconds histogram");
  }

  @Test
  void pathsAreLabelledByTheirRouteTemplate() {
    assertThat(metrics.routeOf("/api/v1/commands")).isEqualTo("/api/v1/commands");
    assertThat(metrics.routeOf("/api/v1/commands/")).isEqualTo("/api/v1/commands");
    assertThat(metrics.routeOf("/api/v1/commands/2abc")).isEqualTo("/api/v1/commands/{id}");
    assertThat(metrics.routeOf("/api/v1/commands/2abc/events"))
        .isEqualTo("/api/v1/commands/{id}/events");
    assertThat(metrics.routeOf("/api/v1/resources/extract")).isEqualTo("/api/v1/resources/extract");
    assertThat(metrics.routeOf("/api/v1/commands//cancel")).isEqualTo(AgentMetrics.OTHER_ROUTE);
    assertThat(metrics.routeOf("/wp-admin/login.php")).isEqualTo(AgentMetrics.OTHER_ROUTE);
    assertThat(new AgentMetrics(List.of("/a/{x}", "/a/b")).routeOf("/a/b")).isEqualTo("/a/b");
  }

  @Test
  void aTimedRouteRecordsEveryRequestWithTheStatusItsClientSees() throws Exception {
    Route api =
        concat(
            path(
                segment("api").slash("v1").slash("commands").slash(segment()),
                id -> get(() -> complete(StatusCodes.OK, id))),
            path(
                segment("api").slash("v1").slash("stats"),
                () ->
                    get(
                        () -> {
                          throw new IllegalStateException("stats are broken");
                        })));
    ActorTestKit kit = ActorTestKit.create();
    try {
      Function<HttpRequest, CompletionStage<HttpResponse>> server =
          metrics.timed(api).handler(kit.system());

      assertThat(status(server, "/api/v1/commands/one")).isEqualTo(200);
      assertThat(status(server, "/api/v1/commands/two")).isEqualTo(200);
      assertThat(status(server, "/api/v1/stats")).isEqualTo(500);
      assertThat(status(server, "/nowhere")).isEqualTo(404);
    } finally {
      kit.shutdownTestKit();
    }

    String prefix = "forja_http_server_requests_seconds_count{method=\"GET\",";
    assertThat(sample(prefix + "route=\"/api/v1/commands/{id}\",status=\"200\"}")).isEqualTo(2);
    assertThat(sample(prefix + "route=\"/api/v1/stats\",status=\"500\"}")).isEqualTo(1);
    assertThat(sample(prefix + "route=\"other\",status=\"404\"}")).isEqualTo(1);
  }

  private static int status(
      Function<HttpRequest, CompletionStage<HttpResponse>> server, String path) throws Exception {
    HttpResponse response =
        server.apply(HttpRequest.GET(path)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return response.status().intValue();
  }
}
