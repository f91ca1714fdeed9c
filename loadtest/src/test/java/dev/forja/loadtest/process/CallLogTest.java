package dev.forja.loadtest.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the resume scenario concludes from the sim's op log: resends of one attempt are replays, a
 * second identifier for one resource is a duplicate create, and mutations name their resource.
 */
class CallLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static SimServerProcess.Call call(
      String op, String id, String token, int secondsAfterStart) {
    return new SimServerProcess.Call(
        op, "AWS::S3::Bucket", id, token, T0.plusSeconds(secondsAfterStart));
  }

  @Test
  void aReplayedTokenIsNoDuplicateButASecondIdentifierIs() {
    CallLog log =
        new CallLog(
            List.of(
                call("Create", "b-1", "CMD-KA-create-1", 0),
                call("Create", "b-1", "CMD-KA-create-1", 5),
                call("Status", "b-1", null, 6),
                call("Create", null, "CMD-KB-create-1", 7),
                call("Create", "b-2", "CMD-KB-create-2", 8),
                call("Create", "b-3", "CMD-KB-create-3", 9)));

    assertThat(log.repeatedCreateTokens()).isEqualTo(1);
    assertThat(log.duplicateCreates())
        .singleElement()
        .asString()
        .contains("KB", "2 times", "b-2", "b-3");
    assertThat(log.byOp()).containsEntry("Create", 5L).containsEntry("Status", 1L);
  }

  @Test
  void splitsByTimeAndNamesTheResourcesMutated() {
    CallLog log =
        new CallLog(
            List.of(
                call("Create", "b-1", "CMD-KA-create-1", 0),
                call("Read", "b-1", null, 10),
                call("Delete", "b-2", "CMD-KB-delete-1", 11),
                call("Status", "b-2", null, 12)));

    CallLog after = log.between(T0.plusSeconds(10), null);

    assertThat(after.calls()).hasSize(3);
    assertThat(after.first()).get().extracting(SimServerProcess.Call::op).isEqualTo("Read");
    assertThat(after.mutatedKsuids()).containsExactly("KB");
    assertThat(log.between(T0, T0.plusSeconds(10)).calls()).hasSize(1);
  }
}
