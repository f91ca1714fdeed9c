package dev.forja.loadtest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A smoke test of the plan benchmark at a size small enough for every build: each phase plans what
 * it should (creates, then nothing, then deletes), or the benchmark exits 1.
 */
class PlanBenchmarkTest {
  @Test
  void plansASmallGeneratedFormaAsExpected() throws Exception {
    int code =
        PlanBenchmark.execute(
            "--count", "300", "--warmup", "1", "--iterations", "1", "--bar-ms", "600000");
    assertThat(code).isZero();
  }

  @Test
  void badArgumentsExitTwo() throws Exception {
    assertThat(PlanBenchmark.execute("--count", "0")).isEqualTo(2);
    assertThat(PlanBenchmark.execute("--bogus", "1")).isEqualTo(2);
  }
}
