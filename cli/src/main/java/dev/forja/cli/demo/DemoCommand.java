package dev.forja.cli.demo;

import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code forja demo}: the first thing a new user runs. An embedded engine on a fresh SQLite file in
 * a temporary home applies the bundled example forma ({@code demo-forma.json}, about 40 resources
 * in four stacks) to the in-process simulator, prints the inventory, re-plans to show that nothing
 * drifted, destroys everything and deletes the home. Exit 0 when every step did what it should.
 */
@Command(
    name = "demo",
    description =
        "Applies, re-plans and destroys a bundled example on an embedded engine and the in-process"
            + " simulator: about 40 resources (VPC, subnets, routes, IAM, Lambda, S3, KMS, Route53,"
            + " SQS, SNS) on a fresh SQLite store in a temporary home, deleted afterwards.")
public final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--latency-ms",
      paramLabel = "MIN-MAX",
      defaultValue = "50-400",
      converter = LatencyConverter.class,
      description =
          "How long each simulated create, update and delete takes: drawn uniformly between MIN and"
              + " MAX milliseconds, or exactly N for one number (default: ${DEFAULT-VALUE}).")
  private Latency latency = new Latency(50, 400);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      return new DemoRun(out, latency.minMs(), latency.maxMs()).run().code();
    } catch (DemoRun.StepFailed e) {
      out.flush();
      throw new CliException(ExitCode.FAILED, e.getMessage(), e.getCause());
    }
  }

  /**
   * {@code --latency-ms}: how long a simulated mutation takes, in milliseconds.
   *
   * @param minMs the shortest
   * @param maxMs the longest
   */
  record Latency(long minMs, long maxMs) {
    /** {@code MIN-MAX} or {@code N}. */
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
            "'" + text + "' is not MIN-MAX in milliseconds with 0 <= MIN <= MAX, such as 50-400");
      }
    }
  }

  static final class LatencyConverter implements ITypeConverter<Latency> {
    @Override
    public Latency convert(String value) {
      return Latency.parse(value);
    }
  }
}
