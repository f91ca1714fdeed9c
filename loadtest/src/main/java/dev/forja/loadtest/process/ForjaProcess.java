package dev.forja.loadtest.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code forja} verb in a JVM of its own, as a user runs it: {@code java -cp <this class path>
 * dev.forja.cli.ForjaMain ARGS}, its stdout and stderr in {@code <dir>/<name>.log}. The loadtest
 * class path holds forja-cli and its dependencies both in the packaged module ({@code lib/}) and
 * under Maven's test runner, so the child runs the same code as the scenario. {@link #close} kills
 * it if it still runs.
 */
public final class ForjaProcess implements AutoCloseable {
  /** The exit code of a JVM ended by SIGKILL: 128 + 9. */
  public static final int SIGKILL_EXIT = 137;

  private static final String MAIN = "dev.forja.cli.ForjaMain";
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ForjaProcess(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code forja args} with {@code jvmOptions} (such as {@code -Xmx1g}) and {@code env}
   * added to this process's environment (a null value removes the variable), in {@code dir}.
   */
  public static ForjaProcess start(
      String name, Path dir, List<String> jvmOptions, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add(MAIN);
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    env.forEach(
        (k, v) -> {
          if (v == null) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    long started = System.nanoTime();
    try {
      Process p = builder.start();
      p.getOutputStream().close();
      return new ForjaProcess(name, p, log, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", args), e);
    }
  }

  /**
   * This JVM's class path with every entry made absolute: the child runs in another folder, and
   * {@code java -cp loadtest/target/...} names its entries relative to where it was started.
   */
  static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The name it logs under, for messages. */
  public String name() {
    return name;
  }

  /** Its operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** {@link System#nanoTime} when it was started. */
  public long startedNanos() {
    return startedNanos;
  }

  /** Whether it still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /**
   * The rest of the first line of its output that starts with {@code prefix}, polling the log until
   * {@code timeout}; throws with the log's tail if the process exits first or the time runs out.
   */
  public String awaitLine(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get().substring(prefix.length());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited " + process.exitValue() + " before printing '" + prefix + "'" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not print '" + prefix + "' within " + timeout + tail());
      }
      pause(POLL);
    }
  }

  /**
   * Kills it with SIGKILL ({@link Process#destroyForcibly} on Linux) and waits for it to end;
   * returns its exit code, {@value #SIGKILL_EXIT} when the signal ended it.
   */
  public int kill() {
    process.destroyForcibly();
    return awaitExit(EXIT_WAIT);
  }

  /** Asks it to stop with SIGTERM; kills it if it has not ended within {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** Waits for it to end and returns its exit code; throws after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not exit within " + timeout + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name + " to exit", e);
    }
    return process.exitValue();
  }

  /** The last lines of its output, for failure messages: empty, or a newline and the lines. */
  public String tail() {
    List<String> all = lines();
    return all.isEmpty()
        ? ""
        : "; "
            + log.getFileName()
            + " ends:\n"
            + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
  }

  /** Kills it if it still runs, and waits for it to end. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<String> lines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException | UncheckedIOException e) {
      // A line half written (a malformed character at the end): read it at the next poll.
      return List.of();
    }
  }

  /** Waits {@code d} between polls of a condition that has its own deadline. */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
