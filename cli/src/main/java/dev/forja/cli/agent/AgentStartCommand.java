package dev.forja.cli.agent;

import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forja agent start}: starts the agent on Forja's home. By default in the background (a
 * detached JVM; this verb returns once it answers {@code /api/v1/health}); with {@code
 * --foreground} in this process until SIGTERM or Ctrl-C, which stop it gracefully.
 */
@Command(
    name = "start",
    description = {
      "Start the agent on Forja's home (FORJA_HOME, default ~/.forja): the engine on its store"
          + " (SQLite in data/forja.db unless forja.conf says otherwise) and the HTTP API on"
          + " 127.0.0.1:49700 (forja.agent.port, or --port).",
      "Without --foreground it runs in the background, logging to log/agent.log, and this verb"
          + " returns once it answers; a pid file whose process is gone is replaced. Exits 1 if an"
          + " agent already runs on the home, or if the new one failed (with the reason from its"
          + " log)."
    })
public final class AgentStartCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A HOCON file layered over FORJA_HOME/forja.conf and the defaults.")
  private Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The API's port, over forja.agent.port; 0 picks a free one.")
  private Integer port;

  @Option(
      names = "--foreground",
      description = "Run in this process until stopped (SIGTERM, Ctrl-C), logging to log/.")
  private boolean foreground;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "90",
      description =
          "How long to wait for a background agent to answer before giving up (default:"
              + " ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (port != null && (port < 0 || port > 65_535)) {
      throw CliException.invalidInput(
          "--port " + port + ": expected 1 to 65535, or 0 for any free one");
    }
    if (config != null && !Files.isReadable(config)) {
      throw CliException.invalidInput("--config " + config + ": no such readable file");
    }
    AgentHome home = AgentHome.resolve();
    Optional<Path> configFile = Optional.ofNullable(config).map(Path::toAbsolutePath);
    OptionalInt portOption = port == null ? OptionalInt.empty() : OptionalInt.of(port);
    return foreground
        ? runHere(home, configFile, portOption)
        : launch(home, configFile, portOption);
  }

  private int launch(AgentHome home, Optional<Path> configFile, OptionalInt portOption) {
    AgentPidFile started =
        new AgentLauncher(home, Duration.ofSeconds(timeoutSeconds)).launch(configFile, portOption);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "agent started: pid %d, %s (home %s, log %s)%n",
        started.pid(), started.url(), home, home.logFile());
    out.flush();
    return ExitCode.SUCCESS.code();
  }

  private int runHere(AgentHome home, Optional<Path> configFile, OptionalInt portOption)
      throws InterruptedException {
    logToHome(home);
    AgentProcess agent = AgentProcess.start(home, configFile, portOption);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopOnSignal(agent), "forja-agent-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "agent listening on %s (pid %d, home %s, log %s)%n",
        agent.url(), ProcessHandle.current().pid(), home, home.logFile());
    out.flush();
    agent.awaitStopped();
    return ExitCode.SUCCESS.code();
  }

  /**
   * Runs on SIGTERM or SIGINT. A signal is how a foreground agent is meant to end, so it exits 0
   * once stopped (1 if stopping failed); left alone, the JVM would exit 128 + the signal.
   */
  private static void stopOnSignal(AgentProcess agent) {
    int code = ExitCode.FAILED.code();
    try {
      agent.close();
      code = ExitCode.SUCCESS.code();
    } finally {
      Runtime.getRuntime().halt(code);
    }
  }

  /**
   * Sends the agent's log to {@code FORJA_HOME/log/} unless the JVM was told otherwise. Effective
   * only before Logback starts, which is the case here: nothing before this verb logs.
   */
  private static void logToHome(AgentHome home) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", AgentLauncher.LOGBACK_RESOURCE);
    }
    if (System.getProperty(AgentLauncher.LOG_DIR_PROPERTY) == null) {
      System.setProperty(AgentLauncher.LOG_DIR_PROPERTY, home.logDir().toString());
    }
  }
}
