package dev.forja.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.http.dto.ApiJson;
import dev.forja.http.metrics.AgentMetrics;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;

/**
 * An engine on the in-memory store over the in-process simulator, with the API's routes under the
 * route testkit. One per test: nothing is shared between tests.
 */
final class TestAgent implements AutoCloseable {
  /** The simulator answers its first status poll, so poll often; nothing outlives a test. */
  static final Config FAST =
      ConfigFactory.parseString("forja.engine.status.check-interval = 10ms\nforja.store = memory")
          .withFallback(ConfigFactory.load());

  static final ObjectMapper JSON = ApiJson.newMapper();

  final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  final AgentMetrics metrics = new AgentMetrics();
  final ForjaEngine engine;
  final TestRoute route;

  TestAgent(AgentSettings settings) {
    engine =
        ForjaEngine.builder()
            .config(FAST)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .metrics(metrics)
            .start();
    RouteTesting testkit = new RouteTesting(engine.actorSystem());
    route = testkit.testRoute(ApiRoutes.create(engine, settings, metrics).route());
  }

  TestAgent() {
    this(AgentSettings.defaults());
  }

  TestRouteResult get(String path) {
    return route.run(HttpRequest.GET(path));
  }

  TestRouteResult post(String path, String json) {
    return route.run(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, json));
  }

  /** Submits {@code body} and returns the new command's id, asserting it was accepted. */
  String accepted(String body) {
    TestRouteResult r = post("/api/v1/commands", body);
    assertThat(r.statusCode()).as(r.entityString()).isEqualTo(202);
    String id = json(r).path("CommandId").asText(null);
    assertThat(id).as(r.entityString()).isNotNull();
    return id;
  }

  FormaCommand awaitEnd(String commandId) {
    try {
      return engine.awaitEnd(commandId).toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new AssertionError("command " + commandId + " did not end", e);
    }
  }

  static JsonNode json(TestRouteResult r) {
    return parse(r.entityString());
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** An apply body of two queues in {@code stack}, the second referring to the first. */
  static String queues(String stack, String mode) {
    return """
        {"Command": "apply", "Mode": "%2$s", "Forma": %1$s}
        """
        .formatted(queueForma(stack), mode);
  }

  /** A forma of two queues in {@code stack}, the second referring to the first. */
  static String queueForma(String stack) {
    return """
        {"Stacks": [{"Label": "%1$s"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
         "Resources": [
           {"Label": "dlq", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-dlq"}},
           {"Label": "jobs", "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": "%1$s-jobs", "RedrivePolicy": {"maxReceiveCount": 3,
              "deadLetterTargetArn": {"$res": true, "$label": "dlq", "$property": "Arn"}}}}]}
        """
        .formatted(stack);
  }

  @Override
  public void close() {
    engine.close();
  }
}
