package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * What a SQLite plugin actor holds: its handle on the process's shared database, the threads its
 * reads run on (never the actor's dispatcher: JDBC blocks), and Pekko serialization.
 */
final class PluginResources implements AutoCloseable {

  /** An object serialized by Pekko serialization: what the payload columns hold. */
  static final class Serialized {
    private final int serializerId;
    private final String manifest;
    private final byte[] bytes;

    Serialized(int serializerId, String manifest, byte[] bytes) {
      this.serializerId = serializerId;
      this.manifest = manifest;
      this.bytes = bytes;
    }

    int serializerId() {
      return serializerId;
    }

    String manifest() {
      return manifest;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  final Database database;
  private final ExecutorService reads;
  private final Serialization serialization;

  /**
   * Acquires the SQLite database that {@code forja.home} and {@code forja.sqlite.path} of the
   * system's config name, whatever {@code forja.store} says: this plugin is the SQLite one.
   */
  PluginResources(ActorSystem system, Config pluginConfig, String name, int defaultThreads) {
    StoreSettings configured = StoreSettings.fromConfig(system.settings().config());
    StoreSettings sqlite =
        new StoreSettings(
            StoreSettings.Kind.SQLITE,
            configured.home(),
            configured.sqlitePath(),
            configured.url(),
            configured.user(),
            configured.password(),
            configured.poolSize());
    int threads =
        pluginConfig.hasPath("read-threads") ? pluginConfig.getInt("read-threads") : defaultThreads;
    this.serialization = SerializationExtension.get(system);
    this.database = Databases.acquire(sqlite);
    AtomicInteger count = new AtomicInteger();
    this.reads =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            runnable -> {
              Thread thread = new Thread(runnable, name + "-read-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Runs {@code work} on a read connection, on one of the read threads. */
  <T> CompletableFuture<T> read(Database.SqlWork<T> work) {
    return CompletableFuture.supplyAsync(() -> database.read(work), reads);
  }

  /** Serializes {@code object} with the serializer bound to its class. */
  Serialized serialize(Object object) {
    Serializer serializer = serialization.findSerializerFor(object);
    byte[] bytes = serializer.toBinary(object);
    return new Serialized(
        serializer.identifier(), Serializers.manifestFor(serializer, object), bytes);
  }

  /** The object {@link #serialize} made {@code bytes} of; throws if it cannot be read back. */
  Object deserialize(int serializerId, String manifest, byte[] bytes) {
    return serialization.deserialize(bytes, serializerId, manifest).get();
  }

  /** Stops the read threads and releases the database handle. */
  @Override
  public void close() {
    reads.shutdown();
    try {
      if (!reads.awaitTermination(10, TimeUnit.SECONDS)) {
        reads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      database.close();
    }
  }
}
