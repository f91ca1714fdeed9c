package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link JournalContract} and {@link SnapshotStoreContract} share: the store's life around
 * each test and the classic actor system that hosts the plugins under test. The suites talk to the
 * plugin actors directly with Pekko's journal and snapshot protocols, as Pekko's own plugin TCK
 * does, so they test the plugin and not a persistent actor on top of it.
 *
 * <p>Per test: {@link #openStore()}, then an actor system on {@link #pluginConfig()}; after the
 * test, the system stops and then {@link #closeStore()} runs. Tests use fresh persistence ids, so a
 * store may be shared by every test of a class.
 */
public abstract class PersistencePluginContract {

  /** How long a probe waits for one reply: generous, the machine may be busy with builds. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(15);

  /**
   * Quiet logs, and serialization as the engine binds it: {@code CborSerializable} to jackson-cbor.
   */
  private static final Config BASE_CONFIG =
      ConfigFactory.parseString(
          String.join(
              "\n",
              "pekko.loglevel = WARNING",
              "pekko.stdout-loglevel = WARNING",
              "pekko.actor.serialization-bindings {",
              "  \"dev.forja.engine.serialization.CborSerializable\" = jackson-cbor",
              "}"));

  private ActorSystem system;
  private Config config;
  private String run;

  /**
   * The {@code pekko.persistence.*} settings that select and configure the journal and snapshot
   * store under test ({@code pekko.persistence.journal.plugin} and {@code
   * pekko.persistence.snapshot-store.plugin}). Called after {@link #openStore()}; the suite layers
   * it over the serialization bindings and the class path's config, then resolves it.
   */
  protected abstract Config pluginConfig();

  /** Creates (or attaches to) the store before the test's first actor system starts. */
  protected void openStore() throws Exception {}

  /** Releases or drops the store after the test's last actor system stopped. */
  protected void closeStore() throws Exception {}

  @BeforeEach
  final void startOnAFreshStore() throws Exception {
    run = UUID.randomUUID().toString().substring(0, 8);
    openStore();
    config = pluginConfig().withFallback(BASE_CONFIG).withFallback(ConfigFactory.load()).resolve();
    system = ActorSystem.create("contract", config);
  }

  @AfterEach
  final void stopAndCloseStore() throws Exception {
    try {
      if (system != null) {
        stop(system);
      }
    } finally {
      system = null;
      closeStore();
    }
  }

  /** The actor system of the test; a new one after {@link #restartSystem()}. */
  protected final ActorSystem system() {
    return system;
  }

  /**
   * Stops the actor system, waiting until it has terminated (and with it the plugins), then starts
   * a new one on the same config and store, as a process restart would.
   */
  protected final void restartSystem() {
    stop(system);
    system = ActorSystem.create("contract", config);
  }

  /** The journal plugin actor of the current system. */
  protected final ActorRef journal() {
    return Persistence.get(system)
        .journalFor(config.getString("pekko.persistence.journal.plugin"), ConfigFactory.empty());
  }

  /** The snapshot-store plugin actor of the current system. */
  protected final ActorRef snapshotStore() {
    return Persistence.get(system)
        .snapshotStoreFor(
            config.getString("pekko.persistence.snapshot-store.plugin"), ConfigFactory.empty());
  }

  /** A new probe on the current system. */
  protected final TestKit probe() {
    return new TestKit(system);
  }

  /** A persistence id unique to this test. */
  protected final String pid(String name) {
    return name + "-" + run;
  }

  private static void stop(ActorSystem system) {
    TestKit.shutdownActorSystem(system, Duration.ofSeconds(30), true);
  }
}
