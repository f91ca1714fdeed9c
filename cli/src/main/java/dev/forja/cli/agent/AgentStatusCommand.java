package dev.forja.cli.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import dev.forja.http.dto.Stats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forja agent status}: whether the agent of Forja's home runs, where, and for how long. The
 * pid file says where; {@code /api/v1/health} whether it answers; {@code /api/v1/stats} the rest.
 * Exit 0 when it runs and answers, 3 otherwise (as for an unreachable agent), so that scripts can
 * test it.
 */
@Command(
    name = "status",
    description = {
      "Show whether the agent of Forja's home runs: its pid, address, uptime, store and plugins.",
      "Exits 0 when it runs and answers, 3 when it does not."
    })
public final class AgentStatusCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private OutputFormatOption output;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The API token for /stats when the agent requires one (default: FORJA_AGENT_TOKEN).")
  private String token;

  /**
   * What {@code -o json} prints.
   *
   * @param running whether the pid file names a live process
   * @param healthy whether it answered {@code /api/v1/health}; null when not running
   * @param home Forja's home
   * @param pid the agent's process id, when running
   * @param url its base address, when running
   * @param startedAt when it started (ISO-8601), when running
   * @param uptimeSeconds whole seconds it has run (from its stats, else from the pid file)
   * @param stats the body of {@code GET /api/v1/stats} (the http module's {@link Stats}), when it
   *     answered
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AgentStatus(
      @JsonProperty("Running") boolean running,
      @JsonProperty("Healthy") Boolean healthy,
      @JsonProperty("Home") String home,
      @JsonProperty("Pid") Long pid,
      @JsonProperty("Url") String url,
      @JsonProperty("StartedAt") String startedAt,
      @JsonProperty("UptimeSeconds") Long uptimeSeconds,
      @JsonProperty("Stats") Stats stats) {}

  @Override
  public Integer call() {
    AgentHome home = AgentHome.resolve();
    Optional<AgentPidFile> pidFile = AgentPidFile.read(home.pidFile()).filter(AgentPidFile::alive);
    AgentStatus status;
    if (pidFile.isEmpty()) {
      status = new AgentStatus(false, null, home.toString(), null, null, null, null, null);
    } else {
      AgentPidFile agent = pidFile.get();
      boolean healthy = AgentProbe.healthy(agent.url());
      Optional<String> bearer =
          Optional.ofNullable(token)
              .or(() -> Optional.ofNullable(System.getenv("FORJA_AGENT_TOKEN")));
      Stats stats = healthy ? AgentProbe.stats(agent.url(), bearer).orElse(null) : null;
      Long uptime =
          stats != null
              ? Long.valueOf(stats.uptimeSeconds())
              : uptime(agent.startedAt()).map(Duration::toSeconds).orElse(null);
      status =
          new AgentStatus(
              true,
              healthy,
              home.toString(),
              agent.pid(),
              agent.url(),
              agent.startedAt(),
              uptime,
              stats);
    }
    PrintWriter out = spec.commandLine().getOut();
    output.print(out, status, w -> table(w, status));
    return status.running() && Boolean.TRUE.equals(status.healthy())
        ? ExitCode.SUCCESS.code()
        : ExitCode.AGENT_UNREACHABLE.code();
  }

  private static void table(PrintWriter out, AgentStatus s) {
    if (!s.running()) {
      out.println("no agent runs on " + s.home());
      return;
    }
    out.println(
        (Boolean.TRUE.equals(s.healthy()) ? "agent running" : "agent running but not answering")
            + " on "
            + s.home());
    row(out, "pid", Long.toString(s.pid()));
    row(out, "url", s.url());
    if (s.uptimeSeconds() != null) {
      row(out, "uptime", human(Duration.ofSeconds(s.uptimeSeconds())));
    }
    if (s.stats() != null) {
      row(out, "store", s.stats().store());
      row(
          out,
          "plugins",
          s.stats().plugins().stream()
              .map(p -> p.namespace() + " (" + p.types().size() + " types)")
              .collect(Collectors.joining(", ")));
      row(
          out,
          "managed",
          s.stats().resources().managed() + " resources in " + s.stats().stacks() + " stacks");
    }
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf(Locale.ROOT, "  %-8s %s%n", name, value);
  }

  private static Optional<Duration> uptime(String startedAt) {
    if (startedAt == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.between(Instant.parse(startedAt), Instant.now()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }
}
