package dev.forja.actors.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.UpdateState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  private final Subscriptions<String> subs = new Subscriptions<>();

  @Test
  void aSubscriberIsNewOnlyOnItsFirstSubscription() {
    assertThat(subs.add("c1", "alice")).isTrue();
    assertThat(subs.add("c2", "alice")).isFalse();
    assertThat(subs.add("c1", "bob")).isTrue();

    assertThat(subs.of("c1")).containsExactly("alice", "bob");
    assertThat(subs.of("c2")).containsExactly("alice");
  }

  @Test
  void removingTheLastSubscriptionFreesTheSubscriber() {
    subs.add("c1", "alice");
    subs.add("c2", "alice");

    assertThat(subs.remove("c1", "alice")).isFalse();
    assertThat(subs.remove("c2", "alice")).isTrue();
    assertThat(subs.remove("c2", "alice")).isFalse();
    assertThat(subs.isEmpty()).isTrue();
  }

  @Test
  void endingACommandReturnsOnlySubscribersLeftWithNothing() {
    subs.add("c1", "alice");
    subs.add("c1", "bob");
    subs.add("c2", "bob");

    assertThat(subs.end("c1")).containsExactly("alice");
    assertThat(subs.of("c1")).isEmpty();
    assertThat(subs.of("c2")).containsExactly("bob");
  }

  @Test
  void droppingASubscriberForgetsItEverywhere() {
    subs.add("c1", "alice");
    subs.add("c2", "alice");
    subs.add("c2", "bob");

    subs.drop("alice");

    assertThat(subs.of("c1")).isEmpty();
    assertThat(subs.of("c2")).containsExactly("bob");
  }

  @Test
  void finalProgressCarriesTheReadModelsStateAndCounts() {
    Instant end = Instant.parse("2025-01-02T03:04:05Z");
    FormaCommand c =
        new FormaCommand(
            "c1",
            CommandKind.APPLY,
            PlanMode.RECONCILE,
            null,
            CommandState.SUCCESS,
            end.minusSeconds(5),
            end,
            List.of());

    CommandProgress p = Subscriptions.finalProgressOf(c, Instant.EPOCH);

    assertThat(p.isFinal()).isTrue();
    assertThat(p.at()).isEqualTo(end);
    assertThat(p.update()).isNull();
    assertThat(p.counts()).containsEntry(UpdateState.SUCCESS, 0);
  }
}
