package dev.forja.loadtest.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.loadtest.journal.Load.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of the journal benchmark, small enough for every build: a few actors for a second on
 * a SQLite file. It keeps the benchmark compiling and running against the journal plugin, and
 * asserts no timings.
 */
class JournalBenchmarkTest {

  @Test
  void persistsOnSqliteWithoutFailuresAndReportsTheFigures() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    JournalBenchmark.Run run;
    try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
      run =
          JournalBenchmark.run(
              JournalBenchmark.Options.parse(
                  "--store", "sqlite", "--actors", "5", "--seconds", "1", "--warmup-seconds", "0"),
              out);
    }

    Result result = run.load();
    assertThat(result.failures()).isZero();
    assertThat(run.journalRows()).isEqualTo(result.allEvents());
    assertThat(run.consistent()).isTrue();
    // Every writer persists at least once, even one still recovering when the run drains; how
    // many of those fall in the measured second depends on the machine, so it is not asserted.
    assertThat(result.allEvents()).isGreaterThanOrEqualTo(5);
    assertThat(result.p50Millis()).isLessThanOrEqualTo(result.p99Millis());
    assertThat(result.p99Millis()).isLessThanOrEqualTo(result.maxMillis());
    assertThat(report.toString(StandardCharsets.UTF_8))
        .contains("store: sqlite ")
        .contains("journal: forja.journal.sqlite")
        .contains("events/s: ")
        .contains("failures: 0 (\"database is locked\": 0)")
        .contains(": consistent");
  }

  @Test
  void rejectsAnUnknownStore() {
    assertThatThrownBy(() -> JournalBenchmark.Options.parse("--store", "oracle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sqlite or postgresql");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] millis = {1_000_000, 2_000_000, 3_000_000, 4_000_000};

    assertThat(Load.percentileMillis(millis, 50)).isEqualTo(2.0);
    assertThat(Load.percentileMillis(millis, 99)).isEqualTo(4.0);
    assertThat(Load.percentileMillis(new long[0], 50)).isZero();
  }
}
