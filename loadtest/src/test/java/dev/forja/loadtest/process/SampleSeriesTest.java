package dev.forja.loadtest.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.report.TimeSeries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-flight figures count only the steady part, and rates survive an agent restart. */
class SampleSeriesTest {
  private static CommandWatch.Sample sample(
      double seconds, int finalUpdates, double inFlight, double ended) {
    return new CommandWatch.Sample(
        seconds,
        CommandState.IN_PROGRESS,
        Map.of(UpdateState.SUCCESS, finalUpdates),
        inFlight,
        ended,
        0,
        1);
  }

  @Test
  void steadyPartIsWhileAtLeastTheLimitRemain() {
    // 100 updates, limit 10: the last sample has only 5 left, so it is the tail, not steady.
    List<CommandWatch.Sample> samples =
        List.of(
            sample(1, 0, 10, 0), sample(2, 40, 8, 40), sample(3, 80, 10, 80), sample(4, 95, 5, 95));

    SampleSeries.InFlight f = SampleSeries.steadyInFlight(samples, 10, 100);

    assertThat(f.samples()).isEqualTo(3);
    assertThat(f.mean()).isCloseTo(28 / 3.0, within(1e-9));
    assertThat(f.p50()).isEqualTo(10);
    assertThat(f.max()).isEqualTo(10);
    assertThat(f.atLimit()).isCloseTo(2 / 3.0, within(1e-9));
  }

  @Test
  void steadyRateStartsAtTheFirstEndedUpdate() {
    // Cold start until 3 s, then 40 updates in 2 s; the tail (under 10 left) is not counted.
    List<CommandWatch.Sample> samples =
        List.of(
            sample(1, 0, 10, 0),
            sample(2, 0, 10, 0),
            sample(3, 10, 10, 10),
            sample(5, 50, 10, 50),
            sample(6, 95, 5, 95));

    assertThat(SampleSeries.steadyRate(samples, 10, 100)).isEqualTo(20.0);
    assertThat(SampleSeries.steadyRate(samples.subList(0, 3), 10, 100)).isNaN();
  }

  @Test
  void aRateSkipsTheIntervalWhereACounterRestarts() {
    List<CommandWatch.Sample> samples =
        List.of(sample(0, 0, 0, 0), sample(2, 0, 0, 20), sample(5, 0, 0, 3), sample(6, 0, 0, 13));

    TimeSeries rate = SampleSeries.updatesPerSecond("ended/s", samples);

    assertThat(rate.points())
        .containsExactly(new TimeSeries.Point(2, 10), new TimeSeries.Point(6, 10));
  }
}
