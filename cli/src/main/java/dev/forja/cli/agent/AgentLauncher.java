package dev.forja.cli.agent;

import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.cli.ForjaMain;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Starts a detached agent: a new JVM on this one's class path running {@code forja agent start
 * --foreground}, in a session of its own (so that the terminal's Ctrl-C and hang-up do not reach
 * it), its console in {@code log/agent.out} and its log in {@code log/agent.log}. Returns once the
 * agent answers {@code /api/v1/health}, or fails with the reason from its console and log.
 */
final class AgentLauncher {
  /** The Logback configuration of an agent: a rolling file in {@code forja.log.dir}. */
  static final String LOGBACK_RESOURCE = "dev/forja/cli/agent/logback-agent.xml";

  /** The system property naming the agent's log folder, read by {@link #LOGBACK_RESOURCE}. */
  static final String LOG_DIR_PROPERTY = "forja.log.dir";

  private static final Duration POLL = Duration.ofMillis(100);
  private static final int TAIL_LINES = 20;
  private static final String CONSOLE_MARK = "=== forja agent start at ";

  private final AgentHome home;
  private final Duration timeout;

  AgentLauncher(AgentHome home, Duration timeout) {
    this.home = home;
    this.timeout = timeout;
  }

  /**
   * Starts the agent and waits for it to answer.
   *
   * @return the new agent's pid file
   * @throws CliException exit 1 when an agent already runs on the home, or the new one died or did
   *     not answer in time (then it is stopped)
   */
  AgentPidFile launch(Optional<Path> configFile, OptionalInt port) {
    Optional<AgentPidFile> existing = AgentPidFile.read(home.pidFile());
    if (existing.isPresent() && existing.get().alive()) {
      throw new CliException(
          ExitCode.FAILED,
          "an agent already runs on "
              + home
              + " (pid "
              + existing.get().pid()
              + ", "
              + existing.get().url()
              + "); stop it with 'forja agent stop'");
    }
    // A pid file whose process is gone is stale: the new agent writes its own.
    AgentPidFile.deleteQuietly(home.pidFile());
    markConsole();
    Process child = spawn(configFile, port);
    closeStdin(child);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<AgentPidFile> written = AgentPidFile.read(home.pidFile());
      if (written.isPresent() && written.get().alive() && AgentProbe.healthy(written.get().url())) {
        return written.get();
      }
      if (!child.isAlive()) {
        throw new CliException(
            ExitCode.FAILED,
            "the agent exited with code " + child.exitValue() + " before it answered; " + tails());
      }
      pause();
    }
    child.destroy();
    throw new CliException(
        ExitCode.FAILED,
        "the agent did not answer /api/v1/health within "
            + timeout.toSeconds()
            + " s and was stopped; "
            + tails());
  }

  private Process spawn(Optional<Path> configFile, OptionalInt port) {
    List<String> command = new ArrayList<>();
    setsid().ifPresent(command::add);
    command.add(javaExecutable());
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add("-Dlogback.configurationFile=" + LOGBACK_RESOURCE);
    command.add("-D" + LOG_DIR_PROPERTY + "=" + home.logDir());
    command.add(ForjaMain.class.getName());
    command.addAll(List.of("agent", "start", "--foreground"));
    configFile.ifPresent(f -> command.addAll(List.of("--config", f.toAbsolutePath().toString())));
    port.ifPresent(p -> command.addAll(List.of("--port", Integer.toString(p))));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.consoleFile().toFile()));
    // The child must use this home whether it came from FORJA_HOME or -Dforja.home.
    builder.environment().put("FORJA_HOME", home.dir().toString());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, "cannot start the agent's JVM: " + e.getMessage(), e);
    }
  }

  /** {@code setsid} where there is one (Linux), so that the agent leaves the terminal's session. */
  private static Optional<String> setsid() {
    return Arrays.stream(
            Optional.ofNullable(System.getenv("PATH"))
                .orElse("/usr/bin:/bin")
                .split(File.pathSeparator))
        .map(dir -> Path.of(dir, "setsid"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * This JVM's class path with every entry absolute: the child runs in the home, and {@code java
   * -jar cli/target/forja-cli.jar} gives a relative one (whose manifest brings {@code lib/}).
   */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Creates the log folder and marks where this start's console output begins. */
  private void markConsole() {
    try {
      Files.createDirectories(home.logDir());
      Files.writeString(
          home.consoleFile(),
          CONSOLE_MARK + Instant.now() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the log folder " + home.logDir(), e);
    }
  }

  private static void closeStdin(Process child) {
    try {
      child.getOutputStream().close();
    } catch (IOException e) {
      // Nothing is ever written to it; a failed close leaves an idle pipe, no more.
    }
  }

  private String tails() {
    return "its console ("
        + home.consoleFile()
        + ") ends:\n"
        + tail(home.consoleFile())
        + "\nits log: "
        + home.logFile();
  }

  /** The last lines {@code file} got since this start's mark. */
  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      int from = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(CONSOLE_MARK)) {
          from = i + 1;
        }
      }
      return String.join(
          "\n", lines.subList(Math.max(from, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted while waiting for the agent");
    }
  }
}
