package dev.forja.actors.races;

import static dev.forja.actors.races.EngineHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.plugin.sim.cloud.FailureRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A create the cloud throttles {@code k} times in a row: each throttled attempt is retried with a
 * new client token after a backoff, up to {@code maxRetries} (2 here) retries.
 */
class RetryableErrorsTest {
  private static final String STACK = "throttled";

  @ParameterizedTest(name = "{0} throttles")
  @ValueSource(ints = {0, 1, 2})
  void upToMaxRetriesThrottlesEndInSuccessAfterOneMoreAttempt(int throttles) {
    try (EngineHarness h = EngineHarness.create()) {
      FormaCommand end = run(h, throttles);
      assertThat(h.context.settings().maxRetries()).isGreaterThanOrEqualTo(throttles);

      assertThat(end.state()).isEqualTo(CommandState.SUCCESS);
      ResourceUpdate q = update(end, "q");
      assertThat(q.state()).isEqualTo(UpdateState.SUCCESS);
      assertThat(q.attempts()).isEqualTo(throttles + 1);
      assertThat(h.plugin.calls("q", PluginOperation.CREATE)).hasSize(throttles + 1);
      assertThat(h.inCloud(SimFormas.queueName(STACK, "q"))).hasSize(1);
      assertThat(h.inInventory(q)).isPresent();
    }
  }

  @ParameterizedTest(name = "{0} throttles")
  @ValueSource(ints = {3, 5})
  void moreThrottlesThanRetriesEndFailedAfterMaxRetriesPlusOneAttempts(int throttles) {
    try (EngineHarness h = EngineHarness.create()) {
      FormaCommand end = run(h, throttles);
      int maxRetries = h.context.settings().maxRetries();
      assertThat(throttles).isGreaterThan(maxRetries);

      assertThat(end.state()).isEqualTo(CommandState.FAILED);
      ResourceUpdate q = update(end, "q");
      assertThat(q.state()).isEqualTo(UpdateState.FAILED);
      assertThat(q.errorCode()).isEqualTo(ErrorCodes.THROTTLING);
      assertThat(q.attempts()).isEqualTo(maxRetries + 1);
      assertThat(h.plugin.calls("q", PluginOperation.CREATE)).hasSize(maxRetries + 1);
      assertThat(h.inCloud(SimFormas.queueName(STACK, "q"))).isEmpty();
      assertThat(h.inInventory(q)).isEmpty();
    }
  }

  /** Throttles the next {@code throttles} creates of queue q and applies it. */
  private static FormaCommand run(EngineHarness h, int throttles) {
    h.spawn();
    if (throttles > 0) {
      h.cloud.addRule(
          new FailureRule(
              "Create",
              SimFormas.QUEUE,
              SimFormas.queueName(STACK, "q"),
              ErrorCodes.THROTTLING,
              throttles));
    }
    return h.awaitEnd(h.submit(SimFormas.stack(STACK).queue("q").json()));
  }
}
