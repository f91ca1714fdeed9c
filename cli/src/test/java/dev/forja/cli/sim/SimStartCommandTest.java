package dev.forja.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.forja.cli.CliRun;
import dev.forja.cli.ForjaMain;
import dev.forja.plugin.sim.cloud.SimResource;
import dev.forja.plugin.sim.cloud.SimSettings;
import dev.forja.plugin.sim.server.SimServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimStartCommandTest {
  /** Parses {@code forja sim start args} and returns the verb, ready to start. */
  private static SimStartCommand parsed(String... args) {
    CommandLine forja = ForjaMain.commandLine();
    String[] full = new String[args.length + 2];
    full[0] = "sim";
    full[1] = "start";
    System.arraycopy(args, 0, full, 2, args.length);
    forja.parseArgs(full);
    return forja.getSubcommands().get("sim").getSubcommands().get("start").getCommand();
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void simAlonePrintsItsUsage() {
    CliRun run = CliRun.of("sim");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: forja sim").contains("start");
  }

  @Test
  void startsAServerWithTheSettingsTheOptionsName() throws Exception {
    try (SimServer server =
        parsed(
                "--port",
                "0",
                "--latency-ms",
                "5-10",
                "--throttle-rate",
                "0.25",
                "--error-rate",
                "0.5")
            .start()) {
      assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(server.cloud().settings())
          .isEqualTo(new SimSettings(Duration.ofMillis(5), Duration.ofMillis(10), 0.25, 0.5));
      HttpResponse<String> resources = get(server.endpoint().resolve("/_sim/resources"));
      assertThat(resources.statusCode()).isEqualTo(200);
      assertThat(resources.body()).isEqualTo("[]");
    }
  }

  @Test
  void defaultsToPort4566OnLoopback() {
    CommandLine start =
        ForjaMain.commandLine().getSubcommands().get("sim").getSubcommands().get("start");

    assertThat(start.getCommandSpec().findOption("--port").defaultValue()).isEqualTo("4566");
    assertThat(start.getCommandSpec().findOption("--host").defaultValue()).isEqualTo("127.0.0.1");
  }

  @Test
  void aSingleLatencyNumberMeansExactlyThat() {
    assertThat(SimStartCommand.Latency.parse("200"))
        .isEqualTo(new SimStartCommand.Latency(200, 200));
    assertThat(SimStartCommand.Latency.parse("0-50")).isEqualTo(new SimStartCommand.Latency(0, 50));
  }

  @Test
  void theStateFileKeepsResourcesAcrossStarts(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("sim.json");
    String id;
    try (SimServer server = parsed("--port", "0", "--state", state.toString()).start()) {
      id =
          server
              .cloud()
              .outOfBandCreate(
                  "AWS::Logs::LogGroup",
                  JsonNodeFactory.instance.objectNode().put("LogGroupName", "kept"));
    }
    assertThat(state).exists();

    try (SimServer server = parsed("--port", "0", "--state", state.toString()).start()) {
      assertThat(server.cloud().resources())
          .extracting(SimResource::identifier)
          .containsExactly(id);
    }
  }

  @Test
  void aBadLatencyExitsTwoNamingTheOption() {
    CliRun run = CliRun.of("sim", "start", "--latency-ms", "abc");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--latency-ms").contains("abc");
    assertThat(CliRun.of("sim", "start", "--latency-ms", "500-100").err()).contains("--latency-ms");
    assertThat(CliRun.of("sim", "start", "--latency-ms", "-5").exitCode()).isEqualTo(2);
  }

  @Test
  void aRateOutsideZeroToOneExitsTwoNamingTheOption() {
    CliRun throttle = CliRun.of("sim", "start", "--throttle-rate", "1.5");
    CliRun error = CliRun.of("sim", "start", "--error-rate", "often");

    assertThat(throttle.exitCode()).isEqualTo(2);
    assertThat(throttle.err()).contains("--throttle-rate").contains("1.5");
    assertThat(error.exitCode()).isEqualTo(2);
    assertThat(error.err()).contains("--error-rate");
  }

  @Test
  void aBadPortExitsTwoNamingTheOption() {
    CliRun run = CliRun.of("sim", "start", "--port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--port").contains("70000");
  }

  @Test
  void aPortInUseExitsTwoNamingTheOption() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("sim", "start", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("--port " + taken.getLocalPort()).contains("in use");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void anUnusableStateFileExitsTwoNamingTheOption(@TempDir Path dir) throws IOException {
    Path state = dir.resolve("sim.json");
    Files.writeString(state, "this is not the simulator's state");

    CliRun run = CliRun.of("sim", "start", "--port", "0", "--state", state.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--state");
  }
}
