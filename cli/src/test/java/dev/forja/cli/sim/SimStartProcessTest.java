package dev.forja.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forja sim start} as scripts run it: in its own JVM, stopped by SIGTERM. */
class SimStartProcessTest {
  @Test
  void printsItsAddressServesAndOnSigtermWritesStateAndExitsZero(@TempDir Path dir)
      throws Exception {
    Path state = dir.resolve("sim.json");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process sim =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.forja.cli.ForjaMain",
                "sim",
                "start",
                "--port",
                "0",
                "--state",
                state.toString())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as(Files.readString(dir.resolve("stderr.txt"))).isNotNull();
      assertThat(line).matches("sim listening on http://127\\.0\\.0\\.1:\\d+");
      URI endpoint = URI.create(line.substring("sim listening on ".length()));

      HttpResponse<String> created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint.resolve("/_sim/oob"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"Action\": \"create\", \"TypeName\": \"AWS::Logs::LogGroup\","
                                  + " \"Properties\": {\"LogGroupName\": \"survivor\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

      sim.destroy(); // SIGTERM
      assertThat(sim.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sim.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
      assertThat(Files.readString(state)).contains("survivor");
    } finally {
      sim.destroyForcibly();
    }
  }
}
