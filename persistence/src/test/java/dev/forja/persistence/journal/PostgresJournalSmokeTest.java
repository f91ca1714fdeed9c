package dev.forja.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.engine.serialization.CborSerializable;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stock pekko-persistence-jdbc plugin on Forja's PostgreSQL schema, as {@code
 * forja-postgresql.conf} ({@link JournalConfigs#forStore}) configures it: a typed event-sourced
 * entity persists events and snapshots, and a new actor system (a restarted process) recovers them.
 */
class PostgresJournalSmokeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension static PostgresFixture pg = new PostgresFixture();

  /** Held across the test, as ForjaEngine holds it around its actor system. */
  private static Database database;

  /** Opening Forja's database migrates it: the plugin finds its tables when it first connects. */
  @BeforeAll
  static void openDatabase() {
    database = Databases.acquire(pg.settings());
  }

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aNewActorSystemRecoversEventsAndSnapshots() throws SQLException {
    List<String> twelve = lines(12);
    ActorTestKit first = ActorTestKit.create("smoke", config());
    try {
      TestProbe<Long> snapshots = first.createTestProbe();
      ActorRef<Notebook.Command> a = first.spawn(Notebook.create("a", snapshots.getRef()));
      ActorRef<Notebook.Command> b = first.spawn(Notebook.create("b", snapshots.getRef()));
      write(first, a, twelve);
      write(first, b, lines(3));
      // Snapshots every 5 events: after the 5th and the 10th.
      assertThat(List.of(snapshots.receiveMessage(TIMEOUT), snapshots.receiveMessage(TIMEOUT)))
          .containsExactly(5L, 10L);
    } finally {
      first.shutdownTestKit();
    }
    assertThat(sequenceNumbers("snapshot", "Notebook|a")).containsExactly(5L, 10L);
    assertThat(sequenceNumbers("event_journal", "Notebook|a"))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> (long) i).toList());
    // Without the events the snapshot covers, only the snapshot can bring back lines 1 to 10.
    deleteEventsUpTo("Notebook|a", 10);

    ActorTestKit second = ActorTestKit.create("smoke", config());
    try {
      TestProbe<Long> snapshots = second.createTestProbe();
      ActorRef<Notebook.Command> a = second.spawn(Notebook.create("a", snapshots.getRef()));
      ActorRef<Notebook.Command> b = second.spawn(Notebook.create("b", snapshots.getRef()));
      assertThat(read(second, a)).containsExactlyElementsOf(twelve);
      assertThat(read(second, b)).containsExactlyElementsOf(lines(3));
      write(second, a, List.of("line-13"));
    } finally {
      second.shutdownTestKit();
    }
    assertThat(sequenceNumbers("event_journal", "Notebook|a")).containsExactly(11L, 12L, 13L);
  }

  private static Config config() {
    return ConfigFactory.parseMap(Map.of("forja.postgres.url", pg.url()))
        .withFallback(
            ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.loglevel = WARNING",
                    "pekko.actor.serialization-bindings {",
                    "  \"dev.forja.engine.serialization.CborSerializable\" = jackson-cbor",
                    "}")))
        .withFallback(JournalConfigs.forStore(pg.settings()))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  private static List<String> lines(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "line-" + i).toList();
  }

  private static void write(
      ActorTestKit kit, ActorRef<Notebook.Command> notebook, List<String> texts) {
    TestProbe<StatusReply<Long>> probe = kit.createTestProbe();
    for (String text : texts) {
      notebook.tell(new Notebook.Write(text, probe.getRef()));
      assertThat(probe.receiveMessage(TIMEOUT).isSuccess()).isTrue();
    }
  }

  private static List<String> read(ActorTestKit kit, ActorRef<Notebook.Command> notebook) {
    TestProbe<List<String>> probe = kit.createTestProbe();
    notebook.tell(new Notebook.Read(probe.getRef()));
    return probe.receiveMessage(TIMEOUT);
  }

  private static List<Long> sequenceNumbers(String table, String persistenceId)
      throws SQLException {
    try (Connection connection = pg.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT sequence_number FROM "
                    + table
                    + " WHERE persistence_id = ? ORDER BY sequence_number")) {
      statement.setString(1, persistenceId);
      List<Long> numbers = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          numbers.add(rows.getLong(1));
        }
      }
      return numbers;
    }
  }

  private static void deleteEventsUpTo(String persistenceId, long sequenceNumber)
      throws SQLException {
    try (Connection connection = pg.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_number <= ?")) {
      statement.setString(1, persistenceId);
      statement.setLong(2, sequenceNumber);
      statement.executeUpdate();
    }
  }

  /** An entity that keeps the lines written to it; snapshots every 5 events. */
  static final class Notebook
      extends EventSourcedBehaviorWithEnforcedReplies<
          Notebook.Command, Notebook.Written, Notebook.Page> {

    sealed interface Command permits Write, Read {}

    /** Appends a line; replies with its sequence number. */
    record Write(String text, ActorRef<StatusReply<Long>> replyTo) implements Command {}

    /** Replies with every line, oldest first. */
    record Read(ActorRef<List<String>> replyTo) implements Command {}

    /** A line was written. */
    record Written(String text) implements CborSerializable {}

    /** The lines so far; also the snapshot. */
    record Page(List<String> lines) implements CborSerializable {
      Page with(String text) {
        List<String> more = new ArrayList<>(lines);
        more.add(text);
        return new Page(List.copyOf(more));
      }
    }

    private final ActorRef<Long> snapshots;

    private Notebook(String id, ActorRef<Long> snapshots) {
      super(PersistenceId.of("Notebook", id));
      this.snapshots = snapshots;
    }

    /** A notebook that tells {@code snapshots} the sequence number of every snapshot it saves. */
    static Behavior<Command> create(String id, ActorRef<Long> snapshots) {
      return new Notebook(id, snapshots);
    }

    @Override
    public Page emptyState() {
      return new Page(List.of());
    }

    @Override
    public CommandHandlerWithReply<Command, Written, Page> commandHandler() {
      return newCommandHandlerWithReplyBuilder()
          .forAnyState()
          .onCommand(Write.class, this::onWrite)
          .onCommand(Read.class, (page, read) -> Effect().reply(read.replyTo(), page.lines()))
          .build();
    }

    private ReplyEffect<Written, Page> onWrite(Write write) {
      return Effect()
          .persist(new Written(write.text()))
          .thenReply(write.replyTo(), page -> StatusReply.success((long) page.lines().size()));
    }

    @Override
    public EventHandler<Page, Written> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onEvent(Written.class, (page, written) -> page.with(written.text()))
          .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(5, 2);
    }

    @Override
    public SignalHandler<Page> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(
              SnapshotCompleted.class, (page, done) -> snapshots.tell(done.metadata().sequenceNr()))
          .build();
    }
  }
}
