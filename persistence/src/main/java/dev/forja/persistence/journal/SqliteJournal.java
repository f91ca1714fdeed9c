package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Forja's journal on SQLite (plugin id {@code forja.journal.sqlite}, see {@code
 * forja-sqlite.conf}). Every write call of the plugin is one work of the shared database's single
 * writer, which commits all pending works of the process in one transaction; replays and
 * sequence-number queries run on read connections on the plugin's read threads.
 *
 * <p>Events are stored as Pekko-serialized bytes with their serializer id and manifest. Tags are
 * not stored: Forja reads no events by tag. Deleting events removes them, except the highest of
 * each persistence id, which stays marked deleted (without its payload) so that the highest
 * sequence number survives deleting everything.
 */
public final class SqliteJournal extends AsyncWriteJournal {

  private static final String INSERT =
      "INSERT INTO event_journal (persistence_id, sequence_nr, writer_uuid, write_timestamp,"
          + " adapter_manifest, serializer_id, ser_manifest, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String REPLAY =
      "SELECT sequence_nr, writer_uuid, write_timestamp, adapter_manifest, serializer_id,"
          + " ser_manifest, payload FROM event_journal"
          + " WHERE persistence_id = ? AND sequence_nr >= ? AND sequence_nr <= ? AND deleted = 0"
          + " ORDER BY sequence_nr LIMIT ?";

  private static final String HIGHEST =
      "SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = ?";

  private static final String DELETE_BELOW_HIGHEST =
      "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_nr <= ? AND sequence_nr <"
          + " (SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = ?)";

  private static final String MARK_DELETED =
      "UPDATE event_journal SET deleted = 1, payload = X''"
          + " WHERE persistence_id = ? AND sequence_nr <= ? AND deleted = 0";

  private final PluginResources resources;

  /** Created by Pekko from the plugin's config block. */
  public SqliteJournal(Config config) {
    this.resources = new PluginResources(context().system(), config, "forja-sqlite-journal", 4);
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (AtomicWrite write : writes) {
      try {
        List<Row> ofThisWrite = new ArrayList<>();
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
          ofThisWrite.add(toRow(repr));
        }
        rows.addAll(ofThisWrite);
        results.add(Optional.empty());
      } catch (Exception e) { // serializers throw NotSerializableException, a checked one
        // Not serializable: Pekko rejects this write (the persistent actor learns it), the others
        // of the call go on.
        results.add(Optional.of(e));
      }
    }
    if (rows.isEmpty()) {
      return Futures.successful(results);
    }
    CompletableFuture<Iterable<Optional<Exception>>> written =
        resources.database.write(
            connection -> {
              insert(connection, rows);
              return results;
            });
    return FutureConverters.asScala(written);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    CompletableFuture<Void> deleted =
        resources.database.write(
            connection -> {
              try (PreparedStatement delete = connection.prepareStatement(DELETE_BELOW_HIGHEST);
                  PreparedStatement mark = connection.prepareStatement(MARK_DELETED)) {
                delete.setString(1, persistenceId);
                delete.setLong(2, toSequenceNr);
                delete.setString(3, persistenceId);
                delete.executeUpdate();
                mark.setString(1, persistenceId);
                mark.setLong(2, toSequenceNr);
                mark.executeUpdate();
              }
              return null;
            });
    return FutureConverters.asScala(deleted);
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    if (max <= 0 || toSequenceNr < fromSequenceNr) {
      return Futures.successful(null);
    }
    CompletableFuture<Void> replayed =
        resources.read(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(REPLAY)) {
                select.setString(1, persistenceId);
                select.setLong(2, fromSequenceNr);
                select.setLong(3, toSequenceNr);
                select.setLong(4, max);
                try (ResultSet rs = select.executeQuery()) {
                  while (rs.next()) {
                    replayCallback.accept(toRepr(persistenceId, rs));
                  }
                }
              }
              return null;
            });
    return FutureConverters.asScala(replayed);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    CompletableFuture<Long> highest =
        resources.read(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(HIGHEST)) {
                select.setString(1, persistenceId);
                try (ResultSet rs = select.executeQuery()) {
                  return rs.next() ? rs.getLong(1) : 0L; // MAX of no rows is NULL: getLong gives 0
                }
              }
            });
    return FutureConverters.asScala(highest);
  }

  @Override
  public void postStop() throws Exception {
    try {
      resources.close();
    } finally {
      super.postStop();
    }
  }

  private Row toRow(PersistentRepr repr) {
    Object payload = repr.payload();
    if (payload instanceof Tagged tagged) {
      payload = tagged.payload();
    }
    PluginResources.Serialized serialized = resources.serialize(payload);
    long timestamp = repr.timestamp() == 0 ? System.currentTimeMillis() : repr.timestamp();
    return new Row(
        repr.persistenceId(),
        repr.sequenceNr(),
        repr.writerUuid(),
        timestamp,
        repr.manifest(),
        serialized);
  }

  private PersistentRepr toRepr(String persistenceId, ResultSet rs) throws SQLException {
    Object payload = resources.deserialize(rs.getInt(5), rs.getString(6), rs.getBytes(7));
    return PersistentRepr.apply(
            payload,
            rs.getLong(1),
            persistenceId,
            rs.getString(4),
            false,
            ActorRef.noSender(),
            rs.getString(2))
        .withTimestamp(rs.getLong(3));
  }

  private static void insert(Connection connection, List<Row> rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Row row : rows) {
        insert.setString(1, row.persistenceId());
        insert.setLong(2, row.sequenceNr());
        insert.setString(3, row.writerUuid());
        insert.setLong(4, row.timestamp());
        insert.setString(5, row.adapterManifest());
        insert.setInt(6, row.payload().serializerId());
        insert.setString(7, row.payload().manifest());
        insert.setBytes(8, row.payload().bytes());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private record Row(
      String persistenceId,
      long sequenceNr,
      String writerUuid,
      long timestamp,
      String adapterManifest,
      PluginResources.Serialized payload) {}
}
