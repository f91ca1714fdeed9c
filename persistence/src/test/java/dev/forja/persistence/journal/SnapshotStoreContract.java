package dev.forja.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.DeleteSnapshotSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol.DeleteSnapshot;
import org.apache.pekko.persistence.SnapshotProtocol.DeleteSnapshots;
import org.apache.pekko.persistence.SnapshotProtocol.LoadSnapshot;
import org.apache.pekko.persistence.SnapshotProtocol.LoadSnapshotFailed;
import org.apache.pekko.persistence.SnapshotProtocol.LoadSnapshotResult;
import org.apache.pekko.persistence.SnapshotProtocol.SaveSnapshot;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.OptionConverters;

/**
 * The snapshot-store plugin contract, written once and run against every snapshot store Forja ships
 * (SQLite, PostgreSQL) and against Pekko's local (file) store, which keeps the suite honest.
 *
 * <p>It drives the plugin actor with {@link SaveSnapshot}, {@link LoadSnapshot}, {@link
 * DeleteSnapshot} and {@link DeleteSnapshots} from probes, as Pekko's TCK does. Snapshots are
 * {@link ContractPayload}s, serialized by jackson-cbor. The store stamps each snapshot with the
 * time it saved it; the suite selects by the stamps it gets back.
 */
public abstract class SnapshotStoreContract extends PersistencePluginContract {

  private static final SnapshotSelectionCriteria LATEST = SnapshotSelectionCriteria.latest();

  // ---- save and load ----

  @Test
  void loadsTheLatestSnapshot() {
    String pid = pid("latest");
    List<SnapshotMetadata> saved = saveSnapshots(pid, 10, 14);

    SelectedSnapshot latest = load(pid, LATEST, Long.MAX_VALUE).orElseThrow();

    assertThat(latest.metadata().persistenceId()).isEqualTo(pid);
    assertThat(latest.metadata().sequenceNr()).isEqualTo(14);
    assertThat(latest.metadata().timestamp()).isEqualTo(saved.get(4).timestamp());
    assertThat(latest.snapshot()).isEqualTo(new ContractPayload("s-14"));
  }

  @Test
  void loadsNothingForAnUnknownPersistenceId() {
    assertThat(load(pid("unknown"), LATEST, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void loadsTheLatestSnapshotUpToAMaxSequenceNumber() {
    String pid = pid("max-seq");
    saveSnapshots(pid, 10, 14);

    assertThat(sequenceNr(load(pid, criteria(12, Long.MAX_VALUE), Long.MAX_VALUE))).contains(12L);
    assertThat(sequenceNr(load(pid, LATEST, 13))).contains(13L);
    assertThat(sequenceNr(load(pid, criteria(13, Long.MAX_VALUE), 11))).contains(11L);
    assertThat(load(pid, criteria(9, Long.MAX_VALUE), Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void loadsTheLatestSnapshotUpToAMaxTimestamp() {
    String pid = pid("max-time");
    List<SnapshotMetadata> saved = saveSnapshots(pid, 10, 14);

    assertThat(sequenceNr(load(pid, criteria(Long.MAX_VALUE, saved.get(2).timestamp()), 99)))
        .contains(12L);
    assertThat(load(pid, criteria(Long.MAX_VALUE, saved.get(0).timestamp() - 1), 99)).isEmpty();
    // Both bounds apply: the sequence number bound is the tighter one here.
    assertThat(sequenceNr(load(pid, criteria(11, saved.get(3).timestamp()), 99))).contains(11L);
  }

  @Test
  void failsToSaveASnapshotThatCannotBeSerializedAndKeepsTheOthers() {
    String pid = pid("unserializable");
    saveSnapshots(pid, 1, 1);
    TestKit probe = probe();

    snapshotStore()
        .tell(
            new SaveSnapshot(new SnapshotMetadata(pid, 2, 0L), new UnserializablePayload("s-2")),
            probe.getRef());

    SaveSnapshotFailure failure = probe.expectMsgClass(TIMEOUT, SaveSnapshotFailure.class);
    assertThat(failure.metadata().sequenceNr()).isEqualTo(2);
    assertThat(load(pid, LATEST, Long.MAX_VALUE).orElseThrow().snapshot())
        .isEqualTo(new ContractPayload("s-1"));
    saveSnapshots(pid, 3, 3);
    assertThat(sequenceNr(load(pid, LATEST, Long.MAX_VALUE))).contains(3L);
  }

  // ---- deletes ----

  @Test
  void deletesOneSnapshot() {
    String pid = pid("delete-one");
    List<SnapshotMetadata> saved = saveSnapshots(pid, 10, 14);
    TestKit probe = probe();

    snapshotStore().tell(new DeleteSnapshot(saved.get(4)), probe.getRef());

    assertThat(probe.expectMsgClass(TIMEOUT, DeleteSnapshotSuccess.class).metadata())
        .isEqualTo(saved.get(4));
    assertThat(sequenceNr(load(pid, LATEST, Long.MAX_VALUE))).contains(13L);
    assertThat(sequenceNr(load(pid, criteria(12, Long.MAX_VALUE), Long.MAX_VALUE))).contains(12L);
  }

  @Test
  void deletesTheSnapshotsMatchingCriteria() {
    String pid = pid("delete-criteria");
    saveSnapshots(pid, 10, 14);

    deleteSnapshots(pid, criteria(12, Long.MAX_VALUE));

    assertThat(sequenceNr(load(pid, LATEST, Long.MAX_VALUE))).contains(14L);
    assertThat(sequenceNr(load(pid, criteria(13, Long.MAX_VALUE), Long.MAX_VALUE))).contains(13L);
    assertThat(load(pid, criteria(12, Long.MAX_VALUE), Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void deletesOnlyTheSnapshotsBetweenTheCriteriaBounds() {
    String pid = pid("delete-between");
    saveSnapshots(pid, 10, 14);

    deleteSnapshots(pid, SnapshotSelectionCriteria.create(12, Long.MAX_VALUE, 11, 0L));

    assertThat(sequenceNr(load(pid, criteria(12, Long.MAX_VALUE), Long.MAX_VALUE))).contains(10L);
    assertThat(sequenceNr(load(pid, LATEST, Long.MAX_VALUE))).contains(14L);
  }

  @Test
  void deletesEverySnapshotOfAPersistenceIdAndNoOther() {
    String a = pid("delete-all-a");
    String b = pid("delete-all-b");
    saveSnapshots(a, 1, 3);
    saveSnapshots(b, 1, 3);

    deleteSnapshots(a, LATEST);

    assertThat(load(a, LATEST, Long.MAX_VALUE)).isEmpty();
    assertThat(sequenceNr(load(b, LATEST, Long.MAX_VALUE))).contains(3L);
  }

  // ---- durability ----

  @Test
  void loadsTheLatestSnapshotAfterTheSystemRestarts() {
    String pid = pid("restart");
    saveSnapshots(pid, 1, 3);
    deleteSnapshots(pid, criteria(1, Long.MAX_VALUE));

    restartSystem();

    SelectedSnapshot latest = load(pid, LATEST, Long.MAX_VALUE).orElseThrow();
    assertThat(latest.metadata().sequenceNr()).isEqualTo(3);
    assertThat(latest.snapshot()).isEqualTo(new ContractPayload("s-3"));
    assertThat(sequenceNr(load(pid, criteria(2, Long.MAX_VALUE), Long.MAX_VALUE))).contains(2L);
    assertThat(load(pid, criteria(1, Long.MAX_VALUE), Long.MAX_VALUE)).isEmpty();
  }

  // ---- helpers ----

  /**
   * Saves a snapshot {@code s-<seq>} at each sequence number {@code from..to} and returns the
   * metadata the store stamped on each. Each save waits until the clock has moved past the previous
   * stamp, so that every snapshot has its own timestamp and timestamp bounds can tell them apart.
   */
  protected final List<SnapshotMetadata> saveSnapshots(String pid, long from, long to) {
    TestKit probe = probe();
    List<SnapshotMetadata> saved = new ArrayList<>();
    for (long seq = from; seq <= to; seq++) {
      if (!saved.isEmpty()) {
        long previous = saved.get(saved.size() - 1).timestamp();
        while (System.currentTimeMillis() <= previous) {
          Thread.onSpinWait();
        }
      }
      snapshotStore()
          .tell(
              new SaveSnapshot(new SnapshotMetadata(pid, seq, 0L), new ContractPayload("s-" + seq)),
              probe.getRef());
      SnapshotMetadata metadata =
          probe.expectMsgClass(TIMEOUT, SaveSnapshotSuccess.class).metadata();
      assertThat(metadata.persistenceId()).isEqualTo(pid);
      assertThat(metadata.sequenceNr()).isEqualTo(seq);
      saved.add(metadata);
    }
    return saved;
  }

  /** Loads the snapshot of {@code pid} that {@code criteria} and {@code toSequenceNr} select. */
  protected final Optional<SelectedSnapshot> load(
      String pid, SnapshotSelectionCriteria criteria, long toSequenceNr) {
    TestKit probe = probe();
    snapshotStore().tell(new LoadSnapshot(pid, criteria, toSequenceNr), probe.getRef());
    Object reply = probe.expectMsgClass(TIMEOUT, Object.class);
    if (reply instanceof LoadSnapshotFailed failed) {
      throw new AssertionError("loading a snapshot of " + pid + " failed", failed.cause());
    }
    if (!(reply instanceof LoadSnapshotResult result)) {
      throw new AssertionError("unexpected reply to LoadSnapshot: " + reply);
    }
    assertThat(result.toSequenceNr()).isEqualTo(toSequenceNr);
    return OptionConverters.toJava(result.snapshot());
  }

  /** Deletes the snapshots of {@code pid} that {@code criteria} select and awaits the reply. */
  protected final void deleteSnapshots(String pid, SnapshotSelectionCriteria criteria) {
    TestKit probe = probe();
    snapshotStore().tell(new DeleteSnapshots(pid, criteria), probe.getRef());
    assertThat(probe.expectMsgClass(TIMEOUT, DeleteSnapshotsSuccess.class).criteria())
        .isEqualTo(criteria);
  }

  private static SnapshotSelectionCriteria criteria(long maxSequenceNr, long maxTimestamp) {
    return SnapshotSelectionCriteria.create(maxSequenceNr, maxTimestamp);
  }

  private static Optional<Long> sequenceNr(Optional<SelectedSnapshot> snapshot) {
    return snapshot.map(s -> s.metadata().sequenceNr());
  }
}
