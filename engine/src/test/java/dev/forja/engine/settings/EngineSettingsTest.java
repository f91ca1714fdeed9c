package dev.forja.engine.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.engine.settings.InvalidSettingsException.Violation;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  private static Config withOverrides(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  private static InvalidSettingsException rejected(String hocon) {
    return assertThrows(
        InvalidSettingsException.class, () -> EngineSettings.create(withOverrides(hocon)));
  }

  private static List<String> offendingKeys(InvalidSettingsException e) {
    return e.violations().stream().map(v -> v.keys().get(0)).collect(Collectors.toList());
  }

  /** A whole chain shrunk to milliseconds, as an actor test would build it. */
  private static EngineSettings shortChain() {
    return EngineSettings.defaults().toBuilder()
        .pluginRequestTimeout(Duration.ofMillis(500))
        .pluginCallTimeout(Duration.ofSeconds(1))
        .statusCheckInterval(Duration.ofMillis(100))
        .maxStatusWait(Duration.ofSeconds(2))
        .maxRetries(2)
        .backoffBase(Duration.ofMillis(100))
        .backoffMax(Duration.ofMillis(150))
        .backoffJitter(0.5)
        .timeoutMargin(Duration.ofMillis(50))
        .resolveTimeout(Duration.ofSeconds(13))
        .persisterAskTimeoutBase(Duration.ofMillis(200))
        .executorAskTimeoutBase(Duration.ofMillis(300))
        .bridgeAskTimeoutBase(Duration.ofMillis(400))
        .build();
  }

  @Test
  void defaultsLoadAndValidate() {
    EngineSettings s = EngineSettings.defaults();

    assertEquals(Duration.ofSeconds(30), s.pluginRequestTimeout());
    assertEquals(Duration.ofSeconds(60), s.pluginCallTimeout());
    assertEquals(Duration.ofSeconds(5), s.statusCheckInterval());
    assertEquals(Duration.ofMinutes(30), s.maxStatusWait());
    assertEquals(9, s.maxRetries());
    assertEquals(Duration.ofSeconds(1), s.backoffBase());
    assertEquals(Duration.ofSeconds(30), s.backoffMax());
    assertEquals(0.2, s.backoffJitter());
    assertEquals(Duration.ofSeconds(5), s.timeoutMargin());
    assertEquals(Duration.ofHours(6), s.resolveTimeout());
    assertEquals(10, s.defaultRequestsPerSecond());
    assertEquals(Map.of(), s.requestsPerSecondOverrides());
    assertEquals(50, s.maxInFlightUpdates());
    assertEquals(100, s.persisterSnapshotEvery());
  }

  @Test
  void defaultWatchdogCoversTenWorstCaseAttemptsMaxJitteredBackoffAndMargin() {
    EngineSettings s = EngineSettings.defaults();

    // (60s call + 30m wait + 5s interval + 60s last poll) per attempt, 10 attempts;
    // backoff 1+2+4+8+16+30+30+30+30 = 151s, times 1.2 for jitter = 181.2s; margin 5s.
    assertEquals(Duration.ofSeconds(1925), s.attemptWorstCase());
    assertEquals(Duration.ofSeconds(151), s.backoffSum());
    assertEquals(Duration.ofMillis(181_200), s.backoffUpperBoundSum());
    assertEquals(Duration.ofMillis(19_250_000 + 181_200 + 5_000), s.updaterWatchdog());
    assertTrue(s.resolveTimeout().compareTo(s.updaterWatchdog().plus(s.timeoutMargin())) > 0);
  }

  @Test
  void referenceConfDeclaresOnlyForjaEngineKeys() {
    URL ours = EngineSettings.class.getResource("/reference.conf");
    Config reference = ConfigFactory.parseURL(ours);

    assertEquals(Set.of("forja"), reference.root().keySet());
    assertEquals(Set.of("engine"), reference.getObject("forja").keySet());
  }

  @Test
  void readsOverridesFromHocon() {
    EngineSettings s =
        EngineSettings.create(
            withOverrides(
                "forja.engine {\n"
                    + "  plugin.call-timeout = 90s\n"
                    + "  status.check-interval = 1500ms\n"
                    + "  retry { max-retries = 3, backoff.jitter = 0 }\n"
                    + "  rate-limit.overrides { AWS = 5, \"prod.eu-west-1\" = 20 }\n"
                    + "}"));

    assertEquals(Duration.ofSeconds(90), s.pluginCallTimeout());
    assertEquals(Duration.ofMillis(1500), s.statusCheckInterval());
    assertEquals(3, s.maxRetries());
    assertEquals(0.0, s.backoffJitter());
    assertEquals(Duration.ofSeconds(30), s.pluginRequestTimeout(), "untouched keys keep defaults");
    assertEquals(20, s.requestsPerSecond("prod.eu-west-1", "AWS"), "a label beats its namespace");
    assertEquals(5, s.requestsPerSecond("staging", "aws"), "namespaces match ignoring case");
    assertEquals(10, s.requestsPerSecond("local", "SIM"), "anything else gets the default");
  }

  /** Defaults of 10 per second, with AWS overridden to 5 and the target prod to 20. */
  private static EngineSettings withRateOverrides() {
    return EngineSettings.create(
        withOverrides("forja.engine.rate-limit.overrides { AWS = 5, prod = 20 }"));
  }

  @Test
  void aLabelOverrideBeatsItsNamespaceAndThePluginDefault() {
    assertEquals(20.0, withRateOverrides().requestsPerSecond("prod", "AWS", 2.5));
    assertEquals(20.0, withRateOverrides().requestsPerSecond("PROD", "SIM", 2.5), "ignoring case");
  }

  @Test
  void aNamespaceOverrideBeatsThePluginDefault() {
    assertEquals(5.0, withRateOverrides().requestsPerSecond("staging", "aws", 2.5));
  }

  @Test
  void thePluginDefaultBeatsTheConfiguredDefaultWhenNothingIsOverridden() {
    assertEquals(2.5, withRateOverrides().requestsPerSecond("local", "SIM", 2.5));
    assertEquals(1000.0, withRateOverrides().requestsPerSecond("local", "SIM", 1000.0));
  }

  @Test
  void theConfiguredDefaultAppliesWhenThePluginDeclaresNone() {
    EngineSettings s = withRateOverrides();

    assertEquals(10.0, s.requestsPerSecond("local", "SIM", 0.0));
    assertEquals(10.0, s.requestsPerSecond("local", "SIM", -1.0), "negative means none too");
    assertEquals(10.0, s.requestsPerSecond(null, null, 0.0), "no label or namespace");
  }

  @Test
  void rejectsInvertedChainListingEveryViolationAtOnce() {
    InvalidSettingsException e =
        rejected(
            "forja.engine {\n"
                + "  timeout-margin = 2s\n"
                + "  plugin { request-timeout = 10s, call-timeout = 5s }\n"
                + "  resolve-timeout = 10m\n"
                + "  executor.ask-timeout-base = 11s\n"
                + "}");

    assertEquals(
        List.of(
            "forja.engine.plugin.call-timeout",
            "forja.engine.resolve-timeout",
            "forja.engine.executor.ask-timeout-base"),
        offendingKeys(e));
    assertTrue(
        e.getMessage()
            .contains(
                "forja.engine.plugin.call-timeout (5s) must exceed"
                    + " forja.engine.plugin.request-timeout (10s) + forja.engine.timeout-margin"
                    + " (2s)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("forja.engine.resolve-timeout (10m) must exceed the updater"),
        e.getMessage());
    assertTrue(e.getMessage().contains("forja.engine.status.max-wait"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "forja.engine.executor.ask-timeout-base (11s) must exceed"
                    + " forja.engine.persister.ask-timeout-base (10s)"),
        e.getMessage());
  }

  @Test
  void rejectsResolveTimeoutThatDoesNotOutlastWatchdogPlusMargin() {
    EngineSettings s = shortChain();
    Duration justTooShort = s.updaterWatchdog().plus(s.timeoutMargin());

    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () -> s.toBuilder().resolveTimeout(justTooShort).build());

    assertEquals(1, e.violations().size());
    Violation v = e.violations().get(0);
    assertEquals("forja.engine.resolve-timeout", v.keys().get(0));
    assertTrue(v.keys().contains("forja.engine.retry.max-retries"), v.keys().toString());
    Duration justLongEnough = justTooShort.plusNanos(1);
    assertEquals(
        justLongEnough, s.toBuilder().resolveTimeout(justLongEnough).build().resolveTimeout());
  }

  @Test
  void shortTimeoutsForTestsAreBuiltTogetherAndComputeTheirWatchdog() {
    EngineSettings s = shortChain();

    // (1s + 2s + 100ms + 1s) x 3 attempts + (100ms + 150ms) x 1.5 + 50ms.
    assertEquals(Duration.ofMillis(4100), s.attemptWorstCase());
    assertEquals(Duration.ofMillis(12_300 + 375 + 50), s.updaterWatchdog());
  }

  @Test
  void withPluginCallTimeoutAloneIsRejectedWhenTheRequestTimeoutNoLongerFits() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                EngineSettings.defaults().toBuilder()
                    .pluginCallTimeout(Duration.ofMillis(300))
                    .build());

    assertEquals(
        List.of(
            "forja.engine.plugin.call-timeout",
            "forja.engine.plugin.request-timeout",
            "forja.engine.timeout-margin"),
        e.violations().get(0).keys());
    assertTrue(e.getMessage().contains("(300ms)"), e.getMessage());
  }

  @Test
  void rejectsCallTimeoutEqualToRequestTimeoutPlusMarginButAcceptsOneMillisecondMore() {
    EngineSettings s = EngineSettings.defaults();
    Duration boundary = s.pluginRequestTimeout().plus(s.timeoutMargin());

    assertThrows(
        InvalidSettingsException.class, () -> s.toBuilder().pluginCallTimeout(boundary).build());
    assertEquals(
        boundary.plusMillis(1),
        s.toBuilder().pluginCallTimeout(boundary.plusMillis(1)).build().pluginCallTimeout());
  }

  @Test
  void askTimeoutsGrowWithCommandSize() {
    EngineSettings s = EngineSettings.defaults();

    assertEquals(Duration.ofSeconds(11), s.persisterAskTimeout(200));
    assertEquals(Duration.ofSeconds(20), s.persisterAskTimeout(2_000));
    assertTrue(s.executorAskTimeout(2_000).compareTo(s.executorAskTimeout(200)) > 0);
    assertTrue(s.bridgeAskTimeout(2_000).compareTo(s.bridgeAskTimeout(200)) > 0);
    for (int n : new int[] {0, 200, 2_000, 20_000}) {
      Duration margin = s.timeoutMargin();
      assertTrue(
          s.executorAskTimeout(n).compareTo(s.persisterAskTimeout(n).plus(margin)) > 0, "n=" + n);
      assertTrue(
          s.bridgeAskTimeout(n).compareTo(s.executorAskTimeout(n).plus(margin)) > 0, "n=" + n);
    }
    assertThrows(IllegalArgumentException.class, () -> s.persisterAskTimeout(-1));
  }

  @Test
  void rejectsExecutorPerResourceBelowPersisterPerResource() {
    InvalidSettingsException e = rejected("forja.engine.executor.ask-timeout-per-resource = 1ms");

    assertEquals(
        List.of(
            "forja.engine.executor.ask-timeout-per-resource",
            "forja.engine.persister.ask-timeout-per-resource"),
        e.violations().get(0).keys());
    assertEquals(1, e.violations().size());
  }

  @Test
  void backoffDoublesThenCaps() {
    EngineSettings s = EngineSettings.defaults();

    List<Long> seconds =
        List.of(1, 2, 3, 4, 5, 6, 7, 8, 9).stream()
            .map(n -> s.backoff(n).toSeconds())
            .collect(Collectors.toList());
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L), seconds);
    assertEquals(Duration.ofSeconds(30), s.backoff(10_000), "a huge attempt caps, not overflows");
    assertThrows(IllegalArgumentException.class, () -> s.backoff(0));
  }

  @Test
  void backoffSumStaysCheapAndExactForAHugeRetryCount() {
    EngineSettings s =
        EngineSettings.defaults().toBuilder()
            .maxRetries(1_000_000_000)
            .resolveTimeout(Duration.ofDays(365L * 100_000))
            .build();

    // 1+2+4+8+16 uncapped, then 999,999,995 retries at 30s.
    assertEquals(Duration.ofSeconds(31 + 999_999_995L * 30), s.backoffSum());
  }

  @Test
  void jitterStaysWithinBoundsOverManySeededDraws() {
    EngineSettings s = EngineSettings.defaults();
    SplittableRandom rnd = new SplittableRandom(42);

    for (int attempt = 1; attempt <= 9; attempt++) {
      long nominal = s.backoff(attempt).toNanos();
      long lowest = Long.MAX_VALUE;
      long highest = Long.MIN_VALUE;
      for (int i = 0; i < 10_000; i++) {
        long drawn = s.backoffWithJitter(attempt, rnd).toNanos();
        lowest = Math.min(lowest, drawn);
        highest = Math.max(highest, drawn);
      }
      assertTrue(lowest >= Math.round(nominal * 0.8), "attempt " + attempt + " low " + lowest);
      assertTrue(highest <= Math.round(nominal * 1.2), "attempt " + attempt + " high " + highest);
      // Spread over most of the range, so the jitter is really applied on both sides.
      assertTrue(lowest < Math.round(nominal * 0.82), "attempt " + attempt + " low " + lowest);
      assertTrue(highest > Math.round(nominal * 1.18), "attempt " + attempt + " high " + highest);
      assertEquals(Math.round(nominal * 1.2), s.backoffUpperBound(attempt).toNanos());
    }
  }

  @Test
  void zeroJitterDrawsExactlyTheBackoff() {
    EngineSettings s =
        EngineSettings.defaults().toBuilder()
            .backoffBase(Duration.ofSeconds(1))
            .backoffMax(Duration.ofSeconds(30))
            .backoffJitter(0.0)
            .build();

    assertEquals(Duration.ofSeconds(4), s.backoffWithJitter(3, new SplittableRandom(7)));
    assertEquals(s.backoffSum(), s.backoffUpperBoundSum());
  }

  @Test
  void rejectsNegativeRetriesAndOutOfRangeJitterNamingTheirKeys() {
    InvalidSettingsException e =
        rejected("forja.engine.retry { max-retries = -1, backoff.jitter = 1.5 }");

    assertEquals(
        List.of("forja.engine.retry.max-retries", "forja.engine.retry.backoff.jitter"),
        offendingKeys(e));
    assertTrue(
        e.getMessage().contains("forja.engine.retry.max-retries (-1) must be at least 0"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("forja.engine.retry.backoff.jitter (1.5) must be between 0 and 1"),
        e.getMessage());
  }

  @Test
  void rejectsNonPositiveIntervalsAndLimitsNamingTheirKeys() {
    InvalidSettingsException e =
        rejected(
            "forja.engine {\n"
                + "  status.check-interval = 0s\n"
                + "  executor.max-in-flight-updates = 0\n"
                + "  rate-limit { default-requests-per-second = 0, overrides { AWS = -2 } }\n"
                + "}");

    assertEquals(
        List.of(
            "forja.engine.status.check-interval",
            "forja.engine.rate-limit.default-requests-per-second",
            "forja.engine.rate-limit.overrides.AWS",
            "forja.engine.executor.max-in-flight-updates"),
        offendingKeys(e));
  }

  @Test
  void rejectsOverridesThatDifferOnlyInCase() {
    Map<String, Integer> ambiguous = new TreeMap<>(Map.of("AWS", 5, "aws", 7));

    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                EngineSettings.defaults().toBuilder()
                    .defaultRequestsPerSecond(10)
                    .requestsPerSecondOverrides(ambiguous)
                    .build());

    assertEquals(List.of("forja.engine.rate-limit.overrides.aws"), offendingKeys(e));
    assertTrue(e.getMessage().contains("differ only in case"), e.getMessage());
  }

  @Test
  void reportsUnreadableValuesByKey() {
    InvalidSettingsException e =
        rejected("forja.engine { retry.max-retries = lots, plugin.call-timeout = soon }");

    assertEquals(
        List.of("forja.engine.plugin.call-timeout", "forja.engine.retry.max-retries"),
        offendingKeys(e));
  }

  @Test
  void formatsDurationsAsHocon() {
    assertEquals("300ms", SettingsValidator.hocon(Duration.ofMillis(300)));
    assertEquals("1m30s", SettingsValidator.hocon(Duration.ofSeconds(90)));
    assertEquals("5h23m56.2s", SettingsValidator.hocon(Duration.ofMillis(19_436_200)));
    assertEquals("-5s", SettingsValidator.hocon(Duration.ofSeconds(-5)));
  }
}
