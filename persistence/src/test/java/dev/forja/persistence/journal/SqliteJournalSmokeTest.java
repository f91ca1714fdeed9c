package dev.forja.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.engine.serialization.CborSerializable;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.testing.SqliteFixture;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forja's SQLite journal and snapshot store under a typed event-sourced entity, as {@code
 * forja-sqlite.conf} configures them: events and snapshots written by one actor system come back in
 * a new one on the same file, as after a process restart.
 */
class SqliteJournalSmokeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aNewActorSystemRecoversEventsAndSnapshots() {
    ActorTestKit first = ActorTestKit.create("smoke", config());
    try {
      TestProbe<Long> snapshots = first.createTestProbe();
      ActorRef<Tally.Command> a = first.spawn(Tally.create("a", snapshots.getRef()));
      ActorRef<Tally.Command> b = first.spawn(Tally.create("b", snapshots.getRef()));
      add(first, a, items(1, 12));
      add(first, b, items(1, 3));
      // A snapshot every 5 events: after the 5th and the 10th of a.
      assertThat(List.of(snapshots.receiveMessage(TIMEOUT), snapshots.receiveMessage(TIMEOUT)))
          .containsExactly(5L, 10L);
    } finally {
      first.shutdownTestKit();
    }
    // Without the events the snapshot covers, only the snapshot can bring back items 1 to 10.
    deleteEventRowsUpTo("Tally|a", 10);

    ActorTestKit second = ActorTestKit.create("smoke", config());
    try {
      TestProbe<Long> snapshots = second.createTestProbe();
      ActorRef<Tally.Command> a = second.spawn(Tally.create("a", snapshots.getRef()));
      ActorRef<Tally.Command> b = second.spawn(Tally.create("b", snapshots.getRef()));
      assertThat(items(second, a)).containsExactlyElementsOf(items(1, 12));
      assertThat(items(second, b)).containsExactlyElementsOf(items(1, 3));
      // The sequence numbers go on from the recovered ones.
      assertThat(add(second, a, List.of("item-13"))).containsExactly(13L);
    } finally {
      second.shutdownTestKit();
    }
  }

  private Config config() {
    return SqliteFixture.config(dir)
        .withFallback(
            ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.loglevel = WARNING",
                    "pekko.actor.serialization-bindings {",
                    "  \"dev.forja.engine.serialization.CborSerializable\" = jackson-cbor",
                    "}")))
        .withFallback(SqliteFixture.pluginConfig(dir))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  private void deleteEventRowsUpTo(String persistenceId, long sequenceNr) {
    try (Database db = Databases.acquire(SqliteFixture.settings(dir))) {
      db.writeAndWait(
          c -> {
            try (PreparedStatement delete =
                c.prepareStatement(
                    "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_nr <= ?")) {
              delete.setString(1, persistenceId);
              delete.setLong(2, sequenceNr);
              return delete.executeUpdate();
            }
          });
      long left =
          db.read(
              c -> {
                try (PreparedStatement count =
                        c.prepareStatement(
                            "SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?");
                    ResultSet rs = bind(count, persistenceId).executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(left).isEqualTo(2);
    }
  }

  private static PreparedStatement bind(PreparedStatement statement, String value)
      throws java.sql.SQLException {
    statement.setString(1, value);
    return statement;
  }

  private static List<String> items(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "item-" + i).toList();
  }

  private static List<Long> add(
      ActorTestKit kit, ActorRef<Tally.Command> tally, List<String> items) {
    TestProbe<Long> probe = kit.createTestProbe();
    List<Long> sequenceNrs = new ArrayList<>();
    for (String item : items) {
      tally.tell(new Tally.Add(item, probe.getRef()));
      sequenceNrs.add(probe.receiveMessage(TIMEOUT));
    }
    return sequenceNrs;
  }

  private static List<String> items(ActorTestKit kit, ActorRef<Tally.Command> tally) {
    TestProbe<List<String>> probe = kit.createTestProbe();
    tally.tell(new Tally.Get(probe.getRef()));
    return probe.receiveMessage(TIMEOUT);
  }

  /** An entity that keeps the items added to it; a snapshot every 5 events. */
  static final class Tally
      extends EventSourcedBehaviorWithEnforcedReplies<Tally.Command, Tally.Added, Tally.Items> {

    sealed interface Command permits Add, Get {}

    /** Adds an item; replies with the sequence number of its event. */
    record Add(String item, ActorRef<Long> replyTo) implements Command {}

    /** Replies with the items, oldest first. */
    record Get(ActorRef<List<String>> replyTo) implements Command {}

    /** An item was added. */
    record Added(String item) implements CborSerializable {}

    /** The items so far; also the snapshot. */
    record Items(List<String> items) implements CborSerializable {
      Items plus(String item) {
        List<String> more = new ArrayList<>(items);
        more.add(item);
        return new Items(List.copyOf(more));
      }
    }

    private final ActorRef<Long> snapshots;

    private Tally(String id, ActorRef<Long> snapshots) {
      super(PersistenceId.of("Tally", id));
      this.snapshots = snapshots;
    }

    /** A tally that tells {@code snapshots} the sequence number of every snapshot it saves. */
    static Behavior<Command> create(String id, ActorRef<Long> snapshots) {
      return new Tally(id, snapshots);
    }

    @Override
    public Items emptyState() {
      return new Items(List.of());
    }

    @Override
    public CommandHandlerWithReply<Command, Added, Items> commandHandler() {
      return newCommandHandlerWithReplyBuilder()
          .forAnyState()
          .onCommand(Add.class, this::onAdd)
          .onCommand(Get.class, (items, get) -> Effect().reply(get.replyTo(), items.items()))
          .build();
    }

    private ReplyEffect<Added, Items> onAdd(Add add) {
      return Effect()
          .persist(new Added(add.item()))
          .thenReply(add.replyTo(), items -> (long) items.items().size());
    }

    @Override
    public EventHandler<Items, Added> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onEvent(Added.class, (items, added) -> items.plus(added.item()))
          .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(5, 2);
    }

    @Override
    public SignalHandler<Items> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(
              SnapshotCompleted.class,
              (items, done) -> snapshots.tell(done.metadata().sequenceNr()))
          .build();
    }
  }
}
