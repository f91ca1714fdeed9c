package dev.forja.cli.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process on the test's class path: its stdout read line by line on a daemon thread
 * into a queue the test polls with a timeout (no sleeps), its stderr in a file whose tail goes into
 * failure messages. Closing it kills the process if it still runs.
 */
final class ChildJvm implements AutoCloseable {
  /** The exit code of a process ended by SIGKILL: 128 + 9. */
  static final int SIGKILL_EXIT = 137;

  private final String name;
  private final Process process;
  private final Path stderr;
  // Empty marks the end of stdout.
  private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
  private boolean ended;

  private ChildJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "child-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with {@code args} in a new JVM with {@code jvmOptions}; its stderr
   * goes to {@code <dir>/<name>.stderr}.
   */
  static ChildJvm start(
      String name, Path dir, List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Path stderr = dir.resolve(name + ".stderr");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      return new ChildJvm(name, p, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** The process's name in messages. */
  String name() {
    return name;
  }

  /**
   * The next stdout line, or empty once stdout ended (the process exited or was killed). Fails with
   * the stderr tail when no line comes within {@code timeout}.
   */
  Optional<String> next(Duration timeout) {
    if (ended) {
      return Optional.empty();
    }
    Optional<String> line;
    try {
      line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
    if (line == null) {
      throw new AssertionError(
          name + " printed nothing for " + timeout + "; its stderr ends:\n" + stderrTail());
    }
    ended = line.isEmpty();
    return line;
  }

  /** Every line still to come until stdout ends, waiting at most {@code timeout} for each. */
  List<String> rest(Duration timeout) {
    List<String> out = new ArrayList<>();
    for (Optional<String> l = next(timeout); l.isPresent(); l = next(timeout)) {
      out.add(l.get());
    }
    return out;
  }

  /**
   * Kills the process with SIGKILL (what {@link Process#destroyForcibly} sends on Linux) and waits
   * for it; returns its exit code, {@value #SIGKILL_EXIT} when the signal killed it.
   */
  int kill9(Duration timeout) {
    process.destroyForcibly();
    return awaitExit(timeout);
  }

  /** Waits for the process to exit; returns its exit code, failing after {@code timeout}. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " did not exit within " + timeout + "; its stderr ends:\n" + stderrTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name + " to exit", e);
    }
    return process.exitValue();
  }

  /** The last lines of the process's stderr, for failure messages. */
  String stderrTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + stderr + ": " + e + ")";
    }
  }

  /** Asks the process to stop (SIGTERM), then kills it if it is still there. */
  void terminate(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(Optional.of(line));
      }
    } catch (IOException e) {
      // The pipe broke with the process: the end of its output, as for EOF.
    } finally {
      lines.add(Optional.empty());
    }
  }
}
