package dev.forja.actors.changeset;

import static dev.forja.actors.changeset.ChangesetExecutorFixtures.CONFIG;
import static dev.forja.actors.changeset.ChangesetExecutorFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.changeset.ChangesetExecutorFixtures.CommandSketch;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Harness;
import dev.forja.actors.changeset.ChangesetExecutorFixtures.Started;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.FormaCommandPersister.Complete;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.resource.ResourceUpdater;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Driving the graph: what starts when, failures, replaces, nodes that cannot run. */
@ExtendWith(LogCapturingExtension.class)
class ChangesetExecutorTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  /** Long enough for a wrong start to show up; right ones are awaited, never slept for. */
  private static final Duration QUIET = Duration.ofMillis(100);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void startsOnlyReadyNodesInDependencyOrderThenCompletes() {
    CommandSketch c =
        command().create("a").create("b").create("c").create("d").waits("b", "a").waits("c", "b");
    Harness h = new Harness(testKit, c);
    h.start();

    Map<NodeKey, Started> first = h.expectStarted(2);
    assertThat(first.keySet())
        .containsExactlyInAnyOrder(c.node("a", Operation.CREATE), c.node("d", Operation.CREATE));
    h.started.expectNoMessage(QUIET);
    h.finish(first.get(c.node("a", Operation.CREATE)), UpdateState.SUCCESS);
    Started b = h.started.receiveMessage();
    assertThat(b.node()).isEqualTo(c.node("b", Operation.CREATE));
    assertThat(b.spec().resume()).isNull();
    assertThat(b.spec().target()).isEqualTo(ChangesetExecutorFixtures.TARGET);
    assertThat(b.spec().commandId()).isEqualTo(c.id());
    h.finish(b, UpdateState.SUCCESS);
    Started cc = h.started.receiveMessage();
    assertThat(cc.node()).isEqualTo(c.node("c", Operation.CREATE));
    h.finish(cc, UpdateState.SUCCESS);
    h.finish(first.get(c.node("d", Operation.CREATE)), UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.SUCCESS);
  }

  @Test
  void neverRunsMoreUpdatesAtOnceThanTheInFlightMaximum() {
    CommandSketch c = command().create("a").create("b").create("c").create("d").create("e");
    EngineSettings two = EngineSettings.defaults().toBuilder().maxInFlightUpdates(2).build();
    Harness h = new Harness(testKit, c, two, CommandState.SUCCESS);
    h.start();

    Map<NodeKey, Started> running = new HashMap<>(h.expectStarted(2));
    h.started.expectNoMessage(QUIET);
    int finished = 0;
    while (!running.isEmpty()) {
      Started next = running.values().iterator().next();
      running.remove(next.node());
      h.finish(next, UpdateState.SUCCESS);
      finished++;
      if (finished <= 3) {
        Started s = h.started.receiveMessage();
        running.put(s.node(), s);
      }
      assertThat(running).hasSizeLessThanOrEqualTo(2);
    }

    assertThat(finished).isEqualTo(5);
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.SUCCESS);
  }

  @Test
  void aFailureFailsItsTransitiveDependentsInOneRecordWhileAnIndependentSiblingRuns() {
    CommandSketch c =
        command()
            .create("a")
            .create("b")
            .create("c")
            .create("d")
            .create("s")
            .waits("b", "a")
            .waits("c", "b")
            .waits("d", "a");
    Harness h = new Harness(testKit, c, EngineSettings.defaults(), CommandState.FAILED);
    h.start();
    Map<NodeKey, Started> first = h.expectStarted(2);
    assertThat(first)
        .containsOnlyKeys(c.node("a", Operation.CREATE), c.node("s", Operation.CREATE));

    h.finish(first.get(c.node("a", Operation.CREATE)), UpdateState.FAILED);

    RecordDependentsFailed failed = h.expectPersisted(RecordDependentsFailed.class);
    assertThat(failed.ksuids()).containsExactlyInAnyOrder(c.ksuid("b"), c.ksuid("c"), c.ksuid("d"));
    assertThat(failed.errorCode()).isEqualTo(ErrorCodes.DEPENDENCY_FAILED);
    assertThat(failed.message()).isEqualTo("depends on web/a, which failed");
    h.persisted.expectNoMessage(QUIET);
    h.finish(first.get(c.node("s", Operation.CREATE)), UpdateState.SUCCESS);
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.FAILED);
  }

  @Test
  void aReplaceStartsItsCreateOnlyAfterItsDeleteSucceeded() {
    CommandSketch c = command().update("r", Operation.REPLACE, UpdateState.NOT_STARTED);
    Harness h = new Harness(testKit, c);
    h.start();

    Started delete = h.started.receiveMessage();
    assertThat(delete.node()).isEqualTo(c.node("r", Operation.DELETE));
    assertThat(delete.spec().operation()).isEqualTo(Operation.DELETE);
    h.started.expectNoMessage(QUIET);
    h.finish(delete, UpdateState.SUCCESS);
    Started create = h.started.receiveMessage();
    assertThat(create.node()).isEqualTo(c.node("r", Operation.CREATE));
    h.finish(create, UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.SUCCESS);
  }

  @Test
  void failsAnUpdateWhoseTargetIsMissingOrUnservedWithoutAnUpdater() {
    CommandSketch c =
        command()
            .update("a", Operation.CREATE, UpdateState.NOT_STARTED, "nowhere")
            .create("b")
            .update("x", Operation.CREATE, UpdateState.NOT_STARTED, "other")
            .create("d")
            .waits("b", "a")
            .target(new Target("other", "NOPE", null, false));
    Harness h = new Harness(testKit, c, EngineSettings.defaults(), CommandState.FAILED);
    h.start();

    RecordFinished a = h.expectPersisted(RecordFinished.class);
    assertThat(a.ksuid()).isEqualTo(c.ksuid("a"));
    assertThat(a.state()).isEqualTo(UpdateState.FAILED);
    assertThat(a.errorCode()).isEqualTo(ErrorCodes.PLUGIN_NOT_FOUND);
    assertThat(a.message()).contains("target nowhere");
    RecordFinished x = h.expectPersisted(RecordFinished.class);
    assertThat(x.ksuid()).isEqualTo(c.ksuid("x"));
    assertThat(x.message()).isEqualTo("no plugin serves namespace NOPE of target other");
    assertThat(h.expectPersisted(RecordDependentsFailed.class).ksuids())
        .containsExactly(c.ksuid("b"));
    Started d = h.started.receiveMessage();
    assertThat(d.node()).isEqualTo(c.node("d", Operation.CREATE));
    h.finish(d, UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.FAILED);
  }

  @Test
  void anUpdaterThatStopsWithoutReportingIsRecordedFailedAndItsDependentsToo() {
    CommandSketch c = command().create("a").create("b").waits("b", "a");
    Harness h = new Harness(testKit, c, EngineSettings.defaults(), CommandState.FAILED);
    h.start();

    h.finish(h.started.receiveMessage(), null);

    RecordFinished a = h.expectPersisted(RecordFinished.class);
    assertThat(a.ksuid()).isEqualTo(c.ksuid("a"));
    assertThat(a.errorCode()).isEqualTo(ErrorCodes.INTERNAL_FAILURE);
    assertThat(h.expectPersisted(RecordDependentsFailed.class).ksuids())
        .containsExactly(c.ksuid("b"));
    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.FAILED);
  }

  @Test
  void ignoresALateOrDuplicateEndOfANodeThatAlreadyEnded() {
    CommandSketch c = command().create("a").create("b").create("x").waits("x", "a");
    Harness h = new Harness(testKit, c);
    h.start();
    Map<NodeKey, Started> first = h.expectStarted(2);
    Started a = first.get(c.node("a", Operation.CREATE));
    h.finish(a, UpdateState.SUCCESS);
    Started x = h.started.receiveMessage();

    a.peers()
        .replyTo()
        .tell(new ResourceUpdater.Ended(a.node(), UpdateState.FAILED, "InternalFailure", "late"));
    h.finish(x, UpdateState.SUCCESS);
    h.finish(first.get(c.node("b", Operation.CREATE)), UpdateState.SUCCESS);

    h.expectPersisted(Complete.class);
    h.expectEnded(CommandState.SUCCESS);
  }

  @Test
  void passesItsUpdatersOneResolveCacheAndItsPeers() {
    CommandSketch c = command().create("a").create("b");
    Harness h = new Harness(testKit, c, FormaCommandPersister.Complete.class);
    h.start();

    Map<NodeKey, Started> started = h.expectStarted(2);
    var peers = started.values().stream().map(Started::peers).distinct().toList();
    assertThat(peers).hasSize(1);
    assertThat(peers.get(0).cache()).isNotNull();
    assertThat(peers.get(0).cache().path().name()).isEqualTo("resolve-cache");
    assertThat(started.values())
        .extracting(s -> s.updater().path().name())
        .containsExactlyInAnyOrder(
            "upd-" + c.ksuid("a") + "-create", "upd-" + c.ksuid("b") + "-create");
  }
}
