package dev.forja.actors.changeset;

import static dev.forja.actors.changeset.ChangesetExecutorFixtures.CONFIG;
import static dev.forja.actors.changeset.ChangesetExecutorFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.changeset.ChangesetExecutorFixtures.CommandSketch;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Harness;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Started;
import dev.forja.actors.command.FormaCommandPersister.Complete;
import dev.forja.actors.command.FormaCommandPersister.GetView;
import dev.forja.actors.command.FormaCommandPersister.RecordCancel;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cancel at every point: before start, while updates run, twice, and after the end (L4, L11). */
@ExtendWith(LogCapturingExtension.class)
class ChangesetExecutorCancelTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  /** Long enough for a premature Complete to show up. */
  private static final Duration QUIET = Duration.ofMillis(100);

  private static final Map<String, UpdateState> OUTCOME =
      Map.of("a", UpdateState.SUCCESS, "b", UpdateState.FAILED, "c", UpdateState.SUCCESS);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** Every order of a, b and c's completions, with 0 to 3 of them before the cancel. */
  static Stream<Arguments> completionOrders() {
    List<List<String>> orders =
        List.of(
            List.of("a", "b", "c"),
            List.of("a", "c", "b"),
            List.of("b", "a", "c"),
            List.of("b", "c", "a"),
            List.of("c", "a", "b"),
            List.of("c", "b", "a"));
    return orders.stream()
        .flatMap(o -> IntStream.rangeClosed(0, 3).mapToObj(k -> Arguments.of(o, k)));
  }

  /**
   * a, b and c run at once; d waits for b, e for a and c; b fails, a and c succeed. Whatever the
   * order and however many end before the cancel, every end is counted, nothing crashes, what never
   * started is canceled, and the command ends Canceled only after the last call in flight.
   */
  @ParameterizedTest(name = "{0}, {1} before the cancel")
  @MethodSource("completionOrders")
  void cancelWhileThreeUpdatesRunEndsCanceledWhateverTheOrderOfTheirEnds(
      List<String> order, int beforeCancel) {
    CommandSketch c =
        command()
            .create("a")
            .create("b")
            .create("c")
            .create("d")
            .create("e")
            .waits("d", "b")
            .waits("e", "a")
            .waits("e", "c");
    Harness h = new Harness(testKit, c, Complete.class);
    h.start();
    Map<NodeKey, Started> running = h.expectStarted(3);
    Set<String> ended = new HashSet<>();

    List<Started> inFlight = new ArrayList<>();
    for (String label : order.subList(0, beforeCancel)) {
      h.finish(running.get(c.node(label, Operation.CREATE)), OUTCOME.get(label));
      ended.add(label);
      if (label.equals("b")) {
        assertThat(h.expectPersisted(RecordDependentsFailed.class).ksuids())
            .containsExactly(c.ksuid("d"));
      }
      if ((label.equals("a") && ended.contains("c"))
          || (label.equals("c") && ended.contains("a"))) {
        inFlight.add(h.started.receiveMessage());
      }
    }
    var canceled = h.cancel();

    List<String> expectCanceled = new ArrayList<>();
    if (!ended.contains("b")) {
      expectCanceled.add(c.ksuid("d"));
    }
    if (!(ended.contains("a") && ended.contains("c"))) {
      expectCanceled.add(c.ksuid("e"));
    }
    assertThat(h.expectPersisted(RecordCancel.class).notStarted())
        .containsExactlyInAnyOrderElementsOf(expectCanceled);
    canceled.expectMessage(StatusReply.success(CommandState.CANCELING));

    for (String label : order.subList(beforeCancel, 3)) {
      inFlight.add(running.get(c.node(label, Operation.CREATE)));
    }
    for (int i = 0; i < inFlight.size(); i++) {
      if (i == inFlight.size() - 1) {
        h.persisted.expectNoMessage(QUIET);
      }
      Started s = inFlight.get(i);
      h.finish(s, s.node().ksuid().equals(c.ksuid("e")) ? UpdateState.SUCCESS : outcome(c, s));
    }
    h.started.expectNoMessage(Duration.ZERO);
    Complete complete = h.expectPersisted(Complete.class);
    h.cancel().expectMessage(StatusReply.success(CommandState.CANCELED));
    h.ended.expectNoMessage(Duration.ZERO);
    complete.replyTo().tell(StatusReply.success(CommandState.CANCELED));
    h.expectEnded(CommandState.CANCELED);
  }

  private static UpdateState outcome(CommandSketch c, Started s) {
    return OUTCOME.entrySet().stream()
        .filter(e -> c.ksuid(e.getKey()).equals(s.node().ksuid()))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void aSecondCancelRepliesCancelingAgainAndCancelsNothingNew() {
    CommandSketch c = command().create("a").create("b").waits("b", "a");
    Harness h = new Harness(testKit, c);
    h.start();
    Started a = h.started.receiveMessage();

    h.cancel().expectMessage(StatusReply.success(CommandState.CANCELING));
    assertThat(h.expectPersisted(RecordCancel.class).notStarted()).containsExactly(c.ksuid("b"));
    h.cancel().expectMessage(StatusReply.success(CommandState.CANCELING));
    h.executor.tell(ChangesetExecutor.Start.INSTANCE);
    h.finish(a, UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.CANCELED);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCancelBeforeStartLoadsTheCommandCancelsEverythingAndEnds() {
    CommandSketch c = command().create("a").create("b").waits("b", "a");
    Harness h = new Harness(testKit, c);

    var canceled = h.cancel();

    h.expectPersisted(GetView.class);
    assertThat(h.expectPersisted(RecordCancel.class).notStarted())
        .containsExactlyInAnyOrder(c.ksuid("a"), c.ksuid("b"));
    canceled.expectMessage(StatusReply.success(CommandState.CANCELING));
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.CANCELED);
    h.executor.tell(ChangesetExecutor.Start.INSTANCE);
    h.persisted.expectNoMessage(QUIET);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aStartAfterACancelWhileLoadingStartsNothingMore() {
    CommandSketch c = command().create("a");
    Harness h = new Harness(testKit, c, GetView.class);
    var canceled = h.cancel();
    GetView load = h.expectPersisted(GetView.class);

    h.executor.tell(ChangesetExecutor.Start.INSTANCE);
    load.replyTo().tell(StatusReply.success(c.view()));

    assertThat(h.expectPersisted(RecordCancel.class).notStarted()).containsExactly(c.ksuid("a"));
    canceled.expectMessage(StatusReply.success(CommandState.CANCELING));
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.CANCELED);
    h.started.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aReplaceWhoseDeleteRanIsNotCanceledAndRecreatesItsResource() {
    CommandSketch c =
        command()
            .update("r", Operation.REPLACE, UpdateState.NOT_STARTED)
            .create("x")
            .waits("x", "r");
    Harness h = new Harness(testKit, c);
    h.start();
    Started delete = h.started.receiveMessage();
    assertThat(delete.node()).isEqualTo(c.node("r", Operation.DELETE));

    h.cancel().expectMessage(StatusReply.success(CommandState.CANCELING));
    assertThat(h.expectPersisted(RecordCancel.class).notStarted()).containsExactly(c.ksuid("x"));
    h.finish(delete, UpdateState.SUCCESS);

    Started create = h.started.receiveMessage();
    assertThat(create.node()).isEqualTo(c.node("r", Operation.CREATE));
    h.persisted.expectNoMessage(QUIET);
    h.finish(create, UpdateState.SUCCESS);
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.CANCELED);
  }

  @Test
  void onceEndingItIgnoresStartAndAnswersCancelWithTheStateItEndsIn() {
    CommandSketch c = command().create("a");
    Harness h = new Harness(testKit, c, Complete.class);
    h.start();
    h.finish(h.started.receiveMessage(), UpdateState.SUCCESS);
    Complete complete = h.expectPersisted(Complete.class);

    h.executor.tell(ChangesetExecutor.Start.INSTANCE);
    h.cancel().expectMessage(StatusReply.success(CommandState.SUCCESS));
    h.persisted.expectNoMessage(QUIET);
    h.ended.expectNoMessage(Duration.ZERO);

    complete.replyTo().tell(StatusReply.success(CommandState.SUCCESS));
    h.expectEnded(CommandState.SUCCESS);
  }
}
