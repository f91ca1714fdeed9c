package dev.forja.cli.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Forja's home as the agent uses it (INTERFACES.md, "Homes, ports, addresses"). The store lays out
 * {@code data/}; the agent adds its lock and pid files, its logs and its optional config.
 *
 * @param dir the home folder, absolute
 */
public record AgentHome(Path dir) {
  /** The pid file's name in the home. */
  public static final String PID_FILE = "agent.pid";

  /**
   * The home this process is configured for: {@code -Dforja.home}, else {@code FORJA_HOME}, else
   * {@code ~/.forja}, as the store reads it ({@code StoreSettings}). Read afresh at each call, not
   * from Typesafe Config's process-wide cache.
   */
  public static AgentHome resolve() {
    String home = System.getProperty("forja.home", "").strip();
    if (home.isEmpty()) {
      home = Optional.ofNullable(System.getenv("FORJA_HOME")).orElse("").strip();
    }
    Path user = Path.of(System.getProperty("user.home"));
    Path dir;
    if (home.isEmpty()) {
      dir = user.resolve(".forja");
    } else if (home.equals("~")) {
      dir = user;
    } else if (home.startsWith("~/")) {
      dir = user.resolve(home.substring(2));
    } else {
      dir = Path.of(home);
    }
    return new AgentHome(dir.toAbsolutePath().normalize());
  }

  /** {@code agent.pid}: where a running agent says who and where it is. */
  public Path pidFile() {
    return dir.resolve(PID_FILE);
  }

  /**
   * {@code agent.lock}: held by the running agent for its lifetime, so that two agents never share
   * one home (and one SQLite file); the OS releases it when the process dies, however it dies.
   */
  public Path lockFile() {
    return dir.resolve("agent.lock");
  }

  /** {@code log/}: the agent's rolling log and its console output. */
  public Path logDir() {
    return dir.resolve("log");
  }

  /** {@code log/agent.log}: the agent's current log file. */
  public Path logFile() {
    return logDir().resolve("agent.log");
  }

  /** {@code log/agent.out}: what a detached agent's JVM printed to stdout and stderr. */
  public Path consoleFile() {
    return logDir().resolve("agent.out");
  }

  /** {@code forja.conf}: the optional HOCON layered over the defaults. */
  public Path configFile() {
    return dir.resolve("forja.conf");
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
