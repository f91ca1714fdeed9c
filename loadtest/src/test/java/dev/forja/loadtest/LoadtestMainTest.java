package dev.forja.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code forja loadtest}'s arguments: a mistake exits 2 with a message naming the option, before
 * anything runs or any report is written.
 */
class LoadtestMainTest {
  @TempDir Path reports;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cmd = LoadtestMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  private int run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "run";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--reports";
    all[args.length + 2] = reports.toString();
    return execute(all);
  }

  @Test
  void anUnknownScenarioExits2NamingScenario() {
    assertThat(run("--scenario", "nope", "--count", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--scenario", "nope", "engine");
    assertThat(reports).isEmptyDirectory();
  }

  @Test
  void aMissingScenarioExits2NamingScenario() {
    assertThat(run("--count", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--scenario");
  }

  @Test
  void anUnknownStoreExits2NamingStore() {
    assertThat(run("--scenario", "engine", "--store", "mysql", "--count", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--store", "mysql");
    assertThat(reports).isEmptyDirectory();
  }

  @Test
  void aCountOfZeroExits2NamingCount() {
    assertThat(run("--scenario", "engine", "--count", "100,0")).isEqualTo(2);
    assertThat(err.toString()).contains("--count");
    assertThat(reports).isEmptyDirectory();
  }

  @Test
  void aCountThatIsNotANumberExits2() {
    assertThat(run("--scenario", "engine", "--count", "many")).isEqualTo(2);
    assertThat(err.toString()).contains("--count");
  }

  @Test
  void aLatencyThatIsNotMinMaxExits2NamingLatency() {
    assertThat(run("--scenario", "agent", "--count", "1", "--latency-ms", "500-50")).isEqualTo(2);
    assertThat(err.toString()).contains("--latency-ms");
    assertThat(run("--scenario", "agent", "--count", "1", "--latency-ms", "fast")).isEqualTo(2);
  }

  @Test
  void aThrottleOutsideZeroToOneExits2NamingThrottle() {
    assertThat(run("--scenario", "agent", "--count", "1", "--throttle", "1.5")).isEqualTo(2);
    assertThat(err.toString()).contains("--throttle");
  }

  @Test
  void generateWithoutCountExits2() {
    assertThat(execute("generate", "--out", reports.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--count");
  }

  @Test
  void noSubcommandExits2() {
    assertThat(execute()).isEqualTo(2);
    assertThat(err.toString()).contains("generate", "run");
  }

  @Test
  void helpExits0() {
    assertThat(execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("--scenario", "--store", "--count", "--reports");
  }
}
