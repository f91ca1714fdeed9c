package dev.forja.cli.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.forja.actors.ForjaEngine;
import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.http.AgentServer;
import dev.forja.http.AgentSettings;
import dev.forja.http.metrics.AgentMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: the composition root of {@code forja agent start --foreground}. It takes the home's
 * lock, loads the configuration, starts the engine (store and plugins as configured: SQLite in
 * {@code FORJA_HOME/data/forja.db} and every plugin on the class path by default), serves the HTTP
 * API and writes the pid file. {@link #close()} undoes all of it in reverse; commands still running
 * then resume at the next start.
 */
public final class AgentProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

  private final AgentHome home;
  private final ForjaEngine engine;
  private final AgentServer server;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final long pid = ProcessHandle.current().pid();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private AgentProcess(
      AgentHome home,
      ForjaEngine engine,
      AgentServer server,
      FileChannel lockChannel,
      FileLock lock) {
    this.home = home;
    this.engine = engine;
    this.server = server;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Starts an agent on {@code home}; returns once it answers on its port and the pid file says so.
   *
   * @param home Forja's home: lock, pid file, {@code forja.conf}, and the store's default place
   * @param configFile a HOCON file layered over {@code forja.conf}, if given
   * @param port the port, over {@code forja.agent.port}, if given; 0 picks a free one
   * @throws CliException exit 2 for a config file that does not read or API settings that do not
   *     hold (a host other than loopback without a token); exit 1 when another agent runs on the
   *     home, or the engine or the server cannot start
   */
  public static AgentProcess start(AgentHome home, Optional<Path> configFile, OptionalInt port) {
    createDirectories(home);
    Config config = config(home, configFile, port);
    FileChannel channel = open(home.lockFile());
    FileLock lock = null;
    try {
      lock = tryLock(channel);
      if (lock == null) {
        throw new CliException(
            ExitCode.FAILED,
            "another agent already runs on "
                + home
                + AgentPidFile.read(home.pidFile())
                    .map(p -> " (pid " + p.pid() + ", " + p.url() + ")")
                    .orElse("")
                + "; stop it with 'forja agent stop'");
      }
      AgentSettings settings = settings(config);
      // One registry for the engine's and the API's meters: GET /api/v1/metrics serves both.
      AgentMetrics metrics = new AgentMetrics();
      ForjaEngine engine = startEngine(config, metrics);
      AgentServer server;
      try {
        server = AgentServer.start(engine, settings, metrics);
      } catch (RuntimeException e) {
        engine.close();
        throw new CliException(
            ExitCode.FAILED,
            "cannot serve the API on "
                + settings.host()
                + ":"
                + settings.port()
                + ": "
                + message(e),
            e);
      }
      AgentProcess agent = new AgentProcess(home, engine, server, channel, lock);
      try {
        new AgentPidFile(agent.pid, server.port(), server.url(), Instant.now().toString())
            .write(home.pidFile());
      } catch (RuntimeException e) {
        agent.close();
        throw new CliException(ExitCode.FAILED, message(e), e);
      }
      LOG.info("agent {} listening on {}, home {}", agent.pid, server.url(), home);
      return agent;
    } catch (RuntimeException e) {
      release(lock, channel);
      throw e;
    }
  }

  /**
   * The agent's configuration, strongest first: {@code --port}, {@code --config FILE}, {@code
   * FORJA_HOME/forja.conf}, system properties, {@code application.conf}, the modules' {@code
   * reference.conf}. {@code forja.home} is always {@code home}: the pid file and the store share
   * one home.
   */
  static Config config(AgentHome home, Optional<Path> configFile, OptionalInt port) {
    ClassLoader loader = AgentProcess.class.getClassLoader();
    Map<String, Object> own = new HashMap<>();
    own.put("forja.home", home.dir().toString());
    port.ifPresent(p -> own.put("forja.agent.port", p));
    Config layered = ConfigFactory.parseMap(own, "forja agent start options");
    if (configFile.isPresent()) {
      layered = layered.withFallback(parse(configFile.get(), "--config"));
    }
    if (Files.isRegularFile(home.configFile())) {
      layered = layered.withFallback(parse(home.configFile(), "FORJA_HOME"));
    }
    // The agent's own default: its shutdown hook closes the API, then the engine, in that order;
    // Pekko's hook would race it, terminating the actor system under the API's unbinding.
    layered =
        layered.withFallback(
            ConfigFactory.parseMap(
                Map.of("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"),
                "forja agent defaults"));
    try {
      return layered
          .withFallback(ConfigFactory.defaultOverrides(loader))
          .withFallback(ConfigFactory.defaultApplication(loader))
          .withFallback(ConfigFactory.defaultReference(loader))
          .resolve();
    } catch (ConfigException e) {
      throw CliException.invalidInput("the agent's configuration does not resolve: " + message(e));
    }
  }

  private static Config parse(Path file, String from) {
    if (!Files.isReadable(file)) {
      throw CliException.invalidInput(from + " " + file + ": no such readable file");
    }
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw CliException.invalidInput(from + " " + file + ": not valid HOCON: " + message(e));
    }
  }

  /** The API's settings, refused before the engine starts if they would expose it unguarded. */
  private static AgentSettings settings(Config config) {
    try {
      AgentSettings settings = AgentSettings.fromConfig(config);
      settings.requireSafeBinding();
      return settings;
    } catch (RuntimeException e) {
      throw CliException.invalidInput("forja.agent: " + message(e));
    }
  }

  private static ForjaEngine startEngine(Config config, AgentMetrics metrics) {
    try {
      return ForjaEngine.builder().config(config).metrics(metrics).start();
    } catch (RuntimeException e) {
      throw new CliException(ExitCode.FAILED, "the engine cannot start: " + message(e), e);
    }
  }

  /** The port the API listens on. */
  public int port() {
    return server.port();
  }

  /** The API's base address, such as {@code http://127.0.0.1:49700}. */
  public String url() {
    return server.url();
  }

  /** The home this agent holds. */
  public AgentHome home() {
    return home;
  }

  /** Blocks until {@link #close()} has finished, from any thread. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops the agent: unbinds the API and stops the engine (commands in flight resume at the next
   * start), removes the pid file and releases the home. Idempotent; meant for a shutdown hook.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("agent {} stopping", pid);
    try {
      // The engine's coordinated shutdown unbinds the API first (phase service-unbind), then
      // stops the actors; closing the server here too would only terminate the binding twice.
      engine.close();
    } catch (RuntimeException e) {
      LOG.error("agent {}: stopping the engine failed", pid, e);
      throw e;
    } finally {
      AgentPidFile.deleteIfOwnedBy(home.pidFile(), pid);
      release(lock, lockChannel);
      LOG.info("agent {} stopped", pid);
      stopped.countDown();
    }
  }

  private static void createDirectories(AgentHome home) {
    try {
      Files.createDirectories(home.logDir());
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, "cannot create Forja's home " + home, e);
    }
  }

  private static FileChannel open(Path lockFile) {
    try {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the agent's lock file " + lockFile, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Held by this very JVM: an agent already runs here.
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the agent's home", e);
    }
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      LOG.warn("releasing the agent's lock failed", e);
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
