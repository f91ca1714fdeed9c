package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Forja's snapshot store on SQLite (plugin id {@code forja.snapshot-store.sqlite}, see {@code
 * forja-sqlite.conf}): one row per persistence id and sequence number, the snapshot stored as
 * Pekko-serialized bytes. Saves and deletes go through the shared database's single writer; loads
 * run on read connections on the plugin's read threads. The optional metadata of {@link
 * SnapshotMetadata} is not stored.
 */
public final class SqliteSnapshotStore extends SnapshotStore {

  /** Older snapshots a load falls back to when the newest cannot be read back. */
  private static final int LOAD_ATTEMPTS = 3;

  private static final String SELECTION =
      " persistence_id = ? AND sequence_nr <= ? AND created <= ?"
          + " AND sequence_nr >= ? AND created >= ?";

  private static final String LOAD =
      "SELECT sequence_nr, created, serializer_id, ser_manifest, payload FROM snapshot WHERE"
          + SELECTION
          + " ORDER BY sequence_nr DESC LIMIT "
          + LOAD_ATTEMPTS;

  private static final String SAVE =
      "INSERT OR REPLACE INTO snapshot"
          + " (persistence_id, sequence_nr, created, serializer_id, ser_manifest, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private static final String DELETE_ONE =
      "DELETE FROM snapshot WHERE persistence_id = ? AND sequence_nr = ?";

  private static final String DELETE_MATCHING = "DELETE FROM snapshot WHERE" + SELECTION;

  private final PluginResources resources;

  /** Created by Pekko from the plugin's config block. */
  public SqliteSnapshotStore(Config config) {
    this.resources =
        new PluginResources(context().system(), config, "forja-sqlite-snapshot-store", 2);
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletableFuture<Optional<SelectedSnapshot>> loaded =
        resources.read(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(LOAD)) {
                bind(select, persistenceId, criteria);
                Exception unreadable = null;
                try (ResultSet rs = select.executeQuery()) {
                  while (rs.next()) {
                    SnapshotMetadata metadata =
                        SnapshotMetadata.apply(persistenceId, rs.getLong(1), rs.getLong(2));
                    try {
                      Object snapshot =
                          resources.deserialize(rs.getInt(3), rs.getString(4), rs.getBytes(5));
                      return Optional.of(SelectedSnapshot.create(metadata, snapshot));
                    } catch (Exception e) { // NotSerializableException is a checked one
                      // An older snapshot plus more events still recovers the actor.
                      log()
                          .warning("cannot read snapshot {}, trying an older one: {}", metadata, e);
                      if (unreadable != null) {
                        e.addSuppressed(unreadable);
                      }
                      unreadable = e;
                    }
                  }
                }
                if (unreadable != null) {
                  throw new IllegalStateException(
                      "cannot read any snapshot of " + persistenceId + " that matches " + criteria,
                      unreadable);
                }
                return Optional.<SelectedSnapshot>empty();
              }
            });
    return FutureConverters.asScala(loaded);
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    PluginResources.Serialized serialized;
    try {
      serialized = resources.serialize(snapshot);
    } catch (Exception e) { // serializers throw NotSerializableException, a checked one
      return Futures.failed(e);
    }
    CompletableFuture<Void> saved =
        resources.database.write(
            connection -> {
              try (PreparedStatement insert = connection.prepareStatement(SAVE)) {
                insert.setString(1, metadata.persistenceId());
                insert.setLong(2, metadata.sequenceNr());
                insert.setLong(3, metadata.timestamp());
                insert.setInt(4, serialized.serializerId());
                insert.setString(5, serialized.manifest());
                insert.setBytes(6, serialized.bytes());
                insert.executeUpdate();
              }
              return null;
            });
    return FutureConverters.asScala(saved);
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    CompletableFuture<Void> deleted =
        resources.database.write(
            connection -> {
              try (PreparedStatement delete = connection.prepareStatement(DELETE_ONE)) {
                delete.setString(1, metadata.persistenceId());
                delete.setLong(2, metadata.sequenceNr());
                delete.executeUpdate();
              }
              return null;
            });
    return FutureConverters.asScala(deleted);
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletableFuture<Void> deleted =
        resources.database.write(
            connection -> {
              try (PreparedStatement delete = connection.prepareStatement(DELETE_MATCHING)) {
                bind(delete, persistenceId, criteria);
                delete.executeUpdate();
              }
              return null;
            });
    return FutureConverters.asScala(deleted);
  }

  @Override
  public void postStop() throws Exception {
    try {
      resources.close();
    } finally {
      super.postStop();
    }
  }

  private static void bind(
      PreparedStatement statement, String persistenceId, SnapshotSelectionCriteria criteria)
      throws java.sql.SQLException {
    statement.setString(1, persistenceId);
    statement.setLong(2, criteria.maxSequenceNr());
    statement.setLong(3, criteria.maxTimestamp());
    statement.setLong(4, criteria.minSequenceNr());
    statement.setLong(5, criteria.minTimestamp());
  }
}
