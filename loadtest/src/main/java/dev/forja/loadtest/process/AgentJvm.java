package dev.forja.loadtest.process;

import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code forja agent start --foreground --port 0} in a JVM of its own, on a given home and store:
 * the agent a user runs, found by the address it prints and ready once {@code GET /api/v1/health}
 * answers 200. Its console output goes to {@code <dir>/<name>.log}, its own log to {@code
 * <dir>/<name>-log/agent.log}.
 */
public final class AgentJvm implements AutoCloseable {
  private static final String LISTENING = "agent listening on ";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(20);

  private final ForjaProcess process;
  private final AgentClient client;
  private final long healthyNanos;

  private AgentJvm(ForjaProcess process, AgentClient client, long healthyNanos) {
    this.process = process;
    this.client = client;
    this.healthyNanos = healthyNanos;
  }

  /**
   * Starts an agent named {@code name} on the home and store {@code store} names ({@code
   * forja.home}, {@code forja.store}, {@code forja.sqlite.path} or {@code forja.postgres.*}),
   * passed as the environment variables a user sets; {@code settings} become {@code -Dkey=value}
   * system properties (engine settings such as {@code forja.engine.status.check-interval}). Returns
   * once it answers {@code /health}.
   */
  public static AgentJvm start(
      String name, Path dir, Config store, Map<String, String> settings, String maxHeap) {
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + maxHeap);
    // The AWS plugin takes the SDK's default credential chain; the simulator accepts any key.
    jvm.add("-Daws.accessKeyId=forja-loadtest");
    jvm.add("-Daws.secretAccessKey=forja-loadtest");
    jvm.add("-Dforja.log.dir=" + dir.resolve(name + "-log"));
    settings.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
    ForjaProcess p =
        ForjaProcess.start(
            name,
            dir,
            jvm,
            environment(store),
            List.of("agent", "start", "--foreground", "--port", "0"));
    try {
      String line = p.awaitLine(LISTENING, START_TIMEOUT);
      int space = line.indexOf(' ');
      AgentClient client =
          new AgentClient(URI.create(space < 0 ? line.strip() : line.substring(0, space)));
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!client.healthy()) {
        if (!p.alive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name + " printed its address but does not answer /api/v1/health" + p.tail());
        }
        ForjaProcess.pause(POLL);
      }
      return new AgentJvm(p, client, System.nanoTime());
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The store's settings as the environment variables the agent reads (INTERFACES.md). */
  static Map<String, String> environment(Config store) {
    Map<String, String> env = new HashMap<>();
    env.put("FORJA_HOME", store.getString("forja.home"));
    env.put("FORJA_STORE", store.getString("forja.store"));
    put(env, store, "FORJA_SQLITE_PATH", "forja.sqlite.path");
    put(env, store, "FORJA_DB_URL", "forja.postgres.url");
    put(env, store, "FORJA_DB_USER", "forja.postgres.user");
    put(env, store, "FORJA_DB_PASSWORD", "forja.postgres.password");
    // The scenario talks to its own agent, without a token; nothing of the caller's may leak in.
    env.put("FORJA_AGENT_TOKEN", null);
    env.put("FORJA_AGENT_URL", null);
    return env;
  }

  private static void put(Map<String, String> env, Config store, String variable, String key) {
    env.put(variable, store.hasPath(key) ? store.getString(key) : null);
  }

  /** The agent's API. */
  public AgentClient client() {
    return client;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** {@link System#nanoTime} when its JVM was started. */
  public long startedNanos() {
    return process.startedNanos();
  }

  /** {@link System#nanoTime} when {@code /health} first answered 200. */
  public long healthyNanos() {
    return healthyNanos;
  }

  /** Whether it still runs. */
  public boolean alive() {
    return process.alive();
  }

  /** Kills it with SIGKILL and returns its exit code ({@value ForjaProcess#SIGKILL_EXIT}). */
  public int kill() {
    return process.kill();
  }

  /** The tail of its console output, for messages. */
  public String tail() {
    return process.tail();
  }

  /** Stops it with SIGTERM (a graceful stop), killing it if it lingers. */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(30));
    process.close();
  }
}
