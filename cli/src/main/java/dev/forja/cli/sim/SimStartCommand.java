package dev.forja.cli.sim;

import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import dev.forja.plugin.sim.server.SimServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code forja sim start}: the simulator server in the foreground until SIGTERM or SIGINT, which
 * end it with exit 0 once the state file is written (INTERFACES.md, "The simulator server").
 */
@Command(
    name = "start",
    description =
        "Run the simulator server in the foreground until stopped (SIGTERM, Ctrl-C): the Cloud"
            + " Control API (AWS JSON 1.0) at / and the control API under /_sim/. Prints 'sim"
            + " listening on URL' once it listens.")
public final class SimStartCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "4566",
      converter = PortConverter.class,
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--host",
      paramLabel = "H",
      defaultValue = SimServer.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Keep the simulated account in FILE (JSON), so that its resources survive a restart.")
  private Path stateFile;

  @Option(
      names = "--latency-ms",
      paramLabel = "MIN-MAX",
      converter = LatencyConverter.class,
      description =
          "How long each create, update and delete stays in progress: drawn uniformly between MIN"
              + " and MAX milliseconds, or exactly N for a single number (default: 0-0).")
  private Latency latency = Latency.NONE;

  @Option(
      names = "--throttle-rate",
      paramLabel = "R",
      converter = RateConverter.class,
      description =
          "Share of Cloud Control calls answered with ThrottlingException, 0 to 1 (default: 0).")
  private double throttleRate;

  @Option(
      names = "--error-rate",
      paramLabel = "R",
      converter = RateConverter.class,
      description =
          "Share of Cloud Control calls answered with InternalFailure (HTTP 500), 0 to 1 (default:"
              + " 0).")
  private double errorRate;

  @Override
  public Integer call() throws InterruptedException {
    SimServer server = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, stopped), "forja-sim-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("sim listening on " + server.endpoint());
    out.flush();
    stopped.await();
    return ExitCode.SUCCESS.code();
  }

  /**
   * The server the options describe, listening: what {@link #call()} runs until a signal, and what
   * tests start without blocking.
   *
   * @throws CliException exit 2, naming the option, when the state file cannot be used or the
   *     address cannot be listened on
   */
  public SimServer start() {
    SimSettings settings =
        new SimSettings(
            Duration.ofMillis(latency.minMs()),
            Duration.ofMillis(latency.maxMs()),
            throttleRate,
            errorRate);
    SimCloud cloud = cloud(settings);
    try {
      return SimServer.start(cloud, host, port);
    } catch (UncheckedIOException e) {
      cloud.close();
      if (e.getCause() instanceof BindException bind
          && String.valueOf(bind.getMessage()).contains("in use")) {
        throw CliException.invalidInput(
            "--port " + port + ": already in use on " + host + " (try another, or 0 for any)");
      }
      throw CliException.invalidInput(
          "--host " + host + " --port " + port + ": cannot listen there: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      cloud.close();
      throw CliException.invalidInput("--host " + host + ": " + e.getMessage());
    }
  }

  private SimCloud cloud(SimSettings settings) {
    if (stateFile == null) {
      return SimCloud.inMemory(settings);
    }
    try {
      return SimCloud.persistent(settings, stateFile);
    } catch (RuntimeException e) {
      // An unreadable or foreign file: the user's to fix, so no stack trace.
      throw CliException.invalidInput(
          "--state " + stateFile + ": cannot use it: " + e.getMessage());
    }
  }

  /**
   * Runs on SIGTERM or SIGINT. A signal is how this verb is meant to end, so it ends with exit 0
   * once the cloud has written its state; left alone, the JVM would exit 128 + the signal.
   */
  private static void stop(SimServer server, CountDownLatch stopped) {
    try {
      server.close();
    } finally {
      stopped.countDown();
      Runtime.getRuntime().halt(ExitCode.SUCCESS.code());
    }
  }

  /**
   * {@code --latency-ms}: how long a mutation stays in progress, in milliseconds.
   *
   * @param minMs the shortest
   * @param maxMs the longest
   */
  record Latency(long minMs, long maxMs) {
    static final Latency NONE = new Latency(0, 0);

    /** {@code MIN-MAX} or {@code N}, in milliseconds. */
    static Latency parse(String text) {
      String value = text.strip();
      int dash = value.indexOf('-', 1);
      try {
        long min = Long.parseLong(dash < 0 ? value : value.substring(0, dash).strip());
        long max = dash < 0 ? min : Long.parseLong(value.substring(dash + 1).strip());
        if (min < 0 || max < min) {
          throw new IllegalArgumentException();
        }
        return new Latency(min, max);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'"
                + text
                + "' is not MIN-MAX in milliseconds with 0 <= MIN <= MAX, such as 100-500 (or one"
                + " number, such as 200)");
      }
    }
  }

  static final class LatencyConverter implements ITypeConverter<Latency> {
    @Override
    public Latency convert(String value) {
      return Latency.parse(value);
    }
  }

  /** A share of calls: a number from 0 to 1. */
  static final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double rate;
      try {
        rate = Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate >= 0 && rate <= 1)) {
        throw new TypeConversionException(
            "'" + value + "' is not a rate: expected a number from 0 to 1, such as 0.05");
      }
      return rate;
    }
  }

  static final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65_535) {
        throw new TypeConversionException(
            "'" + value + "' is not a port: expected 1 to 65535, or 0 for any free one");
      }
      return port;
    }
  }
}
