package dev.forja.loadtest.persist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.forja.actors.EngineContext;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.store.CommandStore;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.engine.store.InventoryStore;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.journal.JournalConfigs;
import dev.forja.persistence.store.JdbcCommandStore;
import dev.forja.persistence.store.JdbcInventoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * The actor system and engine context that {@link PersisterDriver}'s persisters run in: on Pekko's
 * in-memory journal with a local snapshot store in a temporary directory, or on a real store as
 * {@code ForjaEngine} configures it.
 *
 * @param system the actor system, which spawns on request
 * @param context what the persisters read: settings, the command read model, the clock, KSUIDs
 * @param snapshots the snapshot directory to delete on close, or null on a real store
 * @param database the store's database to close after the system, or null in memory
 */
record PersisterHost(
    ActorSystem<SpawnProtocol.Command> system,
    EngineContext context,
    Path snapshots,
    Database database)
    implements AutoCloseable {
  private static final String QUIET_LOGGING =
      String.join(
          "\n",
          "pekko.loglevel = WARNING",
          "pekko.stdout-loglevel = WARNING",
          "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
          "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"");

  /**
   * Pekko's in-memory journal and the local snapshot store in a new temporary directory.
   *
   * @param seed seeds the KSUIDs and the context's random source
   * @param serializeEvents whether the journal serializes every event (as a real journal must)
   */
  static PersisterHost inMemory(long seed, boolean serializeEvents) throws IOException {
    Path snapshots = Files.createTempDirectory("forja-persist-bench");
    Config config =
        ConfigFactory.parseResources("forja-actors.conf")
            .withFallback(
                ConfigFactory.parseString(
                    String.join(
                        "\n",
                        QUIET_LOGGING,
                        "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
                        "pekko.persistence.journal.inmem.test-serialization = "
                            + (serializeEvents ? "on" : "off"),
                        "pekko.persistence.snapshot-store.plugin ="
                            + " \"pekko.persistence.snapshot-store.local\"")))
            .withFallback(
                ConfigFactory.empty()
                    .withValue(
                        "pekko.persistence.snapshot-store.local.dir",
                        ConfigValueFactory.fromAnyRef(snapshots.toString())))
            .withFallback(ConfigFactory.load());
    EngineContext context =
        context(
            EngineSettings.defaults(),
            new InMemoryInventoryStore(),
            new InMemoryCommandStore(),
            seed);
    return new PersisterHost(
        ActorSystem.create(SpawnProtocol.create(), "persist-bench", config),
        context,
        snapshots,
        null);
  }

  /**
   * A real store, as {@code ForjaEngine} configures it: {@code storeConfig} ({@code forja.store}
   * and its keys, such as a {@code ScratchStore}'s) over {@code forja-actors.conf} and the loaded
   * config; the database opens (and migrates) first, then the journal and snapshot store of {@code
   * forja-sqlite.conf} or {@code forja-postgresql.conf} serve the persisters, and the command read
   * model and inventory are the store's.
   *
   * @param storeConfig the store's keys; {@code forja.store} must be sqlite or postgresql
   * @param seed seeds the KSUIDs and the context's random source
   */
  static PersisterHost onStore(Config storeConfig, long seed) {
    Config base =
        storeConfig
            .withFallback(ConfigFactory.parseString(QUIET_LOGGING))
            .withFallback(ConfigFactory.parseResources("forja-actors.conf"))
            .withFallback(ConfigFactory.load())
            .resolve();
    StoreSettings store = StoreSettings.fromConfig(base);
    if (store.kind() == StoreSettings.Kind.MEMORY) {
      throw new IllegalArgumentException("a real store is needed, not " + store.kind());
    }
    Config config = JournalConfigs.forStore(store).withFallback(base).resolve();
    Database database = Databases.acquire(store);
    try {
      EngineContext context =
          context(
              EngineSettings.create(config),
              new JdbcInventoryStore(database),
              new JdbcCommandStore(database),
              seed);
      return new PersisterHost(
          ActorSystem.create(SpawnProtocol.create(), "persist-bench", config),
          context,
          null,
          database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static EngineContext context(
      EngineSettings settings, InventoryStore inventory, CommandStore commands, long seed) {
    return new EngineContext(
        settings,
        PluginRegistry.of(List.of()),
        inventory,
        commands,
        Clock.systemUTC(),
        Ksuid.generator(Clock.systemUTC(), new Random(seed)),
        new Random(seed),
        EngineMetrics.NONE);
  }

  /** Stops the actor system, then closes the store's database or deletes the snapshot directory. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Best effort: the process is about to end, and the directory goes either way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (database != null) {
      database.close(); // after the journal plugins have released theirs
    }
    if (snapshots == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(snapshots)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + snapshots, e);
    }
  }
}
