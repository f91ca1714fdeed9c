package dev.forja.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.cli.CliRun;
import dev.forja.cli.ForjaMain;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.http.AgentServer;
import dev.forja.http.AgentSettings;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * A real agent for the CLI's tests: an engine on the memory store over the in-process simulator,
 * served by {@link AgentServer} on an ephemeral port, and {@code forja} runs pointed at it.
 */
final class AgentFixture implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofMinutes(2);

  /** The simulator answers its first status poll, so poll often; nothing outlives the class. */
  private static final Config FAST =
      ConfigFactory.parseString("forja.engine.status.check-interval = 10ms\nforja.store = memory")
          .withFallback(ConfigFactory.load());

  private static final ObjectMapper JSON = new ObjectMapper();

  final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  final ForjaEngine engine;
  final AgentServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private AgentFixture(Optional<String> token) {
    engine =
        ForjaEngine.builder()
            .config(FAST)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .start();
    server = AgentServer.start(engine, new AgentSettings("127.0.0.1", 0, token, 16L << 20));
  }

  /** An agent that asks for no token. */
  static AgentFixture start() {
    return new AgentFixture(Optional.empty());
  }

  /** An agent that wants {@code token} on every route but health. */
  static AgentFixture withToken(String token) {
    return new AgentFixture(Optional.of(token));
  }

  String url() {
    return server.url();
  }

  /** Runs {@code forja VERB --agent URL ARGS…} with no terminal. */
  CliRun forja(String... args) {
    return forja(cmd -> {}, args);
  }

  /** Runs {@code forja VERB --agent URL ARGS…} after {@code setup} has seen the command line. */
  CliRun forja(Consumer<CommandLine> setup, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of("--agent", url()));
    CommandLine cmd = ForjaMain.commandLine();
    setup.accept(cmd);
    return CliRun.on(cmd, all.toArray(String[]::new));
  }

  /** The body of {@code GET /api/v1 + path}, read straight from the agent. */
  JsonNode api(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/api/v1" + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Waits for the command to end and returns it. */
  FormaCommand awaitEnd(String commandId) throws Exception {
    return engine
        .awaitEnd(commandId)
        .toCompletableFuture()
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  /** Two queues in {@code stack}, the second referring to the first (so it waits for it). */
  static String queues(String stack) {
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

  /** Writes {@code text} to {@code dir/name} and returns its path as a string. */
  static String file(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f.toString();
  }

  /** The JSON {@code text} (a verb's stdout) as a tree. */
  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        engine.close();
      } finally {
        cloud.close();
      }
    }
  }
}
