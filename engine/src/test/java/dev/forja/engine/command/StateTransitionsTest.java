package dev.forja.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateTransitionsTest {

  @ParameterizedTest
  @EnumSource(UpdateState.class)
  void aFinalUpdateStateNeverChanges(UpdateState s) {
    assertThat(s.isFinal()).isEqualTo(s.next().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(CommandState.class)
  void aFinalCommandStateNeverChanges(CommandState s) {
    assertThat(s.isFinal()).isEqualTo(s.next().isEmpty());
  }

  @Test
  void anUpdateInProgressEndsWithItsRealResultNeverCanceled() {
    assertThat(UpdateState.IN_PROGRESS.next())
        .containsExactlyInAnyOrder(UpdateState.SUCCESS, UpdateState.FAILED, UpdateState.REJECTED);
  }

  @Test
  void cancelReachesEveryUpdateThatHasNotSentAPluginCall() {
    assertThat(UpdateState.NOT_STARTED.canMoveTo(UpdateState.CANCELED)).isTrue();
    assertThat(UpdateState.PENDING.canMoveTo(UpdateState.CANCELED)).isTrue();
  }

  @Test
  void aCanceledCommandPassesThroughCancelingWhileWorkIsInFlight() {
    assertThat(CommandState.IN_PROGRESS.canMoveTo(CommandState.CANCELED)).isFalse();
    assertThat(CommandState.IN_PROGRESS.canMoveTo(CommandState.CANCELING)).isTrue();
    assertThat(CommandState.CANCELING.next()).containsExactly(CommandState.CANCELED);
  }

  @Test
  void wireNamesRoundTrip() {
    Arrays.stream(UpdateState.values())
        .forEach(s -> assertThat(UpdateState.fromWire(s.wire())).isEqualTo(s));
    Arrays.stream(CommandState.values())
        .forEach(s -> assertThat(CommandState.fromWire(s.wire())).isEqualTo(s));
    assertThat(UpdateState.NOT_STARTED.wire()).isEqualTo("NotStarted");
  }

  @Test
  void anUpdateRefusesAnIllegalTransition() {
    ResourceUpdate u =
        ResourceUpdate.planned(
            "K",
            "net",
            "a",
            "T",
            "aws",
            Operation.CREATE,
            JsonNodeFactory.instance.objectNode(),
            null,
            null,
            false);
    ResourceUpdate done =
        u.withState(UpdateState.PENDING)
            .withState(UpdateState.IN_PROGRESS)
            .withState(UpdateState.SUCCESS);
    assertThatThrownBy(() -> done.withState(UpdateState.FAILED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("net/a")
        .hasMessageContaining("Success");
  }

  @Test
  void theCommandEndsCanceledOverFailedOverSuccess() {
    ResourceUpdate base =
        ResourceUpdate.planned(
            "K",
            "net",
            "a",
            "T",
            "aws",
            Operation.CREATE,
            JsonNodeFactory.instance.objectNode(),
            null,
            null,
            false);
    ResourceUpdate ok =
        base.withState(UpdateState.PENDING)
            .withState(UpdateState.IN_PROGRESS)
            .withState(UpdateState.SUCCESS);
    ResourceUpdate failed = base.failed("DependencyFailed", "b failed");
    ResourceUpdate canceled = base.withState(UpdateState.CANCELED);
    assertThat(FormaCommand.finalStateOf(List.of(ok))).isEqualTo(CommandState.SUCCESS);
    assertThat(FormaCommand.finalStateOf(List.of(ok, failed))).isEqualTo(CommandState.FAILED);
    assertThat(FormaCommand.finalStateOf(List.of(failed, canceled, ok)))
        .isEqualTo(CommandState.CANCELED);
  }
}
