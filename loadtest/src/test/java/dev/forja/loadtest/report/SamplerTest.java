package dev.forja.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sampler's series: rates as growth per second, gauges as read, a final sample on close. */
class SamplerTest {
  private static final Duration NEVER = Duration.ofHours(1); // only close() samples

  /** Waits until {@code series} has {@code n} samples, failing after ten seconds. */
  private static List<TimeSeries.Point> awaitSamples(TimeSeries series, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (series.points().size() < n) {
      assertThat(System.nanoTime()).as("%d samples of %s", n, series.name()).isLessThan(deadline);
      Thread.sleep(5);
    }
    return series.points();
  }

  @Test
  void aRateIsTheCounterGrowthDividedByTheSecondsBetweenSamples() throws Exception {
    AtomicLong reads = new AtomicLong();
    try (Sampler sampler = Sampler.start(Duration.ofMillis(20))) {
      // The counter grows by 7 between any two reads: every interval's growth is 7.
      TimeSeries rate = sampler.rate("ops/s", () -> reads.incrementAndGet() * 7);

      List<TimeSeries.Point> points = awaitSamples(rate, 3);

      for (int i = 1; i < points.size(); i++) {
        double interval = points.get(i).seconds() - points.get(i - 1).seconds();
        assertThat(interval).isPositive();
        assertThat(points.get(i).value()).isCloseTo(7 / interval, within(1e-6 * (7 / interval)));
      }
    }
  }

  @Test
  void aGaugeRecordsTheValueReadAtEachSampleInTimeOrder() throws Exception {
    AtomicLong reads = new AtomicLong();
    try (Sampler sampler = Sampler.start(Duration.ofMillis(20))) {
      TimeSeries gauge = sampler.gauge("in flight", () -> reads.incrementAndGet());

      List<TimeSeries.Point> points = awaitSamples(gauge, 3);

      for (int i = 0; i < points.size(); i++) {
        assertThat(points.get(i).value()).isEqualTo(i + 1.0);
        if (i > 0) {
          assertThat(points.get(i).seconds()).isGreaterThan(points.get(i - 1).seconds());
        }
      }
    }
  }

  @Test
  void aSeriesRegisteredAfterStartIsSampledFromThen() throws Exception {
    try (Sampler sampler = Sampler.start(Duration.ofMillis(20))) {
      TimeSeries early = sampler.gauge("early", () -> 1);
      awaitSamples(early, 2);
      double registered = sampler.elapsedSeconds();

      TimeSeries late = sampler.gauge("late", () -> 2);

      assertThat(awaitSamples(late, 2))
          .allSatisfy(p -> assertThat(p.seconds()).isGreaterThan(registered));
    }
  }

  @Test
  void closeTakesAFinalSampleAndStopsTheThread() {
    AtomicLong counter = new AtomicLong();
    Sampler sampler = Sampler.start(NEVER);
    TimeSeries rate = sampler.rate("ops/s", counter::get);
    TimeSeries gauge = sampler.gauge("queue", () -> 5);
    TimeSeries heap = sampler.heapMb();
    counter.addAndGet(100);

    sampler.close();
    sampler.close();

    assertThat(gauge.points()).extracting(TimeSeries.Point::value).containsExactly(5.0);
    assertThat(rate.points()).singleElement().satisfies(p -> assertThat(p.value()).isPositive());
    assertThat(heap.points()).singleElement().satisfies(p -> assertThat(p.value()).isPositive());
    assertThat(sampler.stopped()).isTrue();
    assertThatThrownBy(() -> sampler.gauge("too late", () -> 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingSupplierSkipsItsSamplesWithoutStoppingTheOthers() {
    TimeSeries broken;
    TimeSeries fine;
    try (Sampler sampler = Sampler.start(NEVER)) {
      broken =
          sampler.gauge(
              "broken",
              () -> {
                throw new IllegalStateException("the read model is gone");
              });
      fine = sampler.gauge("fine", () -> 3);
    }

    assertThat(broken.points()).isEmpty();
    assertThat(fine.points()).extracting(TimeSeries.Point::value).containsExactly(3.0);
  }

  @Test
  void elapsedSecondsCountsFromStart() {
    try (Sampler sampler = Sampler.start(NEVER)) {
      double first = sampler.elapsedSeconds();

      assertThat(first).isNotNegative();
      assertThat(sampler.elapsedSeconds()).isGreaterThanOrEqualTo(first);
    }
  }
}
