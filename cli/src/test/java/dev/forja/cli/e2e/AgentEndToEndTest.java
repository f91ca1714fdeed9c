package dev.forja.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.actors.testing.GeneratedForma;
import dev.forja.cli.ForjaMain;
import dev.forja.cli.agent.AgentPidFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent and the CLI as a user runs them, every {@code forja} in a process of its own: {@code
 * agent start} on a fresh home and a free port, {@code apply --watch -o json --yes} of a generated
 * 200-resource forma on the agent's in-process simulator, {@code status}, {@code inventory -o json}
 * (200 managed), {@code destroy --yes --watch}, inventory again (none managed), {@code agent stop}.
 * Between them: a second start on the same home is refused, and {@code agent status} tells a
 * running agent from a stopped one.
 */
class AgentEndToEndTest {
  private static final int RESOURCES = 200;
  private static final long SEED = 6;
  // A safety net, not the expected time: each verb takes seconds, the agent's start included.
  private static final Duration VERB_TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path home;

  @AfterEach
  void killAgentLeftRunning() {
    // A failed assertion must not leave an agent behind: stop it the hard way.
    if (home != null) {
      AgentPidFile.read(home.resolve("agent.pid"))
          .flatMap(AgentPidFile::process)
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
              });
    }
  }

  @Test
  void startApplyStatusInventoryDestroyStop() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    // The simulator answers at the first poll; the default 5 s interval would only add waiting.
    Files.writeString(home.resolve("forja.conf"), "forja.engine.status.check-interval = 100ms\n");
    Path forma = dir.resolve("forma.json");
    Files.writeString(forma, GeneratedForma.json(RESOURCES, SEED), StandardCharsets.UTF_8);

    // The pid file of an agent that died without removing it: stale, so replaced.
    long gone = deadPid();
    new AgentPidFile(gone, 1, "http://127.0.0.1:1", "2020-01-01T00:00:00Z")
        .write(home.resolve("agent.pid"));

    Run start = forja("agent", "start", "--port", "0");
    assertThat(start.exitCode()).as(start.describe()).isZero();
    assertThat(start.out()).contains("agent started: pid ");
    AgentPidFile agent = AgentPidFile.read(home.resolve("agent.pid")).orElseThrow();
    assertThat(agent.pid()).isNotEqualTo(gone);
    assertThat(agent.alive()).isTrue();
    String url = agent.url();

    Run again = forja("agent", "start", "--port", "0");
    assertThat(again.exitCode()).as(again.describe()).isEqualTo(1);
    assertThat(again.err()).contains("an agent already runs on", Long.toString(agent.pid()));

    Run running = forja("agent", "status", "-o", "json");
    assertThat(running.exitCode()).as(running.describe()).isZero();
    JsonNode runningJson = JSON.readTree(running.out());
    assertThat(runningJson.path("Running").asBoolean()).isTrue();
    assertThat(runningJson.path("Url").asText()).isEqualTo(url);
    assertThat(runningJson.path("Stats").path("Store").asText()).isEqualTo("sqlite");

    Run apply = forja("apply", forma.toString(), "--watch", "-o", "json", "--yes", "--agent", url);
    assertThat(apply.exitCode()).as(apply.describe()).isZero();
    JsonNode applied = JSON.readTree(apply.out());
    assertThat(applied.path("State").asText()).as(apply.describe()).isEqualTo("Success");
    assertThat(applied.path("Counts").path("Success").asInt()).isEqualTo(RESOURCES);
    String commandId = applied.path("CommandId").asText();

    Run status = forja("status", "--agent", url);
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.out()).contains(commandId, "Success");

    Run inventory = forja("inventory", "-o", "json", "--agent", url);
    assertThat(inventory.exitCode()).as(inventory.describe()).isZero();
    assertThat(managed(JSON.readTree(inventory.out()))).isEqualTo(RESOURCES);

    Run destroy = forja("destroy", forma.toString(), "--yes", "--watch", "--agent", url);
    assertThat(destroy.exitCode()).as(destroy.describe()).isZero();
    assertThat(destroy.out()).contains("ended Success");

    Run emptied = forja("inventory", "-o", "json", "--agent", url);
    assertThat(emptied.exitCode()).as(emptied.describe()).isZero();
    assertThat(managed(JSON.readTree(emptied.out()))).isZero();

    Run stop = forja("agent", "stop");
    assertThat(stop.exitCode()).as(stop.describe()).isZero();
    assertThat(stop.out()).contains("agent stopped (pid " + agent.pid() + ")");
    assertThat(home.resolve("agent.pid")).doesNotExist();
    assertThat(ProcessHandle.of(agent.pid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
    assertThat(Files.readString(home.resolve("log").resolve("agent.log")))
        .contains("listening on " + url, "stopped");

    Run stopped = forja("agent", "status");
    assertThat(stopped.exitCode()).as(stopped.describe()).isEqualTo(3);
    assertThat(stopped.out()).contains("no agent runs on");
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    return p.pid();
  }

  private static long managed(JsonNode inventory) {
    assertThat(inventory.isArray()).as("inventory body: %s", inventory).isTrue();
    return StreamSupport.stream(inventory.spliterator(), false)
        .filter(r -> r.path("Managed").asBoolean())
        .count();
  }

  /** One {@code forja} in a JVM of its own on the test's class path, with this test's home. */
  private Run forja(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A verb's JVM lives for a second or two: the JIT's top tier would never pay off.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ForjaMain.class.getName());
    command.addAll(List.of(args));
    String name = "forja-" + System.nanoTime();
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("FORJA_HOME", home.toString());
    builder.environment().remove("FORJA_AGENT_URL");
    builder.environment().remove("FORJA_AGENT_TOKEN");
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(VERB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "forja "
                + String.join(" ", args)
                + " did not end within "
                + VERB_TIMEOUT
                + "; stderr:\n"
                + Files.readString(err));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
    return new Run(
        String.join(" ", args), process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A finished {@code forja}: its arguments, exit code and output. */
  private record Run(String args, int exitCode, String out, String err) {
    String describe() {
      return "forja " + args + " exited " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
